"""The charts of the reports, from the report's data, in the report's words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from punchin.reports import charts

if TYPE_CHECKING:
    from punchin.reports.words import Words


def week_kind(week: dict[str, Any]) -> str:
    """Which of charts.WEEK_KINDS a week's check-in is: done, half done, missed, or before the
    journal began. A week without goals still owes its check-in (the habit is the Monday
    review, not the goals), so "no goals that week" is told apart where goals are drawn
    (`_bar_mark`), not here."""
    state = week["state"]
    if state == "before":
        return "before"
    if state == "done":
        return "done"
    if state == "in-progress":
        return "half"
    return "missed"


NO_CHECKIN = ("missed", "no-goals", "before")  # the weeks with no minutes to draw


def kind_names(w: Words) -> dict[str, str]:
    return {kind: w(f"week_{kind.replace('-', '_')}") for kind in charts.WEEK_KINDS}


def _bar_mark(week: dict[str, Any]) -> str | None:
    """Why a week has no goal bar: it had no goals, came before the journal, or its check-in
    was missed or left half done (drawn only where there is no bar)."""
    if week["state"] != "before" and week.get("goals") == 0:
        return "no-goals"
    kind = week_kind(week)
    return None if kind == "done" else kind


def goals_chart(w: Words, rows: Sequence[dict[str, Any]], title: str) -> str:
    weekly = bool(rows) and "state" in rows[0]
    return charts.stacked_bars(
        w(title),
        [row["period"] for row in rows],
        [
            (w("result_done"), charts.DONE, [row["done"] for row in rows]),
            (w("result_partly"), charts.PARTLY, [row["partly"] for row in rows]),
            (w("result_missed"), charts.MISSED, [row["missed"] for row in rows]),
        ],
        marks=[_bar_mark(row) for row in rows] if weekly else (),
        mark_names=kind_names(w),
        empty=w("chart_goals_empty"),
        pair=w.pair,
    )


def causes_chart(w: Words, rows: Sequence[tuple[str, list[str]]]) -> str:
    return charts.stacked_bars(
        w("chart_causes"),
        [label for label, _ in rows],
        [
            (w.cause(cause), colour, [causes.count(cause) for _, causes in rows])
            for cause, colour in charts.CAUSE_COLOURS.items()
        ],
        empty=w("chart_causes_empty"),
        pair=w.pair,
    )


def streak_chart(w: Words, weeks: Sequence[dict[str, Any]]) -> str:
    return charts.streak(
        w("chart_checkins"),
        [wk["period"] for wk in weeks],
        [week_kind(wk) for wk in weeks],
        kind_names(w),
        empty=w("chart_checkins_empty"),
        pair=w.pair,
    )


def minutes_chart(w: Words, weeks: Sequence[dict[str, Any]], box: int) -> str:
    return charts.stacked_bars(
        w("chart_minutes", box=box),
        [wk["period"] for wk in weeks],
        [(w("col_minutes"), "#0072B2", [wk["minutes"] for wk in weeks])],
        line=box,
        line_name=w("legend_box"),
        marks=[week_kind(wk) for wk in weeks],
        mark_names={k: v for k, v in kind_names(w).items() if k in NO_CHECKIN},
        empty=w("chart_minutes_empty"),
        pair=w.pair,
    )


def forecasts_chart(w: Words, labels: Sequence[str], goals: Sequence[dict[str, Any]]) -> str:
    """Each quarter goal's weekly forecasts against its final score."""
    weeks = [*labels, *sorted({f["week"] for g in goals for f in g["forecasts"]} - set(labels))]
    rows = []
    for goal in goals:
        said = {f["week"]: f["value"] for f in goal["forecasts"]}
        rows.append((goal["title"], [said.get(week) for week in weeks], final_score(goal)))
    return charts.forecasts(
        w("chart_forecasts"),
        weeks,
        rows,
        forecast_name=w("legend_forecast"),
        score_name=w("legend_score"),
        unscored=w("not_scored"),
        pair=w.pair,
    )


def final_score(goal: dict[str, Any]) -> float | None:
    """A quarter goal's score, once the goal is closed (done, partly or missed)."""
    closed = goal["status"] in ("done", "partly", "missed")
    return float(goal["score"]) if closed and goal["score"] is not None else None
