"""What every part of the store shares: the connection, the clock, transactions, meta."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

Clock = Callable[[], datetime]


def new_id() -> str:
    """A random 128-bit id as hex: stable across export/import, short prefixes name it."""
    return os.urandom(16).hex()


class Tables:
    """A connection (opened again on demand after the journal was let go) plus the clock
    that stamps every row."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self.key: str | None = None  # the passphrase of an encrypted journal
        self._conn: sqlite3.Connection | None = None
        self._depth = 0

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection; a journal let go while its user was thinking reopens here."""
        if self._conn is None:
            self._reconnect()
        assert self._conn is not None
        return self._conn

    def _reconnect(self) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # -- meta --------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def start_year(self) -> int:
        """The year five-year windows are anchored on."""
        value = self.meta("start_year")
        if value and value.isascii() and value.isdigit() and 1900 <= int(value) <= 2200:
            return int(value)
        created = self.meta("created_at") or ""  # a damaged value is read around, not trusted
        year = created[:4]
        return int(year) if year.isascii() and year.isdigit() else self.clock().year

    def created_on(self) -> date | None:
        """The day the journal began; a damaged value reads as unknown."""
        created = self.meta("created_at") or ""
        try:
            return date.fromisoformat(created[:10])
        except ValueError:
            return None

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")
