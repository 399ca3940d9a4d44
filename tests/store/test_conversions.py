"""encrypt, decrypt and restore while other punchin processes use the journal: every
acknowledged write survives, nothing is left readable behind, and no process prints a
traceback. Every interleaving is pinned by a test point, never by a sleep."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from processes import SCRIPT, Points, Session, files_holding, finish, kill, start

NOTES = 50_000
SECRET = "tangerine-umbrella-secret"
PASSPHRASE = "correct horse battery staple"
WEEK = "2026-W47"


@pytest.fixture(scope="module")
def large_journals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A plain and an encrypted journal of 50,000 notes and a week goal, built once."""
    folder = tmp_path_factory.mktemp("large")
    notes = [
        {
            "id": f"{n:032x}",
            "date": "2026-01-01",
            "time": "09:00",
            "title": f"Note {n}",
            "body": "word " * 20,
            "tags": "[]",
            "starred": 0,
            "source": "jrnl",
            "created_at": "2026-01-01T00:00:00",
        }
        for n in range(NOTES)
    ]
    source = folder / "notes.json"
    source.write_text(json.dumps({"format": "punchin", "version": 1, "notes": notes}))
    built = {}
    for kind in ("plain", "encrypted"):
        home = folder / kind
        env = base_env(home)
        for args in (
            ("import", str(source)),
            ("goal", "add", "Write chapter 2", "--on", WEEK),
            ("note", "add", f"The {SECRET} is here"),
            *([("encrypt",)] if kind == "encrypted" else []),
            ("check",),  # opened once as it is: in WAL mode, as every journal in use is
        ):
            code, out, err = finish(start(env, *args))
            assert code == 0, (args, out, err)
        shutil.rmtree(home / "backups", ignore_errors=True)  # older, plain copies
        built[kind] = home / "journal.db"
    return built


def base_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PUNCHIN_HOME=str(home),
        PUNCHIN_NOW="2026-11-23T21:00:00+00:00",
        PUNCHIN_PASSPHRASE=PASSPHRASE,
        LANG="en_US.UTF-8",
    )
    env.pop("PUNCHIN_DB", None)
    return env


@pytest.fixture
def journal_home(tmp_path: Path) -> Path:
    home = tmp_path / "data"
    home.mkdir(mode=0o700)
    return home


def copy_journal(large: Path, home: Path) -> Path:
    target = home / "journal.db"
    shutil.copyfile(large, target)
    target.chmod(0o600)
    return target


def punchin(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    return finish(start(env, *args))


def note_titles(env: dict[str, str]) -> set[str]:
    code, out, err = punchin(env, "search", "acknowledged", "--json")
    assert code == 0, err
    return {hit["text"] for hit in json.loads(out)}


# Where the conversion is held while the others start: before it has the lock (a writer
# holds the journal first), with the lock but nothing copied, copied, checked, and renamed.
OFFSETS = ["writer-first", "swap.locked", "swap.copied", "swap.checked", "swap.replaced"]


@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize("conversion", ["encrypt", "decrypt"])
def test_writes_during_a_conversion_are_all_kept(
    conversion: str,
    offset: str,
    large_journals: dict[str, Path],
    journal_home: Path,
    tmp_path: Path,
) -> None:
    journal = copy_journal(
        large_journals["plain" if conversion == "encrypt" else "encrypted"], journal_home
    )
    env = base_env(journal_home)
    points = Points(tmp_path / "points")
    session = Session(points.env(env), WEEK)  # a check-in open in another terminal
    session.wait_for_prompt(1)
    session.answer("Drafted the outline")
    session.wait_for_prompt(2)  # waiting for its next answer: it holds nothing now

    first = None
    if offset == "writer-first":  # a note add holds the journal when the conversion starts
        first = start(points.env(env, hold="journal.opened"), "note", "add", "acknowledged 0")
        points.wait("journal.opened", first)
        converter = start(points.env(env), conversion)
        points.wait("lock.waiting", converter)
        points.release("journal.opened")
    else:
        converter = start(points.env(env, hold=offset), conversion)
        points.wait(offset, converter)

    writers = [
        start(points.env(env), "note", "add", f"acknowledged {n}")
        for n in range(1 if first else 0, 6)
    ]
    ticker = start(points.env(env), "remind", "tick")
    session.answer("done")  # its answer to "How did it end?" comes during the conversion
    if first is None:  # all of them are kept waiting by the conversion
        for process in [*writers, ticker]:
            points.wait("lock.waiting", process)
        points.release(offset)

    results = [finish(process) for process in [*([first] if first else []), *writers, ticker]]
    converted = finish(converter)
    assert converted[0] == 0, converted
    for code, out, err in results:
        assert code == 0, (out, err)
        assert "Traceback" not in err
    acknowledged = sum("Noted" in out for _, out, _ in results)
    assert acknowledged == 6

    session.wait_for_prompt(3)  # the check-in saved its answer and went on to the mentor
    assert session.end() == 130  # stopped there, like Ctrl-C: both answers kept
    assert b"Traceback" not in session.errors, session.errors.decode()
    assert b"2 answers for 2026-W47 are saved" in session.errors

    assert note_titles(env) == {f"acknowledged {n}" for n in range(6)}
    code, out, err = punchin(env, "show", WEEK)
    assert code == 0 and "Drafted the outline" in out, err
    code, out, err = punchin(env, "goal", "list", "--on", WEEK, "--json")
    assert [goal["status"] for goal in json.loads(out)] == ["done"], (out, err)
    code, out, err = punchin(env, "check")
    assert code == 0, err
    with journal.open("rb") as handle:
        plain = handle.read(16) == b"SQLite format 3\x00"
    assert plain == (conversion == "decrypt")


@pytest.mark.parametrize("point", ["swap.locked", "swap.copied", "swap.checked"])
@pytest.mark.parametrize("conversion", ["encrypt", "decrypt"])
def test_a_killed_conversion_leaves_the_journal_and_no_plaintext(
    conversion: str,
    point: str,
    large_journals: dict[str, Path],
    journal_home: Path,
    tmp_path: Path,
) -> None:
    was_plain = conversion == "encrypt"
    journal = copy_journal(large_journals["plain" if was_plain else "encrypted"], journal_home)
    before = journal.read_bytes()
    env = base_env(journal_home)
    if not was_plain:  # the precondition that makes the scan below mean something
        assert files_holding(journal_home, SECRET.encode()) == []
    points = Points(tmp_path / "points")
    converter = start(points.env(env, hold=point), conversion)
    points.wait(point, converter)
    kill(converter)
    leftover = journal_home / ".journal.db.converting"
    if point == "swap.copied" and not was_plain:
        assert SECRET.encode() in leftover.read_bytes()  # a decrypt's copy is plaintext

    assert journal.read_bytes() == before  # exactly as it was
    code, out, err = punchin(env, "note", "list", "-n", "1")
    assert code == 0 and SECRET in out, err
    if point != "swap.locked":
        assert f"removed {leftover}" in err
    assert not leftover.exists()
    holding = files_holding(journal_home, SECRET.encode())
    assert holding == ([journal] if was_plain else []), holding
    assert punchin(env, "check")[0] == 0


def test_a_symlinked_journal_is_converted_at_its_target(
    large_journals: dict[str, Path], journal_home: Path, tmp_path: Path
) -> None:
    synced = tmp_path / "Sync"
    synced.mkdir()
    target = copy_journal(large_journals["plain"], synced)
    link = journal_home / "journal.db"
    link.symlink_to(target)
    env = base_env(journal_home)
    code, _out, err = punchin(env, "encrypt")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == target
    assert SECRET.encode() not in target.read_bytes()  # the real journal is encrypted
    assert punchin(env, "note", "add", "acknowledged after")[0] == 0
    assert "acknowledged after" in {*note_titles(env)}
    assert not (journal_home / "journal.db-wal").exists()
    code, _out, err = punchin(env, "decrypt")
    assert code == 0 and link.is_symlink(), err
    with sqlite3.connect(target) as conn:  # plain again, at the target, with the new note
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == NOTES + 2


@pytest.mark.parametrize("journal_kind", ["plain", "encrypted"])
@pytest.mark.parametrize("backup_kind", ["plain", "encrypted"])
def test_restore_keeps_the_journals_encryption_whatever_the_backup(
    journal_kind: str,
    backup_kind: str,
    large_journals: dict[str, Path],
    journal_home: Path,
    tmp_path: Path,
) -> None:
    backup = tmp_path / "backup.db"
    shutil.copyfile(large_journals[backup_kind], backup)
    journal = copy_journal(large_journals[journal_kind], journal_home)
    env = base_env(journal_home)
    assert punchin(env, "note", "add", "only in the journal")[0] == 0
    code, out, err = punchin(env, "restore", str(backup), "--yes")
    assert code == 0 and "Restored from" in out, err
    assert "Traceback" not in err
    encrypted = journal.read_bytes()[:16] != b"SQLite format 3\x00"
    assert encrypted == (journal_kind == "encrypted")
    code, out, err = punchin(env, "search", "only in the journal", "--json")
    assert code == 0 and json.loads(out) == [], err  # the backup's content, not the journal's
    assert SECRET in punchin(env, "note", "list", "-n", "1")[1]
    kept = next((journal_home / "backups").glob("*-before-restore.db"))
    assert (kept.read_bytes()[:16] != b"SQLite format 3\x00") == encrypted
    assert punchin(env, "check")[0] == 0


def test_a_check_in_open_during_a_restore_stops_and_shows_the_unsaved_answer(
    large_journals: dict[str, Path], journal_home: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    shutil.copyfile(large_journals["plain"], backup)  # holds no check-in of the week
    copy_journal(large_journals["plain"], journal_home)
    env = base_env(journal_home)
    session = Session(env, WEEK)
    session.wait_for_prompt(1)  # the check-in of the week is started, waiting for its answer
    code, _out, err = punchin(env, "restore", str(backup), "--yes")
    assert code == 0, err
    session.answer("A first answer, typed during the restore")
    code = session.end()
    errors = session.errors.decode()
    assert code == 1 and "Traceback" not in errors and "FOREIGN KEY" not in errors
    assert "replaced by `punchin restore`" in errors
    assert "A first answer, typed during the restore" in errors


def test_a_restore_then_an_encrypt_under_an_open_check_in_is_still_noticed(
    large_journals: dict[str, Path], journal_home: Path, tmp_path: Path
) -> None:
    """The file is replaced twice, and its inode number may well come back: the check-in
    still knows its journal was restored, by the mark each replacement leaves."""
    backup = tmp_path / "backup.db"
    shutil.copyfile(large_journals["plain"], backup)
    copy_journal(large_journals["plain"], journal_home)
    env = base_env(journal_home)
    session = Session(env, WEEK)
    session.wait_for_prompt(1)
    assert punchin(env, "restore", str(backup), "--yes")[0] == 0
    assert punchin(env, "encrypt")[0] == 0
    session.answer("Typed after both")
    assert session.end() == 1
    errors = session.errors.decode()
    assert "replaced by `punchin restore`" in errors and "Typed after both" in errors
    assert "FOREIGN KEY" not in errors and "Traceback" not in errors


def test_a_restore_waiting_for_its_yes_sees_an_encrypt_that_came_meanwhile(
    large_journals: dict[str, Path], journal_home: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    shutil.copyfile(large_journals["plain"], backup)
    journal = copy_journal(large_journals["plain"], journal_home)
    env = base_env(journal_home)
    process = subprocess.Popen(
        [str(SCRIPT), "restore", str(backup)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    asked = b""
    while b"Replace the journal" not in asked:
        chunk = os.read(process.stdout.fileno(), 1024)
        assert chunk, "restore never asked"
        asked += chunk
    assert punchin(env, "encrypt")[0] == 0
    out, err = process.communicate(b"y\n", timeout=60)
    assert process.returncode == 1, (out, err)
    assert b"encrypted or decrypted by another punchin meanwhile" in err
    assert journal.read_bytes()[:16] != b"SQLite format 3\x00"  # the encrypt stands
    assert SECRET in punchin(env, "note", "list", "-n", "1")[1]


def test_an_answer_that_cannot_be_saved_is_shown_not_lost(
    large_journals: dict[str, Path], journal_home: Path
) -> None:
    copy_journal(large_journals["plain"], journal_home)
    env = base_env(journal_home)
    without = {k: v for k, v in env.items() if k != "PUNCHIN_PASSPHRASE"}
    session = Session(without, WEEK)  # no terminal and no passphrase: it cannot ask for one
    session.wait_for_prompt(1)
    assert punchin(env, "encrypt")[0] == 0
    session.answer("Three pages of chapter two")
    assert session.end() == 1
    errors = session.errors.decode()
    assert "is encrypted" in errors and "Three pages of chapter two" in errors
    assert errors.count("\n") == 1 and "Traceback" not in errors
