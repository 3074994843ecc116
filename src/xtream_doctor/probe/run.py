"""Run every check at once, within one time budget, and report facts.

DNS, the TCP connect, the TLS certificate, the account call over the typed
scheme and a credential-free request over the other scheme start together, so
the probe takes about as long as its slowest check and never longer than the
budget; a redirect's target is checked once (without credentials) as soon as
the redirect arrives, inside the same budget.  What did not finish in time is
reported as such.  The budget covers everything up to the report, including
time spent before the probe started (``spent``: the command's own start-up),
and a little is kept back to print the report and exit.  The account is tested
at the base address the player would use (path mistakes are lint's findings)
with the username and password exactly as typed: trimming or re-spelling them
would hide the very mistake we look for.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from xtream_doctor.probe.address import Address, parse_server
from xtream_doctor.probe.classify import redirect_destination
from xtream_doctor.probe.client import Settings, check_dns, check_tcp, check_tls, fetch, fetch_account
from xtream_doctor.probe.context import Context
from xtream_doctor.probe.findings import Finding, Target
from xtream_doctor.probe.lint import lint
from xtream_doctor.probe.outcomes import CheckOutcome, HttpAnswer, HttpOutcome
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
    spent: float = 0.0,
) -> ProbeReport:
    """Lint the target, then probe its server; never raises for what the server does.

    ``spent``: seconds of the budget already used before this call (a command's
    start-up), so that the budget covers the whole command."""
    install_log_redaction()
    settings = settings or Settings(budget=budget, check_timeout=check_timeout, slow_after=slow_after)
    secrets = tuple({*target.secrets(), *_link_secret(target)})
    with secret_scope(secrets):
        return await _probe(target, settings, secrets, now, time.perf_counter() - max(spent, 0.0))


def run_probe(target: Target, **options: Any) -> ProbeReport:
    """The same, for callers without an event loop (the CLI, scripts).

    Name lookups run in daemon threads here: one the resolver never answers
    must not hold the caller past the budget while the loop closes."""
    with asyncio.Runner() as runner:
        runner.get_loop().set_default_executor(DaemonThreads())
        return runner.run(probe(target, **options))


class DaemonThreads(concurrent.futures.ThreadPoolExecutor):
    """An executor that runs each call in its own daemon thread and never waits for one
    (a ThreadPoolExecutor only because asyncio accepts no other kind as its default)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

        threading.Thread(target=work, daemon=True, name="xtream-probe-lookup").start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None  # a lookup still blocked in the resolver is left behind, not waited for


def finish_reserve(budget: float) -> float:
    """Seconds of the budget kept back to build and print the report and exit."""
    return min(0.25, budget * 0.1)


def lint_report(target: Target) -> ProbeReport:
    """The offline half alone: lint's findings, redacted, in a report."""
    secrets = tuple({*target.secrets(), *_link_secret(target)})
    return _report(target, "", lint(target), {}, time.perf_counter(), time.time(), Settings(budget=0.0),
                   ["lint only: the server was not contacted"], secrets)  # fmt: skip


def _link_secret(target: Target) -> tuple[str, ...]:
    link = parse_server(target.server).link_credentials()
    return (link[1],) if link and link[1] else ()


async def _probe(
    target: Target, settings: Settings, secrets: tuple[str, ...], now: float | None, started: float
) -> ProbeReport:
    started_at = time.time() - (time.perf_counter() - started)
    deadline = started + settings.budget - finish_reserve(settings.budget)
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
    left = replace(settings, budget=max(deadline - time.perf_counter(), 0.001))  # what is left of it
    timeout = left.per_check()
    jobs: dict[str, Coroutine[Any, Any, CheckOutcome | HttpOutcome]] = {
        "dns": check_dns(address.host, port, timeout),
        "tcp": check_tcp(address.host, port, timeout),
        "tls": check_tls(address.host, port, timeout),
    }
    if ask:
        jobs[first] = fetch_account(first, address.host, port, username, password, left)
        jobs[second] = fetch_account(second, address.host, port, "", "", left)  # no credentials
    log.debug("probing %s with %d checks, budget %.1f s", shown, len(jobs), settings.budget)

    def follow(name: str, outcome: CheckOutcome | HttpOutcome) -> Coroutine[Any, Any, HttpOutcome] | None:
        """The redirect's target, checked once without credentials, in what is left of the budget."""
        if name != first or not isinstance(outcome, HttpAnswer) or not 300 <= outcome.status < 400:
            return None
        destination = redirect_destination(outcome)
        if destination is None or destination[1:] == (outcome.host, outcome.port):
            return None
        scheme, host, to_port = destination
        shown_host = f"[{host}]" if ":" in host else host
        rest = replace(settings, budget=max(deadline - time.perf_counter(), 0.001))
        return fetch(scheme, f"{scheme}://{shown_host}:{to_port}/player_api.php", host, to_port, None, rest)

    results, timings = await _run_all(jobs, deadline, notes, settings.budget, follow)
    observations = Observations(
        address=address,
        typed_scheme=first,
        dns=_as_check(results.get("dns")),
        tcp=_as_check(results.get("tcp")),
        tls=_as_check(results.get("tls")),
        typed=_as_http(results.get(first)),
        other=_as_http(results.get(second)),
        asked_account=ask,
        redirect_target=_as_http(results.get("redirect")),
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
    jobs: dict[str, Coroutine[Any, Any, CheckOutcome | HttpOutcome]],
    deadline: float,
    notes: list[str],
    budget: float,
    follow: Callable[[str, CheckOutcome | HttpOutcome], Coroutine[Any, Any, HttpOutcome] | None],
) -> tuple[dict[str, CheckOutcome | HttpOutcome], dict[str, float]]:
    """Run the checks concurrently, starting a follow-up as soon as the outcome that
    calls for one arrives; cancel what is left at the deadline."""
    started = time.perf_counter()
    tasks: dict[str, asyncio.Future[CheckOutcome | HttpOutcome]] = {
        name: asyncio.ensure_future(job) for name, job in jobs.items()
    }
    names = {task: name for name, task in tasks.items()}
    waiting = set(tasks.values())
    while waiting:
        left = max(deadline - time.perf_counter(), 0.0)
        done, waiting = await asyncio.wait(waiting, timeout=left, return_when=asyncio.FIRST_COMPLETED)
        if not done:
            break
        for task in done:
            if task.cancelled() or task.exception() is not None:
                continue
            extra = follow(names[task], task.result())
            if extra is not None:
                tasks["redirect"] = asyncio.ensure_future(extra)
                names[tasks["redirect"]] = "redirect"
                waiting.add(tasks["redirect"])
    for task in waiting:
        task.cancel()
    if waiting:  # cancelled checks end at once; this only bounds a stubborn one
        await asyncio.wait(waiting, timeout=0.05)
    results: dict[str, CheckOutcome | HttpOutcome] = {}
    timings: dict[str, float] = {}
    for name, task in tasks.items():
        if task in waiting or task.cancelled():
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
