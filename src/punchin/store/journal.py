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

from punchin import testpoints
from punchin.errors import JournalError, NotFoundError
from punchin.places import cannot_create, ensure_private_dir
from punchin.store import cipher
from punchin.store.base import Clock, new_id
from punchin.store.copies import CopyTables, safety_copy
from punchin.store.discard import DiscardTables
from punchin.store.goals import GoalTables
from punchin.store.history import HistoryTables
from punchin.store.identify import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    KNOWN_MIGRATIONS,
    MIGRATION_SET,
    FileKind,
    file_info,
    identify,
)
from punchin.store.lifetime import LifeTables
from punchin.store.lock import JournalLock
from punchin.store.notes import NoteTables
from punchin.store.notifications import NotificationTables
from punchin.store.portable import PortableTables
from punchin.store.privacy import make_private, writable_shared_files
from punchin.store.reviews import ReviewTables
from punchin.store.search import SearchTables
from punchin.store.swap import REPLACED_KEY, remove_leftovers, restores_in
from punchin.store.syncing import SyncTables

DEFAULT_WAIT = 60.0  # seconds a command waits while another punchin converts the journal


class Journal(
    GoalTables,
    ReviewTables,
    SearchTables,
    HistoryTables,
    LifeTables,
    NotificationTables,
    PortableTables,
    CopyTables,
    NoteTables,
    DiscardTables,
    SyncTables,
):
    """An open journal. Create with `Journal.open`; close with `close()` or `with`.

    While it is open its process holds the journal's lock shared (`store.lock`); `release()`
    lets go of both the connection and the lock while the user thinks, and the next use opens
    the journal again, noticing if `encrypt`, `decrypt` or `restore` replaced the file.
    """

    def __init__(self, path: Path, clock: Clock) -> None:
        """Not connected yet: `open` makes a journal and connects it."""
        super().__init__(path, clock)
        self.real_path = real_path(path)
        self.replacements = 0  # how often the file was found replaced when opened again
        self.restored = False  # whether the last replacement was a restore (other content)
        self.leftovers_removed: list[Path] = []  # of conversions killed before they finished
        self.made_private: list[Path] = []  # what others could read before it was opened
        self._create = True
        self._upgrade = True  # False: a journal that needs upgrading is refused, not upgraded
        self._passphrase: Callable[[], str] | None = None
        self._wait = DEFAULT_WAIT
        self._on_wait: Callable[[], None] | None = None
        self._lock = JournalLock(self.real_path)
        # The file opened: device, inode, and the mark a replacement leaves in it (an inode
        # number alone can come back for the new file).
        self._file: tuple[int, int, str] | None = None
        self._raw: tuple[bytes, bytes] | None = None  # (salt, derived key) of that file

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        clock: Clock,
        *,
        create: bool = True,
        passphrase: Callable[[], str] | None = None,
        wait: float = DEFAULT_WAIT,
        on_wait: Callable[[], None] | None = None,
    ) -> Journal:
        """Open (or create) the journal; `passphrase` is asked for only if it is encrypted.
        `wait` bounds the wait while another punchin converts or restores it."""
        journal = cls(path, clock)
        journal._create, journal._passphrase = create, passphrase
        journal._wait, journal._on_wait = wait, on_wait
        journal._reconnect()
        return journal

    @classmethod
    def open_as_is(cls, path: Path, clock: Clock) -> Journal | None:
        """The journal, opened only if that changes nothing, waits for nothing and asks
        nothing: a plain journal, up to date, already private, with no leftover of a killed
        conversion beside it and none running. Else None: the caller takes the long way,
        which does and says what is needed. (`store.glance` looks at the journal on the same
        conditions, without this class, for `punchin due` in a shell prompt.)"""
        from punchin.store.privacy import is_private
        from punchin.store.swap import leftovers_beside

        real = real_path(path)
        if identify(real) is not FileKind.PUNCHIN or leftovers_beside(real):
            return None
        if not is_private(real):
            return None
        journal = cls(path, clock)
        journal._create, journal._wait, journal._upgrade = False, 0, False
        try:
            journal._reconnect()
        except JournalError as exc:
            if exc.key in ("journal_converting", "journal_needs_upgrade"):
                return None
            raise
        return journal

    @classmethod
    def open_if_exists(
        cls,
        path: Path,
        clock: Clock,
        passphrase: Callable[[], str] | None = None,
        wait: float = DEFAULT_WAIT,
    ) -> Journal | None:
        """For read-only commands (`due`): never create a journal just to look at it."""
        if not path.exists():
            return None
        return cls.open(path, clock, create=False, passphrase=passphrase, wait=wait)

    def release(self) -> None:
        """Let go of the journal (its connection and its lock) while waiting for the person,
        so that a conversion in another terminal never waits for an answer. Inside a
        transaction nothing is let go. An encrypted journal keeps the key it derived, so
        that opening it again after the answer costs a millisecond, not a tenth of a second."""
        if self._depth:
            return
        if self._conn is not None and self.key is not None and self._raw is None:
            self._raw = self._derive_raw_key(self._conn)
        self._let_go()

    def _let_go(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._lock.release()

    def ensure_open(self) -> None:
        """Open the journal again if it was let go; `replacements` then says whether the
        file was replaced meanwhile."""
        if self._conn is None:
            self._reconnect()

    def close(self) -> None:
        self._depth = 0
        self._let_go()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reconnect(self) -> None:
        # What cannot be a journal, or a journal that is not there when none may be made, is
        # refused before the lock file (or a folder) is made beside it.
        if file_info(self.real_path) is None and not self._create:
            raise _missing(self.path)
        if self._create:
            ensure_private_dir(self.real_path.parent)
        held = self._lock.acquire(exclusive=False, wait=self._wait, on_wait=self._on_wait)
        if not held:
            raise JournalError(
                f"the journal {self.path} is being encrypted, decrypted or restored by another "
                "punchin; nothing was written; try again when it has finished",
                key="journal_converting",
                path=self.path,
            )
        try:
            self.leftovers_removed += remove_leftovers(self.real_path)
            self._connect()
            testpoints.reach("journal.opened")
        except BaseException:
            self._conn = None
            self._lock.release()
            raise

    def _connect(self) -> None:
        path = self.real_path
        kind = identify(path)
        if kind is FileKind.MISSING:
            if not self._create:
                raise _missing(self.path)
            _create_private_file(path)
            kind = FileKind.EMPTY
        elif kind is FileKind.EMPTY and not self._create:
            # an emptied journal (a disk that filled up, a bad copy) is not made a new one
            # by a command that only reads it: its backups would no longer be its own
            raise _emptied(self.path)
        if kind is FileKind.FOREIGN:
            raise _foreign(self.path)
        # Ours by its header (an encrypted file: once unlocked): private before it is read.
        if kind is FileKind.ENCRYPTED:
            writable_shared_files(path)
        else:
            self.made_private += make_private(path)
        conn = self._unlocked(path) if kind is FileKind.ENCRYPTED else self._plain(path)
        self._conn = conn
        try:
            # Identify the file before anything writes to it: someone else's database is
            # left exactly as it was, not switched to WAL or given our tables.
            applied = self._identify(kind)
            if not self._upgrade and (applied is None or KNOWN_MIGRATIONS[-1] not in applied):
                raise JournalError(
                    f"the journal {self.path} needs upgrading first",
                    key="journal_needs_upgrade",
                    path=self.path,
                )
            if kind is FileKind.ENCRYPTED:
                self.made_private += make_private(path)
            if kind is FileKind.EMPTY:  # the mark goes in first, before WAL, into the file
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._configure()
            if applied is None or KNOWN_MIGRATIONS[-1] not in applied:
                self._migrate()
            self._notice_replacement(path)
        except cipher.errors() as exc:
            conn.close()
            raise journal_error(self.path, exc) from None
        except BaseException:
            conn.close()
            raise

    def _notice_replacement(self, path: Path) -> None:
        """Compare the file now open with the one opened before (if any)."""
        info = os.stat(path)
        found = (info.st_dev, info.st_ino, self.meta(REPLACED_KEY) or "")
        if self._file is not None and found != self._file:
            self.replacements += 1
            self.restored = restores_in(found[2]) != restores_in(self._file[2])
            self._raw = None
        self._file = found

    def _plain(self, path: Path) -> Any:
        self.key = None
        return self._connect_with(sqlite3, path)

    def _unlocked(self, path: Path) -> Any:
        """A connection to the encrypted journal, unlocked with the key derived earlier, the
        passphrase given earlier, or (only then) the passphrase asked for."""
        driver = cipher.module()
        with path.open("rb") as handle:
            salt = handle.read(16)
        known: list[tuple[bytes | None, str]] = []
        if self.key is not None:
            if self._raw is not None and self._raw[0] == salt:
                known.append((self._raw[1], self.key))
            known.append((None, self.key))
        for raw, key in known:
            conn = self._connect_with(driver, path)
            try:
                if raw is not None:
                    cipher.unlock_raw(conn, raw, path)
                else:
                    cipher.unlock(conn, key, path)
            except JournalError:  # re-encrypted meanwhile with another passphrase
                conn.close()
                continue
            except BaseException:
                conn.close()
                raise
            return conn
        if self._passphrase is None:
            raise JournalError(
                f"{self.path} is encrypted: give its passphrase",
                key="needs_passphrase",
                path=self.path,
            )
        key = self._passphrase()
        conn = self._connect_with(driver, path)
        try:
            cipher.unlock(conn, key, path)
        except BaseException:
            conn.close()
            raise
        self.key = key
        self._raw = None
        return conn

    def _connect_with(self, driver: Any, path: Path) -> Any:
        try:
            return driver.connect(
                str(path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except cipher.errors() as exc:
            raise journal_error(self.path, exc) from None

    def _derive_raw_key(self, conn: Any) -> tuple[bytes, bytes] | None:
        assert self.key is not None
        try:
            with self.real_path.open("rb") as handle:
                salt = handle.read(16)
        except OSError:
            return None
        raw = cipher.raw_key(conn, self.key, salt)
        return None if raw is None else (salt, raw)

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

    def _identify(self, kind: FileKind) -> list[str] | None:
        """The migrations applied to this journal (None for a new, empty file).

        Only reads: a database that is not a punchin journal, or one written by a newer
        punchin, is refused before anything is written to it.
        """
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if kind is FileKind.EMPTY:
            return None
        applied = self._applied_migrations()
        mark = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        if mark == APPLICATION_ID and not applied:  # created, then stopped before its tables
            return None
        if not applied or mark not in (0, APPLICATION_ID):
            raise _foreign(self.path)
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

        from punchin.store import migrations

        os.chmod(self.real_path, 0o600)
        applied = self._applied_migrations()
        if applied and KNOWN_MIGRATIONS[-1] in applied:  # another process just did it
            return
        if applied:  # an older punchin's journal: keep a copy first
            self.backup_to(safety_copy(self.path, self.clock(), "upgrade"))
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
        free = self.conn.execute("PRAGMA freelist_count").fetchone()[0]
        if 2 * free > self.conn.execute("PRAGMA page_count").fetchone()[0]:
            self.conn.execute("VACUUM")  # the upgrade left most of the file empty (m010)
        # The mark (set by a migration on older journals) goes into the file itself, so
        # that the next punchin knows the file as its own from the header alone.
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def real_path(path: Path) -> Path:
    """Where the journal really is: a symlinked journal is used, converted and locked at its
    target, never replaced by a file of its own."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: let opening say what is wrong
        return path


def _missing(path: Path) -> NotFoundError:
    return NotFoundError(
        f"no journal at {path}: run `punchin init` or `punchin week`",
        key="no_journal",
        path=path,
    )


def _foreign(path: Path) -> JournalError:
    return JournalError(
        f"{path} is not a punchin journal (another program's file); it was left unchanged",
        key="other_database",
        path=path,
    )


def _emptied(path: Path) -> NotFoundError:
    return NotFoundError(
        f"{path} is empty (0 bytes): it holds no journal; `punchin backup --list` shows its "
        "backups and `punchin restore --latest` puts the newest sound one back",
        key="journal_emptied",
        path=path,
    )


def _create_private_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise cannot_create(JournalError, "the journal", "journal_create", path, exc) from None
    os.close(fd)


def journal_error(path: Path, exc: BaseException) -> JournalError:
    """An SQLite failure, said in the user's terms."""
    text = str(exc)
    if ("not a database" in text or "malformed" in text) and is_ours(path):
        return damaged_error(path, text)
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


def is_ours(path: Path) -> bool:
    """Whether the file SQLite just failed to read is a punchin journal by its header (our
    mark, or an encrypted file that was unlocked before it failed): then it is damaged, not
    someone else's."""
    try:
        return identify(real_path(path)) in (FileKind.PUNCHIN, FileKind.ENCRYPTED)
    except JournalError:
        return False


def damaged_error(path: Path, reason: str) -> JournalError:
    """A punchin journal whose pages are corrupt: the CLI adds its newest sound backup."""
    return JournalError(
        f"{path} is a punchin journal, but it is damaged ({reason}); `punchin check --salvage` "
        "copies what is still readable into a new journal beside it",
        key="journal_damaged",
        path=path,
        reason=reason,
    )
