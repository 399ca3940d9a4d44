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

from punchin import __version__
from punchin.places import data_folder

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The file's contents; OSError if it cannot be read, ValueError (or UnicodeDecodeError)
    if it is not valid TOML. A cache that cannot be read or written is simply not used.
    `path` may be a string: `punchin due` in a shell prompt reads without pathlib."""
    with open(path, "rb") as handle:
        raw = handle.read()
    # one cache file per file (an edit replaces it), named as `Path.resolve()` names it
    place = f"{os.path.realpath(path)}|{__version__}"
    key = f"{place}|{len(raw)}|{zlib.crc32(raw):08x}"
    name = f"{_stem(os.fspath(path))}-{zlib.crc32(place.encode()):08x}.marshal"
    cached = os.path.join(data_folder(), "cache", name)
    try:
        with open(cached, "rb") as handle:
            stored_key, data = marshal.loads(handle.read())
        if stored_key == key and isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import tomllib

    data = tomllib.loads(raw.decode("utf-8"))
    _keep(cached, marshal.dumps((key, data)))
    return data


def _stem(path: str) -> str:
    """The file's name without its suffix, as `Path.stem` has it."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _keep(path: str, blob: bytes) -> None:
    try:
        folder, name = os.path.split(path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        partial = os.path.join(folder, f".{name}.{os.getpid()}")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(partial, path)
    except OSError:  # a read-only data folder: parse every time, as before
        return
