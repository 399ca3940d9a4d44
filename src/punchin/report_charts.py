"""The charts of the reports, from the report's data, in the report's words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from punchin import charts

if TYPE_CHECKING:
    from punchin.render import Words


def goals_chart(w: Words, rows: Sequence[dict[str, Any]], title: str) -> str:
    return charts.stacked_bars(
        w(title),
        [row["period"] for row in rows],
        [
            (w("result_done"), charts.DONE, [row["done"] for row in rows]),
            (w("result_partly"), charts.PARTLY, [row["partly"] for row in rows]),
            (w("result_missed"), charts.MISSED, [row["missed"] for row in rows]),
        ],
    )


def causes_chart(w: Words, rows: Sequence[tuple[str, list[str]]]) -> str:
    return charts.stacked_bars(
        w("chart_causes"),
        [label for label, _ in rows],
        [
            (w.cause(cause), colour, [causes.count(cause) for _, causes in rows])
            for cause, colour in charts.CAUSE_COLOURS.items()
        ],
    )


def streak_chart(w: Words, weeks: Sequence[dict[str, Any]]) -> str:
    return charts.streak(
        w("chart_streak"), [wk["period"] for wk in weeks], [wk["state"] for wk in weeks]
    )


def minutes_chart(w: Words, weeks: Sequence[dict[str, Any]], box: int) -> str:
    return charts.stacked_bars(
        w("chart_minutes", box=box),
        [wk["period"] for wk in weeks],
        [(w("col_minutes"), "#0072B2", [wk["minutes"] for wk in weeks])],
        line=box,
        line_name=w("legend_box"),
    )
