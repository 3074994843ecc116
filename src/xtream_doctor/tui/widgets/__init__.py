"""The case screen's parts, one idea per module."""
