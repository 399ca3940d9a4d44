"""Safe copies of the journal: SQLite's online backup (consistent while the journal is in
use), the check of a copy before it is restored, and an integrity check."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from punchin.errors import JournalError
from punchin.store import cipher
from punchin.store.base import Tables
from punchin.store.identify import APPLICATION_ID, FileKind, identify


class CopyTables(Tables):
    def backup_to(self, target: Path) -> Path:
        """A consistent copy in this journal's format (an encrypted journal's copy is
        encrypted with the same passphrase), written as `outputs` writes every file."""
        from punchin.files import write_file

        failures: tuple[type[BaseException], ...] = (OSError, *cipher.errors())

        def produce(temporary: Path) -> None:
            copy = self._connect_copy(temporary)
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                copy.close()

        try:
            write_file(target, produce, scratch=self.path.parent)
        except failures as exc:
            raise JournalError(
                f"cannot write the backup {target}: {exc}", key="backup_failed", path=target
            ) from None
        return target

    def _connect_copy(self, path: Path) -> Any:
        """A connection of this journal's kind, to a new file."""
        if self.key is None:
            return sqlite3.connect(path)
        conn = cipher.module().connect(str(path))
        conn.execute(f"PRAGMA key = {cipher.quoted(self.key)}")
        return conn

    def damage(self) -> list[str]:
        """What `PRAGMA integrity_check` finds wrong with the file's pages; empty when sound.
        A page too damaged to be checked raises SQLite's error ("malformed"). An encrypted
        journal's pages are first checked against their authentication codes: SQLCipher
        leaves a connection unusable after a page it cannot decrypt."""
        if self.key is not None:
            failed = [str(row[0]) for row in self.conn.execute("PRAGMA cipher_integrity_check")]
            if failed:
                return failed
        return [
            str(row[0])
            for row in self.conn.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]

    def problems(self, *, pages: bool = True) -> list[str]:
        """What `PRAGMA integrity_check` (unless `pages` is false: checked already) and
        `foreign_key_check` find, and values no command can use; empty when sound."""
        found = self.damage() if pages else []
        found += [
            f"{row[0]} row {row[1]} points at a missing {row[2]}"
            for row in self.conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
        return found + self.value_problems()

    def value_problems(self) -> list[str]:
        """Values no command can use (written by an older import or by hand): said here,
        and read around everywhere else."""
        from punchin.store.values import period_problem, tags, year_of

        found = []
        year = self.meta("start_year")
        if year_of(year) is None:
            found.append(f"meta start_year is {year!r}, not a year (read as {self.start_year})")
        if self.created_on() is None:
            found.append(f"meta created_at is {self.meta('created_at')!r}, not a date")
        found += [
            f"entry {row[0]} ({row[1]}): seconds_spent is {row[2]!r} (read as 0)"
            for row in self.conn.execute(
                "SELECT id, period, seconds_spent FROM entries "
                "WHERE NOT (seconds_spent >= 0 AND seconds_spent < 1e12)"
            )
        ]
        for ident, value in self.conn.execute("SELECT id, tags FROM notes"):
            problem = tags(value)
            if problem:
                found.append(f"note {ident}: tags {problem} (read as no tags)")
        anchor = self.start_year
        for table, horizon_column in (("goals", "horizon"), ("entries", "kind")):
            for horizon, label, start, end in self.conn.execute(
                f"SELECT DISTINCT {horizon_column}, period, period_start, period_end FROM {table} "
                f"WHERE {horizon_column} != 'paths'"
            ):
                record = {"period": label, "period_start": start, "period_end": end}
                problem = period_problem(record, str(horizon), anchor)
                if problem:
                    found.append(f"{table} of {label!r}: {problem}")
        return found


def safety_copy(journal: Path, now: datetime, label: str, folder: Path | None = None) -> Path:
    """A new name in `backups/` beside the journal (or `folder`) for a copy punchin keeps on
    its own (before an upgrade, before a restore): dated, never the name of an earlier copy."""
    folder = folder or journal.parent / "backups"
    stem = f"{journal.stem}-{now.strftime('%Y%m%d-%H%M%S')}"
    name = f"{stem}-{label}.db" if label else f"{stem}.db"
    number = 1
    while (folder / name).exists():
        number += 1
        name = f"{stem}-{label}-{number}.db" if label else f"{stem}-{number}.db"
    return folder / name


def inspect_copy(
    source: Path,
    key: str | None,
    known: tuple[str, ...],
    ask: Callable[[], str] | None = None,
) -> str | None:
    """Check that `source` is a sound punchin journal this punchin can read, without
    changing it; returns the passphrase that opens it (None: it is plain). An encrypted copy
    is tried with `key` first, then with `ask()`."""
    if not source.exists():  # a pipe or a device is said to be one by identify
        raise JournalError(f"{source} does not exist", key="copy_missing", path=source)
    kind = identify(source)
    if kind not in (FileKind.PUNCHIN, FileKind.ENCRYPTED):
        raise JournalError(f"{source} is not a punchin journal", key="not_a_journal", path=source)
    if kind is FileKind.PUNCHIN:
        _check(_open_read_only(sqlite3, source, None), source, known)
        return None
    candidates = [key] if key is not None else []
    for candidate in candidates:
        try:
            conn = _open_read_only(cipher.module(), source, candidate)
        except JournalError:
            continue
        _check(conn, source, known)
        return candidate
    if ask is None:
        raise _encrypted_copy(source)
    try:  # the copy's passphrase, not the journal's (it may be plain now): the copy is named
        given = ask()
        conn = _open_read_only(cipher.module(), source, given)
    except JournalError as exc:
        if exc.key == "wrong_passphrase":
            raise JournalError(
                f"wrong passphrase for the encrypted backup {source}",
                key="wrong_copy_passphrase",
                path=source,
            ) from None
        raise _encrypted_copy(source) if exc.key == "needs_passphrase" else exc from None
    _check(conn, source, known)
    return given


def _encrypted_copy(source: Path) -> JournalError:
    return JournalError(
        f"{source} is an encrypted backup: give its passphrase (set PUNCHIN_PASSPHRASE, or "
        "run punchin in a terminal)",
        key="copy_needs_passphrase",
        path=source,
    )


def _open_read_only(driver: Any, source: Path, key: str | None) -> Any:
    try:
        conn = driver.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except cipher.errors():
        raise JournalError(
            f"{source} is not a punchin journal", key="not_a_journal", path=source
        ) from None
    if key is not None:
        try:
            cipher.unlock(conn, key, source)
        except BaseException:
            conn.close()
            raise
    return conn


def _check(conn: Any, source: Path, known: tuple[str, ...]) -> None:
    """Refuse what is not a sound punchin journal, or one from a newer punchin."""
    try:
        mark = int(conn.execute("PRAGMA application_id").fetchone()[0])
        names = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'punchin'"
            ).fetchall()
        ]
        sound = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except cipher.errors():
        raise JournalError(
            f"{source} is not a punchin journal", key="not_a_journal", path=source
        ) from None
    finally:
        conn.close()
    if not names or mark not in (0, APPLICATION_ID) or not sound:
        raise JournalError(
            f"{source} is not a sound punchin journal", key="not_a_journal", path=source
        )
    newer = [name for name in names if name not in known]
    if newer:
        raise JournalError(
            f"{source} was made by a newer punchin (schema {newer[-1]}); upgrade punchin "
            "first, then restore it; nothing was changed",
            key="newer_copy",
            path=source,
            schema=newer[-1],
        )
