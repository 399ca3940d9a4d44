"""The journal's backups on disk: their names, finding them, telling a sound one from a
damaged one, the automatic backup after every finished review, and its rotation.

A backup is a whole journal file, named `<journal>-<YYYYmmdd-HHMMSS>[-<label>].db`, so that
its name alone says what it is a copy of and when it was taken, and a listing needs no
passphrase. The label says who made it: `auto-<journal id>` after a review (the id keeps
two journals of the same name apart in one shared folder), none for `punchin backup`,
`upgrade` and `before-restore` for punchin's own safety copies. Only automatic backups are
ever deleted, by the rotation (`store.rotation`); the others are the person's own.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from punchin.errors import JournalError
from punchin.store import cipher
from punchin.store.identify import APPLICATION_ID, FileKind, identify
from punchin.store.rotation import to_keep

if TYPE_CHECKING:
    from punchin.store.copies import CopyTables

STAMP = "%Y%m%d-%H%M%S"
AUTO = "auto"
BEFORE_RESTORE = "before-restore"
_AUTO_LABEL = re.compile(r"auto(?:-([0-9a-f]{8}))?(?:-(\d+))?")
_LABEL = re.compile(r"(.*?)-?(\d*)")
_REST = re.compile(r"(\d{8}-\d{6})(?:-(.+))?\.db")


class Soundness(Enum):
    SOUND = "sound"
    DAMAGED = "damaged"  # a punchin journal whose pages do not pass the integrity check
    LOCKED = "locked"  # encrypted, and the passphrase at hand does not open it
    NEWER = "newer"  # written by a newer punchin: it cannot be restored by this one
    FOREIGN = "foreign"  # not a punchin journal at all


@dataclass(frozen=True)
class Backup:
    """A backup found on disk; `taken` is the local time in its name."""

    path: Path
    taken: datetime
    label: str  # "auto", "" (`punchin backup`), "upgrade", "before-restore"
    journal: str | None  # the short id of the journal an automatic backup is of
    size: int
    number: int = 1  # the second backup taken within the same second is -2, and so on

    @property
    def automatic(self) -> bool:
        return self.label == AUTO


def short_id(journal_id: str | None) -> str:
    """The first 8 hex digits of a journal's id ("" when it has none, or an odd one)."""
    text = (journal_id or "")[:8]
    return text if re.fullmatch(r"[0-9a-f]{8}", text) else ""


def automatic_path(folder: Path, stem: str, now: datetime, journal_id: str | None) -> Path:
    """A new name for an automatic backup, never the name of an earlier one."""
    ident = short_id(journal_id)
    base = f"{stem}-{now.strftime(STAMP)}-{AUTO}" + (f"-{ident}" if ident else "")
    name, number = f"{base}.db", 1
    while (folder / name).exists():
        number += 1
        name = f"{base}-{number}.db"
    return folder / name


def set_aside_path(journal: Path, now: datetime, label: str) -> Path:
    """A new name beside the journal for a file of it kept aside (`damaged`, `salvaged`):
    in the same folder, so that setting it aside is a rename or a link, never a copy."""
    stem = f"{journal.stem}-{now.strftime(STAMP)}-{label}"
    name, number = f"{stem}.db", 1
    while (journal.parent / name).exists():
        number += 1
        name = f"{stem}-{number}.db"
    return journal.parent / name


def find(stem: str, folders: Iterable[Path]) -> list[Backup]:
    """The backups of the journal named `stem` in `folders`, newest first. Unreadable
    folders, temporary files and anything that is not a plain file are passed over."""
    found: dict[Path, Backup] = {}
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            backup = _parse(folder, entry, stem)
            if backup is not None:
                found.setdefault(backup.path.resolve(), backup)
    return sorted(found.values(), key=_newest_first_key, reverse=True)


def _newest_first_key(backup: Backup) -> tuple[object, ...]:
    """By the moment in the name, then (two taken within one second) by when the file was
    written, so that the later of the two counts as the newer."""
    try:
        written = backup.path.stat().st_mtime_ns
    except OSError:
        written = 0
    return (backup.taken, backup.number, written, backup.path.name)


def _parse(folder: Path, entry: os.DirEntry[str], stem: str) -> Backup | None:
    if not entry.name.startswith(f"{stem}-"):
        return None
    parts = _REST.fullmatch(entry.name[len(stem) + 1 :])
    if parts is None:
        return None
    try:
        taken = datetime.strptime(parts[1], STAMP)
        info = entry.stat(follow_symlinks=False)
    except (ValueError, OSError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    rest = parts[2] or ""
    auto = _AUTO_LABEL.fullmatch(rest)
    if auto is not None:
        label, journal, number = AUTO, auto[1], auto[2]
    else:
        plain = _LABEL.fullmatch(rest)
        label, journal, number = (plain[1], None, plain[2]) if plain else (rest, None, "")
    order = int(number) if number and len(number) < 9 else 1
    return Backup(folder / entry.name, taken, label, journal, info.st_size, order)


def belongs(backup: Backup, journal_id: str | None) -> bool:
    """Whether a backup may be of this journal: an automatic one names its journal."""
    ident = short_id(journal_id)
    return backup.journal is None or not ident or backup.journal == ident


def check(path: Path, key: str | None, known: tuple[str, ...]) -> Soundness:
    """Whether the file at `path` is a sound punchin journal this punchin can restore:
    opened read-only, its mark and migrations read, then `PRAGMA quick_check`."""
    try:
        kind = identify(path)
    except JournalError:
        return Soundness.FOREIGN
    if kind is FileKind.PUNCHIN:
        driver: Any = sqlite3
    elif kind is FileKind.ENCRYPTED:
        if key is None:
            return Soundness.LOCKED
        try:
            driver = cipher.module()
        except JournalError:
            return Soundness.LOCKED
    else:
        return Soundness.FOREIGN
    try:
        conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except cipher.errors():
        return Soundness.DAMAGED
    try:
        if key is not None:
            try:
                cipher.unlock(conn, key, path)
            except JournalError:
                return Soundness.LOCKED
        return _soundness(conn, known)
    except cipher.errors():
        return Soundness.DAMAGED
    finally:
        conn.close()


def _soundness(conn: Any, known: tuple[str, ...]) -> Soundness:
    mark = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if mark not in (0, APPLICATION_ID):
        return Soundness.FOREIGN
    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        return Soundness.DAMAGED
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'punchin'"
        ).fetchall()
    ]
    if not names:
        return Soundness.FOREIGN
    return Soundness.NEWER if any(name not in known for name in names) else Soundness.SOUND


def journal_id_of(path: Path, key: str | None) -> str | None:
    """The id of the journal at `path`, read around any damage (None when unreadable)."""
    failures: tuple[type[BaseException], ...] = (JournalError, *cipher.errors())
    try:
        driver: Any = cipher.module() if key is not None else sqlite3
        conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except failures:
        return None
    try:
        if key is not None:
            cipher.unlock(conn, key, path)
        row = conn.execute("SELECT value FROM meta WHERE key = 'journal_id'").fetchone()
        return str(row[0]) if row else None
    except failures:
        return None
    finally:
        conn.close()


def private_folder(folder: Path) -> None:
    """Make the backups folder (0700), or take the others' access away from one of ours."""
    from punchin.places import ensure_private_dir

    ensure_private_dir(folder)
    try:
        info = folder.stat()
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
    except (OSError, AttributeError):  # no getuid (Windows): its folders are the user's own
        pass


def make_automatic(
    journal: CopyTables, folder: Path, now: datetime, known: tuple[str, ...]
) -> tuple[Path, list[Path]]:
    """An online backup of the open journal into `folder`, checked, then the rotation of
    the journal's automatic backups there; the backup made and the ones removed. A copy
    that fails its check is not kept (the journal itself is then likely damaged), so that it
    never pushes a sound copy out of the rotation."""
    private_folder(folder)
    journal_id = journal.meta("journal_id")
    target = automatic_path(folder, journal.path.stem, now.replace(tzinfo=None), journal_id)
    journal.backup_to(target)
    if check(target, journal.key, known) is not Soundness.SOUND:
        target.unlink(missing_ok=True)
        raise JournalError(
            f"the backup just made of {journal.path} does not pass its integrity check, so the "
            "journal itself may be damaged; it was not kept; run `punchin check`",
            key="backup_unsound",
            path=journal.path,
        )
    return target, rotate(folder, journal.path.stem, journal_id, now)


def rotate(folder: Path, stem: str, journal_id: str | None, now: datetime) -> list[Path]:
    """Remove the automatic backups of this journal in `folder` that the rotation no longer
    keeps; the paths removed. Backups of other kinds, and other journals', are left alone."""
    ident = short_id(journal_id)
    mine = [b for b in find(stem, [folder]) if b.automatic and (b.journal or "") == ident]
    keep = to_keep((b.taken for b in mine), now.replace(tzinfo=None))
    removed = []
    for backup in mine:
        if backup.taken in keep:
            continue
        try:
            backup.path.unlink()
        except OSError:  # tried again after the next review
            continue
        removed.append(backup.path)
    return removed
