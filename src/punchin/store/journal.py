"""Opening a journal: the file (private), the connection (WAL, busy timeout), the schema.

Opening an up-to-date journal only reads the migrations table; sqlite_utils is imported
only when a journal is created or upgraded, so everyday commands stay fast.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from punchin.config import ensure_private_dir
from punchin.errors import JournalError, NotFoundError
from punchin.store import cipher
from punchin.store.base import Clock, new_id
from punchin.store.copies import CopyTables
from punchin.store.goals import GoalTables
from punchin.store.history import HistoryTables
from punchin.store.notes import NoteTables
from punchin.store.notifications import NotificationTables
from punchin.store.portable import PortableTables
from punchin.store.reviews import ReviewTables
from punchin.store.search import SearchTables

# Kept here so that opening an up-to-date journal never imports sqlite_utils; a test checks
# it matches the migrations module.
KNOWN_MIGRATIONS = (
    "m001_initial",
    "m002_carried_from",
    "m003_span_indexes",
    "m004_notifications",
    "m005_notes",
    "m006_period_indexes",
)
MIGRATION_SET = "punchin"
BUSY_TIMEOUT_MS = 15_000


class Journal(
    GoalTables,
    ReviewTables,
    SearchTables,
    HistoryTables,
    NotificationTables,
    PortableTables,
    CopyTables,
    NoteTables,
):
    """An open journal. Create with `Journal.open`; close with `close()` or `with`."""

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        clock: Clock,
        *,
        create: bool = True,
        passphrase: Callable[[], str] | None = None,
    ) -> Journal:
        """Open (or create) the journal; `passphrase` is asked for only if it is encrypted."""
        if path.is_dir():
            raise JournalError(
                f"{path} is a folder, not a journal file", key="journal_folder", path=path
            )
        if not path.exists():
            if not create:
                raise NotFoundError(
                    f"no journal at {path}: run `punchin init` or `punchin week`",
                    key="no_journal",
                    path=path,
                )
            _create_private_file(path)
        encrypted = cipher.is_encrypted(path)
        driver: Any = cipher.module() if encrypted else sqlite3
        try:
            conn = driver.connect(
                str(path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except cipher.errors() as exc:
            raise JournalError(f"cannot open the journal {path}: {exc}") from None
        key = None
        if encrypted:
            if passphrase is None:
                conn.close()
                raise JournalError(
                    f"{path} is encrypted: give its passphrase", key="needs_passphrase", path=path
                )
            key = passphrase()
            try:
                cipher.unlock(conn, key, path)
            except BaseException:
                conn.close()
                raise
        journal = cls(conn, path, clock)
        journal.key = key
        try:
            # Identify the file before anything writes to it: someone else's database is
            # left exactly as it was, not switched to WAL or given our tables.
            applied = journal._identify()
            journal._configure()
            if applied is None or KNOWN_MIGRATIONS[-1] not in applied:
                journal._migrate()
        except cipher.errors() as exc:
            conn.close()
            raise journal_error(path, exc) from None
        except BaseException:
            conn.close()
            raise
        return journal

    @classmethod
    def open_if_exists(
        cls, path: Path, clock: Clock, passphrase: Callable[[], str] | None = None
    ) -> Journal | None:
        """For read-only commands (`due`): never create a journal just to look at it."""
        if not path.exists():
            return None
        return cls.open(path, clock, create=False, passphrase=passphrase)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _configure(self) -> None:
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise JournalError(f"{self.path}: cannot switch the journal to WAL mode ({mode})")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _applied_migrations(self) -> list[str] | None:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not exists:
            return None
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        ).fetchall()
        return [row[0] for row in rows]

    def _identify(self) -> list[str] | None:
        """The migrations applied to this journal (None for a new, empty file).

        Only reads: a database that is not a punchin journal, or one written by a newer
        punchin, is refused before anything is written to it.
        """
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        applied = self._applied_migrations()
        if applied is None:
            tables = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            if tables:
                raise JournalError(
                    f"{self.path} is an SQLite database but not a punchin journal",
                    key="other_database",
                    path=self.path,
                )
            return None
        if not applied:  # sqlite-utils migrations of another program
            raise JournalError(
                f"{self.path} is an SQLite database but not a punchin journal",
                key="other_database",
                path=self.path,
            )
        self._refuse_newer(applied)
        return applied

    def _refuse_newer(self, applied: Sequence[str]) -> None:
        unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
        if unknown:
            raise JournalError(
                f"{self.path} was written by a newer punchin (schema {unknown[-1]}); "
                "upgrade punchin to open it",
                key="newer_journal",
                path=self.path,
            )

    def _migrate(self) -> None:
        from sqlite_utils import Database

        from punchin import migrations

        os.chmod(self.path, 0o600)
        if self._applied_migrations():  # an older punchin's journal: keep a copy first
            stamp = self.clock().strftime("%Y%m%d-%H%M%S")
            self.backup_to(self.path.parent / "backups" / f"{self.path.stem}-{stamp}-upgrade.db")
        with self.transaction():
            applied = self._applied_migrations() or []
            self._refuse_newer(applied)
            migrations.apply(Database(self.conn))
            now = self.clock()
            for key, value in (
                ("created_at", now.isoformat(timespec="seconds")),
                ("start_year", str(now.year)),
                ("journal_id", new_id()),
            ):
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value)
                )


def _create_private_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise JournalError(
            f"cannot create the journal {path}: {exc.strerror or exc}",
            key="journal_create",
            path=path,
            reason=exc.strerror or exc,
        ) from None
    os.close(fd)


def journal_error(path: Path, exc: BaseException) -> JournalError:
    """An SQLite failure, said in the user's terms."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return JournalError(
            f"{path} is not a punchin journal (not a readable SQLite database)",
            key="not_a_journal",
            path=path,
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return JournalError(
            f"cannot write the journal {path}: the file or its folder is read-only",
            key="journal_readonly",
            path=path,
        )
    if "locked" in text or "busy" in text:
        return JournalError(
            f"the journal {path} is busy in another program; try again",
            key="journal_busy",
            path=path,
        )
    return JournalError(f"cannot use the journal {path}: {text}")
