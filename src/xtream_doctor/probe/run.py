"""Run every check at once, within one time budget, and report facts.

DNS, the TCP connect, the TLS certificate and the account call over both
schemes start together, so the probe takes about as long as its slowest
check and never longer than the budget.  What did not finish in time is
reported as such.  The account is tested at the base address the player would
use (path mistakes are lint's findings) with the username and password exactly
as typed: trimming or re-spelling them would hide the very mistake we look for.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from typing import Any

from xtream_doctor.probe.address import Address, parse_server
from xtream_doctor.probe.classify import Context
from xtream_doctor.probe.client import Settings, check_dns, check_tcp, check_tls, fetch_account
from xtream_doctor.probe.findings import Finding, Target
from xtream_doctor.probe.lint import lint
from xtream_doctor.probe.outcomes import CheckOutcome, HttpOutcome
from xtream_doctor.probe.redact import install_log_redaction, redact, secret_scope
from xtream_doctor.probe.report import ProbeReport
from xtream_doctor.probe.verdict import Observations, verdict

log = logging.getLogger("xtream_doctor.probe")


def probe_credentials(target: Target, address: Address) -> tuple[str, str]:
    """The typed username and password; from a pasted link only where a field is empty."""
    link = address.link_credentials()
    username, password = target.username, target.password
    if link:
        username = username or link[0]
        password = password or link[1]
    return username, password


async def probe(
    target: Target,
    *,
    budget: float = 8.0,
    check_timeout: float | None = None,
    slow_after: float = 3.0,
    settings: Settings | None = None,
    now: float | None = None,
) -> ProbeReport:
    """Lint the target, then probe its server; never raises for what the server does."""
    install_log_redaction()
    settings = settings or Settings(budget=budget, check_timeout=check_timeout, slow_after=slow_after)
    secrets = tuple({*target.secrets(), *_link_secret(target)})
    with secret_scope(secrets):
        return await _probe(target, settings, secrets, now)


def lint_report(target: Target) -> ProbeReport:
    """The offline half alone: lint's findings, redacted, in a report."""
    secrets = tuple({*target.secrets(), *_link_secret(target)})
    return _report(target, "", lint(target), {}, time.perf_counter(), time.time(), Settings(budget=0.0),
                   ["lint only: the server was not contacted"], secrets)  # fmt: skip


def run_probe(target: Target, **options: Any) -> ProbeReport:
    """The same, for callers without an event loop (the CLI, scripts)."""
    return asyncio.run(probe(target, **options))


def _link_secret(target: Target) -> tuple[str, ...]:
    link = parse_server(target.server).link_credentials()
    return (link[1],) if link and link[1] else ()


async def _probe(
    target: Target, settings: Settings, secrets: tuple[str, ...], now: float | None
) -> ProbeReport:
    started_at, started = time.time(), time.perf_counter()
    findings = lint(target)
    address = parse_server(target.server)
    username, password = probe_credentials(target, address)
    first = address.effective_scheme
    second = "https" if first == "http" else "http"
    port = address.effective_port(first)
    shown = f"{first}://{address.host}:{port}"
    notes: list[str] = []
    if not address.host:
        notes.append("The server field holds no host name, so nothing was probed.")
        return _report(target, shown, findings, {}, started, started_at, settings, notes, secrets)
    ask = bool(username and password)
    if not ask:
        notes.append("No username or password: the account was not asked, only the address was tested.")
    timeout = settings.per_check()
    jobs: dict[str, Coroutine[Any, Any, CheckOutcome | HttpOutcome]] = {
        "dns": check_dns(address.host, port, timeout),
        "tcp": check_tcp(address.host, port, timeout),
        "tls": check_tls(address.host, port, timeout),
    }
    if ask:
        jobs[first] = fetch_account(first, address.host, port, username, password, settings)
        jobs[second] = fetch_account(second, address.host, port, username, password, settings)
    log.debug("probing %s with %d checks, budget %.1f s", shown, len(jobs), settings.budget)
    results, timings = await _run_all(jobs, settings.budget, notes)
    observations = Observations(
        address=address,
        typed_scheme=first,
        dns=_as_check(results.get("dns")),
        tcp=_as_check(results.get("tcp")),
        tls=_as_check(results.get("tls")),
        typed=_as_http(results.get(first)),
        other=_as_http(results.get(second)),
        asked_account=ask,
    )
    context = Context(
        typed_port=port,
        now=time.time() if now is None else now,
        slow_after=settings.slow_after,
        username=username,
    )
    findings += verdict(observations, context)
    return _report(target, shown, findings, timings, started, started_at, settings, notes, secrets)


async def _run_all(
    jobs: dict[str, Coroutine[Any, Any, CheckOutcome | HttpOutcome]], budget: float, notes: list[str]
) -> tuple[dict[str, CheckOutcome | HttpOutcome], dict[str, float]]:
    """Run the checks concurrently; cancel what is left when the budget is spent."""
    started = time.perf_counter()
    tasks = {name: asyncio.ensure_future(job) for name, job in jobs.items()}
    _, pending = await asyncio.wait(tasks.values(), timeout=budget)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=1.0)
    results: dict[str, CheckOutcome | HttpOutcome] = {}
    timings: dict[str, float] = {}
    for name, task in tasks.items():
        if task in pending or task.cancelled():
            notes.append(f"The {name} check did not finish within the {budget:.1f} s budget.")
            timings[name] = time.perf_counter() - started
            continue
        error = task.exception()
        if error is not None:  # a bug in a check; the others still count
            notes.append(redact(f"The {name} check failed: {type(error).__name__}: {error}"))
            log.warning("%s", notes[-1])
            timings[name] = time.perf_counter() - started
            continue
        outcome = task.result()
        results[name] = outcome
        timings[name] = outcome.elapsed
    return results, timings


def _as_check(value: object) -> CheckOutcome | None:
    return value if isinstance(value, CheckOutcome) else None


def _as_http(value: object) -> HttpOutcome | None:
    return None if value is None or isinstance(value, CheckOutcome) else value  # type: ignore[return-value]


def _report(
    target: Target,
    address: str,
    findings: list[Finding],
    timings: dict[str, float],
    started: float,
    started_at: float,
    settings: Settings,
    notes: list[str],
    secrets: tuple[str, ...],
) -> ProbeReport:
    clean = tuple(
        Finding(
            f.attribute,
            f.value,
            f.source,
            redact(f.message, secrets),
            redact(f.proposal, secrets) if f.proposal is not None else None,
            redact(f.detail, secrets),
        )
        for f in findings
    )
    return ProbeReport(
        target=redact(f"{target.server} (username {target.username})", secrets),
        address=redact(address, secrets),
        findings=clean,
        timings=timings,
        elapsed=time.perf_counter() - started,
        budget=settings.budget,
        started_at=started_at,
        notes=tuple(redact(n, secrets) for n in notes),
    )
