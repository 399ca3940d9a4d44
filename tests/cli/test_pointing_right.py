"""Messages that point the right way: a text file is not a journal (not an encrypted one), an
import names the record whose reference leads nowhere, an encrypted backup asks for its own
passphrase, an empty --on is refused by every command alike, `check` never makes a journal,
`init` rewrites settings it cannot read, and a settings edit is always seen."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Run


def one_line(result: Result, code: int | None = None) -> str:
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.output
    error = result.stderr
    assert error.count("\n") == 1 and "Traceback" not in error, error
    return error


# -- what a file is --------------------------------------------------------------------------------


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    """1,024 bytes of text: whole pages, as an encrypted journal's are, but plainly text."""
    path = tmp_path / "notes.db"
    path.write_bytes((b"Monday: wrote the outline of chapter 2.\n" * 30)[:1024])
    return path


def test_a_text_file_is_not_a_journal_not_an_encrypted_one(
    run: Run, text_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = text_file.read_bytes()
    for command in (["goal", "list"], ["check"], ["due"]):
        error = one_line(run("--db", str(text_file), *command), 1)
        assert "is not a punchin journal" in error and "encrypted" not in error
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "anything at all")
    error = one_line(run("--db", str(text_file), "goal", "list"), 1)
    assert "is not a punchin journal" in error and "passphrase" not in error
    assert "不是 punchin 日志" in one_line(run("--lang", "zh", "--db", str(text_file), "due"), 1)
    assert text_file.read_bytes() == before


def test_an_encrypted_journal_is_still_known_as_one(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    run("goal", "add", "Kept secret")
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "the right one, long enough")
    assert run("encrypt").exit_code == 0
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "not the right one")
    assert "wrong passphrase" in one_line(run("goal", "list"), 1)


def test_an_encrypted_backup_restored_into_a_plain_journal_asks_for_its_passphrase(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    passphrase = "the backup's own passphrase"
    run("goal", "add", "In the encrypted backup")
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", passphrase)
    assert run("encrypt").exit_code == 0
    backup = tmp_path / "encrypted-backup.db"
    assert run("backup", str(backup)).exit_code == 0
    assert run("decrypt").exit_code == 0
    monkeypatch.delenv("PUNCHIN_PASSPHRASE")
    error = one_line(run("restore", str(backup), "--yes"), 1)
    assert f"{backup} is an encrypted backup: give its passphrase" in error
    assert "journal.db" not in error  # the journal is plain; the backup is what is locked
    assert "是加密的备份" in one_line(run("--lang", "zh", "restore", str(backup), "--yes"), 1)
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "not it")
    error = one_line(run("restore", str(backup), "--yes"), 1)
    assert f"wrong passphrase for the encrypted backup {backup}" in error
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", passphrase)
    assert run("restore", str(backup), "--yes").exit_code == 0
    monkeypatch.delenv("PUNCHIN_PASSPHRASE")
    assert "In the encrypted backup" in run("goal", "list", "--all").output  # plain, as it was


# -- an import's reference that leads nowhere ------------------------------------------------------


def test_an_unknown_parent_names_the_record_and_the_missing_id(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("goal", "add", "Finish the thesis", "--on", "2026-Q4")
    data = json.loads(run("export").output)
    goal = data["goals"][0]
    goal["parent_id"] = "feedc0ffee0123456789"
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("PUNCHIN_HOME", str(tmp_path / "elsewhere"))
    error = one_line(run("import", str(path)), 1)
    assert (
        f"goals {goal['id'][:12]} has parent_id feedc0ffee01, which is neither in the file nor "
        "in the journal (among its goals); nothing was imported"
    ) in error
    assert "FOREIGN KEY" not in error and "journal.db" not in error
    error = one_line(run("--lang", "zh", "import", str(path)), 1)
    assert f"goals 中的记录 {goal['id'][:12]} 的 parent_id 是 feedc0ffee01" in error
    assert json.loads(run("export").output)["goals"] == []


# -- an empty --on: one rule ----------------------------------------------------------------------

EMPTY_WHEN = [
    ("--on", ("goal", "add", "x", "--on", "")),
    ("--on", ("goal", "list", "--on", "")),
    ("--on", ("goal", "edit", "{goal}", "--on", "")),
    ("--on", ("week", "--on", "")),
    ("--on", ("week", "--on", " ", "--answers-template")),
    ("--on", ("quarter", "--on", "")),
    ("--on", ("year", "--on", "")),
    ("--on", ("five-year", "--on", "")),
    ("PERIOD", ("show", "")),
    ("PERIOD", ("report", "week", "")),
    ("--since", ("log", "--since", "")),
    ("--since", ("export", "--since", "")),
    ("--until", ("export", "--until", "")),
    ("--since", ("report", "year", "--share", "--wins", "--since", "")),
]


@pytest.mark.parametrize(("name", "args"), EMPTY_WHEN)
def test_an_empty_date_or_period_is_refused_by_every_command(
    run: Run, name: str, args: tuple[str, ...]
) -> None:
    goal = run("goal", "add", "Existing").output.split()[1]
    before = run("goal", "list", "--all", "--json").output
    error = one_line(run(*(goal if arg == "{goal}" else arg for arg in args)), 2)
    assert error == (
        f"Error: {name} is empty: give a date like 2026-11-16 or 'last monday', or a period "
        "like 2026-W47\n"
    )
    assert run("goal", "list", "--all", "--json").output == before
    assert json.loads(run("log", "--json").output) == []  # no review was begun


def test_an_empty_on_in_chinese(run: Run) -> None:
    assert "--on 为空" in one_line(run("--lang", "zh", "week", "--on", ""), 2)


# -- check makes nothing ---------------------------------------------------------------------------


def test_check_on_a_mistyped_path_makes_nothing_and_says_so(run: Run, tmp_path: Path) -> None:
    for mistyped in (tmp_path / "jornal.db", tmp_path / "no-such-folder" / "journal.db"):
        error = one_line(run("--db", str(mistyped), "check"), 1)
        assert error == (f"Error: no journal at {mistyped}: run `punchin init` or `punchin week`\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]  # no file, lock or folder
    assert "还没有日志" in one_line(run("--lang", "zh", "--db", str(tmp_path / "x.db"), "check"))


def test_check_still_checks_the_journal_that_is_there(run: Run) -> None:
    run("goal", "add", "Sound")
    result = run("check")
    assert result.exit_code == 0 and "sound" in result.output


# -- init rewrites what it cannot read -------------------------------------------------------------

BROKEN = 'language = "en"\nweekly_day = "sunday"\nweekly_time = "25:99"\nweekly_minutes = [45\n'


@pytest.fixture
def broken_settings(home: Path) -> Path:
    path = home / "settings.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_every_command_says_init_can_rewrite_unreadable_settings(
    run: Run, broken_settings: Path
) -> None:
    error = one_line(run("goal", "list"), 1)
    assert "is not valid TOML" in error
    assert "`punchin init` can rewrite it, keeping what it can read" in error


def test_init_yes_rewrites_unreadable_settings_keeping_what_it_can_read(
    run: Run, broken_settings: Path
) -> None:
    result = run("init", "--yes")
    assert result.exit_code == 0, result.output
    assert (
        f"Rewrote {broken_settings}, keeping what could be read (back to the default: line 4, "
        "weekly_time)."
    ) in result.output
    text = broken_settings.read_text(encoding="utf-8")
    assert 'weekly_day = "sunday"' in text and 'weekly_time = "21:00"' in text
    assert "weekly_minutes = 30" in text
    assert run("goal", "list").exit_code == 0


def test_init_yes_with_flags_rewrites_and_applies_them(run: Run, broken_settings: Path) -> None:
    assert run("init", "--yes", "--weekly-time", "20:30").exit_code == 0
    text = broken_settings.read_text(encoding="utf-8")
    assert 'weekly_time = "20:30"' in text and 'weekly_day = "sunday"' in text


def test_init_at_a_terminal_asks_first(
    run: Run, broken_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("punchin.cli.setup._at_terminal", lambda: True)
    declined = run("init", input="n\n")
    assert declined.exit_code == 1
    assert "Rewrite" in declined.output and "back to the default: line 4, weekly_time" in (
        declined.output
    )
    assert "is not valid TOML" in declined.stderr
    assert broken_settings.read_text(encoding="utf-8") == BROKEN
    accepted = run("init", input="y\nen\n\n\n\n\n")
    assert accepted.exit_code == 0, accepted.output
    assert "Weekly review: Sunday 21:00, 30 minutes" in accepted.output
    assert 'weekly_day = "sunday"' in broken_settings.read_text(encoding="utf-8")


def test_init_without_a_terminal_or_yes_says_how(run: Run, broken_settings: Path) -> None:
    error = one_line(run("init"), 1)
    assert "cannot be read whole (line 4, weekly_time)" in error
    assert "run `punchin init --yes` to rewrite it" in error
    assert broken_settings.read_text(encoding="utf-8") == BROKEN


def test_init_rewrites_unreadable_settings_in_chinese(run: Run, home: Path) -> None:
    path = home / "settings.toml"
    path.write_text('language = "zh"\nweekly_time = "25:99"\n', encoding="utf-8")
    assert "punchin init --yes" in one_line(run("init"), 1)
    result = run("init", "--yes")
    assert result.exit_code == 0, result.output
    assert "已重写" in result.output and "恢复为默认值的：weekly_time" in result.output
    assert 'language = "zh"' in path.read_text(encoding="utf-8")


# -- a settings edit is always seen ----------------------------------------------------------------


def test_settings_edited_in_place_to_the_same_size_and_time_are_seen(run: Run, home: Path) -> None:
    path = home / "settings.toml"
    path.write_text('language = "en"\n', encoding="utf-8")
    assert "a goal needs a title" in one_line(run("goal", "add", " "), 2)  # cached now
    was = path.stat()
    with path.open("r+b") as handle:  # in place: the same inode, the same size
        handle.write(b'language = "zh"\n')
    os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))  # and the same time, to the ns
    now = path.stat()
    assert (now.st_ino, now.st_size, now.st_mtime_ns) == (was.st_ino, was.st_size, was.st_mtime_ns)
    assert "目标需要一个标题" in one_line(run("goal", "add", " "), 2)
    assert len(list((home / "cache").glob("settings-*"))) == 1  # replaced, not piled up
