"""Encryption at rest (SQLCipher): unreadable without the passphrase, everything working
with it, a wrong one told in one line, and back to plain on request."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Run

pytest.importorskip("sqlcipher3", reason="install the encryption extra")

SECRET = "What I least want to recall: the year I quit"
PASSPHRASE = "correct horse 'battery' staple"


@pytest.fixture
def encrypted(run: Run, monkeypatch: pytest.MonkeyPatch, journal_file: Path) -> Path:
    answers = {"accomplished": SECRET, "mentor": "动机不够强，需要重新审视方向"}
    run("week", "--answers", "-", input=json.dumps(answers))
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", PASSPHRASE)
    result = run("encrypt")
    assert result.exit_code == 0, result.output
    assert "Keep the passphrase safe" in result.output
    return journal_file


def test_the_file_reveals_nothing(encrypted: Path) -> None:
    raw = encrypted.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert SECRET.encode() not in raw and "动机".encode() not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(encrypted).execute("SELECT * FROM answers").fetchall()
    assert encrypted.stat().st_mode & 0o777 == 0o600


def test_everything_works_with_the_passphrase(run: Run, encrypted: Path) -> None:
    assert SECRET in run("show", "2026-W47").output
    assert "动机不够强" in run("search", "动机不够").output  # the full-text index too
    assert run("goal", "add", "Written encrypted").exit_code == 0
    assert "Written encrypted" in run("goal", "list").output


def test_a_wrong_or_missing_passphrase_is_one_clear_line(
    run: Run, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "wrong")
    wrong = run("log")
    assert wrong.exit_code == 1
    assert wrong.stderr == f"Error: wrong passphrase for the encrypted journal {encrypted}\n"
    monkeypatch.delenv("PUNCHIN_PASSPHRASE")
    missing = run("log")
    assert missing.exit_code == 1 and "is encrypted: set PUNCHIN_PASSPHRASE" in missing.stderr
    assert run("due", "--quiet").output == ""  # a shell prompt is not nagged


def test_backups_of_an_encrypted_journal_stay_encrypted(
    run: Run, encrypted: Path, home: Path
) -> None:
    made = run("backup")
    copy = Path(made.output.split("Backed up to ")[1].strip())
    assert SECRET.encode() not in copy.read_bytes()
    run("goal", "add", "After the backup")
    assert run("restore", str(copy), "--yes").exit_code == 0
    assert "After the backup" not in run("goal", "list", "--all").output
    assert SECRET in run("show", "2026-W47").output


def test_decrypt_gives_back_a_plain_journal(run: Run, encrypted: Path) -> None:
    assert run("encrypt").exit_code == 2  # already encrypted
    result = run("decrypt")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(encrypted) as conn:
        values = [row[0] for row in conn.execute("SELECT value FROM answers")]
    assert SECRET in values
    assert run("decrypt").exit_code == 2  # not encrypted any more
