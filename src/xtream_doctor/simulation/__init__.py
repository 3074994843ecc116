"""Simulated cases from the rules, and replaying a case through a diagnosis policy."""
