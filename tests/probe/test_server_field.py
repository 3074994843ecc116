"""A password typed into the server box is found and kept out of what is stored."""

from __future__ import annotations

import pytest

from xtream_doctor.probe.address import server_field_strays

SECRET = "Tr0ub4dor&3x"


@pytest.mark.parametrize(
    ("raw", "username", "kept", "strays"),
    [
        (f"http://tv.test:8080bob{SECRET}", "", "http://tv.test:8080***", (f"bob{SECRET}",)),
        (f"http://tv.test:8080bob{SECRET}", "bob", "http://tv.test:8080***", (f"bob{SECRET}", SECRET)),
        (f"tv.test:8080 bob {SECRET}", "bob", "tv.test:8080 ***", (SECRET,)),
        (f"tv.test:8080\tbob\t{SECRET}", "", "tv.test:8080 ***", ("bob", SECRET)),
        (f"http://tv.test:8080 password: {SECRET}", "", "http://tv.test:8080 ***", (SECRET,)),
        (f"http://tv.test:8080 pwd={SECRET}", "", "http://tv.test:8080 ***", (SECRET,)),
        (f"{SECRET} http://tv.test:8080", "", "http://tv.test:8080 ***", (SECRET,)),
    ],
)
def test_what_follows_the_address_is_a_stray_and_masked(
    raw: str, username: str, kept: str, strays: tuple[str, ...]
) -> None:
    assert server_field_strays(raw, username) == (kept, strays)


@pytest.mark.parametrize(
    "raw",
    [
        "http://tv.test:8080",
        " tv.test:8080 ",  # odd spaces are the lint's to report, not a password
        "http://tv.test:8080/get.php?username=bob&password=x",  # the redaction patterns' job
        "tv.test:80a",  # a mistyped port is no password
        "",
    ],
)
def test_a_server_box_with_one_address_is_kept_as_typed(raw: str) -> None:
    assert server_field_strays(raw) == (raw, ())
