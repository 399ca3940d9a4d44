"""A quarterly report's time must not grow with the length of the history.

Builds journals of 1 and 30 years of weekly check-ins and times building and rendering the
report of the last full quarter (Markdown and HTML), in-process, median of runs. The target:
30 years / 1 year <= 1.3.

    python bench/report.py
    python bench/report.py --runs 41 --years 1 30 100
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


if __name__ == "__main__":
    main()
