"""Writing a file the user named, honestly: what the path is decides how it is written.

- `-`: standard output.
- a new path, or a regular file: atomically (a temporary file in the same folder, with an
  unpredictable name, created with O_EXCL and mode 0600, synced, then renamed over it);
- a symlink: the same, at its target; the link stays a link;
- a pipe or a character device (`/dev/stdout`, `/dev/null`, a terminal): written to as a
  stream, never replaced;
- a folder, a block device or a socket: refused with one line.

Every command that writes a file (`export -o`, `report -o`, `paths -o`, `remind ics -o`,
`backup PATH`, settings, timers) goes through here.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from punchin.errors import PunchinError

STREAM = "-"
CHUNK = 1 << 16


def write_text(target: str | Path, text: str) -> str:
    """Write `text` (UTF-8) to `target`; returns where it went, as the user should read it."""
    return write_bytes(target, text.encode("utf-8"))


def write_bytes(target: str | Path, data: bytes) -> str:
    def produce(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(data)

    if str(target) == STREAM:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return "<stdout>"
    return str(write_file(Path(target), produce, data=data))


def write_file(
    target: Path,
    produce: Callable[[Path], None],
    *,
    data: bytes | None = None,
    scratch: Path | None = None,
) -> Path:
    """Have `produce(path)` write a complete file at a fresh private path, then put it at
    `target` as the kind of path it is. For a stream, the file is made in `scratch` (a private
    folder; default: the data folder) and copied in, unless `data` is given."""
    kind, final = _classify(target)
    if kind == "stream":
        _stream(target, produce, data, scratch)
        return target
    from punchin.config import ensure_private_dir

    ensure_private_dir(final.parent)
    temporary = _temporary(final)
    try:
        produce(temporary)
        fsync_path(temporary)
        os.replace(temporary, final)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        temporary.unlink(missing_ok=True)
    fsync_path(final.parent)
    return target


def _classify(target: Path) -> tuple[str, Path]:
    """("file", where to write) or ("stream", the path); raises for what cannot be written."""
    try:
        info = os.stat(target)  # follows a symlink to what it points at
    except FileNotFoundError:
        return "file", Path(os.path.realpath(target))  # new, or a link to a new file
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return "file", Path(os.path.realpath(target))
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "stream", target
    if stat.S_ISDIR(mode):
        raise PunchinError(
            f"cannot write {target}: it is a folder", key="output_folder", path=target
        )
    raise PunchinError(
        f"cannot write {target}: it is not a file, a pipe or a terminal",
        key="output_not_file",
        path=target,
    )


def _temporary(final: Path) -> Path:
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    except OSError as exc:
        raise _cannot_write(final, exc) from None
    os.close(fd)
    return Path(name)


def _stream(
    target: Path, produce: Callable[[Path], None], data: bytes | None, scratch: Path | None
) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            if data is not None:
                out.write(data)
                return
            from punchin.config import data_dir, ensure_private_dir

            folder = scratch or data_dir()
            ensure_private_dir(folder)
            temporary = _temporary(folder / "stream")
            try:
                produce(temporary)
                with temporary.open("rb") as made:
                    while chunk := made.read(CHUNK):
                        out.write(chunk)
            finally:
                temporary.unlink(missing_ok=True)
    except BrokenPipeError:  # the reader went away: what it wanted is not our failure
        return
    except OSError as exc:
        raise _cannot_write(target, exc) from None


def fsync_path(path: Path) -> None:
    """Make a file's content (or a folder's new entry) durable before the next step."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some filesystems cannot sync a folder
        pass
    finally:
        os.close(fd)


def _cannot_write(target: Path, exc: OSError) -> PunchinError:
    reason = exc.strerror or str(exc)
    return PunchinError(
        f"cannot write {target}: {reason}", key="write_failed", path=target, reason=reason
    )
