"""Forecasts: how likely each open quarter goal was said to be done by the quarter's end,
asked once a week (punchin's own addition, OKR style: 0.7 is on track for a stretch goal),
and how the forecasts compare with the score the goal got at the quarterly review.

A forecast is an answer of the weekly check-in, `forecast.<goal id>`, stored as a score is
("0.6"); an empty answer is no forecast. A week belongs to the quarter holding its Thursday.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from punchin.method.digest import weeks_of
from punchin.models import Goal, GoalStatus, Horizon
from punchin.periods import Period, quarter_of
from punchin.store import Journal

PREFIX = "forecast."
OVER_BY = 0.2  # the mean gap between forecast and score that counts as over-optimistic
JUDGED = 2  # goals with both forecasts and a score, at least, before saying so
OPEN = (GoalStatus.OPEN, GoalStatus.PARTLY)
SCORED = (GoalStatus.DONE, GoalStatus.PARTLY, GoalStatus.MISSED)

Forecasts = dict[str, list[tuple[str, float]]]  # goal id -> (week, value), in week order


class Calibration(NamedTuple):
    """Forecasts against scores, over the goals that have both."""

    goals: int  # goals judged
    over: int  # of them, those whose forecast was above their score
    said: float  # the mean of their last month's forecasts
    score: float  # the mean of their scores
    gap: float  # said - score

    @property
    def over_optimistic(self) -> bool:
        return self.goals >= JUDGED and self.gap >= OVER_BY - 1e-9 and 2 * self.over > self.goals


def quarter_of_week(week: Period) -> Period:
    return quarter_of(week.start + timedelta(days=3))


def open_quarter_goals(journal: Journal, week: Period) -> list[Goal]:
    """The goals a check-in of `week` asks a forecast for: the quarter's open ones."""
    return journal.goals(
        horizon=Horizon.QUARTER,
        periods=[quarter_of_week(week).label],
        statuses=list(OPEN),
    )


def quarter_forecasts(journal: Journal, quarter: Period) -> Forecasts:
    """Every forecast given in the check-ins of the quarter's weeks (one bounded query)."""
    weeks = weeks_of(quarter)
    answers = journal.answers_by_period("week", weeks[0].start, weeks[-1].start)
    found: Forecasts = {}
    for week in weeks:
        for key, value in answers.get(week.label, {}).items():
            share = stored_share(value) if key.startswith(PREFIX) else None
            if share is not None:
                found.setdefault(key.removeprefix(PREFIX), []).append((week.label, share))
    return found


def stored_share(value: str) -> float | None:
    """A saved forecast as a fraction of 1; None for an empty (or unreadable) answer."""
    text = value.strip()
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None
    return share if 0 <= share <= 1 else None


def last_forecast(forecasts: Forecasts, goal_id: str, before: Period) -> tuple[str, float] | None:
    """The goal's latest forecast from a week before `before`, if any."""
    earlier = [(week, value) for week, value in forecasts.get(goal_id, []) if week < before.label]
    return earlier[-1] if earlier else None


def last_month(quarter: Period) -> set[str]:
    """The weeks of the quarter's last month: those whose Thursday falls in it."""
    month_start = quarter.end.replace(day=1)
    return {w.label for w in weeks_of(quarter) if w.start + timedelta(days=3) >= month_start}


def calibration(forecasts: Forecasts, goals: list[Goal], month: set[str]) -> Calibration | None:
    """Each scored goal's mean forecast over the quarter's last month (`month`, its weeks)
    minus its score, averaged; a goal not forecast in that month is not judged."""
    pairs = []
    for goal in goals:
        said = [value for week, value in forecasts.get(goal.id, []) if week in month]
        if goal.status in SCORED and goal.progress is not None and said:
            pairs.append((sum(said) / len(said), goal.progress))
    if not pairs:
        return None
    said_mean = sum(said for said, _ in pairs) / len(pairs)
    score_mean = sum(score for _, score in pairs) / len(pairs)
    return Calibration(
        goals=len(pairs),
        over=sum(said > score for said, score in pairs),
        said=said_mean,
        score=score_mean,
        gap=said_mean - score_mean,
    )
