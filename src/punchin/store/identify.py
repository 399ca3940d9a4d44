"""What a file is, decided before SQLite is let near it.

A punchin journal carries punchin's mark (`application_id`) in its header. Anything else is
someone else's: it is refused and left byte-identical, its `-wal` and `-shm` included, which
is why the header is read here as plain bytes, and a file without any mark is looked into
only through SQLite's `immutable` mode (no locks, no write-ahead log, no checkpoint).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from enum import Enum

from punchin.errors import JournalError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = int.from_bytes(b"punc", "big")  # PRAGMA application_id of every journal

# The schema of an up-to-date journal: the migrations this punchin knows, kept here so that
# opening one never imports sqlite_utils (nor, from `store.glance`, the `Journal` class); a
# test checks they match the migrations module.
KNOWN_MIGRATIONS = (
    "m001_initial",
    "m002_carried_from",
    "m003_span_indexes",
    "m004_notifications",
    "m005_notes",
    "m006_period_indexes",
    "m007_application_id",
    "m008_span_horizon",
    "m009_private_goals",
    "m010_lean_search",
    "m011_sync",
    "m012_counting_indexes",
)
MIGRATION_SET = "punchin"
BUSY_TIMEOUT_MS = 15_000


class FileKind(Enum):
    MISSING = "missing"
    EMPTY = "empty"  # zero bytes: a journal may be created in it
    PUNCHIN = "punchin"  # marked, or an older punchin's journal from before the mark
    ENCRYPTED = "encrypted"  # not SQLite's header: SQLCipher, to be confirmed once unlocked
    FOREIGN = "foreign"


def file_info(path: str | Path) -> os.stat_result | None:
    """The journal file's status, None if there is none; raises for what cannot be a journal
    file at all (a folder, a device, a pipe, a socket), before anything is opened, read or
    made beside it (a pipe would wait for a writer; a lock file would land in /dev)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # a file where its folder would be
        return None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise JournalError(
            f"{path} is a folder, not a journal file", key="journal_folder", path=path
        )
    if not stat.S_ISREG(info.st_mode):
        raise JournalError(
            f"{path} is not a regular file (a device, a pipe or a socket); a journal is a file",
            key="journal_not_file",
            path=path,
        )
    return info


def identify(path: str | Path) -> FileKind:
    """The kind of file at `path` (a string from `punchin due` in a shell prompt, which looks
    without pathlib); raises for what cannot be a journal file at all."""
    info = file_info(path)
    if info is None:
        return FileKind.MISSING
    if info.st_size == 0:
        return FileKind.EMPTY
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not head.startswith(SQLITE_HEADER):
        whole_pages = info.st_size >= 1024 and info.st_size % 512 == 0
        return FileKind.ENCRYPTED if whole_pages and _looks_random(head) else FileKind.FOREIGN
    if len(head) < 100:
        return FileKind.FOREIGN
    mark = int.from_bytes(head[68:72], "big")
    if mark == APPLICATION_ID:
        return FileKind.PUNCHIN
    if mark != 0:
        return FileKind.FOREIGN
    return FileKind.PUNCHIN if _holds_punchin_schema(path) else FileKind.FOREIGN


def _looks_random(first_page: bytes) -> bool:
    """Whether the first 1,024 bytes look like ciphertext, as an encrypted journal's do
    (its salt, then its first page, encrypted): nearly every one of the 256 byte values
    turns up in them (251 on average; fewer than 200 about once in 10^40), where text
    or a file of zeros holds a few dozen. A text file of whole pages is then not a journal,
    rather than one whose passphrase is asked for."""
    return len(first_page) >= 1024 and len(set(first_page)) >= 200


def _unreadable(path: str | Path, exc: OSError) -> JournalError:
    reason = exc.strerror or str(exc)
    return JournalError(
        f"cannot read the journal {path}: {reason}",
        key="journal_unreadable",
        path=path,
        reason=reason,
    )


def _holds_punchin_schema(given: str | Path) -> bool:
    """An unmarked SQLite file is an older punchin's journal when it holds punchin's
    migrations; looked at immutably, so that nothing of another program's file changes. An
    older punchin's journal may still have its tables in its write-ahead log (it was never
    checkpointed): then a private copy of the two files is looked at instead."""
    from pathlib import Path

    path = Path(given)
    if _schema_says_punchin(f"{path.resolve().as_uri()}?immutable=1"):
        return True
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0:
            return False
    except OSError:
        return False
    import shutil
    import tempfile

    try:
        folder = Path(tempfile.mkdtemp(prefix=".punchin-identify-", dir=path.parent))
    except OSError:  # nowhere private to look: not known as ours, so left alone
        return False
    try:
        copy = folder / "journal.db"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, f"{copy}-wal")
        return _schema_says_punchin(copy.as_uri())
    except OSError:
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _schema_says_punchin(uri: str) -> bool:
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return False
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not found:
            return False
        return bool(
            conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'punchin' LIMIT 1"
            ).fetchone()
        )
    except sqlite3.Error:
        return False
    finally:
        conn.close()


PAGE = 4096  # the page size of punchin's journals (SQLite's default)
BTREE_PAGES = (0x02, 0x05, 0x0A, 0x0D)  # the first byte of a plain SQLite b-tree page


def plain_beyond_start(path: Path, sample: int = 16) -> bool:
    """Whether a file that looks encrypted at its start is a plain SQLite file past it: its
    later pages begin like plain b-tree pages (an encrypted page is random there, so about
    one in sixty would by chance). A plain journal whose first page was overwritten reads
    so; a journal encrypted whole does not."""
    try:
        with path.open("rb") as file:
            pages = []
            for number in range(1, sample + 1):
                file.seek(number * PAGE)
                head = file.read(8)
                if len(head) < 8:
                    break
                pages.append(head)
    except OSError:
        return False
    plain = sum(
        head[0] in BTREE_PAGES and int.from_bytes(head[3:5], "big") * 2 + 8 <= PAGE
        for head in pages
    )
    return bool(pages) and plain * 2 > len(pages)
