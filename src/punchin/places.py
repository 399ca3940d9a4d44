"""Where punchin keeps its files.

Lookup order, most specific first: `--db` / `PUNCHIN_DB` for the journal, `PUNCHIN_HOME`
for everything, then the platform's own folders (XDG on Linux, Application Support on macOS,
AppData on Windows).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from punchin.errors import PunchinError

APP = "punchin"
ENV_HOME = "PUNCHIN_HOME"
ENV_DB = "PUNCHIN_DB"
LANGUAGES = ("en", "zh")


def data_dir() -> Path:
    """The folder holding the journal."""
    return _app_dir(("LOCALAPPDATA", "AppData/Local"), ("XDG_DATA_HOME", ".local/share"))


def config_dir() -> Path:
    """The folder holding settings.toml and the user's own question sets (prompts/)."""
    return _app_dir(("APPDATA", "AppData/Roaming"), ("XDG_CONFIG_HOME", ".config"))


def _app_dir(windows: tuple[str, str], xdg: tuple[str, str]) -> Path:
    """punchin's folder of one kind where the platform keeps such folders: PUNCHIN_HOME if
    set; macOS's Application Support; Windows's AppData (`windows`: its variable and the
    folder it defaults to); elsewhere the XDG base directory (`xdg`: its variable and the
    default below home)."""
    if home := os.environ.get(ENV_HOME):
        return Path(home).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    variable, default = windows if sys.platform == "win32" else xdg
    return Path(os.environ.get(variable) or Path.home() / default) / APP


def journal_path(override: str | None = None) -> Path:
    chosen = override or os.environ.get(ENV_DB)
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "journal.db"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def prompts_override_dir() -> Path:
    return config_dir() / "prompts"


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
