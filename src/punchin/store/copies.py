"""Safe copies of the journal: SQLite's online backup (consistent while the journal is in
use), a restore that checks what it restores, and an integrity check."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from punchin.config import ensure_private_dir
from punchin.errors import JournalError
from punchin.store import cipher
from punchin.store.base import Tables


class CopyTables(Tables):
    def backup_to(self, target: Path) -> Path:
        """A consistent copy, written to a private file beside it then moved into place."""
        ensure_private_dir(target.parent)
        failures: tuple[type[BaseException], ...] = (OSError, *cipher.errors())
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.close(fd)
            with _closing(self._connect(partial)) as copy:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
            os.replace(partial, target)
        except failures as exc:
            partial.unlink(missing_ok=True)
            raise JournalError(
                f"cannot write the backup {target}: {exc}", key="backup_failed", path=target
            ) from None
        return target

    def restore_from(self, source: Path) -> None:
        """Replace the journal's contents with a checked copy's, in one step."""
        with _closing(_open_copy(source, self.key)) as copy:
            copy.backup(self.conn)

    def _connect(self, path: Path) -> Any:
        """A connection of this journal's kind: an encrypted journal's copy is encrypted
        with the same passphrase."""
        if self.key is None:
            return sqlite3.connect(path)
        conn = cipher.module().connect(str(path))
        conn.execute(f"PRAGMA key = {cipher.quoted(self.key)}")
        return conn

    def problems(self) -> list[str]:
        """What `PRAGMA integrity_check` and `foreign_key_check` find; empty when sound."""
        found = [
            str(row[0])
            for row in self.conn.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        found += [
            f"{row[0]} row {row[1]} points at a missing {row[2]}"
            for row in self.conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
        return found


def check_copy(source: Path, key: str | None) -> None:
    """Refuse a file that is not a sound punchin journal, without changing it."""
    with _closing(_open_copy(source, key)):
        pass


def _open_copy(source: Path, key: str | None) -> Any:
    if not source.is_file():
        raise JournalError(f"{source} does not exist", key="copy_missing", path=source)
    encrypted = cipher.is_encrypted(source)
    driver: Any = cipher.module() if encrypted else sqlite3
    try:
        conn = driver.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        if encrypted:
            cipher.unlock(conn, key or "", source)
        names = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'punchin'"
        ).fetchall()
        sound = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except cipher.errors():
        raise JournalError(
            f"{source} is not a punchin journal", key="not_a_journal", path=source
        ) from None
    if not names or not sound:
        conn.close()
        raise JournalError(
            f"{source} is not a sound punchin journal", key="not_a_journal", path=source
        )
    return conn


class _closing:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __enter__(self) -> Any:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()
