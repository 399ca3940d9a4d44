"""Start-up time of `punchin due` and `punchin --help` against bare `import click`.

`punchin due` runs from shell start-up files, so it has to feel instant. The floor for any
click CLI is `python -c "import click"`; `punchin due` and `punchin due --quiet` take a path
without click (`punchin.__main__`) and must stay under 0.7x that floor; `--help`, `goal list`,
`search`, `show`, `log`, the start of a check-in (`week --answers-template`) and `remind tick`
each under 1.3x, on a journal that already holds 30 years of weekly check-ins (so the history
cannot hide a cost). "full" rows force the click command (PUNCHIN_NO_FAST=1), for comparison.

    python bench/startup.py            # 21 runs of each, interleaved
    python bench/startup.py --runs 51 --years 100
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history

# Commands a person types many times a day; each at most 1.3x the floor.
OTHERS = {
    "goal list": ["goal", "list"],
    "search wrote": ["search", "wrote"],
    "show": ["show"],
    "log": ["log"],
    "week --answers-template": ["week", "--on", "2026-W47", "--answers-template"],
    "remind tick": ["remind", "tick"],
}
OTHERS_RATIO = 1.3


def punchin_command() -> list[str]:
    script = Path(sys.executable).with_name("punchin")
    return [str(script)] if script.exists() else [sys.executable, "-m", "punchin"]


def timed(command: list[str], env: dict[str, str]) -> float:
    if command[0] == "PUNCHIN_NO_FAST=1":
        command, env = command[1:], {**env, "PUNCHIN_NO_FAST": "1"}
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--years", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir(mode=0o700)
        weeks = build_history(home / "journal.db", args.years)
        env = dict(os.environ, PUNCHIN_HOME=str(home), PUNCHIN_NOW=NOW.isoformat())
        commands = {
            'python -c "import click"': [sys.executable, "-c", "import click"],
            "punchin due": [*punchin_command(), "due"],
            "punchin due --quiet": [*punchin_command(), "due", "--quiet"],
            "punchin due (full)": ["PUNCHIN_NO_FAST=1", *punchin_command(), "due"],
            "punchin due --quiet (full)": [
                "PUNCHIN_NO_FAST=1",
                *punchin_command(),
                "due",
                "--quiet",
            ],
            "punchin --help": [*punchin_command(), "--help"],
            **{f"punchin {name}": [*punchin_command(), *words] for name, words in OTHERS.items()},
        }
        for command in commands.values():  # warm the file cache and .pyc files
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))

    floor = statistics.median(times['python -c "import click"'])
    print(f"journal: {weeks} weekly check-ins ({args.years} years); {args.runs} runs each")
    print(f"{'command':<34} {'median ms':>10} {'min ms':>8} {'x floor':>8}")
    for name, samples in times.items():
        median = statistics.median(samples)
        fastest = min(samples) * 1000
        print(f"{name:<34} {median * 1000:>10.1f} {fastest:>8.1f} {median / floor:>8.2f}")
    due = max(statistics.median(times[n]) for n in ("punchin due", "punchin due --quiet"))
    verdict = "meets" if due / floor <= 0.7 else "misses"
    print(f"target: punchin due (--quiet) at most 0.7x the floor: {verdict} ({due / floor:.2f}x)")
    for name in commands:
        if name.startswith("punchin") and not name.startswith("punchin due"):
            ratio = statistics.median(times[name]) / floor
            verdict = "meets" if ratio <= OTHERS_RATIO else "misses"
            print(f"target: {name} at most {OTHERS_RATIO}x the floor: {verdict} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
