"""``python -m xtream_doctor`` runs the CLI."""

from xtream_doctor.cli import console

console()
