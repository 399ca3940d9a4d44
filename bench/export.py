"""The whole-journal export at 100,000 notes: its time and its peak memory.

`punchin export` writes the journal record by record as it reads it. The comparison is the
way it wrote before (and still writes a span of days): the whole document built in memory
and indented by Python's encoder, which `punchin export --since 1900-01-01` still takes for
the same records. Each export runs as a person runs it, a process of its own; the peak is
the process's maximum resident memory. The targets: at most 60 MB, and at most 0.6x the
time of the in-memory export. The streamed file must import back into an empty journal with
every note.

    python bench/export.py                 # 100,000 notes, 3 runs each
    python bench/export.py --notes 10000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peer import WORDS
from startup import punchin_command

MEMORY_MB = 60.0
TIME_RATIO = 0.6


def jrnl_export(path: Path, count: int) -> None:
    """A `jrnl --format json` export of `count` entries of about 200 characters each,
    written entry by entry: this process stays small, since a child's peak memory counts
    what it shared with its parent when it was started."""
    chooser = random.Random(count)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"tags": {}, "entries": [')
        for n in range(count):
            year, day = 2000 + n // 8000, n % 8000
            month, mday = 1 + (day // 28) % 12, 1 + day % 28
            entry = {
                "title": f"Entry {n} about {chooser.choice(WORDS)}.",
                "body": " ".join(chooser.choice(WORDS) for _ in range(30)),
                "date": f"{year}-{month:02d}-{mday:02d}",
                "time": f"0{n % 10}:{n % 60:02d}",
                "tags": [],
                "starred": False,
            }
            out.write(("," if n else "") + json.dumps(entry))
        out.write("]}")


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode})")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        home = base / "home"
        home.mkdir(mode=0o700)
        env = dict(os.environ, PUNCHIN_HOME=str(home))
        source = base / "jrnl.json"
        jrnl_export(source, args.notes)
        punchin = punchin_command()
        subprocess.run(
            [*punchin, "import", "--from", "jrnl", str(source)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out = base / "out.json"
        commands = {
            "streamed (punchin export)": [*punchin, "export", "-o", str(out), "--force"],
            "in memory (--since 1900-01-01)": [
                *punchin,
                "export",
                "--since",
                "1900-01-01",
                "-o",
                str(out),
                "--force",
            ],
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(run(command, env))
        subprocess.run(
            [*punchin, "export", "-o", str(out), "--force"],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        again = dict(env, PUNCHIN_HOME=str(base / "again"))
        (base / "again").mkdir(mode=0o700)
        subprocess.run(
            [*punchin, "import", str(out)], env=again, check=True, stdout=subprocess.DEVNULL
        )
        listed = subprocess.run(
            [*punchin, "export"], env=again, check=True, capture_output=True, text=True
        ).stdout
        back = len(json.loads(listed)["notes"])

    print(f"export of {args.notes:,} notes, median of {args.runs} runs, a process each")
    print(f"{'export':<32} {'seconds':>8} {'peak MB':>8}")
    medians = {}
    for name, rows in samples.items():
        seconds = statistics.median(r[0] for r in rows)
        peak = statistics.median(r[1] for r in rows)
        medians[name] = (seconds, peak)
        print(f"{name:<32} {seconds:>8.2f} {peak:>8.1f}")
    streamed, in_memory = (
        medians["streamed (punchin export)"],
        medians["in memory (--since 1900-01-01)"],
    )
    ratio = streamed[0] / in_memory[0]
    print(f"imported back: {back:,} of {args.notes:,} notes")
    verdict = "meets" if streamed[1] <= MEMORY_MB else "misses"
    print(
        f"target: export peak memory at most {MEMORY_MB:.0f} MB: {verdict} ({streamed[1]:.1f} MB)"
    )
    verdict = "meets" if ratio <= TIME_RATIO else "misses"
    print(f"target: export at most {TIME_RATIO}x the in-memory time: {verdict} ({ratio:.2f}x)")
    verdict = "meets" if back == args.notes else "misses"
    print(f"target: the export imports back whole: {verdict} ({back:,} notes)")


if __name__ == "__main__":
    main()
