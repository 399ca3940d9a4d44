"""Time from launching `punchin week` in a terminal to its first question on the screen.

The check-in is what a person waits for every Monday: it must open at once, with line
editing loaded, on a journal that already holds 30 years of weekly check-ins. The target is
a median under 250 ms until one can type: the question on the screen and, below it, the
line editor's time box (`30:00 left`). Each run starts `punchin week` in a real
pseudo-terminal, answers its cursor-position questions as a terminal does, reads the screen
until both are there, and stops it with Ctrl-C (nothing is answered, nothing is saved).

    python bench/first_question.py            # 15 runs
    python bench/first_question.py --runs 31 --years 100
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history
from startup import punchin_command

import punchin.prompts

TARGET_MS = 250.0
READY = b"30:00 left"  # the line editor's time box, drawn once it takes keys


def first_question_words() -> bytes:
    """The start of the weekly check-in's first question, as it appears on the screen."""
    path = punchin.prompts.shipped_dir() / "en" / "week.toml"
    text = tomllib.loads(path.read_text(encoding="utf-8"))["questions"]["accomplished"]["text"]
    return " ".join(text.split()[:4]).encode("utf-8")


def one_run(command: list[str], env: dict[str, str], words: bytes) -> tuple[float, float]:
    """Seconds from launch until `words` are on the pseudo-terminal, and until the time box
    of the line editor is too."""
    leader, follower = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdin=follower, stdout=follower, stderr=follower, start_new_session=True
    )
    os.close(follower)
    seen = b""
    shown = None
    try:
        while shown is None or READY not in seen[seen.index(words) :]:
            ready, _, _ = select.select([leader], [], [], 10)
            if not ready:
                raise TimeoutError(f"not ready after 10 s; the screen held {seen[-300:]!r}")
            chunk = os.read(leader, 65536)
            seen += chunk
            if b"\x1b[6n" in chunk:  # a terminal answers where its cursor is
                os.write(leader, b"\x1b[1;1R")
            if shown is None and words in seen:
                shown = time.perf_counter() - start
        return shown, time.perf_counter() - start
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(leader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=30)
    args = parser.parse_args()
    words = first_question_words()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir(mode=0o700)
        weeks = build_history(home / "journal.db", args.years)
        # a week after the history's last check-in: the next one is due
        monday = NOW.replace(day=NOW.day + 7 - NOW.weekday(), hour=21)
        env = dict(
            os.environ,
            PUNCHIN_HOME=str(home),
            PUNCHIN_NOW=monday.isoformat(),
            TERM=os.environ.get("TERM", "xterm-256color"),
            COLUMNS="100",
            LINES="40",
        )
        command = [*punchin_command(), "week"]
        one_run(command, env, words)  # warm the file cache and .pyc files
        runs = [one_run(command, env, words) for _ in range(args.runs)]
    print(f"journal: {weeks} weekly check-ins ({args.years} years)")
    for name, times in (
        ("first question on the screen", [shown * 1000 for shown, _ in runs]),
        ("line editor ready for keys", [ready * 1000 for _, ready in runs]),
    ):
        print(f"{name}: median {statistics.median(times):.0f} ms, min {min(times):.0f} ms")
    median = statistics.median(ready * 1000 for _, ready in runs)
    verdict = "meets" if median <= TARGET_MS else "misses"
    print(
        f"target: the check-in's line editor ready in at most {TARGET_MS:.0f} ms: "
        f"{verdict} ({median:.0f} ms)"
    )


if __name__ == "__main__":
    main()
