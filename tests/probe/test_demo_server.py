"""The demo panel behaves like the servers it imitates, seen with a plain
HTTP client (not the probe), and shuts down cleanly."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.probe.conftest import CANARY
from xtream_doctor.demo_server import SCENARIOS, DemoServer
from xtream_doctor.demo_server import tls as demo_tls


def get(url: str, **params: str) -> httpx.Response:
    return httpx.get(url, params=params, timeout=5, verify=False, follow_redirects=False)


def test_every_scenario_says_what_it_imitates_with_a_section() -> None:
    for scenario in SCENARIOS:
        assert scenario.summary and scenario.imitates, scenario.username
    with_sections = [s for s in SCENARIOS if any(ch.isdigit() for ch in s.imitates)]
    assert len(with_sections) >= len(SCENARIOS) - 4  # the hostile ones imitate no panel


def test_numbers_come_as_strings_on_xc_and_as_ints_where_the_scenario_says(demo: DemoServer) -> None:
    xc = get(f"{demo.http_url}/player_api.php", username="active", password=CANARY).json()["user_info"]
    ints = get(f"{demo.http_url}/player_api.php", username="ints", password=CANARY).json()["user_info"]
    assert isinstance(xc["exp_date"], str) and isinstance(xc["active_cons"], str)
    assert isinstance(ints["exp_date"], int) and isinstance(ints["max_connections"], int)


def test_the_unlimited_line_has_a_null_expiry_and_slashes_are_escaped_like_php(demo: DemoServer) -> None:
    response = get(f"{demo.http_url}/player_api.php", username="unlimited", password=CANARY)
    assert response.json()["user_info"]["exp_date"] is None
    assert "Europe\\/London" in response.text


def test_a_wrong_password_is_the_xc_auth_zero_answer(demo: DemoServer) -> None:
    response = get(f"{demo.http_url}/player_api.php", username="active", password="nope")
    assert (response.status_code, response.json()) == (200, {"user_info": {"auth": 0}})


def test_missing_credentials_get_an_empty_200_like_xc(demo: DemoServer) -> None:
    response = get(f"{demo.http_url}/player_api.php", username="active")
    assert (response.status_code, response.content) == (200, b"")


def test_head_answers_200_empty_on_any_path_like_xc_nginx(demo: DemoServer) -> None:
    response = httpx.head(f"{demo.http_url}/anything", timeout=5)
    assert (response.status_code, response.content) == (200, b"")


def test_a_doubled_path_is_a_plain_404_and_a_double_slash_still_works(demo: DemoServer) -> None:
    doubled = get(f"{demo.http_url}/player_api.php/player_api.php", username="active", password=CANARY)
    merged = get(f"{demo.http_url}//player_api.php", username="active", password=CANARY)
    assert doubled.status_code == 404 and "padding" not in doubled.text
    assert merged.json()["user_info"]["status"] == "Active"


def test_the_xui_refusal_carries_six_padding_comments(demo: DemoServer) -> None:
    response = get(f"{demo.http_url}/player_api.php", username="wrong-xui", password=CANARY)
    assert response.status_code == 404 and response.text.count("a padding to disable MSIE") == 6


def test_plain_http_on_the_tls_port_gets_nginxs_400_page(demo: DemoServer) -> None:
    response = get(f"http://127.0.0.1:{demo.https_port}/player_api.php", username="active", password=CANARY)
    assert response.status_code == 400 and "plain HTTP request was sent to HTTPS port" in response.text


def test_the_tls_port_serves_the_panel_with_a_certificate_nobody_trusts(demo: DemoServer) -> None:
    if not demo.tls_available:
        pytest.skip("no certificate could be made on this machine")
    response = get(f"{demo.https_url}/player_api.php", username="active", password=CANARY)
    assert response.json()["server_info"]["server_protocol"] == "https"
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{demo.https_url}/player_api.php", timeout=5)


def test_the_silent_port_accepts_and_never_answers(demo: DemoServer) -> None:
    with socket.create_connection(("127.0.0.1", demo.silent_port), timeout=2) as conn:
        conn.sendall(b"GET /player_api.php HTTP/1.1\r\nHost: x\r\n\r\n")
        conn.settimeout(0.3)
        with pytest.raises(TimeoutError):
            conn.recv(1)


def test_stopping_ends_endless_answers_and_frees_the_ports() -> None:
    server = DemoServer().start()
    port = server.http_port
    with httpx.stream("GET", f"{server.http_url}/player_api.php?username=endless&password=x", timeout=5) as r:
        assert r.status_code == 200
        server.stop()
    assert all(not t.is_alive() for t in server._threads)
    with socket.create_server(("127.0.0.1", port)):
        pass  # the port is free again


def test_the_certificate_is_made_with_whichever_tool_exists(tmp_path: Path) -> None:
    made = demo_tls.make_certificate(tmp_path)
    if made is None:
        pytest.skip("neither cryptography nor openssl here")
    context = demo_tls.server_context(*made)
    assert isinstance(context, ssl.SSLContext) and made[0].read_text().startswith("-----BEGIN CERTIFICATE")


@pytest.mark.parametrize("maker", ["_with_cryptography", "_with_openssl"])
def test_each_certificate_maker_works_when_its_tool_is_there(tmp_path: Path, maker: str) -> None:
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    if not getattr(demo_tls, maker)(cert, key):
        pytest.skip(f"{maker} has no tool on this machine")
    demo_tls.server_context(cert, key)  # loads: the pair matches


def test_the_probe_and_the_demo_server_never_import_textual_or_rich() -> None:
    # httpx's optional command line (httpx._main) imports rich whenever click is installed
    # (import-linter brings it); blocking that one module shows what our own code imports.
    script = """
import json, sys
sys.modules["httpx._main"] = None
import xtream_doctor.probe, xtream_doctor.probe.run, xtream_doctor.demo_server
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
