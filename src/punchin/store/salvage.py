"""Saving what is still readable from a damaged journal into a new one.

The damaged file is never changed: it is copied (with its write-ahead log) into a private
folder first, and only the copy is read. Two ways of reading it:

- SQLite's own recovery, the `sqlite3` command's `.recover`, when it is installed (and the
  journal is not encrypted): it reads every page it can, even those no longer reachable
  from the table's root, and puts rows it cannot place in a `lost_and_found` table;
- else table by table: the schema is read, then each table in ranges of rows, a range that
  fails split in halves down to single rows, so that one bad page costs only its own rows.

Either way the full-text indexes are rebuilt from the rows saved, the new file keeps the
journal's mark and schema version (an older journal is upgraded the first time it is opened),
and it is written whole or not at all, checked, encrypted with the same passphrase.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from punchin.errors import JournalError
from punchin.store import cipher

CHUNK = 512  # rows read at once
FAILURE_BUDGET = 50_000  # failed reads per table before the rest of it is given up
RECOVER_TIMEOUT = 600  # seconds


@dataclass
class Salvaged:
    """What a salvage saved: rows per table, the stretches of rows it could not read, the
    tables it could not read at all, and how it read them ("recover" or "tables")."""

    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    method: str = "tables"
    rebuilt: str = ""  # the last migration, when their record was lost and rebuilt


def salvage(source: Path, key: str | None, target: Path) -> Salvaged:
    """Copy what can be read of the journal at `source` into the new file `target`."""
    from punchin.files import write_file

    folder = Path(tempfile.mkdtemp(prefix=".punchin-salvage-", dir=source.parent))
    try:
        copy = folder / "journal.db"
        _copy_private(source, copy)
        wal = Path(f"{source}-wal")
        if wal.is_file():
            _copy_private(wal, Path(f"{copy}-wal"))
        found: list[Salvaged] = []

        def produce(temporary: Path) -> None:
            found.append(_salvage_into(copy, key, temporary))

        try:
            write_file(target, produce)
        except OSError as exc:
            raise JournalError(
                f"cannot write {target}: {exc.strerror or exc}", key="salvage_failed", path=target
            ) from None
        return found[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as given:
        shutil.copyfileobj(given, out)


def _salvage_into(copy: Path, key: str | None, out: Path) -> Salvaged:
    if key is None and _recovered(copy, out):
        result = Salvaged(method="recover")
    else:
        _empty(out)
        result = _by_tables(copy, key, out)
    conn = _connect(out, key)
    try:
        _rebuild_indexes(conn)
        result.rebuilt = _restore_migrations(conn)
        _restore_meta(conn)
        problem = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if problem != "ok":
            raise JournalError(
                f"the salvaged journal does not pass its own check ({problem}); nothing was kept",
                key="salvage_unsound",
            )
        names = {
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if result.method == "recover":
            result.rows = {t: _count(conn, t) for t in sorted(names) if t in _COUNTED}
            if "lost_and_found" in names:
                result.rows["lost_and_found"] = _count(conn, "lost_and_found")
        conn.commit()
    except cipher.errors() as exc:
        raise JournalError(
            f"the salvaged journal cannot be read back ({exc}); nothing was kept",
            key="salvage_unsound",
        ) from None
    finally:
        conn.close()
    if not any(result.rows.get(table) for table in _COUNTED):
        raise JournalError(
            "nothing of the journal could be read (its schema is lost); nothing was written",
            key="salvage_nothing",
        )
    return result


def _restore_meta(conn: Any) -> None:
    """The journal's identity, when the page that held it was lost: the day it began (its
    earliest record), the year its five-year windows start from, and a new id, so that the
    salvaged journal passes `punchin check` and its backups are its own from now on."""
    from datetime import UTC, datetime

    from punchin.store.base import new_id

    try:
        have = {str(r[0]) for r in conn.execute("SELECT key FROM meta")}
    except cipher.errors():
        return
    earliest = None
    for table, column in (("entries", "started_at"), ("goals", "created_at")):
        try:
            row = conn.execute(f"SELECT min({column}) FROM {table}").fetchone()
        except cipher.errors():
            continue
        if row and row[0] and (earliest is None or str(row[0]) < earliest):
            earliest = str(row[0])
    created = earliest or datetime.now(UTC).isoformat(timespec="seconds")
    wanted = {"created_at": created, "start_year": created[:4], "journal_id": new_id()}
    for key, value in wanted.items():
        if key not in have:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))


# The tables a salvage reports on: what a person wrote.
_COUNTED = ("goals", "entries", "answers", "diagnoses", "commitments", "notes")


def _empty(path: Path) -> None:
    with path.open("wb"):
        pass


def _connect(path: Path, key: str | None) -> Any:
    if key is None:
        return sqlite3.connect(path)
    conn = cipher.module().connect(str(path))
    conn.execute(f"PRAGMA key = {cipher.quoted(key)}")
    return conn


def _count(conn: Any, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


# -- SQLite's own recovery ---------------------------------------------------------------------


def _recovered(copy: Path, out: Path) -> bool:
    """`sqlite3 COPY .recover | sqlite3 OUT`; False (and `out` emptied) when the command is
    missing or anything about it fails, so that the table-by-table way runs instead."""
    command = shutil.which("sqlite3")
    if command is None:
        return False
    try:
        recovered = subprocess.run(
            [command, str(copy), ".recover"],
            capture_output=True,
            timeout=RECOVER_TIMEOUT,
            check=False,
        )
        if recovered.returncode != 0 or recovered.stderr.strip() or not recovered.stdout:
            return False
        _empty(out)
        loaded = subprocess.run(
            [command, "-bail", str(out)],
            input=recovered.stdout,
            capture_output=True,
            timeout=RECOVER_TIMEOUT,
            check=False,
        )
        if loaded.returncode == 0 and not loaded.stderr.strip():
            return True
    except (OSError, subprocess.SubprocessError):
        pass
    with contextlib.suppress(OSError):
        _empty(out)
    return False


# -- table by table ------------------------------------------------------------------------


class Unreadable(Exception):
    """A read of the damaged copy failed."""


class _Source:
    """The damaged copy, read by queries that either return all their rows or raise
    `Unreadable`. SQLCipher leaves a connection unusable after a page it cannot decrypt
    (later reads fail, some with MemoryError), so an encrypted copy is opened again after
    every failure, with the key derived once (no key derivation each time)."""

    def __init__(self, path: Path, key: str | None) -> None:
        self.path, self.key = path, key
        self.raw: bytes | None = None
        self.conn = self._open()

    def _open(self) -> Any:
        conn = _connect_plain(self.path, self.key)
        if self.key is None:
            return conn
        try:
            if self.raw is not None:
                cipher.unlock_raw(conn, self.raw, self.path)
                return conn
            cipher.unlock(conn, self.key, self.path)
            with self.path.open("rb") as handle:
                self.raw = cipher.raw_key(conn, self.key, handle.read(16))
        except BaseException:
            conn.close()
            raise
        return conn

    def rows(self, sql: str, values: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        failures: tuple[type[BaseException], ...] = (*cipher.errors(), MemoryError)
        try:
            return [tuple(row) for row in self.conn.execute(sql, values).fetchall()]
        except failures as exc:
            if self.key is not None:
                self.conn.close()
                self.conn = self._open()
            raise Unreadable(str(exc)) from None

    def close(self) -> None:
        self.conn.close()


def _connect_plain(path: Path, key: str | None) -> Any:
    """A connection of the right kind, not yet keyed."""
    if key is None:
        return sqlite3.connect(path)
    return cipher.module().connect(str(path))


def _by_tables(copy: Path, key: str | None, out: Path) -> Salvaged:
    result = Salvaged()
    failures: tuple[type[BaseException], ...] = (Unreadable, *cipher.errors())
    dst = _connect(out, key)
    src: _Source | None = None
    try:
        src = _Source(copy, key)
        schema = [
            (str(kind), str(name), sql)
            for _, kind, name, sql in _rows(src, "sqlite_master", "type, name, sql", result)
        ]
        if not schema:
            raise Unreadable("the schema cannot be read")
        virtual = [name for kind, name, sql in schema if _is_virtual(sql)]
        external = {name for kind, name, sql in schema if _is_virtual(sql) and "content=" in sql}

        def shadow(name: str) -> str | None:
            return next((v for v in virtual if name.startswith(f"{v}_")), None)

        tables = [
            (name, sql)
            for kind, name, sql in schema
            if kind == "table" and sql and not _is_virtual(sql) and not name.startswith("sqlite_")
        ]
        for name, sql in tables:
            if shadow(name) is None:
                dst.execute(sql)
        for kind, _, sql in schema:
            if kind == "table" and _is_virtual(sql):
                dst.execute(sql)  # makes its own shadow tables
        for name, _ in tables:
            if shadow(name) in external:
                continue  # rebuilt from the rows saved
            _copy_table(src, dst, name, result)
        if any(name == "sqlite_sequence" for _, name, _ in schema):
            _copy_table(src, dst, "sqlite_sequence", result)
        for kind in ("index", "trigger", "view"):
            for this, _, sql in schema:
                if this == kind and sql:
                    with contextlib.suppress(*cipher.errors()):
                        dst.execute(sql)
        mark, version = _marks(src, copy)
        dst.execute(f"PRAGMA application_id = {int(mark)}")
        dst.execute(f"PRAGMA user_version = {int(version)}")
        dst.commit()
    except failures as exc:
        raise JournalError(
            f"nothing of the journal could be read ({exc}); nothing was written",
            key="salvage_nothing",
        ) from None
    finally:
        if src is not None:
            src.close()
        dst.close()
    result.rows = {t: n for t, n in result.rows.items() if t != "sqlite_sequence"}
    return result


def _is_virtual(sql: object) -> bool:
    return isinstance(sql, str) and sql.lstrip().upper().startswith("CREATE VIRTUAL TABLE")


def _marks(src: _Source, copy: Path) -> tuple[int, int]:
    """The file's application_id and user_version, from SQLite or else from the header."""
    try:
        mark = src.rows("PRAGMA application_id")[0][0]
        version = src.rows("PRAGMA user_version")[0][0]
        return int(mark), int(version)
    except Unreadable:
        if src.key is not None:
            return int.from_bytes(b"punc", "big"), 0
        with copy.open("rb") as handle:
            head = handle.read(100)
        return int.from_bytes(head[68:72], "big"), int.from_bytes(head[60:64], "big")


def _copy_table(src: _Source, dst: Any, table: str, result: Salvaged) -> None:
    """Every readable row of `table`, with its rowid, into the same table of `dst`."""
    columns = [str(row[1]) for row in dst.execute(f'PRAGMA table_info("{table}")').fetchall()]
    names = ", ".join(f'"{c}"' for c in columns)
    saved = 0
    if _without_rowid(dst, table):
        marks = ", ".join("?" * len(columns))
        insert = f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})'
        try:
            rows = src.rows(f'SELECT {names} FROM "{table}"')
        except Unreadable:
            result.lost.append(table)
            return
    else:
        marks = ", ".join("?" * (len(columns) + 1))
        insert = f'INSERT OR IGNORE INTO "{table}" (rowid, {names}) VALUES ({marks})'
        rows = list(_rows(src, table, names, result))
    for row in rows:
        saved += dst.execute(insert, row).rowcount
    result.rows[table] = saved


def _without_rowid(conn: Any, table: str) -> bool:
    try:
        conn.execute(f'SELECT rowid FROM "{table}" LIMIT 0')
    except cipher.errors():
        return True
    return False


def _rows(src: _Source, table: str, names: str, result: Salvaged) -> Iterator[tuple[Any, ...]]:
    """The readable rows of a rowid table (rowid first), in ranges of rowids; a range that
    cannot be read is split until its unreadable rows are found, and skipped."""
    select = f'SELECT rowid, {names} FROM "{table}" WHERE rowid BETWEEN ? AND ?'
    low, high = _bounds(src, table)
    budget = [FAILURE_BUDGET if src.key is None else FAILURE_BUDGET // 10]
    skipped: list[tuple[int, int]] = []

    def read(first: int, last: int) -> list[tuple[Any, ...]]:
        if budget[0] <= 0:
            skipped.append((first, last))
            return []
        try:
            return src.rows(select, (first, last))
        except Unreadable:
            budget[0] -= 1
        if first == last:
            skipped.append((first, last))
            return []
        middle = (first + last) // 2
        return read(first, middle) + read(middle + 1, last)

    start, found = low, 0
    while start <= high:
        rows = read(start, min(start + CHUNK - 1, high))
        found += len(rows)
        yield from rows
        start += CHUNK
    stretches = 0
    end = None
    for first, last in sorted(skipped):
        if end is None or first > end + 1:
            stretches += 1
        end = last if end is None else max(end, last)
    if stretches:
        result.skipped[table] = stretches
    if not found and skipped and not _readable(src, table):
        result.lost.append(table)


def _bounds(src: _Source, table: str) -> tuple[int, int]:
    """The smallest and largest rowid, or a range wide enough for any table of the file."""
    try:
        low, high = src.rows(f'SELECT min(rowid), max(rowid) FROM "{table}"')[0]
        if low is None:
            return 1, 0
        return int(low), int(high)
    except Unreadable:
        try:
            pages = int(src.rows("PRAGMA page_count")[0][0])
        except Unreadable:
            pages = max(1, src.path.stat().st_size // 1024)
        return 1, max(pages, 1) * 256


def _readable(src: _Source, table: str) -> bool:
    try:
        src.rows(f'SELECT 1 FROM "{table}" LIMIT 1')
    except Unreadable:
        return False
    return True


def _restore_migrations(conn: Any) -> str:
    """When the record of the journal's schema upgrades (`_sqlite_migrations`) was lost, it
    is written again from the schema saved: the longest run of punchin's migrations whose
    tables, indexes and triggers the salvaged journal holds (else, whose tables it holds).
    Without it the journal would be taken for a new one and its tables made again. Returns
    the last migration so recorded ("" when the record was there)."""
    try:
        if conn.execute(
            "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'punchin' LIMIT 1"
        ).fetchone():
            return ""
    except cipher.errors():  # the table itself is gone
        pass
    from sqlite_utils import Database

    from punchin.store import migrations

    names = migrations.names()
    scratch = sqlite3.connect(":memory:")
    try:
        steps = []
        for at, name in enumerate(names):
            later = names[at + 1] if at + 1 < len(names) else None
            migrations.migrations.apply(Database(scratch), stop_before=later)
            steps.append((name, _signature(scratch, True), _signature(scratch, False)))
        made = [
            (str(row[0]), str(row[1]))
            for row in scratch.execute(
                "SELECT sql, name FROM sqlite_master WHERE tbl_name = '_sqlite_migrations'"
            )
        ]
        applied = scratch.execute(
            "SELECT name, applied_at FROM _sqlite_migrations WHERE migration_set = 'punchin' "
            "ORDER BY id"
        ).fetchall()
    finally:
        scratch.close()
    whole, tables = _signature(conn, True), _signature(conn, False)
    chosen = next((name for name, full, _ in reversed(steps) if full <= whole), None)
    chosen = chosen or next((name for name, _, part in reversed(steps) if part <= tables), None)
    if chosen is None:
        return ""
    present = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master")}
    for sql, name in made:
        if name not in present:
            conn.execute(sql)
    count = names.index(chosen) + 1
    conn.executemany(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('punchin', ?, ?)",
        [(str(name), str(when)) for name, when in applied[:count]],
    )
    return chosen


def _signature(conn: Any, full: bool) -> set[tuple[str, str, str]]:
    """The schema as (type, name, SQL with its spacing made plain), the migrations' own
    record left out; only tables unless `full`."""
    kinds = "('table', 'index', 'trigger', 'view')" if full else "('table')"
    return {
        (str(kind), str(name), " ".join(str(sql).split()))
        for kind, name, sql in conn.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE type IN {kinds} AND sql IS NOT NULL "
            "AND tbl_name != '_sqlite_migrations'"
        )
    }


def _rebuild_indexes(conn: Any) -> None:
    """The full-text indexes rebuilt from their tables: after `.recover` they hold what was
    in the damaged file's index pages, which need not match the rows saved."""
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        " AND sql LIKE '%content=%'"
    ).fetchall():
        with contextlib.suppress(*cipher.errors()):
            conn.execute(f'INSERT INTO "{name}" ("{name}") VALUES (\'rebuild\')')
