"""What grows with the history, and what must not.

Builds journals of 1, 30 and 100 years of weekly check-ins and times, per command, the
median wall time: the start of a check-in (`punchin week --answers-template`, which reads
what the first question needs), `punchin due`, a quarterly report, and a full-text search.
The growth column is the longest history's time over the shortest's; only search may grow
(it looks at everything), and only slowly.

    python bench/growth.py
    python bench/growth.py --years 1 30 100 --runs 11
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history
from startup import punchin_command, timed

COMMANDS = {
    "week start": ["week", "--on", "2026-W47", "--answers-template"],
    "due": ["due"],
    "quarterly report": ["report", "quarter", "2026-Q3"],
    "search": ["search", "wrote"],
}

FLAT = 1.2  # what a history may add, at most, to a command that reads a window of it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 30, 100])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    table: dict[str, dict[int, float]] = {name: {} for name in COMMANDS}
    weeks: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        for years in args.years:
            home = Path(folder) / f"{years}y"
            home.mkdir(mode=0o700)
            weeks[years] = build_history(home / "journal.db", years)
            env = dict(os.environ, PUNCHIN_HOME=str(home), PUNCHIN_NOW=NOW.isoformat())
            for name, command in COMMANDS.items():
                timed([*punchin_command(), *command], env)  # warm the cache
                samples = [timed([*punchin_command(), *command], env) for _ in range(args.runs)]
                table[name][years] = statistics.median(samples)
    first, last = args.years[0], args.years[-1]
    header = "".join(f"{f'{y}y ({weeks[y]} wk)':>16}" for y in args.years)
    print(f"median ms over {args.runs} runs, by length of history")
    print(f"{'command':<18}{header}{'growth':>9}")
    for name, times in table.items():
        cells = "".join(f"{times[y] * 1000:>16.1f}" for y in args.years)
        print(f"{name:<18}{cells}{times[last] / times[first]:>9.2f}")
    for name, times in table.items():
        if name != "search":  # search looks at everything; bench/search.py holds its target
            growth = times[last] / times[first]
            verdict = "meets" if growth <= FLAT else "misses"
            what = f"{name} at {last} years at most {FLAT}x at {first}"
            print(f"target: {what}: {verdict} ({growth:.2f}x)")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"({time.perf_counter() - start:.0f} s)")
