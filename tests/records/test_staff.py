"""The staff id: from $XTREAM_DOCTOR_STAFF, else from config.toml in the platform's
config folder; a broken file is one line (file, line, what was expected), never a
traceback, and the cases are then saved without a staff id."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtream_doctor.records.staff import ENV, config_file, read_staff

HOME = Path("/home/ana")


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {}, HOME / ".config/xtream-doctor/config.toml"),
        ("linux", {"XDG_CONFIG_HOME": "/etc/desk"}, Path("/etc/desk/xtream-doctor/config.toml")),
        ("linux", {"XDG_CONFIG_HOME": "relative/dir"}, HOME / ".config/xtream-doctor/config.toml"),
        ("darwin", {}, HOME / "Library/Application Support/xtream-doctor/config.toml"),
        ("win32", {"APPDATA": "C:/Users/ana/AppData/Roaming"},
         Path("C:/Users/ana/AppData/Roaming/xtream-doctor/config.toml")),
    ],
    ids=["linux", "xdg", "xdg-relative-is-unset", "macos", "windows"],
)  # fmt: skip
def test_the_config_file_is_in_the_platforms_config_folder(
    platform: str, env: dict[str, str], expected: Path
) -> None:
    assert config_file(env, platform, home=HOME) == expected


def test_the_staff_id_comes_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# the desk by the window\nstaff = "ana"\n', encoding="utf-8")
    config = read_staff({}, path)
    assert (config.staff, config.source, config.problem) == ("ana", str(path), None)


def test_the_environment_variable_wins_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("staff = broken, not even TOML\n", encoding="utf-8")
    config = read_staff({ENV: " bo "}, path)
    assert (config.staff, config.source, config.problem) == ("bo", f"${ENV}", None)


def test_no_file_and_no_variable_is_no_staff_id_and_no_problem(tmp_path: Path) -> None:
    config = read_staff({}, tmp_path / "missing" / "config.toml")
    assert (config.staff, config.problem) == (None, None)
    assert config.path == tmp_path / "missing" / "config.toml"  # where to set it, for the hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\nstaff = ana\n", ':2:9: invalid value; expected a line like staff = "ana" (text in quotes)'),
        ('staff = "ana', ':1: unterminated string; expected a line like staff = "ana"'),
        ("staff = 42\n", ':1: staff is a number; expected text in quotes, staff = "ana"'),
        ('staff = ""\n', ":1: staff is empty; expected text in quotes"),
        ('# me\nstaf = "ana"\n', ":2: unknown setting 'staf' (did you mean 'staff'? expected staff = \"ana"),
        ('[staff]\nname = "ana"\n', ':1: staff is a table; expected text in quotes, staff = "ana"'),
    ],
    ids=["no-quotes", "unterminated", "a-number", "empty", "misspelt", "a-table"],
)
def test_a_broken_file_is_one_line_naming_the_file_the_line_and_what_was_expected(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = read_staff({}, path)
    assert config.staff is None
    assert config.problem is not None and "\n" not in config.problem
    assert config.problem.startswith(f"{path}:")
    assert message in config.problem


def test_a_file_that_is_not_text_says_so(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'staff = "\xff\xfe"\n')
    assert read_staff({}, path).problem == f'{path}: not UTF-8 text; expected a line like staff = "ana"'


def test_a_folder_where_the_file_should_be_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    problem = read_staff({}, tmp_path / "config.toml").problem
    assert problem is not None and problem.startswith(f"{tmp_path / 'config.toml'}: cannot read it")
