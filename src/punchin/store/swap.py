"""Replacing the journal file, for `encrypt`, `decrypt` and `restore`, with nothing lost.

The new file is written beside the journal (`.NAME.converting`), checked (integrity, and
every table holding as many rows as its source), and moved over the journal in one rename,
all while this process holds the journal's lock exclusively (`store.lock`): no other punchin
has the old file open, so no write can land in it after it was copied, and no `-wal` or
`-shm` of the old file can ever be applied to the new one. A conversion killed before the
rename leaves the journal as it was; its leftover is removed by the next command that opens
the journal, which says so (a decrypt's leftover is plaintext).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from punchin import testpoints
from punchin.errors import JournalError
from punchin.files import fsync_path, write_file
from punchin.store import cipher
from punchin.store.lock import JournalLock

COUNTED = ("goals", "entries", "answers", "diagnoses", "commitments", "notes")
EXCLUSIVE_WAIT = 30.0  # seconds to wait for other punchin processes to let go
SIDE_FILES = ("-journal", "-wal", "-shm")
REPLACED_KEY = "replaced"  # meta: "<restores so far>:<id of this file>", set by `store.swap`


def converting_path(real: Path) -> Path:
    return real.with_name(f".{real.name}.converting")


def leftovers_beside(real: Path) -> bool:
    """Whether a killed conversion left something beside the journal: only looks."""
    base = converting_path(real)
    return any(
        os.path.lexists(candidate)
        for candidate in (base, *(Path(f"{base}{suffix}") for suffix in SIDE_FILES))
    )


def remove_leftovers(real: Path) -> list[Path]:
    """Remove what a killed conversion left beside the journal; the paths removed. Called
    with the journal's lock held, so no conversion is running."""
    base = converting_path(real)
    removed = []
    for candidate in (base, *(Path(f"{base}{suffix}") for suffix in SIDE_FILES)):
        try:
            candidate.unlink()
        except FileNotFoundError:
            continue
        except OSError:  # a read-only folder: nothing there can have been converted
            continue
        removed.append(candidate)
    return removed


def replace_journal(
    real: Path,
    source: Path,
    source_key: str | None,
    new_key: str | None,
    *,
    keep_first: Path | None = None,
    set_aside: Path | None = None,
    on_wait: Callable[[], None] | None = None,
    wait: float = EXCLUSIVE_WAIT,
    unreadable: bool = False,
) -> None:
    """Put a checked copy of `source` (encrypted with `source_key`, or plain) at the
    journal's real path `real`, encrypted with `new_key` (or plain). With `keep_first`, the
    journal as it is just before the swap is copied there first (for `restore`). With
    `set_aside` (a name beside the journal), the old file itself is kept there as it is, with
    its write-ahead log: for a damaged journal, which cannot be copied through SQLite. An
    `unreadable` journal (gone, emptied, or no longer recognisable) is not looked into."""
    lock = JournalLock(real)
    if not lock.acquire(exclusive=True, wait=wait, on_wait=on_wait):
        raise JournalError(
            f"the journal {real} is in use by another punchin (an import, a scripted review or "
            "another conversion); nothing was changed; try again when it has finished",
            key="journal_in_use",
            path=real,
        )
    converted = converting_path(real)
    try:
        testpoints.reach("swap.locked")
        remove_leftovers(real)
        restoring = source != real
        current_key = new_key if restoring else source_key
        if not unreadable:
            _still_as_expected(real, current_key)
        before = counts(source, source_key)
        _create_empty(converted)
        cipher.copy_database(source, source_key, converted, new_key)
        testpoints.reach("swap.copied")
        after = counts(converted, new_key)
        if after != before:
            raise JournalError(
                f"the new journal does not match its source ({after} != {before}); "
                "nothing was changed",
                key="convert_mismatch",
            )
        # A damaged journal set aside is not opened again (closing it may checkpoint it).
        done = 0 if set_aside is not None or unreadable else _restores(real, current_key)
        restores = done + (1 if restoring else 0)
        _mark(converted, new_key, restores)
        fsync_path(converted)
        if keep_first is not None:
            keep_copy(real, current_key, keep_first)
        if set_aside is not None:
            keep_file(real, set_aside)
        testpoints.reach("swap.checked")
        for suffix in ("-wal", "-shm"):  # they belong to the old file; nobody has it open
            Path(f"{real}{suffix}").unlink(missing_ok=True)
        os.replace(converted, real)
        fsync_path(real.parent)
        testpoints.reach("swap.replaced")
    finally:
        remove_leftovers(real)
        lock.release()


def _still_as_expected(journal: Path, key: str | None) -> None:
    """While this command waited (for the lock, or for a yes), another punchin may have
    encrypted or decrypted the journal."""
    from punchin.store.identify import FileKind, identify

    if (identify(journal) is FileKind.ENCRYPTED) != (key is not None):
        raise JournalError(
            f"{journal} was encrypted or decrypted by another punchin meanwhile; nothing was "
            "changed; run the command again",
            key="journal_changed",
            path=journal,
        )


def _restores(journal: Path, key: str | None) -> int:
    """How many restores the journal's content has been through (carried by conversions);
    none known for a journal too damaged to tell."""
    failures: tuple[type[BaseException], ...] = (JournalError, *cipher.errors())
    try:
        conn = _open(journal, key)
    except failures:
        return 0
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (REPLACED_KEY,)).fetchone()
    except cipher.errors():
        row = None
    finally:
        conn.close()
    return restores_in(str(row[0]) if row else "")


def _mark(path: Path, key: str | None, restores: int) -> None:
    """Leave in the new file a mark of its own (a process that had the old file open then
    knows it looks at another file, even if the inode number came back) and the count of
    restores (so it knows whether the content is still the one it was writing into)."""
    from punchin.store.base import new_id

    conn = _open(path, key)
    try:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (REPLACED_KEY, f"{restores}:{new_id()}"),
        )
        conn.commit()
    finally:
        conn.close()


def keep_copy(real: Path, key: str | None, target: Path) -> None:
    """A copy of the journal (in its own format) at `target`, for the journal's lock holder."""
    write_file(target, lambda temporary: cipher.copy_database(real, key, temporary, key))


def keep_file(real: Path, target: Path) -> None:
    """The journal file and its write-ahead log, byte for byte, also at `target` (and
    `target`-wal): a second name for the same file where the folder allows it (nothing is
    copied, and the journal is then replaced by a rename), else a private copy."""
    import shutil

    for suffix in ("", "-wal"):
        source, kept = Path(f"{real}{suffix}"), Path(f"{target}{suffix}")
        if not source.exists() or (suffix and source.stat().st_size == 0):
            continue
        try:
            os.link(source, kept)
        except OSError:
            fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out, source.open("rb") as given:
                shutil.copyfileobj(given, out)
        fsync_path(kept)
    fsync_path(target.parent)


def counts(path: Path, key: str | None) -> dict[str, int]:
    """Rows per table of a sound journal file; raises naming the first problem."""
    conn = _open(path, key)
    try:
        problem = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if problem != "ok":
            raise JournalError(f"{path} is not sound: {problem}", key="not_sound", path=path)
        present = {
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }  # a journal from before notes existed has no notes table (it gets one on upgrade)
        return {
            table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in COUNTED
            if table in present
        }
    except cipher.errors() as exc:
        raise JournalError(f"{path} is not sound: {exc}", key="not_sound", path=path) from None
    finally:
        conn.close()


def _open(path: Path, key: str | None) -> Any:
    if key is None:
        return sqlite3.connect(path)
    conn = cipher.module().connect(str(path))
    try:
        cipher.unlock(conn, key, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _create_empty(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def restores_in(mark: str) -> int:
    """The count of restores in a file's replacement mark ("" or damaged: none)."""
    count = mark.partition(":")[0]
    return int(count) if count.isascii() and count.isdigit() else 0
