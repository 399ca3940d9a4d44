"""The mentor's evidence must not slow the check-in as the journal ages.

Builds journals of 1 and 30 years of weekly check-ins (`history.py`), adds next week's goals
(one of them the same line of work as a goal missed the week before, all serving the
quarter goal), then times the weekly check-in from its start to its first goal question, in
process, the sizes interleaved run by run. Before that question come the year-ago line, last
week's commitments, the forecasts read, and the goal's own record (its line of work, its
commitments, the remedies tried). Each run works on a fresh copy of the journal, since the
check-in saves its answers. The target: 30 years / 1 year <= 1.2.

    python bench/mentor.py
    python bench/mentor.py --runs 41 --years 1 30 100
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history

from punchin import prompts
from punchin.periods import parse_period_label, quarter_of
from punchin.reviews.asking import Question
from punchin.reviews.weekly import WeeklyCheckIn
from punchin.store import Journal

WEEK = "2026-W48"


class Reached(Exception):
    """The first goal question is on the screen: the time to stop the clock."""


class Scripted:
    """Answers at once, as a person who knows what to say; stops at the first goal."""

    def show(self, text: str, *, quiet: bool = False) -> None:
        pass

    def keep_time(self, spent: object) -> None:
        pass

    def ask(self, question: Question) -> str:
        if question.key.endswith(".status"):
            raise Reached
        if question.choices:
            return question.choices[0][0]
        return "wrote and ran"


def prepare(path: Path) -> None:
    """Next week's goals: the same line of work as last week's missed goal, and two more."""
    week = parse_period_label(WEEK)
    assert week is not None
    with Journal.open(path, lambda: NOW) as journal, journal.transaction():
        parent = journal.goals(periods=[quarter_of(week.start).label])[0]
        for n in range(3):
            journal.add_goal(f"Goal {n} of 2026-W47", week, parent_id=parent.id)


def time_to_first_goal(path: Path, folder: Path) -> float:
    """One check-in on a fresh copy of the journal, from its start to its first goal."""
    week = parse_period_label(WEEK)
    assert week is not None
    texts = prompts.load("week", "en"), prompts.load("diagnosis", "en")
    copy = folder / "run.db"
    shutil.copyfile(path, copy)
    with copy.open("rb+") as written:  # on disk before the clock starts: the first commit
        os.fsync(written.fileno())  # would otherwise flush the whole copy
    try:
        with Journal.open(copy, lambda: NOW) as journal:
            flow = WeeklyCheckIn(journal, *texts, Scripted(), week, today=NOW.date())
            start = time.perf_counter()
            try:
                flow.run()
            except Reached:
                return time.perf_counter() - start
            raise AssertionError("the check-in never asked about a goal")
    finally:
        copy.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 30])
    args = parser.parse_args()
    results: dict[int, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        paths, weeks = {}, {}
        for years in args.years:
            paths[years] = Path(folder) / f"{years}y.db"
            weeks[years] = build_history(paths[years], years)
            prepare(paths[years])
        samples: dict[int, list[float]] = {years: [] for years in args.years}
        for _ in range(args.runs):  # interleaved, so a busy moment slows every size alike
            for years in args.years:
                samples[years].append(time_to_first_goal(paths[years], Path(folder)))
        for years in args.years:
            results[years] = (weeks[years], statistics.median(samples[years]))
    base = results[args.years[0]][1]
    print("years  check-ins  to the first goal question (ms)  x first")
    for years, (weeks, seconds) in results.items():
        print(f"{years:>5}  {weeks:>9}  {seconds * 1000:>31.2f}  {seconds / base:>7.2f}")
    worst = max(seconds for _, seconds in results.values()) / base
    print(f"target: at most 1.2x: {'meets' if worst <= 1.2 else 'misses'} ({worst:.2f}x)")


if __name__ == "__main__":
    main()
