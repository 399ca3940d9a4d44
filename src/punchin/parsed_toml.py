"""TOML files parsed once: what a file held is kept, marshalled, in a private cache keyed by
the file's path, size, modification time and punchin's version. `punchin due` in a shell
prompt then starts without importing a TOML parser (about a twentieth of its start-up).
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from punchin import __version__
from punchin.places import data_dir


def load(path: Path) -> dict[str, Any]:
    """The file's contents; OSError if it cannot be read, ValueError (or UnicodeDecodeError)
    if it is not valid TOML. A cache that cannot be read or written is simply not used."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}"
    cached = data_dir() / "cache" / f"{path.stem}-{zlib.crc32(key.encode()):08x}.marshal"
    try:
        stored_key, data = marshal.loads(cached.read_bytes())
        if stored_key == key and isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import tomllib

    data = tomllib.loads(path.read_bytes().decode("utf-8"))
    _keep(cached, marshal.dumps((key, data)))
    return data


def _keep(path: Path, blob: bytes) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(partial, path)
    except OSError:  # a read-only data folder: parse every time, as before
        return
