"""``python -m xtream_doctor`` runs the CLI."""

import sys

from xtream_doctor.cli import main

sys.exit(main())
