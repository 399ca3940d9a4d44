"""The weekly forecast of each open quarter goal: how likely it is to be done by the
quarter's end, from 0 to 1.0 (punchin's own addition, OKR style). One quick optional
question a goal, saved as `forecast.<goal id>` like every answer; last week's forecast is
said in the question, never offered as the answer, so that each week is judged afresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from punchin.method.forecasts import (
    Forecasts,
    last_forecast,
    open_quarter_goals,
    quarter_forecasts,
    quarter_of_week,
)

if TYPE_CHECKING:  # the `--answers` template's part loads no flow
    from punchin.models import Goal
    from punchin.periods import Period
    from punchin.prompts import PromptSet
    from punchin.reviews.flow import ReviewFlow
    from punchin.store import Journal


def forecast_key(goal_id: str) -> str:
    return f"forecast.{goal_id}"


def ask_forecasts(flow: ReviewFlow) -> None:
    """A forecast for every open goal of the quarter holding the week's Thursday."""
    from punchin.reviews.asking import Question

    goals = open_quarter_goals(flow.journal, flow.period)
    if not goals or (flow.resume and all(forecast_key(g.id) in flow.saved for g in goals)):
        return
    p, quarter = flow.p, quarter_of_week(flow.period)
    earlier = quarter_forecasts(flow.journal, quarter)
    flow.asker.show(p.text("text.forecast_heading", period=quarter.label, end=quarter.end))
    for goal in goals:
        text = question_text(p, goal, earlier, flow.period)
        flow.ask(Question(forecast_key(goal.id), text, score=True, optional=True))


def question_text(p: PromptSet, goal: Goal, earlier: Forecasts, week: Period) -> str:
    """The goal's forecast question, saying the forecast given last time when there is one."""
    last = last_forecast(earlier, goal.id, week)
    if last is None:
        return p.text("questions.forecast.text", goal=goal.title)
    return p.text(
        "questions.forecast.text_last", goal=goal.title, week=last[0], last=f"{last[1]:g}"
    )


def add_to_template(
    template: dict[str, Any],
    prompts: PromptSet,
    ui: PromptSet,
    journal: Journal,
    week: Period,
    saved: dict[str, str],
) -> None:
    """The `--answers` template's part: for each open quarter goal a `forecast` to fill
    (0 to 1.0, or empty), keyed by goal id as the check-in's answers are, and its question
    (with last time's forecast) in `_forecast`. Nothing when there is no open quarter goal."""
    goals = open_quarter_goals(journal, week)
    if not goals:
        return
    quarter = quarter_of_week(week)
    earlier = quarter_forecasts(journal, quarter)
    template["_help"]["forecast"] = ui.text(
        "ui.template_forecast", period=quarter.label, end=quarter.end
    )
    template["_forecast"] = {goal.id: question_text(prompts, goal, earlier, week) for goal in goals}
    template["forecast"] = {goal.id: saved.get(forecast_key(goal.id), "") for goal in goals}
