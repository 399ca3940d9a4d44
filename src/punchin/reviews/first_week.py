"""The first `punchin week` of a new journal, in the middle of a week: nothing has ended yet
to look back on, so it is a short planning session for the current week (its goals, and the
quarter goals they serve), and it says when the first real check-in falls due.

Each goal is added the moment it is given, so stopping halfway keeps what was said.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from punchin.models import Goal, GoalStatus
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.reviews.asking import Asker, Question
from punchin.reviews.weekly_answers import parent_options
from punchin.store import Journal

NO_PARENT = "none"


class FirstWeek(NamedTuple):
    period: str
    goals: int


def plan_first_week(
    journal: Journal, prompts: PromptSet, ui: PromptSet, asker: Asker, week: Period, slot: str
) -> FirstWeek:
    """Ask for this week's goals, each (if there are any) serving a quarter goal; the only
    open quarter goal is the default, as a goal of the week most likely serves it. `slot`
    says when the first check-in falls due."""
    p = prompts
    asker.show(p.text("text.first_intro", period=week.label, slot=slot))
    existing = journal.period_goals(week)
    if existing:
        lines = [p.text("text.next_existing", period=week.label)]
        asker.show("\n".join(lines + [f"  - {goal.title}" for goal in existing]))
    parents = parent_options(journal, week)
    added = 0
    while True:
        title = asker.ask(
            Question(
                f"first.{added}.title",
                p.text("questions.next_goal.text", number=len(existing) + added + 1),
                optional=True,
                listed=True,
            )
        )
        if not title.strip():
            break
        parent = _parent(asker, p, parents, added)
        journal.add_goal(title, week, parent_id=parent)
        added += 1
    return FirstWeek(week.label, len(existing) + added)


def _parent(asker: Asker, p: PromptSet, parents: list[Goal], number: int) -> str | None:
    open_ones = [g for g in parents if g.status in (GoalStatus.OPEN, GoalStatus.PARTLY)]
    if not open_ones:
        return None
    choices = tuple((g.id, f"{g.title} ({g.period})") for g in open_ones)
    none = p.text("questions.next_goal_parent.none")
    default = open_ones[0].id if len(open_ones) == 1 else NO_PARENT
    chosen = asker.ask(
        Question(
            f"first.{number}.parent",
            p.text("questions.next_goal_parent.text"),
            choices=(*choices, (NO_PARENT, none)),
            default=default,
        )
    )
    return None if chosen == NO_PARENT else chosen


def when(slot: datetime, ui: PromptSet) -> str:
    """A slot as the person reads it: "Monday 2026-12-07 21:00", "星期一 2026-12-07 21:00"."""
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    day = ui.text(f"ui.weekday_{names[slot.weekday()]}")  # never the system locale's
    return f"{day} {slot.strftime('%Y-%m-%d %H:%M')}"
