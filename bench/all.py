"""Every benchmark, one after the other, each printing its own table, then every target with
its verdict in one list.

python bench/all.py            # everything (a quarter of an hour: jrnl and 100,000 notes)
python bench/all.py --quick    # smaller sizes where a script allows it (a few minutes)

Each script prints its targets as lines `target: <what>: meets|misses (<measured>)`; this
collects them, so the last screen says what holds and what does not. The exit code is 0
when every target is met, 1 when any is missed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def runs(quick: bool) -> list[list[str]]:
    return [
        ["startup.py"],
        ["first_question.py"],
        ["mentor.py"],
        ["report.py", "--years", "1", "30"]
        if quick
        else ["report.py", "--years", "1", "30", "100"],
        ["growth.py", "--years", "1", "30"] if quick else ["growth.py"],
        ["search.py", "--notes", "20000", "--runs", "5"] if quick else ["search.py"],
        ["export.py", "--notes", "10000"] if quick else ["export.py"],
        ["life.py", "--runs", "3"] if quick else ["life.py"],
        ["backup.py"],
        ["peer.py", "--sizes", "10000"] if quick else ["peer.py"],
    ]


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    verdicts: list[tuple[str, str]] = []
    for script, *args in runs(quick):
        if not (HERE / script).exists():
            continue
        print(f"\n$ python bench/{script} {' '.join(args)}".rstrip(), flush=True)
        process = subprocess.Popen(
            [sys.executable, str(HERE / script), *args], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("target:"):
                verdicts.append((script, line.removeprefix("target:").strip()))
        if process.wait():
            verdicts.append((script, f"the script failed (exit {process.returncode}): misses"))
    print("\nEvery target:")
    missed = 0
    for script, verdict in verdicts:
        met = ": meets" in verdict
        missed += not met
        print(f"  {'ok  ' if met else 'MISS'} {script:<18} {verdict}")
    print(f"{len(verdicts) - missed} of {len(verdicts)} targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
