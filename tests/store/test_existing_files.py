"""Files that are there already: a journal others could read is made private at the next
command; a read of a read-only journal leaves nothing that refuses the next write; and a file
at the path of `export -o`, `report -o` or `backup PATH` is replaced only when it is punchin's
own kind of output, or when the person says so."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import Result
from conftest import JOURNAL_BEGAN, Run
from processes import PATIENCE, SCRIPT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def made_private(path: Path) -> str:
    return (
        f"punchin: {path} could be read by other users of this computer; it is private now "
        "(only you can read it).\n"
    )


# -- a journal others could read --------------------------------------------------------------


def test_a_journal_others_could_read_is_made_private_at_the_next_command(
    run: Run, home: Path, journal_file: Path
) -> None:
    home.chmod(0o755)
    journal_file.chmod(0o644)
    result = run("goal", "list")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(made_private(journal_file))
    assert result.stderr.count("could be read by other users") == 1
    assert (mode(journal_file), mode(home)) == (0o600, 0o700)
    assert all(
        mode(path) == 0o600 for path in home.glob("journal.db-*") if path.is_file()
    )  # its -wal and -shm, if any are left
    again = run("goal", "list")
    assert "could be read" not in again.stderr  # said once


def test_a_private_journal_in_a_folder_others_can_open_names_the_folder(
    run: Run, home: Path, journal_file: Path
) -> None:
    home.chmod(0o755)
    result = run("--lang", "zh", "goal", "list")
    assert result.stderr.startswith(
        f"punchin：{home} 原先这台电脑上的其他用户也能读取；现在已设为私有（只有你能读取）。\n"
    )
    assert mode(home) == 0o700


def test_a_folder_of_the_users_own_is_left_as_it_is(
    run: Run, home: Path, journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "Documents"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    journal = shared / "journal.db"
    journal_file.rename(journal)
    journal.chmod(0o644)
    result = run("--db", str(journal), "goal", "list")
    assert result.stderr.startswith(made_private(journal))
    assert (mode(journal), mode(shared)) == (0o600, 0o755)  # not punchin's folder: untouched
    # Nor is the home folder, even when it is punchin's data folder too.
    monkeypatch.setenv("HOME", str(shared))
    monkeypatch.setenv("PUNCHIN_HOME", str(shared))
    journal.chmod(0o640)
    result = run("goal", "list")
    assert result.stderr.startswith(made_private(journal))
    assert (mode(journal), mode(shared)) == (0o600, 0o755)


def test_someone_elses_database_is_not_made_private(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    other.chmod(0o644)
    result = run("--db", str(other), "goal", "list")
    assert result.exit_code == 1 and "is not a punchin journal" in result.stderr
    assert mode(other) == 0o644


# -- a read-only journal, read, then writable again -------------------------------------------


def test_a_read_while_the_journal_was_read_only_does_not_refuse_later_writes(
    run: Run, journal_file: Path
) -> None:
    run("goal", "add", "Before")
    journal_file.chmod(0o400)
    result = run("goal", "list")
    assert result.exit_code == 0 and "Before" in result.output
    journal_file.chmod(0o600)
    result = run("goal", "add", "After")
    assert result.exit_code == 0, result.output
    assert "After" in run("goal", "list").output
    for suffix in ("-wal", "-shm"):
        left = Path(f"{journal_file}{suffix}")
        assert not left.exists() or mode(left) == 0o600


def test_a_read_only_shm_left_by_such_a_read_is_made_writable_again(
    run: Run, journal_file: Path
) -> None:
    """What a read of a 0400 journal leaves behind when run by its (unprivileged) owner: the
    -wal and -shm, made by SQLite with the journal's own mode, 0400. SQLite then opens that
    -shm read-only and refuses every write (`attempt to write a readonly database`) once the
    journal is writable again; they are put back to 0600 before the journal is opened."""
    run("goal", "add", "Before")
    reader = sqlite3.connect(journal_file)
    reader.execute("SELECT count(*) FROM goals").fetchone()
    left = {suffix: Path(f"{journal_file}{suffix}").read_bytes() for suffix in ("-wal", "-shm")}
    reader.close()
    for suffix, data in left.items():
        path = Path(f"{journal_file}{suffix}")
        path.write_bytes(data)
        path.chmod(0o400)
    from punchin.store import Journal

    with Journal.open(journal_file, lambda: JOURNAL_BEGAN):  # as SQLite has them open
        assert [mode(Path(f"{journal_file}{suffix}")) for suffix in left] == [0o600, 0o600]
    for suffix, data in left.items():
        path = Path(f"{journal_file}{suffix}")
        path.write_bytes(data)
        path.chmod(0o400)
    result = run("goal", "add", "After")
    assert result.exit_code == 0, result.output
    assert "could be read" not in result.stderr  # nobody else could: nothing to say
    assert "After" in run("goal", "list").output
    for suffix in left:
        path = Path(f"{journal_file}{suffix}")
        assert not path.exists() or mode(path) == 0o600


# -- outputs written over files that are there -------------------------------------------------


def refused(result: Result, path: Path, what: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {path} is there already and is not {what}; nothing was written; add --force "
        "to replace it\n"
    )


def test_export_writes_over_an_export_but_not_over_another_file(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text('{"my": "own notes"}\n')
    refused(run("export", "-o", str(notes)), notes, "a punchin export")
    assert notes.read_text() == '{"my": "own notes"}\n'
    assert run("export", "-o", str(notes), "--force").exit_code == 0
    assert json.loads(notes.read_text())["format"] == "punchin"
    run("goal", "add", "Newer")
    assert run("export", "-o", str(notes)).exit_code == 0  # an export: replaced
    assert "Newer" in notes.read_text()
    readable = tmp_path / "journal.md"
    assert run("export", "-f", "md", "-o", str(readable)).exit_code == 0
    assert run("export", "-f", "md", "-o", str(readable)).exit_code == 0  # its own Markdown
    assert readable.read_text().endswith("\n<!-- written by punchin export -->\n")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_writes_over_its_own_reports_but_not_over_another_file(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"week.{fmt}"
    target.write_text("my draft, not punchin's\n")
    refused(run("report", "week", "-f", fmt, "-o", str(target)), target, "a report punchin wrote")
    assert target.read_text() == "my draft, not punchin's\n"
    assert run("report", "week", "-f", fmt, "-o", str(target), "--force").exit_code == 0
    assert run("report", "week", "-f", fmt, "-o", str(target)).exit_code == 0  # its own
    assert run("report", "week", "--share", "-f", fmt, "-o", str(target)).exit_code == 0
    if fmt == "json":
        assert json.loads(target.read_text())["format"] == "punchin-report"
    else:
        assert target.read_text().endswith("\n<!-- written by punchin report -->\n")
    export = tmp_path / f"export.{fmt}"
    run("export", "-f", "md" if fmt != "json" else "json", "-o", str(export))
    refused(run("report", "week", "-f", fmt, "-o", str(export)), export, "a report punchin wrote")


def test_backup_writes_over_a_backup_but_not_over_another_file(run: Run, tmp_path: Path) -> None:
    backup = tmp_path / "journal.db"
    backup.write_text("the only copy of my thesis\n")
    refused(run("backup", str(backup)), backup, "a punchin journal or backup")
    assert backup.read_text() == "the only copy of my thesis\n"
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE photos (x)")
        conn.commit()
    refused(run("backup", str(other)), other, "a punchin journal or backup")
    assert run("backup", str(backup), "--force").exit_code == 0
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    run("goal", "add", "Newer")
    assert run("backup", str(backup)).exit_code == 0  # a backup: replaced by a newer one
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT count(*) FROM goals").fetchone() == (1,)
    empty = tmp_path / "new.db"
    empty.touch()  # an empty file holds nothing to lose
    assert run("backup", str(empty)).exit_code == 0


def test_an_encrypted_backup_is_known_by_the_journals_passphrase(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "correct horse")
    assert run("encrypt").exit_code == 0
    backup = tmp_path / "journal.db"
    assert run("backup", str(backup)).exit_code == 0
    assert run("backup", str(backup)).exit_code == 0  # its own encrypted backup: replaced
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(4096))  # looks encrypted, but the passphrase does not open it
    refused(run("backup", str(noise)), noise, "a punchin journal or backup")


def at_a_terminal(args: list[str], answer: str, env: dict[str, str]) -> tuple[int, str]:
    """Run punchin with a terminal for its input, answer the question, and return its exit
    code and what it said."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(SCRIPT), *args],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    deadline = time.monotonic() + PATIENCE
    try:
        assert process.stderr is not None
        said = b""
        while b"?" not in said:
            assert time.monotonic() < deadline, said
            ready, _, _ = select.select([process.stderr], [], [], 0.1)
            if ready:
                chunk = os.read(process.stderr.fileno(), 1024)
                assert chunk, said
                said += chunk
        os.write(leader, answer.encode() + b"\n")
        _, err = process.communicate(timeout=PATIENCE)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return process.returncode, (said + err).decode()


@pytest.mark.parametrize(("answer", "replaced"), [("n", False), ("y", True)])
def test_at_a_terminal_it_asks_before_replacing_another_file(
    home: Path, tmp_path: Path, answer: str, replaced: bool
) -> None:
    target = tmp_path / "report.html"
    target.write_text("<p>my own page</p>\n")
    env = dict(os.environ, PUNCHIN_HOME=str(home))
    code, said = at_a_terminal(["report", "week", "-f", "html", "-o", str(target)], answer, env)
    assert said.startswith(
        f"{target} is there already and is not a report punchin wrote. Replace it? [y/N]: "
    )
    if replaced:
        assert code == 0 and f"Wrote {target}" in said
        assert target.read_text().startswith("<!DOCTYPE html>")
    else:
        assert code == 1 and "Aborted!" in said
        assert target.read_text() == "<p>my own page</p>\n"
