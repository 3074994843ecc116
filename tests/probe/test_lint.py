"""Offline lint: each finding fires on the mistake, stays quiet on clean details,
and proposes a correction only where it is certain."""

from __future__ import annotations

import pytest

from tests.probe.conftest import CANARY
from xtream_doctor.probe import Finding, Target, lint

CLEAN = Target("http://panel.example.com:8080", "bob", CANARY)


def facts(target: Target) -> dict[str, str]:
    return {f.attribute: f.value for f in lint(target)}


def finding(target: Target, attribute: str) -> Finding:
    found = [f for f in lint(target) if f.attribute == attribute]
    assert len(found) == 1, f"expected one {attribute} finding, got {found}"
    return found[0]


def test_clean_details_give_every_passing_value_as_evidence() -> None:
    assert facts(CLEAN) == {
        "server-scheme": "present",
        "server-port": "present",
        "server-path": "none",
        "server-field-has-m3u-link": "no",
        "server-whitespace": "no",
        "server-odd-characters": "no",
        "port-fits-scheme": "yes",
        "credentials-whitespace": "no",
        "credentials-lookalike": "no",
        "credentials-non-ascii": "no",
        "credentials-url-unsafe": "no",
        "credentials-look-swapped": "no",
    }
    assert all(f.source == "lint" and f.proposal is None for f in lint(CLEAN))


def test_a_missing_scheme_is_found_and_http_is_proposed() -> None:
    found = finding(Target("panel.example.com:8080", "alice", CANARY), "server-scheme")
    assert (found.value, found.proposal) == ("missing", "http://panel.example.com:8080")


def test_a_missing_scheme_on_a_tls_port_proposes_https() -> None:
    found = finding(Target("panel.example.com:25463", "alice", CANARY), "server-scheme")
    assert found.proposal == "https://panel.example.com:25463"


def test_a_misspelt_scheme_counts_as_missing_and_is_named() -> None:
    found = finding(Target("htp://panel.example.com:8080", "alice", CANARY), "server-scheme")
    assert found.value == "missing" and "'htp://'" in found.message


def test_a_missing_port_is_found_and_the_default_is_named() -> None:
    found = finding(Target("https://panel.example.com", "alice", CANARY), "server-port")
    assert found.value == "missing" and "443" in found.message and found.proposal is None


def test_a_port_that_is_not_a_number_counts_as_missing() -> None:
    found = finding(Target("http://panel.example.com:80a", "alice", CANARY), "server-port")
    assert found.value == "missing" and "'80a'" in found.message


def test_a_trailing_slash_is_found_and_removed() -> None:
    found = finding(Target("http://panel.example.com:8080/", "alice", CANARY), "server-path")
    assert (found.value, found.proposal) == ("trailing-slash", "http://panel.example.com:8080")


@pytest.mark.parametrize("path", ["/player_api.php", "/get.php", "/panel_api.php"])
def test_an_xtream_endpoint_in_the_address_is_an_extra_path_with_a_certain_fix(path: str) -> None:
    found = finding(Target(f"http://panel.example.com:8080{path}", "alice", CANARY), "server-path")
    assert (found.value, found.proposal) == ("extra-path", "http://panel.example.com:8080")


def test_a_stalker_portal_address_is_an_extra_path_without_a_guess() -> None:
    found = finding(Target("http://panel.example.com:8080/c/", "alice", CANARY), "server-path")
    assert found.value == "extra-path" and "Stalker" in found.message and found.proposal is None


def test_an_unknown_path_is_an_extra_path_without_a_certain_fix() -> None:
    found = finding(Target("http://panel.example.com:8080/iptv", "alice", CANARY), "server-path")
    assert found.value == "extra-path" and found.proposal is None


def test_a_pasted_playlist_link_is_found_and_split_without_showing_the_password() -> None:
    link = f"http://panel.example.com:8080/get.php?username=bob&password={CANARY}&type=m3u_plus&output=ts"
    found = finding(Target(link, "", ""), "server-field-has-m3u-link")
    assert found.value == "yes"
    assert "http://panel.example.com:8080" in found.message and "'bob'" in found.message
    assert (
        found.proposal == "server http://panel.example.com:8080, username bob, password: the one in the link"
    )
    assert all(CANARY not in (f.message + (f.proposal or "") + f.detail) for f in lint(Target(link, "", "")))


def test_a_pasted_stream_link_also_counts_as_a_playlist_link() -> None:
    link = f"http://panel.example.com:8080/live/bob/{CANARY}/1234.ts"
    assert facts(Target(link, "bob", CANARY))["server-field-has-m3u-link"] == "yes"


@pytest.mark.parametrize(
    ("server", "where"),
    [
        ("http://panel.example.com:8080\u200b", "zero width space (U+200B) at the end"),  # from a chat app
        (" http://panel.example.com:8080 ", "a space at the start and a space at the end"),
        ("http://panel.example.com:8080\t", "a tab at the end"),
    ],
)
def test_blanks_around_the_address_are_the_clipboard_s_and_removed(server: str, where: str) -> None:
    found = finding(Target(server, "alice", CANARY), "server-whitespace")
    assert (found.value, found.proposal) == ("yes", "http://panel.example.com:8080")
    assert where in found.message
    # a blank at an end is not a badly written address: the clipboard's cause, not the URL's
    assert facts(Target(server, "alice", CANARY))["server-odd-characters"] == "no"


def test_smart_quotes_around_the_address_are_odd_characters_and_removed() -> None:
    target = Target("\u201chttp://panel.example.com:8080\u201d", "alice", CANARY)
    found = finding(target, "server-odd-characters")
    assert (found.value, found.proposal) == ("yes", "http://panel.example.com:8080")
    assert facts(target)["server-whitespace"] == "no"


def test_a_space_inside_the_address_is_odd_and_has_no_certain_fix() -> None:
    target = Target("http://panel.example .com:8080 ", "alice", CANARY)
    odd = finding(target, "server-odd-characters")
    assert odd.value == "yes" and odd.proposal is None and "a space" in odd.message
    edges = finding(target, "server-whitespace")
    assert edges.value == "yes" and edges.proposal is None  # the inside is not certain, so neither is the fix


def test_a_letter_from_another_alphabet_in_the_address_is_found_without_a_fix() -> None:
    found = finding(Target("http://pan\u0435l.example.com:8080", "alice", CANARY), "server-odd-characters")
    assert found.value == "yes" and "cyrillic" in found.message and found.proposal is None


@pytest.mark.parametrize(
    ("server", "fits"),
    [
        ("https://panel.example.com:8080", "no"),
        ("http://panel.example.com:443", "no"),
        ("http://panel.example.com:25463", "no"),
        ("https://panel.example.com:25463", "yes"),
        ("http://panel.example.com:25461", "yes"),
        ("http://panel.example.com:9999", "yes"),
        ("https://panel.example.com", "yes"),
    ],
)
def test_the_port_is_checked_against_the_scheme(server: str, fits: str) -> None:
    assert facts(Target(server, "alice", CANARY))["port-fits-scheme"] == fits


def test_port_against_scheme_is_not_judged_without_a_scheme() -> None:
    assert "port-fits-scheme" not in facts(Target("panel.example.com:443", "alice", CANARY))


def test_a_trailing_space_in_the_username_is_found_and_trimmed() -> None:
    found = finding(Target(CLEAN.server, "alice ", CANARY), "credentials-whitespace")
    assert found.value == "yes" and "at the end" in found.message and found.proposal == "username 'alice'"


def test_a_space_in_the_password_is_found_without_spelling_the_password() -> None:
    found = finding(Target(CLEAN.server, "alice", f" {CANARY}"), "credentials-whitespace")
    assert found.value == "yes" and "password has a space at the start" in found.message.lower()
    assert found.proposal == "retype the password without the spaces"
    assert CANARY not in found.message + (found.proposal or "")


def test_a_space_inside_a_value_is_found_but_not_removed() -> None:
    found = finding(Target(CLEAN.server, "alice smith", CANARY), "credentials-whitespace")
    assert found.value == "yes" and "inside" in found.message and found.proposal is None


@pytest.mark.parametrize(
    ("username", "named"), [("b0b", "0 (zero)"), ("Iris", "I (capital i)"), ("corn", "rn")]
)
def test_lookalike_characters_in_the_username_are_named(username: str, named: str) -> None:
    found = finding(Target(CLEAN.server, username, CANARY), "credentials-lookalike")
    assert found.value == "yes" and named in found.message


def test_lookalikes_in_the_password_are_named_by_kind_only() -> None:
    found = finding(Target(CLEAN.server, "abc", "Secret0Word"), "credentials-lookalike")
    assert found.value == "yes" and "0 (zero)" in found.message and "Secret0Word" not in found.message
    assert "position" not in found.message


def test_a_zero_width_character_in_the_username_is_found_and_removed() -> None:
    found = finding(Target(CLEAN.server, "ali\u200bce", CANARY), "credentials-non-ascii")
    assert (found.value, found.proposal) == ("yes", "username 'alice'")


def test_a_smart_quote_in_the_password_is_found_and_described_not_shown() -> None:
    found = finding(Target(CLEAN.server, "alice", "it\u2019s-" + CANARY), "credentials-non-ascii")
    assert found.value == "yes" and "curly" in found.message and CANARY not in found.message
    assert found.proposal is not None and "retype" in found.proposal


def test_an_accented_letter_is_non_ascii_with_no_certain_fix() -> None:
    found = finding(Target(CLEAN.server, "jos\u00e9", CANARY), "credentials-non-ascii")
    assert found.value == "yes" and found.proposal is None


@pytest.mark.parametrize("char", list("&#+%?/"))
def test_each_url_unsafe_character_in_the_password_is_found(char: str) -> None:
    found = finding(Target(CLEAN.server, "alice", f"ab{char}cd"), "credentials-url-unsafe")
    assert found.value == "yes" and char in found.message and "password" in found.message


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("http://panel.example.com:8080", CANARY),
        ("alice", "panel.example.com:8080"),
        ("alice", "www.panel.example.com"),
        ("panel.example.com", CANARY),
    ],
)
def test_a_web_address_in_a_credential_field_looks_swapped(username: str, password: str) -> None:
    assert facts(Target(CLEAN.server, username, password))["credentials-look-swapped"] == "yes"


def test_a_pasted_label_before_the_username_is_found_and_removed() -> None:
    found = finding(Target(CLEAN.server, "Username: alice", CANARY), "credentials-look-swapped")
    assert (found.value, found.proposal) == ("yes", "username 'alice'")


def test_credentials_typed_the_wrong_way_round_are_found_against_the_link() -> None:
    link = f"http://panel.example.com:8080/get.php?username=bob&password={CANARY}"
    found = finding(Target(link, CANARY, "bob"), "credentials-look-swapped")
    assert found.value == "yes" and "swapped" in found.message and found.proposal is not None
    assert CANARY not in found.message + found.proposal


def test_a_dotted_username_is_not_mistaken_for_an_address() -> None:
    assert facts(Target(CLEAN.server, "john.smith", CANARY))["credentials-look-swapped"] == "no"


def test_the_target_never_shows_its_password() -> None:
    target = Target(f"http://h:1/get.php?username=u&password={CANARY}", "u", CANARY)
    assert CANARY not in repr(target) and CANARY not in str(target) and "***" in repr(target)
