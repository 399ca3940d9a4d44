"""A damaged journal, with the damage done for real (4 KB of random bytes written over the
file at several offsets): told apart from a file that is not a journal, its newest sound
backup named with the command that puts it back, restored with the damaged file kept aside,
and salvaged into a new journal without the damaged file changing by a byte."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LAZY, Run, check_in

WEEKS = ("2026-W44", "2026-W45", "2026-W46", "2026-W47")
TABLES = ("goals", "entries", "answers", "diagnoses", "commitments")


@pytest.fixture
def weeks(run: Run, monkeypatch: pytest.MonkeyPatch, journal_file: Path) -> Path:
    """Four weekly check-ins, each with a goal done and one missed (with its diagnosis and
    commitment), each made on its Monday evening: four automatic backups, a week apart."""
    for week in WEEKS:
        number = int(week[-2:])
        monkeypatch.setenv("PUNCHIN_NOW", _monday_after(week))
        run("goal", "add", f"Draft section {number}", "--on", week)
        run("goal", "add", f"Run the experiment {number}", "--on", week)
        check_in(
            run,
            week,
            {
                f"Draft section {number}": {"status": "done"},
                f"Run the experiment {number}": {"status": "missed", **LAZY, "remedy": "partner"},
            },
            kept="partly",
        )
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-24T09:00:00+00:00")
    return journal_file


def _monday_after(week: str) -> str:
    from datetime import timedelta

    from punchin.periods import parse_period_label

    period = parse_period_label(week)
    assert period is not None
    return f"{(period.end + timedelta(days=1)).isoformat()}T21:00:00+00:00"


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def pages_of(path: Path, name: str) -> list[int]:
    """The pages a table or index has in the file (SQLite's dbstat)."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (name,)).fetchall()
    return sorted(row[0] for row in rows)


def damage(path: Path, offset: int, seed: int = 0) -> None:
    """4 KB of random bytes over the file at `offset`."""
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(seed + offset).randbytes(4096))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def offsets(journal: Path) -> list[int]:
    """Where to strike: the brief's 8192 (an index of the schema record), the middle of the
    answers, the goals table's first page, and the last page of the commitments."""
    answers = pages_of(journal, "answers")
    return [
        8192,
        (answers[len(answers) // 2] - 1) * 4096,
        (pages_of(journal, "goals")[0] - 1) * 4096,
        (pages_of(journal, "commitments")[-1] - 1) * 4096,
    ]


def newest_backup(home: Path) -> Path:
    return max((home / "backups").glob("journal-*-auto-*.db"))


@pytest.fixture
def healthy(weeks: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "healthy.db"
    with sqlite3.connect(weeks) as conn, sqlite3.connect(copy) as target:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.backup(target)
    yield copy


def struck(journal: Path, healthy: Path, offset: int) -> None:
    """The journal as it was, then damaged at `offset`."""
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    journal.write_bytes(healthy.read_bytes())
    damage(journal, offset)


def test_check_says_damaged_names_the_newest_sound_backup_and_how_to_restore_it(
    run: Run, weeks: Path, healthy: Path, home: Path
) -> None:
    newest = newest_backup(home)
    for offset in offsets(healthy):
        struck(weeks, healthy, offset)
        result = run("check")
        assert result.exit_code == 1, offset
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (offset, lines)
        line = lines[0]
        assert f"{weeks} is a punchin journal, but it is damaged" in line, offset
        assert "not a punchin journal" not in line
        assert f"its newest sound backup is {newest} (2026-11-23 21:00)" in line
        assert "`punchin restore --latest` puts it back" in line
        assert "`punchin check --salvage`" in line


def test_every_command_that_meets_the_damage_says_the_same(
    run: Run, weeks: Path, healthy: Path
) -> None:
    struck(weeks, healthy, 8192)  # the schema's own record: every command meets it
    for args in (("goal", "list"), ("show", "2026-W47"), ("log",), ("due",), ("export",)):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "is a punchin journal, but it is damaged" in result.stderr, args
        assert "punchin restore --latest" in result.stderr, args
        assert "Traceback" not in result.output + result.stderr


def test_the_restore_command_names_the_journal_given(
    run: Run, weeks: Path, healthy: Path, tmp_path: Path, home: Path
) -> None:
    moved = tmp_path / "my journal.db"
    struck(moved, healthy, 8192)
    result = run("--db", str(moved), "check")
    assert f"`punchin --db '{moved}' check --salvage`" in result.stderr
    assert "no sound backup of it was found" in result.stderr  # none beside that file


def test_a_damaged_backup_is_passed_over_and_none_at_all_is_said(
    run: Run, weeks: Path, healthy: Path, home: Path
) -> None:
    newest = newest_backup(home)
    damage(newest, 8192)
    struck(weeks, healthy, 8192)
    named = run("check").stderr
    assert str(newest) not in named and "(2026-11-16 21:00)" in named
    for backup in (home / "backups").iterdir():
        backup.unlink()
    alone = run("check").stderr
    assert "no sound backup of it was found" in alone
    assert "`punchin check --salvage` copies what is still readable" in alone


def test_the_damage_is_told_in_chinese(run: Run, weeks: Path, healthy: Path, home: Path) -> None:
    struck(weeks, healthy, 8192)
    result = run("--lang", "zh", "check")
    assert result.stderr.startswith("错误：")
    assert "是 punchin 日志，但它已经损坏" in result.stderr
    assert str(newest_backup(home)) in result.stderr and "punchin restore --latest" in result.stderr
    for backup in (home / "backups").iterdir():
        backup.unlink()
    assert "没有找到它的完好备份" in run("--lang", "zh", "check").stderr


def test_a_file_that_is_not_a_journal_is_still_said_to_be_one(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 100)
    damage(other, 4096)  # another program's file, damaged: still not ours
    for path in (other, tmp_path / "notes.txt"):
        if not path.exists():
            path.write_text("not a journal\n" * 400, encoding="utf-8")
        result = run("--db", str(path), "check")
        assert result.exit_code == 1
        assert "damaged" not in result.stderr and "not a punchin journal" in result.stderr


def test_restore_latest_puts_back_the_newest_sound_backup_and_keeps_the_damaged_file(
    run: Run, weeks: Path, healthy: Path, home: Path
) -> None:
    struck(weeks, healthy, 8192)
    damaged = digest(weeks)
    newest = newest_backup(home)
    refused = run("restore", "--latest", input="n\n")
    assert refused.exit_code == 1 and digest(weeks) == damaged  # asked first
    result = run("restore", "--latest", "--yes")
    assert result.exit_code == 0, result.output + result.stderr
    kept = home / "journal-20261124-090000-damaged.db"
    assert f"Restored from {newest}; the damaged journal is kept as {kept}" in result.output
    assert f"punchin --db {kept} check --salvage" in result.output
    assert digest(kept) == damaged  # set aside whole, never deleted
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert run("check").output.endswith("sound.\n")
    assert counts(weeks) == counts(healthy)
    assert "Run the experiment 47" in run("show", "2026-W47").output
    chinese = run("--lang", "zh", "restore", "--latest", "--yes")
    assert chinese.exit_code == 0 and "已从" in chinese.output  # a sound journal: backed up first


def test_restore_needs_a_backup_or_latest_and_says_when_there_is_none(
    run: Run, weeks: Path, home: Path
) -> None:
    both = run("restore", str(newest_backup(home)), "--latest")
    assert both.exit_code == 2 and "or --latest" in both.stderr
    assert run("restore").exit_code == 2
    for backup in (home / "backups").iterdir():
        backup.unlink()
    none = run("restore", "--latest", "--yes")
    assert none.exit_code == 1
    assert none.stderr.startswith(f"Error: no sound backup of {weeks} was found in ")
    zh = run("--lang", "zh", "restore", "--latest", "--yes")
    assert "没有找到" in zh.stderr


def test_salvage_saves_what_is_readable_and_never_changes_the_damaged_file(
    run: Run,
    weeks: Path,
    healthy: Path,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-sqlite3"))  # the table-by-table way
    whole = counts(healthy)
    for number, offset in enumerate(offsets(healthy)):
        struck(weeks, healthy, offset)
        before = digest(weeks)
        monkeypatch.setenv("PUNCHIN_NOW", f"2026-11-24T09:00:0{number}+00:00")
        result = run("check", "--salvage")
        assert result.exit_code == 0, (offset, result.output, result.stderr)
        assert digest(weeks) == before, offset  # not a byte changed
        saved = home / f"journal-20261124-09000{number}-salvaged.db"
        assert saved.exists() and stat.S_IMODE(saved.stat().st_mode) == 0o600
        lines = result.output.splitlines()
        assert lines[0] == f"Saved what could be read of {weeks} into {saved} (table by table):"
        found = counts(saved)
        assert lines[1].strip().startswith(f"{found['goals']} goals, {found['entries']} reviews")
        assert all(found[t] <= whole[t] for t in TABLES)
        assert sum(found.values()) > 0
        assert lines[-1].startswith(f"{weeks} was not changed.")
        assert run("--db", str(saved), "check").exit_code in (0, 1)  # opens as a journal
        if found == whole:
            assert run("--db", str(saved), "check").output.endswith("sound.\n")
            assert "Draft section 45" in run("--db", str(saved), "search", "section 45").output
        else:
            assert "unreadable stretches of rows skipped" in result.output
    struck(weeks, healthy, 8192)  # an index page only: every row is saved
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-24T10:00:00+00:00")
    assert run("check", "--salvage").exit_code == 0
    assert counts(home / "journal-20261124-100000-salvaged.db") == whole


def test_salvage_speaks_chinese_and_refuses_what_is_not_a_journal(
    run: Run, weeks: Path, healthy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-sqlite3"))
    struck(weeks, healthy, 8192)
    result = run("--lang", "zh", "check", "--salvage")
    assert result.exit_code == 0
    assert (
        "逐表读取" in result.output and "个目标" in result.output and "没有被改动" in result.output
    )
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    refused = run("--db", str(other), "check", "--salvage")
    assert refused.exit_code == 1 and "not a punchin journal" in refused.stderr
    missing = run("--db", str(tmp_path / "missing.db"), "check", "--salvage")
    assert missing.exit_code == 1 and "no journal at" in missing.stderr
    assert not (tmp_path / "missing.db").exists()


FAKE_SQLITE3 = """
import sqlite3, sys
if sys.argv[-1] == ".recover":
    print("RECOVER " + sys.argv[1])
    sys.exit(0)
source = sqlite3.connect(sys.stdin.read().split(" ", 1)[1].strip())
out = sqlite3.connect(sys.argv[-1])
schema = source.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
schema = schema.fetchall()
virtual = [n for t, n, s in schema if s.upper().startswith("CREATE VIRTUAL")]
shadow = {n for t, n, s in schema if any(n.startswith(v + "_") for v in virtual)}
for kind, name, sql in schema:
    if kind == "table" and name not in shadow:
        out.execute(sql)
for kind, name, sql in schema:  # rows by full scans, as a recovery reads pages
    if kind == "table" and name not in virtual and name not in shadow:
        rows = source.execute(f'SELECT * FROM "{name}"').fetchall()
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            out.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
for kind, name, sql in schema:  # then views, triggers and indexes, as SQLite's recovery does
    if kind != "table" and not (kind == "index" and "unique" in sql.lower()):
        out.execute(sql)
out.execute("CREATE TABLE lost_and_found (rootpgno, pgno, nfield, id, c0, c1)")
out.execute("INSERT INTO lost_and_found VALUES (1, 2, 2, 1, 1, 2), (1, 2, 2, 2, 3, 4)")
out.execute("PRAGMA application_id = " + str(int.from_bytes(b"punc", "big")))
out.commit()
"""


def test_salvage_uses_sqlite3_recover_when_it_works_and_falls_back_when_not(
    run: Run,
    weeks: Path,
    healthy: Path,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stand-in `sqlite3` command: `.recover` prints which file to read, and loading that
    "SQL" copies the rows the way a real recovery would, with two rows it could not place
    in lost_and_found. A failing one (as Debian's, built without sqlite_dbpage) is passed
    over for the table-by-table way."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "sqlite3"
    fake.write_text(f"#!{sys.executable}\n" + FAKE_SQLITE3, encoding="utf-8")
    fake.chmod(0o700)
    monkeypatch.setenv("PATH", str(bin_folder))
    struck(weeks, healthy, 8192)
    before = digest(weeks)
    result = run("check", "--salvage")
    assert result.exit_code == 0, result.output + result.stderr
    assert "(with SQLite's .recover)" in result.output
    assert "2 rows SQLite could not place are in the table lost_and_found" in result.output
    assert digest(weeks) == before
    saved = home / "journal-20261124-090000-salvaged.db"
    assert counts(saved) == counts(healthy)
    assert "Draft section 45" in run("--db", str(saved), "search", "section 45").output
    fake.write_text("#!/bin/sh\necho 'sql error: SQL logic error (1)' >&2\nexit 1\n")
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-24T09:00:01+00:00")
    fallback = run("check", "--salvage")
    assert fallback.exit_code == 0 and "(table by table)" in fallback.output


def test_a_lost_record_of_upgrades_is_written_again(
    run: Run,
    weeks: Path,
    healthy: Path,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-sqlite3"))
    page = pages_of(healthy, "_sqlite_migrations")[0]
    struck(weeks, healthy, (page - 1) * 4096)
    result = run("check", "--salvage")
    from punchin.store import KNOWN_MIGRATIONS

    latest = KNOWN_MIGRATIONS[-1]
    assert f"written again from the tables saved (up to {latest})" in result.output
    saved = home / "journal-20261124-090000-salvaged.db"
    assert run("--db", str(saved), "check").output.endswith("sound.\n")
    assert run("--db", str(saved), "goal", "add", "Goes on").exit_code == 0


def test_an_encrypted_journal_damaged(
    run: Run, weeks: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "correct horse")
    monkeypatch.setenv("PATH", str(tmp_path / "no-sqlite3"))
    assert run("encrypt").exit_code == 0
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-24T09:30:00+00:00")
    assert run("backup").exit_code == 0  # an encrypted backup, the newest
    sound = weeks.read_bytes()
    for offset in (4096 * 3, len(sound) - 4096 * 2):
        weeks.write_bytes(sound)
        damage(weeks, offset)
        checked = run("check")
        assert checked.exit_code == 1
        assert "is a punchin journal, but it is damaged" in checked.stderr, offset
        assert "journal-20261124-093000.db" in checked.stderr
        before = digest(weeks)
        monkeypatch.setenv("PUNCHIN_NOW", f"2026-11-24T10:00:{offset % 60:02d}+00:00")
        salvaged = run("check", "--salvage")
        assert salvaged.exit_code == 0, salvaged.output + salvaged.stderr
        assert digest(weeks) == before
        made = home / f"journal-20261124-1000{offset % 60:02d}-salvaged.db"
        assert not made.read_bytes().startswith(b"SQLite format 3")  # encrypted as well
        assert run("--db", str(made), "log").exit_code == 0
    restored = run("restore", "--latest", "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert run("check").output.endswith("sound.\n")
    assert "Run the experiment 47" in run("show", "2026-W47").output


# -- when the file is gone, emptied, or no longer looks like a journal -------------------------


def test_an_emptied_journal_is_said_and_restored_not_made_anew(run: Run, weeks: Path) -> None:
    before = counts(weeks)
    weeks.write_bytes(b"")  # a disk that filled up in the middle of a copy
    checked = run("check")
    assert checked.exit_code != 0
    assert "is empty (0 bytes): it holds no journal" in checked.output
    assert weeks.stat().st_size == 0  # `check` made nothing of it
    assert "sound" in run("backup", "--list").output
    restored = run("restore", "--latest", "--yes")
    assert restored.exit_code == 0, restored.output
    assert counts(weeks) == before


def test_a_journal_gone_is_restored_from_its_backups(run: Run, weeks: Path) -> None:
    before = counts(weeks)
    for leftover in weeks.parent.glob(weeks.name + "*"):
        leftover.unlink()
    restored = run("restore", "--latest", "--yes")
    assert restored.exit_code == 0, restored.output
    assert f"as {weeks}" in restored.output
    assert counts(weeks) == before


def test_a_first_page_overwritten_is_not_taken_for_encryption(run: Run, weeks: Path) -> None:
    before = counts(weeks)
    with weeks.open("r+b") as file:
        file.write(random.Random(7).randbytes(4096))
    checked = run("check")
    assert "if this journal was never encrypted, its first page is damaged" in checked.output
    assert "punchin restore --latest" in checked.output
    restored = run("restore", "--latest", "--yes")
    assert restored.exit_code == 0, restored.output
    assert counts(weeks) == before
    kept = [p for p in weeks.parent.glob("journal-*-damaged*.db")]
    assert kept, "the damaged file is kept aside"
