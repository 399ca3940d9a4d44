"""A glance at the journal for `punchin due` in a shell prompt: the few facts `due_now`
reads (the same queries as `Journal`'s), without the `Journal` class and all its tables.

The journal is looked at only where `Journal.open_as_is` would open it: a plain journal, up
to date, already private, with no leftover of a killed conversion beside it and none running
(its lock is held shared while it is read, as every punchin holds it). Anywhere else there
is no glance, and the full command does and says what is needed. The connection only reads
(`query_only`) and is closed like any other, so nothing is left beside the journal; it is
not opened read-only, which would leave a `-wal` and `-shm` behind.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta

from punchin import testpoints
from punchin.models import EntryStatus
from punchin.store.identify import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    KNOWN_MIGRATIONS,
    MIGRATION_SET,
    FileKind,
    identify,
)
from punchin.store.privacy import is_private

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from punchin.periods import Period
    from punchin.store.base import Clock

# Beside the journal: what a killed conversion leaves (`swap.converting_path` and its
# `SIDE_FILES`) and the lock every punchin holds while it has the journal open
# (`lock.lock_path`). A test checks them against those modules.
CONVERTING = ".{name}.converting"
CONVERTING_SIDE_FILES = ("-journal", "-wal", "-shm")
LOCK = "{name}.lock"


def glance(path: str, clock: Clock) -> Glance | None:
    """The journal at `path`, open to be read, if `Journal.open_as_is` would open it and
    its lock can be had at once; else None (nothing made or changed)."""
    real = os.path.realpath(path)  # `journal.real_path`: a symlinked journal is its target
    if identify(real) is not FileKind.PUNCHIN or leftovers_beside(real) or not is_private(real):
        return None
    lock = _shared_lock(real) if fcntl is not None else None
    if lock == -1:
        return None
    try:
        if leftovers_beside(real):  # a conversion was killed meanwhile
            _let_go(None, lock)
            return None
        conn = sqlite3.connect(
            real, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except BaseException:
        _let_go(None, lock)
        raise
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        if not up_to_date(conn):
            _let_go(conn, lock)
            return None
        testpoints.reach("journal.opened")
    except BaseException:
        _let_go(conn, lock)
        raise
    return Glance(conn, lock, clock)


def leftovers_beside(real: str) -> bool:
    """Whether a killed conversion left something beside the journal (as `swap` asks)."""
    folder, name = os.path.split(real)
    base = os.path.join(folder, CONVERTING.format(name=name))
    return any(os.path.lexists(base + suffix) for suffix in ("", *CONVERTING_SIDE_FILES))


def _shared_lock(real: str) -> int:
    """The journal's lock file, held shared (as `JournalLock` holds it for reading), or -1
    when it cannot be had at once: a conversion holds it, or it cannot be made or taken
    here (the full command then decides what to do)."""
    folder, name = os.path.split(real)
    try:
        lock = os.open(os.path.join(folder, LOCK.format(name=name)), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return -1
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        return -1
    return lock


def up_to_date(conn: sqlite3.Connection) -> bool:
    """Whether the journal is ours, holds every migration this punchin knows and none it
    does not, and is in WAL mode already: opening it as `Journal` would write nothing."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return False
    applied = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        )
    ]
    if KNOWN_MIGRATIONS[-1] not in applied or not set(applied) <= set(KNOWN_MIGRATIONS):
        return False
    if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
        return False
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _let_go(conn: sqlite3.Connection | None, lock: int | None) -> None:
    """Close the connection, then the lock (closing its descriptor drops it)."""
    if conn is not None:
        conn.close()
    if lock is not None:
        os.close(lock)


class Reviewed:
    """The one thing `due_now` reads of the last review done: its period."""

    __slots__ = ("period",)

    def __init__(self, period: str) -> None:
        self.period = period


class Glance:
    """What `due_now` reads of an open journal, as `Journal` reads it; `close()` when done."""

    def __init__(self, conn: sqlite3.Connection, lock: int | None, clock: Clock) -> None:
        self.conn = conn
        self.clock = clock
        self._lock = lock

    def close(self) -> None:
        _let_go(self.conn, self._lock)
        self._lock = None

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def start_year(self) -> int:
        """As `Tables.start_year`."""
        value = self.meta("start_year")
        if value and value.isascii() and value.isdigit() and 1900 <= int(value) <= 2200:
            return int(value)
        created = self.meta("created_at") or ""
        year = created[:4]
        return int(year) if year.isascii() and year.isdigit() else self.clock().year

    def created_on(self) -> date | None:
        """As `Tables.created_on`."""
        created = self.meta("created_at") or ""
        try:
            return date.fromisoformat(created[:10])
        except ValueError:
            return None

    def status(self, kind: str, period: str) -> EntryStatus | None:
        """As `ReviewTables.status`."""
        row = self.conn.execute(
            "SELECT status FROM entries WHERE kind = ? AND period = ?", (kind, period)
        ).fetchone()
        return None if row is None else EntryStatus(row[0])

    def latest_done(self, kind: str) -> Reviewed | None:
        """As `ReviewTables.latest_done` (its period: all `due_now` reads of it)."""
        row = self.conn.execute(
            "SELECT period FROM entries WHERE kind = ? AND status = 'done' "
            "AND period_start < ? ORDER BY period_start DESC LIMIT 1",
            (kind, date.max.isoformat()),
        ).fetchone()
        return None if row is None else Reviewed(row[0])

    def unfinished(self, kind: str) -> list[str]:
        """As `ReviewTables.unfinished`."""
        rows = self.conn.execute(
            "SELECT period FROM entries WHERE kind = ? AND status = 'in-progress' "
            "ORDER BY period_start",
            (kind,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def has_content(self, span: Period) -> bool:
        """As `HistoryTables.has_content`."""
        thursday = timedelta(days=3)
        bounds = ((span.start - thursday).isoformat(), (span.end - thursday).isoformat())
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE kind = 'week' "
            "AND period_start BETWEEN ? AND ?) OR EXISTS (SELECT 1 FROM goals "
            "WHERE horizon = ? AND period = ?)",
            (*bounds, span.horizon.value, span.label),
        ).fetchone()
        return bool(row[0])
