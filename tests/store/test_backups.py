"""Automatic backups: one after every finished review, private, encrypted when the journal
is, kept in rotation, listed with their soundness, never in the way of the review."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import Run, check_in


def backups(home: Path) -> list[Path]:
    """The automatic backups, oldest first."""
    folder = home / "backups"
    return sorted(folder.glob("journal-*-auto-*.db")) if folder.is_dir() else []


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", moment)


def journal_id(journal: Path) -> str:
    with sqlite3.connect(journal) as conn:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()[0])


def test_a_finished_check_in_leaves_a_private_sound_backup(run: Run, home: Path) -> None:
    assert backups(home) == []
    check_in(run, "2026-W47", {})
    made = backups(home)
    assert len(made) == 1
    copy = made[0]
    assert copy.name == f"journal-20261123-210000-auto-{journal_id(home / 'journal.db')[:8]}.db"
    assert copy.stat().st_mode & 0o777 == 0o600
    assert copy.parent.stat().st_mode & 0o777 == 0o700
    with sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_the_closing_line_comes_first_and_the_backup_says_nothing(run: Run, home: Path) -> None:
    template = json.loads(run("week", "--on", "2026-W47", "--answers-template").output)
    template.update(accomplished="Wrote", mentor="Keep going")
    result = run("week", "--on", "2026-W47", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0 and result.stderr == ""
    assert result.output.strip().splitlines()[0].startswith("Check-in for 2026-W47 saved")
    assert len(backups(home)) == 1


def test_backups_false_turns_them_off(run: Run, home: Path) -> None:
    (home / "settings.toml").write_text("backups = false\n", encoding="utf-8")
    check_in(run, "2026-W47", {})
    assert backups(home) == []


def test_backup_dir_puts_them_elsewhere_and_a_relative_one_is_refused(
    run: Run, home: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "other disk" / "punchin"
    settings = home / "settings.toml"
    settings.write_text(f'backup_dir = "{elsewhere}"\n', encoding="utf-8")
    check_in(run, "2026-W47", {})
    assert backups(home) == []
    made = list(elsewhere.glob("journal-*-auto-*.db"))
    assert len(made) == 1 and elsewhere.stat().st_mode & 0o777 == 0o700
    listed = run("backup", "--list")
    assert str(made[0]) in listed.output and "sound" in listed.output
    plain = run("backup")  # `punchin backup` goes there too
    assert str(elsewhere) in plain.output
    settings.write_text('backup_dir = "backups"\n', encoding="utf-8")
    refused = run("goal", "list")
    assert refused.exit_code == 1
    assert "backup_dir must be an absolute path" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_a_failed_backup_never_fails_the_review(run: Run, home: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("taken", encoding="utf-8")
    (home / "settings.toml").write_text(f'backup_dir = "{blocked}"\n', encoding="utf-8")
    template = json.loads(run("week", "--on", "2026-W47", "--answers-template").output)
    template.update(accomplished="Wrote", mentor="Keep going")
    result = run("week", "--on", "2026-W47", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0
    assert "saved" in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("punchin: no backup was made after this review")
    assert "the review itself is saved" in lines[0]
    assert "Wrote" in run("show", "2026-W47").output
    chinese = run("--lang", "zh", "week", "--on", "2026-W47", "--amend", "--answers", "-",
                  input=json.dumps(template))  # fmt: skip
    assert chinese.exit_code == 0 and "没有做成备份" in chinese.stderr


def test_the_rotation_keeps_eight_then_one_a_month_then_one_a_year(
    run: Run, home: Path, journal_file: Path
) -> None:
    check_in(run, "2026-W46", {})
    first = backups(home)[0]
    ident = journal_id(journal_file)[:8]
    folder = home / "backups"
    planted = []
    moment = datetime(2026, 11, 9, 21, 0)
    while moment > datetime(2021, 1, 1):  # about five years of weekly reviews before
        name = f"journal-{moment.strftime('%Y%m%d-%H%M%S')}-auto-{ident}.db"
        os.link(first, folder / name)
        planted.append(folder / name)
        moment -= timedelta(weeks=1)
    mine_by_hand = folder / "journal-20200101-090000.db"  # `punchin backup`: never removed
    before_restore = folder / "journal-20200101-100000-before-restore.db"
    other_journal = folder / "journal-20200101-110000-auto-0123abcd.db"
    for kept in (mine_by_hand, before_restore, other_journal):
        shutil.copyfile(first, kept)
    check_in(run, "2026-W47", {})
    left = backups(home)
    assert len(left) <= 8 + 24 + 6
    years = {p.name[8:12] for p in left}
    assert {"2021", "2022", "2023", "2024", "2025", "2026"} <= years
    assert mine_by_hand.exists() and before_restore.exists() and other_journal.exists()
    assert len([p for p in planted if p.exists()]) < len(planted) - 100


def test_list_says_date_size_and_soundness_in_both_languages(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "No backups" in run("backup", "--list").output
    at(monkeypatch, "2026-11-16T21:00:00+00:00")
    check_in(run, "2026-W46", {})
    at(monkeypatch, "2026-11-23T21:00:00+00:00")
    check_in(run, "2026-W47", {})
    older, newer = backups(home)
    with older.open("r+b") as handle:  # a backup damaged on disk
        handle.seek(8192)
        handle.write(os.urandom(4096))
    listed = run("backup", "--list")
    assert listed.exit_code == 0
    lines = listed.output.strip().splitlines()
    assert lines[0].startswith("2 backups of") and len(lines) == 3
    assert lines[1].startswith("2026-11-23 21:00") and lines[1].endswith(f"{newer}  sound")
    assert " KB  " in lines[1]
    assert lines[2].startswith("2026-11-16 21:00") and "DAMAGED" in lines[2]
    chinese = run("--lang", "zh", "backup", "--list").output
    assert "份备份" in chinese and "完好" in chinese and "已损坏" in chinese


def test_an_encrypted_journals_backups_are_encrypted(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    secret = "the year I nearly quit"
    template = json.loads(run("week", "--on", "2026-W46", "--answers-template").output)
    template.update(accomplished=secret, mentor="Keep going")
    at(monkeypatch, "2026-11-16T21:00:00+00:00")
    run("week", "--on", "2026-W46", "--answers", "-", input=json.dumps(template))
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "correct horse")
    assert run("encrypt").exit_code == 0
    at(monkeypatch, "2026-11-23T21:00:00+00:00")
    check_in(run, "2026-W47", {})
    newest = backups(home)[-1]
    assert "20261123" in newest.name
    raw = newest.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and secret.encode() not in raw
    listed = run("backup", "--list").output
    assert f"{newest}  sound" in listed
    assert f"{backups(home)[0]}  sound" in listed  # the plain one from before, too


def test_a_path_assessment_is_backed_up_too(run: Run, home: Path) -> None:
    template = json.loads(run("paths", "--assess", "--answers-template").output)
    for question, choices in template["_choices"].items():
        template[question] = choices.split(" | ")[0]
    result = run("paths", "--assess", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output + result.stderr
    assert len(backups(home)) == 1
