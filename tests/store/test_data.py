"""Own your data: export and import (punchin and jrnl), backup, restore and check."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LAZY, MONDAY_EVENING, Run, check_in


@pytest.fixture
def journal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Goals on three horizons, two weekly check-ins with a miss, a quarterly review."""
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4", "--why", "graduate")
    run("goal", "add", "Publish one paper", "--on", "2026")
    for week, status in (("2026-W46", "done"), ("2026-W47", "missed")):
        run("goal", "add", "Write 2,000 words", "--on", week)
        outcome = {"status": status, **({} if status == "done" else LAZY), "remedy": "partner"}
        check_in(run, week, {"Write 2,000 words": outcome})
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-04T21:00:00+00:00")  # the quarter has ended
    template = json.loads(run("quarter", "--on", "2026-Q4", "--answers-template").output)
    for goal in template["goals"].values():
        goal.update(status="done")
    template["lesson"] = "Small steps, every week. 小步快走。"
    template.update(goal_known="roughly", direction_right="yes")
    assert run("quarter", "--answers", "-", input=json.dumps(template)).exit_code == 0
    monkeypatch.setenv("PUNCHIN_NOW", MONDAY_EVENING)


def export(run: Run, db: str | None = None) -> dict[str, object]:
    result = run(*(["--db", db] if db else []), "export")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_export_then_import_into_an_empty_journal_round_trips(
    run: Run, journal: None, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    assert run("export", "-o", str(first)).exit_code == 0
    assert first.stat().st_mode & 0o777 == 0o600
    other = str(tmp_path / "other" / "journal.db")
    imported = run("--db", other, "import", str(first))
    assert imported.exit_code == 0, imported.output
    assert Path(other).stat().st_mode & 0o777 == 0o600
    assert Path(other).parent.stat().st_mode & 0o777 == 0o700
    assert "4 goals, 3 reviews" in imported.output
    assert export(run, other) == json.loads(first.read_text(encoding="utf-8"))
    again = run("--db", other, "import", str(first))
    assert "0 goals, 0 reviews, 0 answers" in again.output  # nothing twice


def test_import_merges_into_a_journal_with_part_of_it(
    run: Run, journal: None, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.json"
    run("export", "-o", str(whole))
    part = tmp_path / "part.json"
    run("export", "--until", "2026-W46", "-o", str(part))
    other = str(tmp_path / "other.db")
    run("--db", other, "import", str(part))
    part_entries = export(run, other)["entries"]
    assert [e["period"] for e in part_entries] == ["2026-W46", "2026-Q4"]  # type: ignore[union-attr]
    run("--db", other, "goal", "add", "A goal of its own")
    run("--db", other, "import", str(whole))
    merged = export(run, other)
    assert len(merged["entries"]) == 3  # type: ignore[arg-type]
    titles = {g["title"] for g in merged["goals"]}  # type: ignore[attr-defined, index]
    assert "A goal of its own" in titles and "Publish one paper" in titles


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["goals"][1].update(status="maybe"), "goals[1]"),
        (lambda d: d["answers"][-1].update(value=7), "answers["),
        (lambda d: d["entries"][0].pop("period_start"), "period_start is"),
        (lambda d: d["notes"].append({"id": "x"}), "notes[0]"),
        (lambda d: d.update(version=99), "written by a newer punchin"),
        (lambda d: d.update(format="other"), "is not a punchin export"),
    ],
)
def test_a_bad_record_anywhere_aborts_the_import_whole(
    run: Run, journal: None, tmp_path: Path, change: object, says: str
) -> None:
    data = export(run)
    change(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    other = str(tmp_path / "other.db")
    result = run("--db", other, "import", str(bad))
    assert result.exit_code == 1 and says in result.stderr
    assert result.stderr.count("\n") == 1
    assert export(run, other)["goals"] == []  # nothing written


def test_a_truncated_export_is_refused(run: Run, journal: None, tmp_path: Path) -> None:
    text = run("export").output
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    result = run("import", str(cut))
    assert result.exit_code == 1 and "is not valid JSON" in result.stderr


def test_text_that_cannot_be_stored_is_refused_cleanly(run: Run) -> None:
    result = run("goal", "add", "bad \udcff title")
    assert result.exit_code == 2
    assert "cannot be stored" in result.stderr and result.stderr.count("\n") == 1
    refused = run("goal", "add", "NUL\x00 inside")
    assert refused.exit_code == 2 and "control characters" in refused.stderr
    stored = run("goal", "add", "RTL \u202e and 中文 kept exactly")
    assert stored.exit_code == 0
    titles = [g["title"] for g in export(run)["goals"]]  # type: ignore[union-attr, index]
    assert titles == ["RTL \u202e and 中文 kept exactly"]


JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.2
"""


@pytest.fixture
def jrnl_export(tmp_path: Path) -> Path:
    """A real export, written by the jrnl package itself."""
    home = tmp_path / "jrnl-home"
    (home / ".config" / "jrnl").mkdir(parents=True)
    (home / ".config" / "jrnl" / "jrnl.yaml").write_text(
        JRNL_CONFIG.format(journal=home / "journal.txt"), encoding="utf-8"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    jrnl = [sys.executable, "-m", "jrnl"]
    for text in (
        "2026-11-20 09:30: Library with @partner. Wrote 2,000 words.",
        "2026-11-21 20:00: 动机不够强，需要重新审视方向 *",
    ):
        subprocess.run([*jrnl, text], env=env, check=True, capture_output=True, timeout=60)
    done = subprocess.run(
        [*jrnl, "--format", "json"], env=env, check=True, capture_output=True, timeout=60
    )
    target = tmp_path / "jrnl.json"
    target.write_bytes(done.stdout)
    return target


def test_a_jrnl_export_becomes_notes(run: Run, jrnl_export: Path) -> None:
    first = run("import", "--from", "jrnl", str(jrnl_export))
    assert first.exit_code == 0, first.output
    assert "2 notes" in first.output
    assert "0 notes" in run("import", "--from", "jrnl", str(jrnl_export)).output
    notes = export(run)["notes"]
    assert [(n["date"], n["time"], n["starred"]) for n in notes] == [  # type: ignore[union-attr]
        ("2026-11-20", "09:30", 0),
        ("2026-11-21", "20:00", 1),
    ]
    assert json.loads(notes[0]["tags"]) == ["@partner"]  # type: ignore[index]
    assert "Library with @partner" in run("search", "partner").output
    assert "动机不够强" in run("search", "动机").output
    markdown = run("export", "--format", "md").output
    assert "## 2026-11-21 20:00 动机不够强，需要重新审视方向 ★" in markdown


def test_a_jrnl_export_with_a_missing_date_is_refused(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"entries": [{"title": "t"}, {"date": "2026-01-01"}]}))
    result = run("import", "--from", "jrnl", str(broken))
    assert result.exit_code == 1 and "entries[0]: date None is missing" in result.stderr
    assert export(run)["notes"] == []


def test_backup_restore_and_check(run: Run, journal: None, home: Path, tmp_path: Path) -> None:
    made = run("backup")
    assert made.exit_code == 0, made.output
    copy = Path(made.output.split("Backed up to ")[1].strip())
    assert copy.parent == home / "backups"
    assert copy.stat().st_mode & 0o777 == 0o600 and copy.parent.stat().st_mode & 0o777 == 0o700
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    run("goal", "add", "Added after the backup")
    restored = run("restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Added after the backup" not in run("goal", "list", "--all").output
    kept = Path(restored.output.split("is in ")[1].strip().rstrip("."))
    assert kept.exists()  # the journal as it was before the restore
    assert run("check").output.endswith("sound.\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a journal")
    refused = run("restore", str(notes), "--yes")
    assert refused.exit_code == 1 and "is not a punchin journal" in refused.stderr


def test_journal_files_are_private(run: Run, journal: None, home: Path) -> None:
    for name in ("journal.db", "journal.db-wal", "journal.db-shm"):
        path = home / name
        if path.exists():
            assert path.stat().st_mode & 0o777 == 0o600, name
    assert home.stat().st_mode & 0o777 == 0o700


def test_quick_notes_between_reviews(run: Run) -> None:
    added = run("note", "add", "Talked to my advisor. She wants chapter 3 by May. #thesis")
    assert added.output == "Noted at 2026-11-23 21:00.\n"
    run("note", "add", "--star", "和伙伴去图书馆。写了两千字。")
    listed = run("note", "list", "-n", "5").output.splitlines()
    assert listed[0] == "2026-11-23 21:00 和伙伴去图书馆。 ★"
    assert listed[2:] == [
        "2026-11-23 21:00 Talked to my advisor.",
        "    She wants chapter 3 by May. #thesis",
    ]
    notes = json.loads(run("note", "list", "--json").output)
    assert notes[1]["tags"] == ["#thesis"] and notes[0]["starred"] is True
    assert "advisor" in run("search", "advisor").output
    assert run("note", "add", " ").exit_code == 2


def test_a_large_import_is_indexed_for_search_and_the_index_keeps_up_after(
    run: Run, tmp_path: Path
) -> None:
    entries = [
        {"date": "2025-01-01", "time": f"{n % 24:02d}:00", "title": f"Entry {n}.", "body": "x"}
        for n in range(1500)
    ]
    entries[700]["body"] = "the rare word quokka"
    big = tmp_path / "jrnl.json"
    big.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    assert "1500 notes" in run("import", "--from", "jrnl", str(big)).output
    assert "quokka" in run("search", "quokka").output
    run("note", "add", "Written afterwards about a wombat.")
    assert "wombat" in run("search", "wombat").output
    assert run("check").output.endswith("sound.\n")


def test_a_private_goal_stays_private_through_export_and_import(run: Run, tmp_path: Path) -> None:
    run("goal", "add", "Apply elsewhere", "--on", "2026-Q4", "--private")
    whole = tmp_path / "whole.json"
    assert run("export", "-o", str(whole)).exit_code == 0
    data = json.loads(whole.read_text(encoding="utf-8"))
    assert [g["private"] for g in data["goals"]] == [1]
    other = str(tmp_path / "other.db")
    assert run("--db", other, "import", str(whole)).exit_code == 0
    assert "Apply elsewhere 🔒" in run("--db", other, "goal", "list", "--all").output
    # an export made before goals could be private reads as not private
    del data["goals"][0]["private"]
    data["goals"][0]["id"] = "0" * 32
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    third = str(tmp_path / "third.db")
    assert run("--db", third, "import", str(older)).exit_code == 0, "older export refused"
    listed = run("--db", third, "goal", "list", "--all").output
    assert "Apply elsewhere" in listed and "🔒" not in listed


def test_the_whole_export_is_written_as_read_and_holds_the_same_records(
    run: Run, journal: None, tmp_path: Path
) -> None:
    assert run("note", "add", "动机 and a note #work").exit_code == 0
    streamed = run("export").output  # the whole journal: written record by record
    whole = json.loads(streamed)
    assert whole["format"] == "punchin" and whole["notes"][0]["tags"] == '["#work"]'
    in_memory = json.loads(run("export", "--since", "1900-01-01").output)  # a span: held
    assert whole == in_memory
    assert "动机" in streamed  # Chinese as itself
    assert streamed.count("\n") > len(whole["answers"])  # a record a line
