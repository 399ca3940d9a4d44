"""Encryption at rest, with SQLCipher: the whole file (its pages, its write-ahead log, its
full-text indexes) is AES-256, so search keeps working and nothing about the journal is
readable without the passphrase. Optional: `pip install 'punchin[encryption]'`.

An encrypted journal is recognised by its first bytes, which are not SQLite's header.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from punchin.errors import JournalError

SQLITE_HEADER = b"SQLite format 3\x00"


def is_encrypted(path: Path) -> bool:
    """Whole pages that do not begin like SQLite: an encrypted journal (any other file is
    left to SQLite to refuse)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0 and head != SQLITE_HEADER


def module() -> ModuleType:
    """SQLCipher's Python driver, or a clear word on how to get it."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise JournalError(
            "encryption needs SQLCipher: pip install 'punchin[encryption]'", key="no_sqlcipher"
        ) from None
    loaded: ModuleType = dbapi2
    return loaded


def errors() -> tuple[type[BaseException], ...]:
    """The database errors in play: sqlite3's, and SQLCipher's once it is loaded."""
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    extra: tuple[type[BaseException], ...] = (loaded.Error,) if loaded is not None else ()
    return (sqlite3.Error, *extra)


def quoted(passphrase: str) -> str:
    """The passphrase as an SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def unlock(conn: Any, passphrase: str, path: Path) -> None:
    """Give the key; a wrong one is told at the first read."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to word
    conn.execute(f"PRAGMA key = {quoted(passphrase)}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except errors():
        raise JournalError(
            f"wrong passphrase for the encrypted journal {path}", key="wrong_passphrase", path=path
        ) from None


def convert(source: Path, target: Path, key: str | None, new_key: str | None) -> None:
    """Write `source` (encrypted with `key`, or plain) to `target` (encrypted with
    `new_key`, or plain), through SQLCipher's export."""
    dbapi2 = module()
    conn = dbapi2.connect(str(source), isolation_level=None)
    try:
        if key is not None:
            unlock(conn, key, source)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(
            f"ATTACH DATABASE {quoted(str(target))} AS converted KEY {quoted(new_key or '')}"
        )
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()
