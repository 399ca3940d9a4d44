"""Reading a file the user hands to punchin (an import, an answers file), with bounds.

Only a regular file or standard input is read; a device (`/dev/zero`, `/dev/urandom`), a
pipe named on the command line or a folder is refused before anything is read, and a file
over the limit is refused before it is read, so a wrong path can never fill the memory.
"""

from __future__ import annotations

import os
import stat
import sys

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
