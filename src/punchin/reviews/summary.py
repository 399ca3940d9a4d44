"""The few lines a check-in ends with, written from the data rather than asked: commitments
kept, the cause that keeps coming back, the streak, and the one thing to watch next week.

They are saved with the check-in (the answer `summary`) as facts, so `punchin show` reads
them back as they stood that Monday, in the language of whoever reads them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from punchin.method.evidence import Evidence, repeated
from punchin.models import Commitment, Diagnosis, Goal
from punchin.periods import Period
from punchin.store import Journal

KEY = "summary"
STREAK_WINDOW = timedelta(weeks=104)  # read two years of check-ins at a time


def streak(journal: Journal, week: Period) -> int:
    """Weeks in a row with a finished check-in, through `week` (counted as finished: its
    check-in is the one ending now): the weeks before it and, for a back-filled week that
    closes a gap, the weeks after it too. Read in windows of two years, so a long streak
    costs a few indexed reads and a short one a single read."""
    return 1 + _run(journal, week.start, -1) + _run(journal, week.start, 1)


def _run(journal: Journal, start: date, step: int) -> int:
    """Finished check-ins in a row next to the week starting `start`, going `step` weeks."""
    count, expected = 0, start + timedelta(weeks=step)
    while True:
        edge = expected + step * STREAK_WINDOW
        first, last = min(expected, edge), max(expected, edge)
        done = set(journal.week_starts(first, last))
        while expected in done:
            count += 1
            expected += timedelta(weeks=step)
        if first <= expected <= last:
            return count


def closing_facts(
    due: list[Commitment],
    diagnoses: list[Diagnosis],
    made: list[Commitment],
    records: dict[str, tuple[Goal, Evidence]],
    weeks_running: int,
) -> dict[str, Any]:
    """What the closing lines say, as facts: saved as such (JSON) and put in words when
    shown, so that they read in whichever language the person reads them later."""
    facts: dict[str, Any] = {"streak": weeks_running}
    reviewed = [c for c in due if c.kept is not None]
    if reviewed:
        kept = sum(c.kept == "yes" for c in reviewed)
        facts["kept"] = [kept, len(reviewed), sum(c.kept == "partly" for c in reviewed)]
    runs: list[tuple[int, Goal, str]] = []
    for diagnosis in diagnoses:
        goal, found = records.get(diagnosis.goal_id, (None, None))
        if goal is None or found is None:
            continue
        run = len(repeated(found, diagnosis.cause)) + 1
        if run >= 2:
            runs.append((run, goal, diagnosis.cause.value))
    runs.sort(key=lambda found: -found[0])
    longest = runs[0] if runs else None
    if runs:  # the two that recur longest, each with its cause
        facts["recurring"] = [
            {"cause": cause, "title": goal.title, "count": run} for run, goal, cause in runs[:2]
        ]
    else:
        top = Counter(diagnosis.cause.value for diagnosis in diagnoses).most_common(1)
        if top and top[0][1] >= 2:
            facts["one_cause"] = {"cause": top[0][0], "count": top[0][1], "total": len(diagnoses)}
    if made:
        watched = made[0]
        if longest is not None:
            watched = next((c for c in made if c.goal_id == longest[1].id), watched)
        facts["watch"] = watched.text
    return facts
