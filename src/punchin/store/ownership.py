"""Whether a file that is already there is a punchin journal or backup, which `backup PATH`
may replace with a newer copy; anything else is only replaced when the person says so."""

from __future__ import annotations

import contextlib
from pathlib import Path

from punchin.store import cipher
from punchin.store.identify import APPLICATION_ID, FileKind, identify


def is_journal_copy(path: Path, key: str | None) -> bool:
    """A punchin journal or backup: punchin's mark in its header, or (encrypted, when the
    journal in use is encrypted too) the mark inside once unlocked with the same passphrase.
    Only read; a file that cannot be read is not known as ours."""
    try:
        kind = identify(path)
    except Exception:  # a folder, a device, an unreadable file: not ours
        return False
    if kind is FileKind.PUNCHIN:
        return True
    if kind is not FileKind.ENCRYPTED or key is None:
        return False
    try:
        driver = cipher.module()
        conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except Exception:
        return False
    try:
        cipher.unlock(conn, key, path)
        mark = int(conn.execute("PRAGMA application_id").fetchone()[0])
    except Exception:  # another passphrase, or not SQLCipher at all
        return False
    finally:
        with contextlib.suppress(Exception):
            conn.close()
    return mark == APPLICATION_ID
