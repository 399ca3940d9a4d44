"""The punch-in-life warning: is the direction changing at every check, with goals left
behind as it moves? Said gently, with its evidence, and only when the evidence agrees.

In the talk, re-thinking one's motivation every five years is the method, and the "punch-in
life" (打卡式人生) is its bug: a direction that changes at every check, every kind of place
visited, goals abandoned on the way. Not knowing the goal early is fine; what the method
asks is that each change of direction come from a real change of motivation. So the rule
looks at direction first, within the last three years:

Signals of a moving direction (at least one is required):
1. `changes`: the direction of effort was changed at two or more yearly checks;
2. `unexplained_change`: a yearly check changed direction although it did not find the
   motivation wrong (a change that did not come from motivation);
3. `abandoned`: half or more of the quarter and year goals (at least four) were dropped or
   carried over;
4. `paths_flip`: the path that fitted best changed between two path assessments.

Signals that make it worth saying (they count only beside one of the above):
5. `no_direction`: no five-year goals for the current window, and no five-year check that
   planned it;
6. `unhappy`: two or more yearly checks found the year unhappy or without progress.

The warning needs two signals, one of them about direction. Gaps in the weekly habit are
not a sign of touring: they belong to the habit's own findings (quarterly and yearly).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from typing import NamedTuple

from punchin.models import Goal, GoalStatus, Horizon, yearly_verdict
from punchin.periods import five_year_of
from punchin.prompts import PromptSet
from punchin.store import Journal

YEARS = 3
DIRECTION = frozenset({"changes", "unexplained_change", "abandoned", "paths_flip"})
PATHS = ("company", "phd", "startup")


class Signal(NamedTuple):
    key: str
    params: dict[str, object]


class Facts(NamedTuple):
    """What the rule reads, for a span of years: read once, the rule can be asked about any
    day inside it (the report of a life asks at every year's end)."""

    checks: dict[str, dict[str, str]]  # yearly checks' answers by year
    longer: list[tuple[date, Goal]]  # quarter and year goals by their first day, in order
    assessments: dict[str, dict[str, str]]  # path assessments' answers by day
    planned: set[str]  # five-year windows a five-year check planned (the check's label)
    directed: set[str]  # five-year windows with a goal that was not dropped
    anchor: int  # the year five-year windows are anchored on


def facts(journal: Journal, first: date, last: date) -> Facts:
    """Everything the rule needs about the days from `first` to `last`."""
    anchor = journal.start_year
    five_year = five_year_of(first, anchor).previous(anchor).start
    return Facts(
        journal.answers_by_period("year", first, last),
        sorted(
            (
                (_start(goal), goal)
                for horizon in (Horizon.QUARTER, Horizon.YEAR)
                for goal in journal.goals_between(horizon, first, last)
            ),
            key=lambda pair: pair[0],
        ),
        journal.answers_by_period("paths", first, last),
        journal.periods_reviewed("five-year", five_year, last),
        {
            goal.period
            for goal in journal.goals_between(Horizon.FIVE_YEAR, five_year, last)
            if goal.status is not GoalStatus.DROPPED
        },
        anchor,
    )


def signals(journal: Journal, today: date) -> list[Signal]:
    """Every signal that holds, each with its evidence."""
    return signals_in(facts(journal, date(today.year - YEARS, 1, 1), today), today)


def signals_in(known: Facts, today: date) -> list[Signal]:
    """Every signal that holds on `today`, from facts that cover the three years before it."""
    since = date(today.year - YEARS, 1, 1)
    low, high = since.isoformat(), today.isoformat()
    found: list[Signal] = []
    checks = {
        period: answers
        for period, answers in known.checks.items()
        if low[:4] <= period[:4] <= high[:4]
    }
    changes = sorted(period for period, a in checks.items() if a.get("decision") == "change")
    if len(changes) >= 2:
        found.append(Signal("changes", {"count": len(changes), "years": changes}))
    unexplained = [p for p in changes if yearly_verdict(checks[p]) != "motivation"]
    if unexplained:
        found.append(Signal("unexplained_change", {"years": unexplained}))
    starts = [start for start, _ in known.longer]
    longer = [
        goal for _, goal in known.longer[bisect_left(starts, since) : bisect_right(starts, today)]
    ]
    left = [g for g in longer if g.status is GoalStatus.DROPPED or g.carried_from is not None]
    if len(longer) >= 4 and 2 * len(left) >= len(longer):
        found.append(Signal("abandoned", {"count": len(left), "total": len(longer)}))
    flip = _paths_flip({day: a for day, a in known.assessments.items() if low <= day[:10] <= high})
    if flip is not None:
        found.append(flip)
    window = five_year_of(today, known.anchor)
    planned = window.previous(known.anchor).label in known.planned
    if window.label not in known.directed and not planned:
        found.append(Signal("no_direction", {"window": window.label}))
    unhappy = sorted(
        period
        for period, a in checks.items()
        if a.get("happy") == "no" or a.get("progress") == "no"
    )
    if len(unhappy) >= 2:
        found.append(Signal("unhappy", {"count": len(unhappy), "years": unhappy}))
    return found


def warning(found: list[Signal]) -> list[Signal]:
    """The signals worth saying out loud: all of them when two agree and one of them is
    about direction; else none."""
    if len(found) >= 2 and any(signal.key in DIRECTION for signal in found):
        return found
    return []


def _start(goal: Goal) -> date:
    """The first day of a quarter goal's or a year goal's period ("2026-Q3", "2026")."""
    year, _, quarter = goal.period.partition("-Q")
    return date(int(year), 3 * int(quarter) - 2 if quarter else 1, 1)


def fits_of(answers: dict[str, str]) -> dict[str, int] | None:
    """A path assessment's fit score for each of the three paths, as it recorded them; None
    when one is missing or not a number."""
    fits: dict[str, int] = {}
    for path in PATHS:
        try:
            fits[path] = int(answers[f"fit.{path}"])
        except (KeyError, ValueError):
            return None
    return fits


def _paths_flip(assessments: dict[str, dict[str, str]]) -> Signal | None:
    best = []
    for day, answers in sorted(assessments.items()):
        if "align" not in answers:  # the earlier questions weighed the paths unevenly
            continue
        fits = fits_of(answers)
        if fits is not None:
            best.append((day, max(fits, key=lambda path: fits[path])))
    if len(best) < 2 or best[-1][1] == best[-2][1]:
        return None
    (before, was), (after, now) = best[-2], best[-1]
    return Signal("paths_flip", {"before": before, "was": was, "after": after, "now": now})


def warning_lines(
    found: list[Signal], drift: PromptSet, *, inside_check: bool = False
) -> list[str]:
    """The heading, one line of evidence per signal, and the method's advice; inside a
    yearly or five-year check the advice points at the questions that follow, never at
    the command the person is already in."""
    if not found:
        return []
    lines = [drift.text("drift.heading")]
    for signal in found:
        params = dict(signal.params)
        for name in ("was", "now"):
            if name in params:
                params[name] = drift.text(f"names.{params[name]}")
        years = params.get("years")
        if isinstance(years, list):  # "2024, 2025" / "2024、2025"
            params["years"] = drift.text("drift.separator").join(str(year) for year in years)
        lines.append(f"- {drift.text(f'drift.{signal.key}', **params)}")
    lines.append(drift.text("drift.advice_here" if inside_check else "drift.advice"))
    return lines
