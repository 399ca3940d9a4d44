"""One journal, many punchin processes: a lock file beside the journal.

Every process holds it shared while it has the journal open; `encrypt`, `decrypt` and
`restore` hold it exclusively from the first row they copy to the rename that puts the new
file in place. SQLite's own locks cannot do this job, because they live in the very file that
is being replaced: a writer waiting on them would go on to write into the old file (or, worse,
apply its write-ahead log to the new one). Long-lived processes (a check-in waiting for its
next answer, the reminder daemon between ticks) let go of the journal while they wait, so a
conversion never waits for a person.

The lock file is never deleted (deleting a lock file races with the next process opening
it). Where `fcntl` does not exist (Windows) the lock is a no-op.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

from punchin import testpoints
from punchin.errors import JournalError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.02
TELL_AFTER_SECONDS = 0.3  # a wait shorter than this is not worth a line on the terminal


def lock_path(journal: Path) -> Path:
    return journal.with_name(f"{journal.name}.lock")


class JournalLock:
    """The lock of the journal at `journal` (its real path: symlinks already resolved)."""

    def __init__(self, journal: Path) -> None:
        self.path = lock_path(journal)
        self._fd: int | None = None
        self.exclusive = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(
        self, *, exclusive: bool, wait: float, on_wait: Callable[[], None] | None = None
    ) -> bool:
        """Take the lock, waiting up to `wait` seconds (`on_wait` is called once if the wait
        becomes noticeable). False when it could not be had in time. A lock that cannot be
        taken at all fails closed for a conversion, with one line saying why."""
        if fcntl is None:
            return True
        if self._fd is None:
            self._fd = _open(self.path)
            if self._fd is None:  # a read-only place with no lock file: nothing converts here
                if exclusive:
                    raise _unusable(self.path, "the folder cannot be written")
                return True
        flag = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        started = time.monotonic()
        marked = told = False
        while True:
            try:
                fcntl.flock(self._fd, flag | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            except OSError as exc:  # a filesystem without locks (some network mounts)
                if exclusive:
                    self.release()
                    raise _unusable(self.path, exc.strerror or str(exc)) from None
                return True  # reading and writing go on; only conversions need the lock
            else:
                self.exclusive = exclusive
                return True
            waited = time.monotonic() - started
            if waited >= wait:
                self.release()
                return False
            if not marked:
                testpoints.reach("lock.waiting")
                marked = True
            if not told and on_wait is not None and waited >= TELL_AFTER_SECONDS:
                on_wait()
                told = True
            time.sleep(POLL_SECONDS)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops its lock
            self._fd = None
        self.exclusive = False


def _open(path: Path) -> int | None:
    """The lock file, created private. None only where no lock file exists and none can be
    made because nothing there can be written (a read-only filesystem or folder): no
    conversion can happen there either. Anything else that keeps the lock from being taken
    (a lock file of another user, a folder in its place) is one line, never a silent skip."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:  # no folder: no journal either
        return None
    except OSError as exc:
        first = exc
    if first.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        try:
            return os.open(path, os.O_RDONLY)  # a lock file we may only read: flock works
        except FileNotFoundError:
            if first.errno == errno.EROFS or not os.access(path.parent, os.W_OK):
                return None
        except OSError as exc:
            first = exc
    raise _unusable(path, first.strerror or str(first))


def _unusable(path: Path, reason: str) -> JournalError:
    return JournalError(
        f"cannot lock the journal with {path}: {reason}; nothing was changed "
        "(the lock file holds no data: if it belongs to another user, remove it)",
        key="lock_unusable",
        path=path,
        reason=reason,
    )
