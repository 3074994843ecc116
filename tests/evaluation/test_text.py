"""The terminal tables (a rich Table): headers, a rule, columns two spaces apart,
numbers right-aligned, every cell as it is and never wrapped."""

from __future__ import annotations

from xtream_doctor.evaluation.text import table


def test_numbers_stand_right_and_words_left_two_spaces_apart() -> None:
    rows: list[list[object]] = [["server-down", "connection-limit", 1], ["a", "b", 12]]
    lines = table(["confirmed", "diagnosed", "cases"], rows)
    assert lines[0] == "  confirmed    diagnosed         cases"
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2:] == ["  server-down  connection-limit      1", "  a            b                    12"]


def test_a_cell_is_shown_as_it_is_however_long() -> None:
    long = "rule-" + "x" * 300
    lines = table(["rule", "note"], [[long, "[b]not-markup[/b]"], [None, 0.25]])
    assert lines[2].split() == [long, "[b]not-markup[/b]"]
    assert lines[3].split() == ["-", "0.2"]  # None as "-", a float to one decimal
