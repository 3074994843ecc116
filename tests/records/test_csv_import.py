"""A helpdesk export as CSV: columns map to attributes, bad rows are skipped with their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CASE_DATA
from xtream_doctor.kb import KnowledgeBase
from xtream_doctor.records.csv_import import CsvHeaderError, read_csv_cases

EXPORT = CASE_DATA / "helpdesk-export.csv"


def test_a_helpdesk_export_imports_with_a_mapping(helpdesk: KnowledgeBase) -> None:
    records, problems = read_csv_cases(EXPORT, helpdesk, {"Agent notes": "notes"})
    assert problems == []
    assert [r.case_id for r in records] == ["T-100", "T-101", "T-102"]
    first = records[0]
    assert {a: (f.value, f.source) for a, f in first.facts.items()} == {
        "error-message": ("max-connections", "answer"),  # matched by its label
        "vpn-in-use": ("no", "answer"),
        "account-check": ("active", "probe"),
    }
    assert first.confirmed_cause == "connection-limit"
    assert first.notes == "closed other boxes"
    assert "vpn-in-use" not in records[1].facts and "vpn-in-use" not in records[2].facts


def test_an_unknown_column_is_one_clear_error(helpdesk: KnowledgeBase) -> None:
    with pytest.raises(CsvHeaderError) as caught:
        read_csv_cases(EXPORT, helpdesk)
    assert str(caught.value).startswith(f"{EXPORT}:1: unknown attribute column 'Agent notes'")
    assert "\n" not in str(caught.value)


def test_a_bad_row_is_reported_with_its_line_and_the_rest_imports(
    helpdesk: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "case_id,error_message,vpn-in-use,cause\n"
        "a,timeout,no,server-down\n"
        "b,timeout,maybe,server-down\n"
        '"c","multi\nline",no,x\n'
        "d,timeout\n"
        "e,auth-failed,yes,vpn-blocked\n"
    )
    records, problems = read_csv_cases(path, helpdesk)
    assert [r.case_id for r in records] == ["a", "e"]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (3, "'maybe' is not a value of 'vpn-in-use'"),
        (4, "'multi\nline' is not a value of 'error-message'"),
        (6, "2 cells where the header has 4; skipped"),
    ]


def test_a_csv_without_a_cause_column_is_refused(helpdesk: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("error-message\ntimeout\n")
    with pytest.raises(CsvHeaderError, match="no 'cause' column"):
        read_csv_cases(path, helpdesk)


# --- what people type in helpdesk exports ------------------------------------------------------

TYPED = (
    "Ticket ID,Error Message,Device,App,Cause\n"
    "T-1,Max connections,Amazon Fire TV Stick,IPTV Smarters Pro,connection-limit\n"
    "T-2,Failed to authorize,FIRESTICK,smarters,credentials-typo\n"
    "T-3,Connection timeout,fire-tv stick,Tivi Mate,server-down\n"
    "T-4,max-connections,Fire Stick,TiviMate,connection-limit\n"
    "T-5,Too Many Connections!,Samsung TV,Kodi,connection-limit\n"
)


def test_labels_alternatives_and_declared_synonyms_match_in_any_case(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(TYPED)
    records, problems = read_csv_cases(path, kb, {"Ticket ID": "case_id"})
    assert problems == []
    assert [
        (r.case_id, r.facts["error-message"].value, r.facts["device"].value, r.facts["app"].value)
        for r in records
    ] == [
        ("T-1", "max-connections", "firestick", "smarters"),
        ("T-2", "failed-to-authorize", "firestick", "smarters"),
        ("T-3", "timeout", "firestick", "tivimate"),
        ("T-4", "max-connections", "firestick", "tivimate"),
        ("T-5", "max-connections", "smart-tv", "kodi-simple"),
    ]


def test_the_documented_map_spelling_with_an_underscore_works(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from xtream_doctor.cli import main

    path = tmp_path / "export.csv"
    path.write_text(TYPED)
    code = main(["eval", str(path), "--static", "--json", "--no-progress", "--map", "Ticket ID=case_id"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "warning" not in err
    report = json.loads(out)
    assert report["problems"] == [] and report["summary"]["static"]["cases"] == 5
