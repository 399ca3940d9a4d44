"""Files punchin does not own, given where it expects its own: another program's database,
devices and runaway inputs, output paths that are links, pipes or devices, a backup from a
newer punchin, an export with impossible values, and decrypted pages in a shared folder."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Run
from processes import SCRIPT, files_holding

SECRET = "marmalade-lighthouse-secret"


def one_line(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    error = result.stderr
    assert error.count("\n") == 1 and "Traceback" not in error, error
    return error


# -- only punchin's own files are journals --------------------------------------------------


def test_a_view_only_database_with_its_own_mark_and_pending_wal_is_left_byte_identical(
    run: Run, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    owner = sqlite3.connect(other, isolation_level=None)  # the other program, still running
    owner.execute("PRAGMA journal_mode = WAL")
    owner.execute("PRAGMA wal_autocheckpoint = 0")
    owner.execute("PRAGMA application_id = 12345")
    owner.execute("PRAGMA user_version = 7")
    owner.execute("CREATE VIEW answer AS SELECT 42 AS value")
    files = [other, Path(f"{other}-wal"), Path(f"{other}-shm")]
    assert all(path.exists() for path in files)
    before = [path.read_bytes() for path in files]
    for command in (["goal", "list"], ["week"], ["due"], ["check"], ["note", "add", "x"]):
        error = one_line(run("--db", str(other), *command))
        assert "is not a punchin journal (another program's file)" in error
    assert [path.read_bytes() for path in files] == before
    assert owner.execute("SELECT value FROM answer").fetchone() == (42,)
    owner.close()


def test_a_database_without_any_mark_or_table_is_not_taken_over(run: Run, tmp_path: Path) -> None:
    blank = tmp_path / "blank.db"
    with contextlib.closing(sqlite3.connect(blank)) as conn:
        conn.execute("PRAGMA user_version = 3")
        conn.commit()
    before = blank.read_bytes()
    one_line(run("--db", str(blank), "goal", "add", "x"))
    assert blank.read_bytes() == before


def test_every_journal_carries_punchins_mark(run: Run, journal_file: Path) -> None:
    run("goal", "add", "Marked")
    assert journal_file.read_bytes()[68:72] == b"punc"


# -- bounded input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("import", "/dev/zero"),
        ("import", "--from", "jrnl", "/dev/urandom"),
        ("week", "--answers", "/dev/zero"),
    ],
)
def test_devices_are_refused_before_anything_is_read(run: Run, args: tuple[str, ...]) -> None:
    error = one_line(run(*args))
    assert "a device, a pipe or a socket, not a file" in error


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(run: Run, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert "not a file" in one_line(run("import", str(pipe)))


def test_files_over_the_limits_are_refused_unread(run: Run, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: no disk is used, and none of it may be read
        handle.truncate(256 * 1024 * 1024 + 1)
    assert "larger than 256 MB" in one_line(run("import", str(huge)))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"accomplished": "x" * (1024 * 1024), "mentor": "y"}))
    assert "larger than 1 MB" in one_line(run("week", "--answers", str(answers)))
    piped = json.dumps({"accomplished": "x" * (1024 * 1024), "mentor": "y"})
    assert "larger than 1 MB" in one_line(run("week", "--answers", "-", input=piped))
    assert json.loads(run("log", "--json").output) == []


# -- output paths written honestly --------------------------------------------------------------


def test_a_symlinked_output_is_written_at_its_target(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "synced" / "report.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "report.md"
    link.symlink_to(target)
    assert run("report", "week", "-o", str(link), "--force").exit_code == 0  # over "old"
    assert link.is_symlink() and "Weekly" in target.read_text()
    assert run("export", "-o", str(link), "--force").exit_code == 0  # over a report
    assert link.is_symlink() and json.loads(target.read_text())["format"] == "punchin"


def test_a_fifo_is_written_as_a_stream_to_its_reader(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert run("remind", "ics", "-o", str(fifo)).exit_code == 0
    reader.join(timeout=30)
    assert got and got[0].startswith(b"BEGIN:VCALENDAR")
    assert fifo.is_fifo()


def test_dev_stdout_through_a_pipe_and_dash_are_standard_output(
    run: Run, home: Path, tmp_path: Path
) -> None:
    run("goal", "add", "Piped")
    env = dict(os.environ)
    for args in (["export", "-o", "/dev/stdout"], ["export", "-o", "-"]):
        done = subprocess.run(
            [str(SCRIPT), *args], env=env, capture_output=True, check=False, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["goals"][0]["title"] == "Piped"
    backup = subprocess.run(
        [str(SCRIPT), "backup", "-"], env=env, capture_output=True, check=False, timeout=60
    )
    assert backup.returncode == 0 and backup.stdout.startswith(b"SQLite format 3\x00")
    assert not [p for p in home.rglob("*") if p.name.endswith(".tmp")]  # nothing left over


def test_a_planted_symlink_at_the_old_temporary_name_redirects_nothing(
    run: Run, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "report.md"
    (tmp_path / f".report.md.{os.getpid()}.tmp").symlink_to(victim)
    assert run("report", "week", "-o", str(out)).exit_code == 0
    assert victim.read_text() == "keep me"
    assert "Weekly" in out.read_text() and out.stat().st_mode & 0o777 == 0o600


def test_an_existing_file_is_replaced_whole_and_a_folder_is_refused(
    run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "paths.md"
    out.write_text("x" * 100_000)
    assert run("paths", "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("Three paths") and len(out.read_text()) < 100_000
    assert "it is a folder" in one_line(run("paths", "-o", str(tmp_path)))


# -- only what this punchin can read goes in ------------------------------------------------------


def test_a_backup_from_a_newer_punchin_is_refused_before_anything_changes(
    run: Run, home: Path, journal_file: Path, tmp_path: Path
) -> None:
    run("goal", "add", "Current")
    backup = tmp_path / "newer.db"
    assert run("backup", str(backup)).exit_code == 0
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('punchin', 'm999_from_the_future', '2030-01-01')"
        )
        conn.commit()
    error = one_line(run("restore", str(backup), "--yes"))
    assert "made by a newer punchin" in error and "upgrade punchin first" in error
    assert not list((home / "backups").glob("*before-restore*"))
    assert "Current" in run("goal", "list").output


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["entries"][0].update(seconds_spent=float("inf")), "not a finite number"),
        (lambda d: d["notes"][0].update(tags="x"), "not a list of tags"),
        (lambda d: d["meta"].update(start_year="abc"), "meta start_year is 'abc'"),
        (lambda d: d["goals"][0].update(period="2026-W99"), "has no ISO week 99"),
        (lambda d: d["goals"][0].update(period_start="2026-01-01"), "not the first and last"),
        (lambda d: d["goals"][0].update(parent_id="0" * 32), "neither in the file nor"),
        (lambda d: d["goals"][0].update(id="a b"), "not an id"),
    ],
)
def test_an_export_with_an_impossible_value_is_refused_whole(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, says: str
) -> None:
    run("goal", "add", "Write chapter 2")
    run("note", "add", "A note #tag")
    run("week", "--answers", "-", input='{"accomplished": "x", "mentor": "y"}')
    data = json.loads(run("export").output)
    change(data)  # type: ignore[operator]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    monkeypatch.setenv("PUNCHIN_HOME", str(tmp_path / "elsewhere"))
    assert says in one_line(run("import", str(broken)))
    assert json.loads(run("export").output)["goals"] == []  # nothing went in


READ_COMMANDS = [
    ["goal", "list", "--all"],
    ["show", "2026-W47"],
    ["show", "2026-Q4"],
    ["show", "2026"],
    ["log"],
    ["search", "note"],
    ["due"],
    ["report", "week", "2026-W47"],
    ["report", "quarter", "2026-Q4", "-f", "html"],
    ["report", "year", "2026", "-f", "json"],
    ["export"],
    ["export", "-f", "md"],
    ["note", "list"],
    ["week", "--answers-template"],
    ["quarter", "--answers-template"],
    ["year", "--answers-template"],
    ["paths", "--assess", "--answers-template"],
    ["remind", "tick"],
    ["remind", "ics"],
]


def test_a_journal_already_holding_impossible_values_is_read_around_and_checked(
    run: Run, journal_file: Path
) -> None:
    run("goal", "add", "Write chapter 2", "--on", "2026-W46")
    run("note", "add", "A note #tag")
    run("week", "--answers", "-", input='{"accomplished": "x", "mentor": "y"}')
    with contextlib.closing(sqlite3.connect(journal_file)) as conn:  # as an older import left it
        conn.executescript(
            "UPDATE meta SET value = 'abc' WHERE key = 'start_year';"
            "UPDATE meta SET value = 'garbage' WHERE key = 'created_at';"
            "UPDATE entries SET seconds_spent = 9e999;"
            "UPDATE notes SET tags = 'x';"
        )
    for command in READ_COMMANDS:
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
    problems = run("check")
    assert problems.exit_code == 1
    for says in ("start_year is 'abc'", "created_at is 'garbage'", "seconds_spent is inf", "tags"):
        assert says in problems.stderr


# -- decrypted data only where the user put it ---------------------------------------------------


def test_report_open_on_an_encrypted_journal_leaves_nothing_in_the_temporary_folder(
    home: Path, tmp_path: Path
) -> None:
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opened = tmp_path / "opened.txt"
    opener = bin_dir / "xdg-open"
    opener.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    opener.chmod(0o755)
    env = dict(
        os.environ,
        TMPDIR=str(shared_tmp),
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        PUNCHIN_PASSPHRASE="a long enough passphrase",
    )

    def punchin(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False, timeout=60
        )

    assert punchin("goal", "add", f"The {SECRET}", "--on", "2026-W47").returncode == 0
    assert punchin("encrypt").returncode == 0
    done = punchin("report", "week", "2026-W47", "-f", "html", "--open")
    assert done.returncode == 0, done.stderr
    assert files_holding(shared_tmp, SECRET.encode()) == []
    page = Path(opened.read_text().strip())
    assert page.is_relative_to(home) and page.stat().st_mode & 0o777 == 0o600
    assert SECRET in page.read_text()
    assert str(page) in done.stderr


# -- found when the first version of all this was attacked ----------------------------------


def first_release_journal(path: Path, names: tuple[str, ...]) -> sqlite3.Connection:
    """A journal as an older punchin made it, with only the migrations `names`, in WAL mode
    and never checkpointed; the connection is left open, as a crashed process leaves it."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from punchin.store import migrations

    path.parent.mkdir(mode=0o700, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    older = Migrations(migrations.MIGRATION_SET)
    for name in names:
        older()(getattr(migrations, name))
    older.apply(Database(conn))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('created_at', '2026-01-05T10:00:00'), "
        "('start_year', '2026'), ('journal_id', 'old')"
    )
    conn.execute(
        "INSERT INTO goals (id, title, horizon, period, period_start, period_end, created_at, "
        "updated_at) VALUES ('g1', 'Kept in the write-ahead log', 'week', '2026-W47', "
        "'2026-11-16', '2026-11-22', '2026-11-16T09:00:00', '2026-11-16T09:00:00')"
    )
    return conn


@pytest.mark.fresh_journal
def test_an_older_journal_still_in_its_write_ahead_log_is_recognised(
    run: Run, journal_file: Path, tmp_path: Path
) -> None:
    crashed = tmp_path / "crashed" / "journal.db"
    owner = first_release_journal(crashed, ("m001_initial",))
    assert crashed.stat().st_size <= 4096 and Path(f"{crashed}-wal").stat().st_size > 0
    journal_file.parent.mkdir(mode=0o700)
    for suffix in ("", "-wal"):  # what a crash leaves: both files, no process
        Path(f"{journal_file}{suffix}").write_bytes(Path(f"{crashed}{suffix}").read_bytes())
    owner.close()
    listed = run("goal", "list", "--on", "2026-W47")
    assert listed.exit_code == 0, listed.output
    assert "Kept in the write-ahead log" in listed.output
    assert journal_file.read_bytes()[68:72] == b"punc"  # upgraded and marked


def test_a_backup_from_before_notes_existed_restores_and_upgrades(
    run: Run, journal_file: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old" / "backup.db"
    names = ("m001_initial", "m002_carried_from", "m003_span_indexes", "m004_notifications")
    first_release_journal(old, names).close()  # closed: checkpointed, as a backup is
    run("note", "add", "Only in the current journal")
    restored = run("restore", str(old), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Kept in the write-ahead log" in run("goal", "list", "--all").output
    assert run("note", "list").exit_code == 0 and run("check").exit_code == 0


def test_a_lock_that_cannot_be_taken_is_one_line_and_nothing_is_written(
    run: Run, journal_file: Path
) -> None:
    run("goal", "add", "Before")
    lock = Path(f"{journal_file}.lock")
    lock.unlink()
    lock.mkdir()  # whatever stands in the lock file's place
    for command in (["note", "add", "x"], ["encrypt"], ["goal", "list"]):
        assert "cannot lock the journal" in one_line(run(*command))
    lock.rmdir()
    assert run("note", "list", "--json").output.strip() == "[]"  # the note never went in


def test_due_says_it_removed_a_conversions_leftover(run: Run, journal_file: Path) -> None:
    run("goal", "add", "Exists")
    leftover = journal_file.with_name(".journal.db.converting")
    leftover.write_bytes(b"plaintext of a decrypt that was killed")
    result = run("due", "--quiet")
    assert result.exit_code == 0 and f"removed {leftover}" in result.stderr
    assert not leftover.exists()


def test_dev_stdout_appends_where_the_shell_redirected_it(run: Run, tmp_path: Path) -> None:
    run("goal", "add", "Appended")
    log = tmp_path / "log.md"
    log.write_text("EARLIER\n")
    done = subprocess.run(
        ["sh", "-c", f'"{SCRIPT}" report week -o /dev/stdout >> "{log}"'],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("EARLIER\n") and "Weekly" in text
    assert "Wrote" not in done.stderr


def test_no_output_lands_on_the_journal(run: Run, journal_file: Path) -> None:
    run("goal", "add", "Safe")
    for suffix in ("", "-wal", ".lock"):
        error = one_line(run("export", "-o", f"{journal_file}{suffix}"))
        assert "it is the journal" in error
    assert "Safe" in run("goal", "list").output


def test_two_restores_in_the_same_second_keep_both_safety_copies(
    run: Run, home: Path, tmp_path: Path
) -> None:
    run("goal", "add", "First")
    backup = tmp_path / "b.db"
    run("backup", str(backup))
    assert run("restore", str(backup), "--yes").exit_code == 0
    assert run("restore", str(backup), "--yes").exit_code == 0
    assert len(list((home / "backups").glob("*before-restore*.db"))) == 2
