"""A synthetic journal for the benchmarks: one finished check-in for every week of N years,
each with three goals (one missed, with its diagnosis and commitment) serving a quarter goal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from punchin.models import Cause, EntryStatus, GoalStatus
from punchin.periods import quarter_of, week_of
from punchin.store import Journal

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
CAUSES = list(Cause)


def build_history(path: Path, years: int) -> int:
    """Write the journal at `path`; returns how many weekly check-ins it holds."""
    with Journal.open(path, lambda: NOW) as journal, journal.transaction():
        week = week_of(date(NOW.year - years, NOW.month, 1))
        last = week_of(NOW.date() - timedelta(days=7))
        weeks = 0
        while week <= last:
            quarter = quarter_of(week.start)
            parent = journal.goals(periods=[quarter.label])
            parent_id = parent[0].id if parent else journal.add_goal("Quarter goal", quarter).id
            entry = journal.start_entry("week", week, "en")
            for n in range(3):
                goal = journal.add_goal(f"Goal {n} of {week.label}", week, parent_id=parent_id)
                missed = n == weeks % 3
                status = GoalStatus.MISSED if missed else GoalStatus.DONE
                journal.update_goal(goal.id, status=status, progress=0.0 if missed else 1.0)
                if missed:
                    cause = CAUSES[weeks % len(CAUSES)]
                    journal.save_diagnosis(entry.id, goal.id, cause, None, "own")
                    journal.save_commitment(
                        entry.id, goal.id, week.next().label, cause, "own", "Do better"
                    )
            for key in ("accomplished", "mentor", "closing"):
                journal.save_answer(entry.id, key, f"{key} for {week.label}: wrote and ran")
            journal.set_entry_time(entry.id, 1500)
            journal.set_entry_status(entry.id, EntryStatus.DONE)
            weeks += 1
            week = week.next()
    return weeks
