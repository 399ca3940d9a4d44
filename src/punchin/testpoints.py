"""Named points in long operations (a conversion, an import, a wait for the journal) where a
fault test can hold a real punchin process, so that a kill or a concurrent write lands at a
known step rather than after a guessed sleep.

Unset, this costs one environment lookup. With PUNCHIN_TESTPOINTS=DIR, every point reached
adds a byte to `DIR/NAME.PID.reached` (its size counts the visits); a point named in
PUNCHIN_TESTPOINT_WAIT (comma-separated) also waits there until `DIR/NAME.go` exists.
"""

from __future__ import annotations

import os

FOLDER = "PUNCHIN_TESTPOINTS"
WAIT = "PUNCHIN_TESTPOINT_WAIT"
LONGEST_HOLD = 120.0  # seconds: a test that forgets to release never hangs CI for ever


def reach(name: str) -> None:
    """Mark `name` as reached and, when a test asked for it, wait for its go-ahead."""
    folder = os.environ.get(FOLDER)
    if not folder:
        return
    import time
    from pathlib import Path

    with Path(folder, f"{name}.{os.getpid()}.reached").open("ab") as mark:
        mark.write(b".")
    if name not in os.environ.get(WAIT, "").split(","):
        return
    go = Path(folder, f"{name}.go")
    deadline = time.monotonic() + LONGEST_HOLD
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
