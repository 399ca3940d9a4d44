"""A journal that already exists is kept private, whoever made it: copied in with `cp`, made
by an older punchin, restored by another tool, or left readable by a umask of 022.

- The journal, its `-wal` and its `-shm` lose every permission of the group and of others
  (0644 becomes 0600), and so does the folder holding it when that folder is punchin's own
  data folder (never a folder of the user's own, such as their home).
- SQLite makes the `-wal` and `-shm` with the journal's own mode. A journal made read-only
  (0400) and read leaves them read-only too, and once the journal is writable again SQLite
  opens that `-shm` read-only and refuses every write ("attempt to write a readonly
  database"). Before the journal is opened its `-wal` and `-shm` are made writable again by
  their owner (0600).

Only files and folders of the user running punchin are changed; nothing here ever fails a
command (a file that cannot be changed is used as it is). A path may be given as a string:
`punchin due` in a shell prompt looks without pathlib.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

SHARED_FILES = ("-wal", "-shm")
OTHERS = stat.S_IRWXG | stat.S_IRWXO


def make_private(journal: Path) -> list[Path]:
    """Take away the group's and others' access to the journal (a real path), its `-wal`
    and `-shm`, and punchin's data folder when the journal is in it; make the `-wal` and
    `-shm` writable by their owner. Returns what others could reach before (the journal
    or its folder first), for one line saying so."""
    if os.name != "posix":
        return []
    from pathlib import Path

    changed = []
    if _restrict(journal, 0o600):
        changed.append(journal)
    for suffix in SHARED_FILES:
        shared = Path(f"{journal}{suffix}")
        if _restrict(shared, 0o600, writable=True):
            changed.append(shared)
    folder = journal.parent
    if _own_folder(folder) and _restrict(folder, 0o700):
        changed.append(folder)
    return changed


def is_private(journal: str | Path) -> bool:
    """Whether `make_private` (and `writable_shared_files`) would leave everything as it is:
    only looks."""
    if os.name != "posix":
        return True
    shared = [f"{journal}{suffix}" for suffix in SHARED_FILES]
    changes = [_restrict(journal, 0o600, change=False)]
    changes += [_restrict(path, 0o600, writable=True, change=False) for path in shared]
    folder = os.path.dirname(journal) or "."  # journal.parent
    changes.append(_restrict(folder, 0o700, change=False) and _own_folder(folder))
    return not any(changes)


def writable_shared_files(journal: Path) -> None:
    """Make the journal's `-wal` and `-shm` writable by their owner, before SQLite opens
    them (after a read of the journal while it was read-only)."""
    if os.name != "posix":
        return
    for suffix in SHARED_FILES:
        _restrict(f"{journal}{suffix}", 0o600, writable=True)


def _restrict(path: str | Path, keep: int, *, writable: bool = False, change: bool = True) -> bool:
    """Keep only the `keep` bits of the mode of `path` (and the owner's write bit, when
    `writable`); whether the group or others had any access before. Without `change`,
    nothing is changed: whether anything would be."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
        return False
    mode = stat.S_IMODE(info.st_mode)
    wanted = (mode & keep) | (stat.S_IWUSR | stat.S_IRUSR if writable else 0)
    if wanted == mode:
        return False
    if not change:
        return True
    try:
        os.chmod(path, wanted)
    except OSError:
        return False
    return bool(mode & OTHERS)


def _own_folder(folder: str | Path) -> bool:
    """Whether `folder` (a real path) is punchin's data folder, and not the user's home or
    above it."""
    from punchin.places import data_folder, user_home

    try:
        own = os.path.realpath(data_folder())
        home = os.path.realpath(user_home())
    except (OSError, RuntimeError):
        return False
    folder = os.fspath(folder)
    inside = home == folder or home.startswith(folder.rstrip(os.sep) + os.sep)
    return folder == own and not inside  # not home.is_relative_to(folder)
