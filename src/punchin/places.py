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
    if home := os.environ.get(ENV_HOME):
        return Path(home).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP


def config_dir() -> Path:
    """The folder holding settings.toml and the user's own question sets (prompts/)."""
    if home := os.environ.get(ENV_HOME):
        return Path(home).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / APP


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
        raise PunchinError(
            f"cannot create folder {folder}: {exc.strerror or exc}",
            key="folder_create",
            path=folder,
            reason=exc.strerror or exc,
        ) from None
