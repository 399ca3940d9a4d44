"""The calibration of the weekly forecasts: said only when they ran high for most goals, by
0.2 or more on average over the quarter's last month."""

from __future__ import annotations

from punchin.method.forecasts import Forecasts, calibration, stored_share
from punchin.models import Goal, GoalStatus, Horizon


def goal(name: str, status: GoalStatus, score: float | None) -> Goal:
    return Goal(name, name, Horizon.QUARTER, "2026-Q4", status, progress=score)


MONTH = {f"2026-W{n}" for n in range(49, 54)}  # December 2026, the last month of 2026-Q4


def weekly(*values: float) -> list[tuple[str, float]]:
    """Forecasts, one a week, the last in the quarter's last week (2026-W53)."""
    first = 53 - len(values) + 1
    return [(f"2026-W{first + i}", value) for i, value in enumerate(values)]


def fires(forecasts: Forecasts, goals: list[Goal]) -> bool:
    found = calibration(forecasts, goals, MONTH)
    return found is not None and found.over_optimistic


PARTLY, MISSED, DONE = GoalStatus.PARTLY, GoalStatus.MISSED, GoalStatus.DONE


def test_over_optimistic_forecasts_are_found() -> None:
    goals = [goal("a", PARTLY, 0.5), goal("b", MISSED, 0.2)]
    said = {"a": weekly(0.9, 0.8, 0.8, 0.7), "b": weekly(0.6, 0.6, 0.5, 0.5)}
    found = calibration(said, goals, MONTH)
    assert found is not None and found.over_optimistic
    assert (found.goals, found.over) == (2, 2)
    assert round(found.said, 2) == 0.68 and round(found.score, 2) == 0.35


def test_calibrated_forecasts_are_not() -> None:
    goals = [goal("a", PARTLY, 0.6), goal("b", DONE, 1.0)]
    assert not fires({"a": weekly(0.7, 0.7, 0.6, 0.6), "b": weekly(0.8, 0.9, 0.9, 1.0)}, goals)


def test_only_the_last_month_counts() -> None:
    """High early, honest in December: December's forecasts are the calibration."""
    goals = [goal("a", PARTLY, 0.5), goal("b", MISSED, 0.3)]
    said = {"a": weekly(1, 1, 1, 0.5, 0.5, 0.5, 0.5), "b": weekly(1, 1, 0.4, 0.3, 0.3, 0.3)}
    assert not fires(said, goals)


def test_one_goal_is_not_enough() -> None:
    goals = [goal("a", MISSED, 0.0), goal("b", PARTLY, 0.5)]
    assert not fires({"a": weekly(0.9, 0.9)}, goals)  # b was never forecast


def test_most_goals_must_have_been_over() -> None:
    """One goal far over, two a little under: the mean is high, but most were not over."""
    goals = [goal("a", MISSED, 0.0), goal("b", PARTLY, 0.6), goal("c", PARTLY, 0.6)]
    said = {"a": weekly(1.0), "b": weekly(0.5), "c": weekly(0.5)}
    found = calibration(said, goals, MONTH)
    assert found is not None and found.gap >= 0.2 and not found.over_optimistic


def test_open_goals_have_no_score_to_compare() -> None:
    goals = [goal("a", GoalStatus.OPEN, None), goal("b", GoalStatus.OPEN, None)]
    assert calibration({"a": weekly(0.9), "b": weekly(0.9)}, goals, MONTH) is None


def test_a_stored_forecast_reads_as_a_share() -> None:
    assert stored_share("0.7") == 0.7
    assert stored_share("70%") == 0.7
    assert stored_share("") is None and stored_share("soon") is None


def test_forecasts_that_stopped_before_the_last_month_are_not_judged() -> None:
    """Forecast until mid-November only: nothing said in the last month, nothing to judge."""
    goals = [goal("a", PARTLY, 0.4), goal("b", MISSED, 0.1)]
    early = [(f"2026-W{n}", 0.9) for n in range(40, 47)]
    assert calibration({"a": early, "b": early}, goals, MONTH) is None
