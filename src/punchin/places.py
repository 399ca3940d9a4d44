"""Where punchin keeps its files.

Lookup order, most specific first: `--db` / `PUNCHIN_DB` for the journal, `PUNCHIN_HOME`
for everything, then the platform's own folders (XDG on Linux, Application Support on macOS,
AppData on Windows).

Each place is also named as a string (`data_folder`, `journal_file` ...), the same path
without importing pathlib: for `punchin due` in a shell prompt.
"""

from __future__ import annotations

import errno
import os
import sys

from punchin.errors import PunchinError, UsageError, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

APP = "punchin"
ENV_HOME = "PUNCHIN_HOME"
ENV_DB = "PUNCHIN_DB"
LANGUAGES = ("en", "zh")


def data_dir() -> Path:
    """The folder holding the journal."""
    from pathlib import Path

    return Path(data_folder())


def config_dir() -> Path:
    """The folder holding settings.toml and the user's own question sets (prompts/)."""
    from pathlib import Path

    return Path(config_folder())


def data_folder() -> str:
    return _app_folder(("LOCALAPPDATA", "AppData/Local"), ("XDG_DATA_HOME", ".local/share"))


def config_folder() -> str:
    return _app_folder(("APPDATA", "AppData/Roaming"), ("XDG_CONFIG_HOME", ".config"))


def _app_folder(windows: tuple[str, str], xdg: tuple[str, str]) -> str:
    """punchin's folder of one kind where the platform keeps such folders: PUNCHIN_HOME if
    set; macOS's Application Support; Windows's AppData (`windows`: its variable and the
    folder it defaults to); elsewhere the XDG base directory (`xdg`: its variable and the
    default below home)."""
    if home := os.environ.get(ENV_HOME):
        return named_path(home, ENV_HOME)
    if sys.platform == "darwin":
        return os.path.join(user_home(), "Library", "Application Support", APP)
    variable, default = windows if sys.platform == "win32" else xdg
    return os.path.join(os.environ.get(variable) or os.path.join(user_home(), default), APP)


def user_home() -> str:
    """The user's home, as `Path.home()` finds it (and fails to)."""
    home = os.path.expanduser("~")
    if home[:1] == "~":
        raise RuntimeError("Could not determine home directory.")
    return home


def journal_path(override: str | None = None) -> Path:
    """The journal: `--db` (`override`; an empty one is refused), else $PUNCHIN_DB (empty:
    unset), else journal.db in the data folder."""
    from pathlib import Path

    return Path(journal_file(override))


def journal_file(override: str | None = None) -> str:
    if override is not None:
        return named_path(override, "--db")
    if chosen := os.environ.get(ENV_DB):
        return named_path(chosen, ENV_DB)
    return os.path.join(data_folder(), "journal.db")


def real_absolute(path: str | Path) -> Path:
    """`path` as a timer or the keyring must name it: `~` expanded, absolute, its symlinks
    resolved (a timer runs from another folder; a keyring entry is looked up from any)."""
    from pathlib import Path

    return Path(os.path.realpath(os.path.expanduser(path)))


def settings_path() -> Path:
    from pathlib import Path

    return Path(settings_file())


def settings_file() -> str:
    return os.path.join(config_folder(), "settings.toml")


def prompts_override_dir() -> Path:
    from pathlib import Path

    return Path(prompts_override_folder())


def prompts_override_folder() -> str:
    return os.path.join(config_folder(), "prompts")


# What pathlib takes for "no such file" in `exists()`, `is_file()` and `is_dir()` (errno,
# then Windows's own codes); any other error it raises.
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_ABSENT_ON_WINDOWS = (21, 123, 1921)


def file_status(path: str) -> os.stat_result | None:
    """The status of what is at `path`; None where pathlib would find nothing there. For
    `punchin due` in a shell prompt, which looks without pathlib."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno in _ABSENT or getattr(exc, "winerror", None) in _ABSENT_ON_WINDOWS:
            return None
        raise
    except ValueError:  # a path the system cannot encode
        return None


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (0700) if needed; a clear error when that is not allowed."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_create(PunchinError, "folder", "folder_create", folder, exc) from None


def cannot_create(
    error: type[PunchinError], what: str, key: str, path: Path, exc: OSError
) -> PunchinError:
    """The one line for a file or folder that could not be made, with the system's reason."""
    reason = exc.strerror or str(exc)
    return error(f"cannot create {what} {path}: {reason}", key=key, path=path, reason=reason)


NAME_MAX = 255  # bytes in one name of a path, on every common filesystem
PATH_MAX = 4095  # bytes in a whole path (Linux's limit, less its final NUL)


def named_path(text: str, what: str, *, expand: bool = True) -> str:
    """A path a person named for `what` (`--db`, `-o`, `backup PATH`), checked before any
    system call can trip on it: not empty, no name in it longer than a filesystem takes, the
    whole no longer than the system takes; with `expand`, `~` and `~user` are expanded, and
    a user who does not exist is said. Every option or argument that names a file goes
    through here (`cli.app.file_name`), so each is refused the same way, in one line."""
    if not text:
        raise UsageError(f"{what} is an empty file name: give a path", key="path_empty", what=what)
    if expand and text.startswith("~"):
        expanded = os.path.expanduser(text)
        if expanded.startswith("~"):  # left as it was: no such user (or no home at all)
            user = text[1:].replace(os.sep, "/").split("/", 1)[0]
            raise UsageError(
                f"{what} {shown(text)}: there is no user {shown(user, 40)!r} whose home ~ "
                "could stand for; write the path in full",
                key="path_no_user",
                what=what,
                path=shown(text),
                user=shown(user, 40),
            )
        text = expanded
    encoded = os.fsencode(text)
    longest = max(len(name) for name in encoded.replace(os.sep.encode(), b"/").split(b"/"))
    if longest > NAME_MAX or len(encoded) > PATH_MAX:
        raise UsageError(
            f"{what} {shown(text)} is too long ({len(text):,} characters): a file system "
            f"takes at most {NAME_MAX} bytes for each name in a path and "
            f"{PATH_MAX + 1:,} for the whole",
            key="path_too_long",
            what=what,
            path=shown(text),
            length=f"{len(text):,}",
        )
    return text
