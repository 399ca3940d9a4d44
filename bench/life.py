"""The report of a life at 10, 40 and 100 years of weekly check-ins.

`punchin report life` reads every week since the journal began, through counting queries,
so its cost must follow the years only a little: the target is 100 years at most 1.5x the
time of 10 years, as a person runs it (a process each, Markdown and HTML), and the HTML
page of 40 years under 1 MB. The in-process time to build the report's data is shown too.

    python bench/life.py                 # 10, 40 and 100 years, 7 runs each
    python bench/life.py --runs 11
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history
from startup import punchin_command, timed

YEARS = (10, 40, 100)
RATIO = 1.5
PAGE_BYTES = 1_000_000


def build_in_process(path: Path) -> float:
    from punchin.reports.life import life_report
    from punchin.store import Journal

    with Journal.open(path, lambda: NOW) as journal:
        start = time.perf_counter()
        life_report(journal, date(2026, 11, 24))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    table: dict[int, dict[str, float]] = {}
    sizes: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        homes = {}
        for years in YEARS:
            home = Path(folder) / f"{years}y"
            home.mkdir(mode=0o700)
            build_history(home / "journal.db", years)
            homes[years] = home
        for years, home in homes.items():
            env = dict(os.environ, PUNCHIN_HOME=str(home), PUNCHIN_NOW=NOW.isoformat())
            page = home / "life.html"
            commands = {
                "md": [*punchin_command(), "report", "life"],
                "html": [*punchin_command(), "report", "life", "-f", "html", "-o", str(page)],
            }
            row = {}
            for name, command in commands.items():
                timed([*command, "--force"] if name == "html" else command, env)
                samples = [
                    timed([*command, "--force"] if name == "html" else command, env)
                    for _ in range(args.runs)
                ]
                row[name] = statistics.median(samples)
            row["build"] = statistics.median(
                build_in_process(home / "journal.db") for _ in range(args.runs)
            )
            table[years] = row
            sizes[years] = page.stat().st_size
    print(f"punchin report life, median of {args.runs} runs (ms); HTML page size")
    print(f"{'history':>8} {'-f md':>8} {'-f html':>8} {'build':>8} {'page KB':>8}")
    for years, row in table.items():
        print(
            f"{years:>7}y {row['md'] * 1000:>8.1f} {row['html'] * 1000:>8.1f} "
            f"{row['build'] * 1000:>8.1f} {sizes[years] / 1000:>8.0f}"
        )
    first, last = YEARS[0], YEARS[-1]
    for name in ("md", "html"):
        ratio = table[last][name] / table[first][name]
        verdict = "meets" if ratio <= RATIO else "misses"
        print(
            f"target: report life -f {name} at {last} years at most {RATIO}x {first} years: "
            f"{verdict} ({ratio:.2f}x)"
        )
    verdict = "meets" if sizes[40] < PAGE_BYTES else "misses"
    print(f"target: the HTML page of 40 years under 1 MB: {verdict} ({sizes[40] / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
