"""A quarterly report's time must not grow with the length of the history.

Builds journals of 1 and 30 years of weekly check-ins and times building and rendering the
report of the last full quarter (Markdown and HTML), in-process, median of runs. The target:
30 years / 1 year <= 1.3.

    python bench/report.py
    python bench/report.py --runs 41 --years 1 30 100

Then, as a person runs it (a process each, interleaved): `punchin report quarter -f md`
against `-f html` on the longest history. The target: HTML at most 1.3x Markdown.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history

from punchin import prompts
from punchin.periods import parse_period_label
from punchin.reports import data as reports
from punchin.reports import render
from punchin.store import Journal

QUARTER = "2026-Q3"


def time_report(path: Path, runs: int) -> float:
    quarter = parse_period_label(QUARTER)
    assert quarter is not None
    words = render.Words(
        prompts.load("report", "en"), prompts.load("diagnosis", "en"), prompts.load("quarter", "en")
    )
    samples = []
    with Journal.open(path, lambda: NOW) as journal:
        for _ in range(runs):
            start = time.perf_counter()
            data = reports.build(journal, quarter, NOW.date(), 30)
            render.to_markdown(data, words)
            render.to_html(data, words, "en")
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 30])
    args = parser.parse_args()
    results: dict[int, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for years in args.years:
            path = Path(folder) / f"{years}y.db"
            weeks = build_history(path, years)
            results[years] = (weeks, time_report(path, args.runs))
    base = results[args.years[0]][1]
    print(f"quarterly report of {QUARTER} (build + Markdown + HTML), median of {args.runs} runs")
    print(f"{'history':>8} {'check-ins':>10} {'median ms':>10} {'ratio':>7}")
    for years, (weeks, seconds) in results.items():
        print(f"{years:>7}y {weeks:>10} {seconds * 1000:>10.1f} {seconds / base:>7.2f}")
    worst = max(seconds for _, seconds in results.values()) / base
    verdict = "meets" if worst <= 1.3 else "misses"
    print(f"target: longest history at most 1.3x the shortest: {verdict} ({worst:.2f}x)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        build_history(path, args.years[-1])
        md, html = html_against_markdown(path, args.runs)
    ratio = html / md
    print(f"punchin report quarter {QUARTER} ({args.years[-1]}y), a process each, median:")
    print(f"  -f md {md * 1000:.1f} ms, -f html {html * 1000:.1f} ms ({ratio:.2f}x)")
    print(f"target: HTML at most 1.3x Markdown: {'meets' if ratio <= 1.3 else 'misses'}")


def html_against_markdown(path: Path, runs: int) -> tuple[float, float]:
    """`punchin report quarter -f md` and `-f html` as a person runs them, a process each,
    interleaved: the HTML page's own cost is what it adds to the Markdown."""
    import os
    import shutil
    import subprocess

    from startup import punchin_command, timed

    home = path.parent / "html-home"
    home.mkdir(mode=0o700, exist_ok=True)
    shutil.copyfile(path, home / "journal.db")
    (home / "journal.db").chmod(0o600)
    env = dict(os.environ, PUNCHIN_HOME=str(home), PUNCHIN_NOW=NOW.isoformat())
    commands = {
        fmt: [*punchin_command(), "report", "quarter", QUARTER, "-f", fmt] for fmt in ("md", "html")
    }
    for command in commands.values():  # warm the file cache and .pyc files
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    times: dict[str, list[float]] = {fmt: [] for fmt in commands}
    for _ in range(runs):
        for fmt, command in commands.items():
            times[fmt].append(timed(command, env))
    return statistics.median(times["md"]), statistics.median(times["html"])


if __name__ == "__main__":
    main()
