"""The case record, its on-disk forms (the SQLite store, JSON Lines logs, CSV exports) and
reading cases from any of them."""
