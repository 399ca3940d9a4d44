"""Encryption at rest, with SQLCipher: the whole file (its pages, its write-ahead log, its
full-text indexes) is AES-256, so search keeps working and nothing about the journal is
readable without the passphrase. Optional: `pip install 'punchin[encryption]'`.

An encrypted journal is recognised by its first bytes, which are not SQLite's header
(`store.identify`).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from punchin.errors import JournalError


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
    _keyed(conn, quoted(passphrase), path)


def unlock_raw(conn: Any, raw: bytes, path: Path) -> None:
    """Give a key already derived from the passphrase: no key derivation, so a journal let
    go between two answers reopens in a millisecond instead of a tenth of a second."""
    _keyed(conn, f"\"x'{raw.hex()}'\"", path)


def _keyed(conn: Any, literal: str, path: Path) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to word
    conn.execute(f"PRAGMA key = {literal}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except errors():
        raise JournalError(
            f"wrong passphrase for the encrypted journal {path}", key="wrong_passphrase", path=path
        ) from None


KDF_HASHES = {
    "PBKDF2_HMAC_SHA512": "sha512",
    "PBKDF2_HMAC_SHA256": "sha256",
    "PBKDF2_HMAC_SHA1": "sha1",
}


def raw_key(conn: Any, passphrase: str, salt: bytes) -> bytes | None:
    """The key SQLCipher derives from `passphrase` for the file with this salt (its first 16
    bytes), computed the way the open connection says it does it; None if it is a way we do
    not know. A wrong result only costs a fall-back to the passphrase."""
    failures: tuple[type[BaseException], ...] = (*errors(), TypeError, ValueError)
    try:
        algorithm = str(conn.execute("PRAGMA cipher_kdf_algorithm").fetchone()[0])
        rounds = int(conn.execute("PRAGMA kdf_iter").fetchone()[0])
    except failures:
        return None
    name = KDF_HASHES.get(algorithm)
    if name is None or len(salt) != 16:
        return None
    import hashlib  # here: `punchin due` never needs it

    return hashlib.pbkdf2_hmac(name, passphrase.encode("utf-8"), salt, rounds, 32)


def copy_database(source: Path, key: str | None, target: Path, new_key: str | None) -> None:
    """Write the database at `source` (encrypted with `key`, or plain) into the new file
    `target` (encrypted with `new_key`, or plain): SQLCipher's export when either side is
    encrypted, SQLite's backup otherwise."""
    if key is None and new_key is None:
        with _closing(sqlite3.connect(source)) as conn, _closing(sqlite3.connect(target)) as copy:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        return
    dbapi2 = module()
    conn = dbapi2.connect(str(source), isolation_level=None)
    try:
        if key is not None:
            unlock(conn, key, source)
        conn.execute(
            f"ATTACH DATABASE {quoted(str(target))} AS converted KEY {quoted(new_key or '')}"
        )
        conn.execute("SELECT sqlcipher_export('converted')")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        mark = int(conn.execute("PRAGMA main.application_id").fetchone()[0])
        conn.execute(f"PRAGMA converted.user_version = {version}")
        conn.execute(f"PRAGMA converted.application_id = {mark}")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


class _closing:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __enter__(self) -> Any:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()
