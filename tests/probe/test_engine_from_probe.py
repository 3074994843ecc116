"""From the probe to a diagnosis: the demo panel's scenarios, probed for real and
fed to the engine as observations, lead to the cause a support agent expects."""

from __future__ import annotations

import pytest

from tests.probe.conftest import CANARY, WAITS, timing_for
from xtream_doctor.demo_server import DemoServer
from xtream_doctor.engine import Session
from xtream_doctor.engine.inference import Inference
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.probe import ProbeReport, Target, run_probe
from xtream_doctor.probe.copy import DetailsCopy, copy_evidence, copy_fact

LINE_STATE = {"subscription-expired", "account-disabled-or-banned"}
SERVER_SIDE = {"server-down", "host-not-found", "wrong-port"}


@pytest.fixture(scope="module")
def inference(kb: KnowledgeBase) -> Inference:
    """One compiled engine for the module (experta engines are reused, never copied)."""
    return Inference(kb)


def diagnose(
    kb: KnowledgeBase,
    report: ProbeReport,
    inference: Inference | None = None,
    copy: DetailsCopy = "exact-copy",
) -> Session:
    """The probe's findings on a copy of the details of this kind, as the app takes them in."""
    # Only the candidates matter here, so the session skips choosing a next question.
    session = Session(kb, inference=inference, auto_select=False)
    for finding in (copy_fact(copy), *copy_evidence(report.findings, copy).facts):
        session.observe(finding.attribute, finding.value, source=finding.source, note=finding.message)
    return session


def candidates(
    inference: Inference, server: str, username: str, *, silent: bool = False
) -> tuple[str, set[str]]:
    """The status, and the causes still possible (above the 'unlikely' threshold)."""
    timing = {**timing_for(username), "budget": WAITS} if silent else timing_for(username)
    report = run_probe(Target(server, username, CANARY), **timing)
    state = diagnose(inference.kb, report, inference).state()
    return state.status, {c.cause for c in state.candidates}


def leads(inference: Inference, server: str, username: str) -> str | None:
    """The leading cause from the probe alone, when it leads clearly (at least half)."""
    report = run_probe(Target(server, username, CANARY), **timing_for(username))
    state = diagnose(inference.kb, report, inference).state()
    return state.leading if state.confidence >= 0.5 else None


def lowered(inference: Inference, server: str, username: str, copy: DetailsCopy = "exact-copy") -> set[str]:
    """The causes the probe's findings made less likely than they started."""
    report = run_probe(Target(server, username, CANARY), **timing_for(username))
    state = diagnose(inference.kb, report, inference, copy).state()
    total = sum(c.prior for c in inference.kb.causes.values())
    return {c for c, spec in inference.kb.causes.items() if state.probability(c) < spec.prior / total}


@pytest.mark.parametrize(
    ("username", "cause"),
    [
        ("expired", "subscription-expired"),
        ("trial-expired", "subscription-expired"),
        ("inactive-clone", "subscription-expired"),
        ("xui-debug", "subscription-expired"),
        ("banned", "account-disabled-or-banned"),
        ("disabled", "account-disabled-or-banned"),
        ("max-connections", "connection-limit"),
    ],
)
def test_what_the_panel_says_about_the_line_decides_the_case(
    inference: Inference, demo: DemoServer, username: str, cause: str
) -> None:
    assert leads(inference, demo.http_url, username) == cause


@pytest.mark.parametrize("username", ["wrong-xc", "wrong-clone"])
def test_a_plain_wrong_login_points_at_the_typed_details_not_the_line_or_server(
    inference: Inference, demo: DemoServer, username: str
) -> None:
    _, alive = candidates(inference, demo.http_url, username)
    assert "credentials-typo" in alive and not alive & (LINE_STATE | SERVER_SIDE)


def test_the_xui_refusal_leaves_the_password_and_the_line_state_open(
    inference: Inference, demo: DemoServer
) -> None:
    _, alive = candidates(inference, demo.http_url, "wrong-xui")
    assert {"credentials-typo", "subscription-expired"} <= alive and not alive & SERVER_SIDE


def test_an_active_line_clears_the_account_and_the_server(inference: Inference, demo: DemoServer) -> None:
    assert LINE_STATE | SERVER_SIDE | {"credentials-typo"} <= lowered(inference, demo.http_url, "active")


def test_details_read_out_that_log_in_clear_the_line_but_not_a_pasted_blank(
    inference: Inference, demo: DemoServer
) -> None:
    """A voice carries no trailing blank: the desk's copy logging in says nothing of one."""
    down = lowered(inference, demo.http_url, "active", copy="read-out")
    assert LINE_STATE | SERVER_SIDE | {"credentials-typo"} <= down
    assert "clipboard-whitespace" not in down


def test_http_typed_for_the_tls_port_is_the_scheme_mismatch(inference: Inference, demo: DemoServer) -> None:
    if not demo.tls_available:
        pytest.skip("no certificate: the TLS port cannot complete a handshake")
    assert leads(inference, f"http://127.0.0.1:{demo.https_port}", "active") == "http-https-mismatch"


def test_https_typed_for_the_plain_port_is_the_scheme_mismatch(
    inference: Inference, demo: DemoServer
) -> None:
    assert leads(inference, f"https://127.0.0.1:{demo.http_port}", "active") == "http-https-mismatch"


def test_a_pasted_endpoint_path_is_the_malformed_address(inference: Inference, demo: DemoServer) -> None:
    assert leads(inference, f"{demo.http_url}/get.php", "active") == "malformed-server-url"


def test_a_clipboard_space_after_the_username_is_found_as_such(
    inference: Inference, demo: DemoServer
) -> None:
    assert leads(inference, demo.http_url, "active ") == "clipboard-whitespace"


def test_a_name_that_does_not_resolve_is_the_wrong_host(inference: Inference) -> None:
    assert leads(inference, "http://no-such-panel.invalid:8080", "active") == "host-not-found"


def test_a_closed_port_leaves_the_port_or_the_server(inference: Inference, demo: DemoServer) -> None:
    # bound and never listening: refused every time, and no other program can take the port meanwhile
    report = run_probe(Target(demo.refused_url, "active", CANARY), **timing_for("active"))
    ranked = diagnose(inference.kb, report, inference).state().posterior.ranked()
    assert {ranked[0][0], ranked[1][0]} == {"wrong-port", "server-down"}  # the two, in either order


def test_a_silent_port_keeps_the_server_side_causes_and_drops_the_account_ones(
    inference: Inference, demo: DemoServer
) -> None:
    _, alive = candidates(inference, demo.silent_url, "active", silent=True)
    assert {"server-down", "wrong-port"} <= alive and not alive & (LINE_STATE | {"credentials-typo"})


def test_a_cloudflare_origin_error_keeps_the_server_down(inference: Inference, demo: DemoServer) -> None:
    _, alive = candidates(inference, demo.http_url, "cloudflare-522")
    assert "server-down" in alive and not alive & (LINE_STATE | {"credentials-typo"})
