"""Files the person names, handled honestly both ways.

Reading what they hand in (an import, an answers file): only a regular file or standard input
is read, a device, a pipe named on the command line or a folder is refused before anything
is read, and a file over its limit is refused unread, so a wrong path can never fill the
memory.

Writing where they point: what the path is decides how it is written.
- `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`: written to that open descriptor, whatever
  is behind it (a pipe, a socket, a file the shell redirected to, even with `>>`);
- a new path, or a regular file: atomically (a temporary file in the same folder, with an
  unpredictable name, created with O_EXCL and mode 0600, synced, then renamed over it);
- a symlink: the same, at its target; the link stays a link;
- a pipe or a character device (`/dev/null`, a terminal): written to as a stream, never
  replaced;
- a folder, a block device or a socket: refused with one line;
- the journal in use, its `-wal`, `-shm` or lock file: refused with one line.

Every command that writes a file (`export -o`, `report -o`, `paths -o`, `remind ics -o`,
`backup PATH`, settings, timers) goes through here.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from punchin.errors import PunchinError

IMPORT_LIMIT = 256 * 1024 * 1024  # bytes: a punchin or jrnl export (about 700,000 notes)
ANSWERS_LIMIT = 1024 * 1024  # bytes: one review's answers, with room for long ones
STDIN = "-"


class InputFileError(PunchinError):
    """A file to read is missing, is not a regular file, or is too large."""


def read_limited(name: str, limit: int, label: str = "") -> bytes:
    """The bytes of the file `name` (`-`: standard input), at most `limit` of them; `label`
    ("answers file ") begins the English messages."""
    data = sys.stdin.buffer.read(limit + 1) if name == STDIN else _read_file(name, limit, label)
    if len(data) > limit:
        raise _too_large(label + name, limit)
    return data


def _read_file(name: str, limit: int, label: str) -> bytes:
    try:  # O_NONBLOCK: opening a named pipe must not wait for a writer before it is refused
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputFileError(
            f"{label}{name} does not exist", key="input_missing", path=name
        ) from None
    except OSError as exc:
        raise _unreadable(label + name, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, a pipe or a socket"
            raise InputFileError(
                f"{label}{name} is {what}, not a file; give a file (or - for standard input)",
                key="input_not_file",
                path=name,
            )
        if info.st_size > limit:
            raise _too_large(label + name, limit)
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise _unreadable(label + name, exc) from None
    finally:
        os.close(fd)


def _too_large(name: str, limit: int) -> InputFileError:
    size = f"{limit // (1024 * 1024)} MB"
    return InputFileError(
        f"{name} is larger than {size}, more than punchin reads at once; nothing was read",
        key="input_too_large",
        path=name,
        size=size,
    )


def _unreadable(name: str, exc: OSError) -> InputFileError:
    reason = exc.strerror or str(exc)
    return InputFileError(
        f"cannot read {name}: {reason}", key="input_unreadable", path=name, reason=reason
    )


# -- writing ----------------------------------------------------------------------------------

CHUNK = 1 << 16
_NAMED_DESCRIPTORS = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_protected: set[Path] = set()


def protect(journal: Path) -> None:
    """Never write an output over this journal or the files beside it that belong to it."""
    real = Path(os.path.realpath(journal))
    _protected.clear()
    _protected.update(
        Path(f"{real}{suffix}") for suffix in ("", "-wal", "-shm", "-journal", ".lock")
    )


def is_protected(target: str | Path) -> bool:
    """Whether `target` is the journal in use or one of its own files (see `protect`)."""
    return Path(os.path.realpath(target)) in _protected


def to_standard_stream(target: str | Path) -> bool:
    """Whether `target` names standard output or error (no "written to" line for it)."""
    return _NAMED_DESCRIPTORS.get(str(target)) in (1, 2) or _descriptor(target) in (1, 2)


def write_text(target: str | Path, text: str) -> str:
    """Write `text` (UTF-8) to `target`; returns where it went."""
    return write_bytes(target, text.encode("utf-8"))


def write_bytes(target: str | Path, data: bytes) -> str:
    def produce(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(data)

    return str(write_file(Path(target) if str(target) != "-" else target, produce, data=data))


def write_file(
    target: Path | str,
    produce: Callable[[Path], None],
    *,
    data: bytes | None = None,
    scratch: Path | None = None,
) -> Path | str:
    """Have `produce(path)` write a complete file at a fresh private path, then put it at
    `target` as the kind of path it is. For a stream, the file is made in `scratch` (a private
    folder; default: the data folder) and copied in, unless `data` is given."""
    descriptor = _descriptor(target)
    if descriptor is not None:
        _to_descriptor(descriptor, target, produce, data, scratch)
        return target
    target = Path(target)
    kind, final = _classify(target)
    if kind == "stream":
        _to_path_stream(target, produce, data, scratch)
        return target
    from punchin.places import ensure_private_dir

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


def _descriptor(target: Path | str) -> int | None:
    text = str(target)
    if text in _NAMED_DESCRIPTORS:
        return _NAMED_DESCRIPTORS[text]
    found = _DESCRIPTOR_PATH.match(text)
    return int(found[1]) if found else None


def _classify(target: Path) -> tuple[str, Path]:
    """("file", where to write) or ("stream", the path); raises for what cannot be written."""
    try:
        info = os.stat(target)  # follows a symlink to what it points at
    except FileNotFoundError:
        return "file", _unprotected(target, Path(os.path.realpath(target)))  # new, or a link
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return "file", _unprotected(target, Path(os.path.realpath(target)))
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


def _unprotected(target: Path, final: Path) -> Path:
    if final in _protected:
        raise PunchinError(
            f"cannot write {target}: it is the journal (or one of its own files); "
            "choose another path",
            key="output_is_journal",
            path=target,
        )
    return final


def _temporary(final: Path) -> Path:
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    except OSError as exc:
        raise _cannot_write(final, exc) from None
    os.close(fd)
    return Path(name)


def _to_descriptor(
    descriptor: int,
    target: Path | str,
    produce: Callable[[Path], None],
    data: bytes | None,
    scratch: Path | None,
) -> None:
    for stream in (sys.stdout, sys.stderr):  # what click wrote so far goes first
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    if str(target) == "-":  # sys.stdout as this process has it (click may have replaced it)
        buffer = sys.stdout.buffer
        _stream_into(buffer, target, produce, data, scratch)
        return
    _stream_into(os.fdopen(_dup(descriptor, target), "wb"), target, produce, data, scratch)


def _to_path_stream(
    target: Path, produce: Callable[[Path], None], data: bytes | None, scratch: Path | None
) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    _stream_into(os.fdopen(fd, "wb"), target, produce, data, scratch)


def _dup(descriptor: int, target: Path | str) -> int:
    try:
        return os.dup(descriptor)
    except OSError as exc:
        raise _cannot_write(Path(str(target)), exc) from None


def _stream_into(
    out: BinaryIO,
    target: Path | str,
    produce: Callable[[Path], None],
    data: bytes | None,
    scratch: Path | None,
) -> None:
    """Write into an open stream (closed afterwards, unless it is standard output): `data`,
    or the file `produce` makes in a private scratch folder, which is removed at once."""
    keep_open = out is getattr(sys.stdout, "buffer", None)
    try:
        with contextlib.nullcontext(out) if keep_open else out:
            if data is not None:
                out.write(data)
                out.flush()
                return
            from punchin.places import data_dir, ensure_private_dir

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
            out.flush()
    except BrokenPipeError:  # the reader went away: what it wanted is not our failure
        return
    except OSError as exc:
        raise _cannot_write(Path(str(target)), exc) from None


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
