"""TOML files parsed once: what a file held is kept, marshalled, in a private cache keyed by
the file's path, size, a checksum of its bytes and punchin's version. `punchin due` in a shell
prompt then starts without importing a TOML parser (about a twentieth of its start-up).

The key is the content, not the modification time: settings edited twice within one tick of
the file system's clock, to the same size, are still seen. Reading and summing a settings
file costs microseconds; parsing it is what the cache saves.
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
    raw = path.read_bytes()
    place = f"{path.resolve()}|{__version__}"  # one cache file per file: an edit replaces it
    key = f"{place}|{len(raw)}|{zlib.crc32(raw):08x}"
    cached = data_dir() / "cache" / f"{path.stem}-{zlib.crc32(place.encode()):08x}.marshal"
    try:
        stored_key, data = marshal.loads(cached.read_bytes())
        if stored_key == key and isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import tomllib

    data = tomllib.loads(raw.decode("utf-8"))
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
