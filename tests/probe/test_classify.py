"""One HTTP answer to player_api.php becomes facts, whatever the panel's dialect."""

from __future__ import annotations

import json
from typing import Any

import pytest

from xtream_doctor.demo_server import pages
from xtream_doctor.probe.classify import classify, is_plain_http_to_tls
from xtream_doctor.probe.context import Context
from xtream_doctor.probe.outcomes import BodyCut, HttpAnswer

NOW = 1_750_000_000.0
CONTEXT = Context(typed_port=8080, now=NOW, slow_after=3.0, username="bob")


def answer(
    status: int = 200,
    body: bytes | str | dict[str, Any] | list[Any] = b"",
    headers: tuple[tuple[str, str], ...] = (),
    elapsed: float = 0.1,
    cut: BodyCut = "",
) -> HttpAnswer:
    if isinstance(body, dict | list):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    return HttpAnswer("http", "panel.example.com", 8080, status, "", headers, body, elapsed, cut)


def user(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "username": "bob",
        "auth": 1,
        "status": "Active",
        "exp_date": str(int(NOW + 10 * 86400)),
        "is_trial": "0",
        "active_cons": "0",
        "max_connections": "1",
        "allowed_output_formats": ["m3u8", "ts"],
    }
    base.update(fields)
    return {"user_info": base, "server_info": {"port": "8080", "https_port": "8443", "timestamp_now": NOW}}


def facts(a: HttpAnswer, context: Context = CONTEXT) -> dict[str, str]:
    return {f.attribute: f.value for f in classify(a, context)}


def message(a: HttpAnswer, attribute: str = "account-check") -> str:
    return next(f.message for f in classify(a, CONTEXT) if f.attribute == attribute)


def test_an_active_xc_line_gives_every_account_fact() -> None:
    assert facts(answer(body=user())) == {
        "response-time": "normal",
        "redirected": "no",
        "account-check": "active",
        "connection-slots": "free",
        "trial-line": "no",
        "server-port-agrees": "yes",
    }


@pytest.mark.parametrize("auth", [1, "1", True, "true"])
def test_auth_one_in_any_spelling_is_accepted(auth: Any) -> None:
    assert facts(answer(body=user(auth=auth)))["account-check"] == "active"


@pytest.mark.parametrize("auth", [0, "0", False, "false"])
def test_auth_zero_in_any_spelling_is_a_wrong_login(auth: Any) -> None:
    assert facts(answer(body={"user_info": {"auth": auth}}))["account-check"] == "wrong-credentials"


@pytest.mark.parametrize(
    ("status", "value"), [("Expired", "expired"), ("BANNED", "banned"), ("disabled", "disabled")]
)
def test_the_line_status_is_read_in_any_case(status: str, value: str) -> None:
    assert facts(answer(body=user(status=status)))["account-check"] == value


def test_a_clone_panels_inactive_with_auth_zero_is_an_expired_line() -> None:
    assert facts(answer(body=user(auth="0", status="Inactive")))["account-check"] == "expired"


@pytest.mark.parametrize("exp_date", [None, "", "0", 0, "null"])
def test_every_spelling_of_no_expiry_means_unlimited(exp_date: Any) -> None:
    assert "never expires" in message(answer(body=user(exp_date=exp_date)))


@pytest.mark.parametrize("exp_date", [int(NOW + 5 * 86400), str(int(NOW + 5 * 86400))])
def test_an_expiry_date_as_int_or_string_is_shown_with_days_left(exp_date: Any) -> None:
    assert "in 5 days" in message(answer(body=user(exp_date=exp_date)))


def test_a_past_expiry_on_an_active_line_is_mentioned_but_the_panel_decides() -> None:
    found = answer(body=user(exp_date=str(int(NOW - 2 * 86400))))
    assert facts(found)["account-check"] == "active" and "2 days ago" in message(found)


@pytest.mark.parametrize(
    ("active", "limit", "slots"), [("2", "2", "full"), (3, 2, "full"), ("1", "2", "free")]
)
def test_connections_in_use_against_the_limit(active: Any, limit: Any, slots: str) -> None:
    assert facts(answer(body=user(active_cons=active, max_connections=limit)))["connection-slots"] == slots


def test_a_limit_of_zero_means_no_limit() -> None:
    assert facts(answer(body=user(active_cons="9", max_connections="0")))["connection-slots"] == "free"


def test_uncounted_connections_give_no_slot_fact() -> None:
    assert "connection-slots" not in facts(answer(body=user(active_cons="N/A")))


@pytest.mark.parametrize("trial", ["1", 1, True, "true"])
def test_a_trial_line_in_any_spelling(trial: Any) -> None:
    assert facts(answer(body=user(is_trial=trial)))["trial-line"] == "yes"


def test_a_typed_port_the_server_does_not_report_disagrees() -> None:
    found = answer(body=user())
    assert facts(found, Context(typed_port=80, now=NOW))["server-port-agrees"] == "no"


def test_empty_reported_ports_give_no_port_fact() -> None:
    body = user()
    body["server_info"] = {"port": "", "https_port": ""}
    assert "server-port-agrees" not in facts(answer(body=body))


def test_no_allowed_stream_format_is_spelt_out() -> None:
    assert "No stream will play" in message(answer(body=user(allowed_output_formats=[])))


def test_a_differently_spelt_stored_username_is_mentioned() -> None:
    assert "'Bob'" in message(answer(body=user(username="Bob")))


def test_a_server_clock_far_off_is_mentioned() -> None:
    body = user()
    body["server_info"]["timestamp_now"] = NOW + 7200
    assert "clock is off by 120 minutes" in message(answer(body=body))


def test_a_home_made_panels_401_with_auth_zero_list_is_a_wrong_login() -> None:
    assert facts(answer(401, [{"auth": 0}]))["account-check"] == "wrong-credentials"


def test_the_xui_padded_404_is_an_ambiguous_refusal() -> None:
    assert facts(answer(404, pages.xui_404()))["account-check"] == "refused-ambiguous"


def test_a_plain_404_is_not_an_xtream_panel() -> None:
    assert facts(answer(404, pages.nginx_page(404, "Not Found")))["account-check"] == "not-xtream"


def test_an_html_page_is_not_the_panel_and_its_title_is_recorded() -> None:
    found = classify(answer(200, pages.captive_portal(), (("content-type", "text/html"),)), CONTEXT)
    check = next(f for f in found if f.attribute == "account-check")
    assert check.value == "not-xtream" and "captive portal" in check.message
    assert check.detail == "page title: Welcome - please sign in to the Wi-Fi"


def test_an_empty_200_is_not_the_panel() -> None:
    assert facts(answer(200, b""))["account-check"] == "not-xtream"


def test_json_without_an_account_is_not_the_panel() -> None:
    assert facts(answer(200, {"hello": "world"}))["account-check"] == "not-xtream"


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("INVALID_CREDENTIALS", "wrong-credentials"),
        ("BANNED", "banned"),
        ("ISP_BLOCKED", "refused-ambiguous"),
    ],
)
def test_the_xui_debug_page_names_the_refusal(code: str, value: str) -> None:
    assert facts(answer(200, pages.xui_debug(code)))["account-check"] == value


def test_a_cloudflare_522_is_a_provider_side_error_named_as_such() -> None:
    cf = (("server", "cloudflare"), ("cf-ray", "abc-LHR"))
    found = answer(522, pages.cloudflare_52x(522, "panel.example.com"), cf)
    assert facts(found)["account-check"] == "server-error" and "did not answer Cloudflare" in message(found)


def test_a_plain_500_is_a_server_error() -> None:
    assert facts(answer(500, "oops"))["account-check"] == "server-error"


def test_a_cloudflare_challenge_is_blocked_not_a_login_problem() -> None:
    found = answer(403, pages.cloudflare_challenge(), (("cf-mitigated", "challenge"),))
    assert facts(found)["account-check"] == "blocked" and "challenge" in message(found)


@pytest.mark.parametrize("status", [403, 429, 461])
def test_refusals_of_this_client_are_blocked(status: int) -> None:
    assert facts(answer(status))["account-check"] == "blocked"


@pytest.mark.parametrize("body", [b'{"user_info":{"auth":1,', b"[" * 100_000, b"{nope}"])
def test_broken_or_hostile_json_is_a_server_error_not_a_crash(body: bytes) -> None:
    assert facts(answer(200, body))["account-check"] == "server-error"


def test_a_body_cut_for_size_is_a_server_error() -> None:
    assert facts(answer(200, b'{"a":"' + b"x" * 1000, cut="size"))["account-check"] == "server-error"


def test_a_body_cut_for_time_is_no_answer() -> None:
    assert facts(answer(200, b'{"user_info":', cut="time", elapsed=8.0))["account-check"] == "no-answer"


def test_an_answer_slower_than_the_threshold_is_slow() -> None:
    assert facts(answer(body=user(), elapsed=3.2))["response-time"] == "slow"
    assert facts(answer(body=user(), elapsed=2.9))["response-time"] == "normal"


def test_a_redirect_to_another_host_is_recorded_without_the_password() -> None:
    location = "http://new.example.net:2052/player_api.php?username=bob&password=CanaryPw-7f3a9"
    found = classify(answer(302, headers=(("location", location),)), CONTEXT)
    redirected = next(f for f in found if f.attribute == "redirected")
    assert redirected.value == "yes" and "new.example.net:2052" in redirected.message
    assert "CanaryPw-7f3a9" not in redirected.detail and "password=***" in redirected.detail
    assert "account-check" not in {f.attribute for f in found}


def test_a_redirect_to_the_same_server_is_not_an_account_answer() -> None:
    found = answer(301, headers=(("location", "/player_api.php/"),))
    assert facts(found)["redirected"] == "no" and facts(found)["account-check"] == "not-xtream"


def test_nginx_plain_http_on_its_tls_port_is_recognised() -> None:
    assert is_plain_http_to_tls(answer(400, pages.plain_http_to_tls()))
    assert not is_plain_http_to_tls(answer(400, pages.nginx_page(400, "Bad Request")))
