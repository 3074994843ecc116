"""The one place that makes experta importable on modern Python.

experta 1.9.4 (unmaintained) pins ``frozendict==1.2``, whose module subclasses
``collections.Mapping``; that alias was removed in Python 3.10, so a plain
``pip install experta`` installs a package that fails at import.  Rather than
fight pip's resolver (it cannot override a pin), we restore the alias before
experta imports frozendict.  The alias points at the very class it used to,
so nothing else changes; frozendict 2.x (if installed instead) is unaffected.

Import experta only through this module.
"""

from __future__ import annotations

import collections
import collections.abc

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

import experta

__all__ = ["experta"]
