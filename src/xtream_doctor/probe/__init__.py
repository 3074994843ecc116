"""The probe: lint the typed details offline, then test the server, as facts.

Public API: :func:`lint` (instant, offline), :func:`probe` (async, within a
time budget) and :func:`run_probe` (the same, synchronous).  Nothing here
imports Textual or Rich, and nothing it returns, logs or raises holds the
password.
"""

from xtream_doctor.probe.client import Settings
from xtream_doctor.probe.findings import Finding, Target
from xtream_doctor.probe.lint import lint
from xtream_doctor.probe.redact import redact
from xtream_doctor.probe.report import ProbeReport
from xtream_doctor.probe.run import lint_report, probe, run_probe

__all__ = [
    "Finding",
    "ProbeReport",
    "Settings",
    "Target",
    "lint",
    "lint_report",
    "probe",
    "redact",
    "run_probe",
]
