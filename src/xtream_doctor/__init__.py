"""xtream-doctor: diagnose why an IPTV player cannot log in to an Xtream Codes server."""

__version__ = "0.1.0"
