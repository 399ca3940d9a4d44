"""What every part of the store shares: the connection, the clock, transactions, meta."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

Clock = Callable[[], datetime]


def new_id() -> str:
    """A random 128-bit id as hex: stable across export/import, short prefixes name it."""
    return os.urandom(16).hex()


class Tables:
    """An open connection plus the clock that stamps every row."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.key: str | None = None  # the passphrase of an encrypted journal
        self._depth = 0

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
        return int(value) if value else self.clock().year

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")
