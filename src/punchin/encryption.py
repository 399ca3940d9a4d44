"""Turning a journal's encryption on and off, safely: the converted copy is written beside
the journal, checked (integrity, and every table holding the same number of rows), and only
then moved into its place in one rename."""

from __future__ import annotations

import os
from pathlib import Path

from punchin.errors import JournalError
from punchin.store import Journal, cipher
from punchin.store.base import Clock

COUNTED = ("goals", "entries", "answers", "diagnoses", "commitments", "notes")


def convert_in_place(path: Path, clock: Clock, key: str | None, new_key: str | None) -> None:
    """Re-write the journal at `path` from `key` (None: plain) to `new_key` (None: plain)."""
    before = _counts(path, clock, key)
    converted = path.with_name(f".{path.name}.converting")
    converted.unlink(missing_ok=True)
    try:
        cipher.convert(path, converted, key, new_key)
        os.chmod(converted, 0o600)
        after = _counts(converted, clock, new_key)
        if after != before:
            raise JournalError(
                f"the converted journal does not match the original ({after} != {before}); "
                "nothing was changed",
                key="convert_mismatch",
            )
        for suffix in ("-wal", "-shm"):  # they belong to the old file
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(converted, path)
    finally:
        converted.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{converted}{suffix}").unlink(missing_ok=True)


def _counts(path: Path, clock: Clock, key: str | None) -> dict[str, int]:
    with Journal.open(path, clock, create=False, passphrase=lambda: key or "") as journal:
        problems = journal.problems()
        if problems:
            raise JournalError(f"{path} is not sound: {problems[0]}", key="not_sound", path=path)
        return {
            table: int(journal.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in COUNTED
        }
