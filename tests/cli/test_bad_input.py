"""Bad input anywhere gets one clear line and a non-zero exit, and writes nothing."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Run


def one_line_error(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    return result.stderr


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"not json", "is not valid JSON (line 1, column 1"),
        (b"[1, 2]", "must hold a JSON object"),
        (b'{"accomplished": "Only this"}', "missing 'mentor'"),
        (b'{"accomplished": ["a", "list"], "mentor": "x"}', "'accomplished' must be text"),
        (b'{"accomplished": "x", "mentor": "x", "period": 5}', "period must be text"),
        (b"\xff\xfe broken", "cannot read answers file"),
    ],
)
def test_a_bad_answers_file_is_refused_whole(
    run: Run, tmp_path: Path, content: bytes, says: str
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_bytes(content)
    assert says in one_line_error(run("week", "--answers", str(answers)), 1)
    assert json.loads(run("log", "--json").output) == []  # not even a started check-in


def test_a_missing_answers_file(run: Run, tmp_path: Path) -> None:
    assert "does not exist" in one_line_error(
        run("week", "--answers", str(tmp_path / "nope.json")), 1
    )


def test_a_file_that_is_not_a_database_is_left_untouched(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my private notes\n", encoding="utf-8")
    for command in (["week"], ["goal", "list"], ["due"]):
        error = one_line_error(run("--db", str(notes), *command), 1)
        assert "is not a punchin journal" in error
    assert notes.read_text(encoding="utf-8") == "my private notes\n"
    assert not Path(f"{notes}-wal").exists()


def test_another_programs_database_is_refused_and_not_changed(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE photos (name TEXT)")
        conn.commit()
    before = other.read_bytes()
    error = one_line_error(run("--db", str(other), "goal", "list"), 1)
    assert "is not a punchin journal (another program's file); it was left unchanged" in error
    assert other.read_bytes() == before  # not switched to WAL, no tables added


def test_a_journal_from_a_newer_punchin_is_refused(run: Run, journal_file: Path) -> None:
    run("goal", "add", "Exists")
    with contextlib.closing(sqlite3.connect(journal_file)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('punchin', 'm999_from_the_future', '2030-01-01')"
        )
        conn.commit()
    error = one_line_error(run("goal", "list"), 1)
    assert "written by a newer punchin" in error and "upgrade punchin" in error


def test_a_folder_given_as_the_journal(run: Run, tmp_path: Path) -> None:
    assert "is a folder, not a journal file" in one_line_error(
        run("--db", str(tmp_path), "goal", "list"), 1
    )


def test_a_journal_folder_that_cannot_be_created(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    error = one_line_error(run("--db", str(blocker / "journal.db"), "week"), 1)
    assert "cannot create folder" in error


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` unwritable even for root (immutable), or skip where that is impossible."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot make a file read-only for root on this file system")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_folder(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        error = one_line_error(run("--db", str(folder / "journal.db"), "week"), 1)
    assert "cannot create the journal" in error


def test_a_read_only_journal_keeps_what_it_has(run: Run, journal_file: Path) -> None:
    run("goal", "add", "Written before")
    with read_only(journal_file):
        error = one_line_error(run("goal", "add", "Cannot be written"), 1)
        assert "read-only" in error
        assert "Written before" in run("goal", "list").output  # reading still works


def test_bad_settings_file(run: Run, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "settings.toml"
    settings.write_text('language = "en"\nweekly_time = "25:99"\n', encoding="utf-8")
    assert "weekly time must be HH:MM" in one_line_error(run("goal", "list"), 1)
    settings.write_text("language = [unclosed\n", encoding="utf-8")
    assert "is not valid TOML" in one_line_error(run("goal", "list"), 1)


def test_bad_init_values(run: Run) -> None:
    assert "unknown timezone" in one_line_error(run("init", "--timezone", "Mars/Base", "-y"), 2)
    assert "weekday" in one_line_error(run("init", "--weekly-day", "someday", "-y"), 2)


def test_a_broken_question_set_override(run: Run, home: Path) -> None:
    override = home / "prompts" / "en" / "week.toml"
    override.parent.mkdir(parents=True)
    override.write_text("[questions.accomplished\n", encoding="utf-8")
    assert "is not valid TOML" in one_line_error(run("week"), 1)


def test_a_bad_pinned_clock(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "next tuesday")
    assert "PUNCHIN_NOW='next tuesday'" in one_line_error(run("due"), 2)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("goal", "add", "   "), 2, "a goal needs a title"),
        (("goal", "add", "x" * 501), 2, "at most 500 characters"),
        (("goal", "add", "x", "--on", "2026-02-30"), 2, "cannot read '2026-02-30' as a date"),
        (("goal", "add", "x", "--parent", "feedbeef"), 1, "no goal 'feedbeef'"),
        (("goal", "done", "nothing"), 1, "no goal 'nothing'"),
        (("goal", "edit", "feedbeef", "--title", "y"), 1, "no goal 'feedbeef'"),
        (("week", "--on", "2026-W60"), 2, "2026 has no ISO week 60"),
        (("show", "whenever"), 2, "cannot read 'whenever' as a date"),
        (("log", "--since", "the dawn of time"), 2, "cannot read"),
        (("search", " "), 2, "search needs some text"),
    ],
)
def test_bad_arguments(run: Run, args: tuple[str, ...], code: int, says: str) -> None:
    assert says in one_line_error(run(*args), code)
