"""The JSON skeletons that `--answers-template` prints and `--answers` reads back, for the
weekly check-in, the quarterly review and the yearly and five-year checks.

Their nesting follows each flow's answer keys, so a filled template replays the review
exactly; keys starting with "_" are notes for the person filling it and are never read. An
answer already given (a half-done or amended review) stands in the template.
"""

from __future__ import annotations

from typing import Any

from punchin.method.diagnosis import QUESTIONS, remedy_choices
from punchin.models import Cause, Goal, GoalStatus, Horizon
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.reviews import evidence, forecast
from punchin.reviews.weekly_answers import parent_options, stored_progress
from punchin.store import Journal

# The diagnosis's sub-questions, as the flow may ask them; which are needed depends on the
# answers before them, and each says so in its help (`template_help` in diagnosis.toml).
DIAGNOSIS_KEYS = QUESTIONS
_DIAGNOSED = (*DIAGNOSIS_KEYS, "cause", "other_kind", "other_note", "remedy", "commitment")
_CLOSING_KEYS = ("goal_status", "score", "next_goal", "next_goal_parent")


class Choices:
    """The keys a question accepts, from the review's own question set or the diagnosis."""

    def __init__(self, prompts: PromptSet, diagnosis: PromptSet) -> None:
        self.prompts, self.diagnosis = prompts, diagnosis

    def __call__(self, name: str) -> str:
        source = self.prompts if self.prompts.has(f"questions.{name}") else self.diagnosis
        return " | ".join(key for key, _ in source.choices(f"questions.{name}.choices"))


def template_for(
    journal: Journal, prompts: PromptSet, diagnosis: PromptSet, ui: PromptSet, period: Period
) -> dict[str, Any]:
    """The template of the review of `period`, whichever review that is."""
    if period.horizon is Horizon.WEEK:
        return week_template(journal, prompts, diagnosis, ui, period)
    if period.horizon is Horizon.QUARTER:
        return quarter_template(journal, prompts, diagnosis, ui, period)
    return motivation_template(journal, prompts, ui, period)


def week_template(
    journal: Journal, prompts: PromptSet, diagnosis: PromptSet, ui: PromptSet, period: Period
) -> dict[str, Any]:
    next_week = period.next()
    saved = _saved(journal, "week", period)
    choices = Choices(prompts, diagnosis)
    template = _head(ui, "ui.template_about", period)
    template["_help"] = {
        **_diagnosis_help(choices, ui),
        "progress": ui.text("ui.template_progress"),
        "plan": ui.text("ui.template_plan_week", choices=choices("plan_action")),
        "next": ui.text("ui.template_next", period=next_week.label),
    }
    template["_questions"] = {
        name: source.text(
            f"questions.{name}.text", number="N", text="…", goal="…", next="…", span="…"
        )
        for source in (prompts, diagnosis)
        for name in source.get("questions")
    }
    template["period"] = period.label
    template["accomplished"] = saved.get("accomplished", "")
    _commitments(template, journal, period, saved)
    goals = journal.period_goals(period)
    window = evidence.window_history(journal, period) if goals else None
    template["goals"] = {
        goal.id: {
            "_title": goal.title,
            # the goal's own record, the lines the check-in shows before "How did it end?"
            "_evidence": evidence.lines(
                evidence.read(journal, goal, period, window), prompts, diagnosis
            ),
        }
        | _goal(goal, saved, ("status", "progress", *_DIAGNOSED))
        for goal in goals
    }
    for goal in template["goals"].values():
        if goal["progress"]:  # an older journal's "60" reads as today's "60%"
            goal["progress"] = stored_progress(goal["progress"])
    forecast.add_to_template(template, prompts, ui, journal, period, saved)
    template["mentor"] = saved.get("mentor", "")
    _plan(template, goals, saved)
    parents = parent_options(journal, next_week)
    if parents:
        template["_parents"] = {goal.id: goal.title for goal in parents}
    return _tail(template, saved)


def quarter_template(
    journal: Journal, prompts: PromptSet, diagnosis: PromptSet, ui: PromptSet, period: Period
) -> dict[str, Any]:
    saved = _saved(journal, "quarter", period)
    choices = Choices(prompts, diagnosis)
    template = _head(ui, "ui.quarter_template_about", period)
    template["_help"] = {
        **_diagnosis_help(choices, ui),
        "score": ui.text("ui.template_score"),
        "plan": ui.text("ui.template_plan", choices=choices("plan_action")),
        "next": ui.text("ui.template_next_quarter", period=period.next().label),
        # the longer horizon: is the goal known, is the direction still right?
        **{name: choices(name) for name in ("goal_known", "direction_right")},
    }
    template["period"] = period.label
    _commitments(template, journal, period, saved)
    goals = journal.period_goals(period)
    template["goals"] = {
        goal.id: _goal(goal, saved, ("status", "score", *_DIAGNOSED)) for goal in goals
    }
    for name in ("lesson", "goal_known", "direction_right"):
        template[name] = saved.get(name, "")
    _plan(template, goals, saved)
    return _tail(template, saved)


def motivation_template(
    journal: Journal, prompts: PromptSet, ui: PromptSet, period: Period
) -> dict[str, Any]:
    """The yearly or five-year check: the period's goals to close, then every question."""
    kind = period.horizon.value
    saved = _saved(journal, kind, period)
    questions = [name for name in prompts.get("questions") if name not in _CLOSING_KEYS]
    template: dict[str, Any] = {
        "_about": ui.text("ui.motivation_template_about", period=period.label, command=kind),
        "_questions": {name: prompts.text(f"questions.{name}.text") for name in questions},
        "_choices": {
            name: " | ".join(key for key, _ in prompts.choices(f"questions.{name}.choices"))
            for name in questions
            if prompts.has(f"questions.{name}.choices")
        },
        "_help": {"score": ui.text("ui.template_score")},
        "period": period.label,
        "goals": {
            goal.id: _goal(goal, saved, ("status", "score"))
            for goal in journal.period_goals(period)
        },
    }
    for name in questions:
        if name != "closing":
            template[name] = saved.get(name, "")
    return _tail(template, saved)


# -- the parts they share ------------------------------------------------------------------


def _saved(journal: Journal, kind: str, period: Period) -> dict[str, str]:
    entry = journal.entry(kind, period.label)
    return journal.answers(entry.id) if entry else {}


def _head(ui: PromptSet, about: str, period: Period) -> dict[str, Any]:
    text = ui.text(about, period=period.label, start=period.start, end=period.end)
    return {"_about": text}


def _tail(template: dict[str, Any], saved: dict[str, str]) -> dict[str, Any]:
    """New goals for the next period, then the closing line, as every review ends."""
    template["next"] = [{"title": "", "parent": ""}]
    template["closing"] = saved.get("closing", "")
    return template


def _goal(goal: Goal, saved: dict[str, str], fields: tuple[str, ...]) -> dict[str, Any]:
    """A goal's answers so far; its status stands in when the goal was closed elsewhere."""
    status = goal.status.value if goal.status is not GoalStatus.OPEN else ""
    key = f"goals.{goal.id}"
    return {"_title": goal.title} | {
        name: saved.get(f"{key}.{name}", status if name == "status" else "") for name in fields
    }


def _plan(template: dict[str, Any], goals: list[Goal], saved: dict[str, str]) -> None:
    """What to do with each goal left unfinished: carry it over, rewrite it, or leave it."""
    template["plan"] = {
        goal.id: {
            "_title": goal.title,
            "action": saved.get(f"plan.{goal.id}.action", ""),
            "title": saved.get(f"plan.{goal.id}.title", ""),
        }
        for goal in goals
    }


def _commitments(
    template: dict[str, Any], journal: Journal, period: Period, saved: dict[str, str]
) -> None:
    """The commitments made for this period, each to mark kept, partly or not."""
    due = {
        c.id: {"_commitment": c.text, "kept": saved.get(f"commitments.{c.id}.kept", "")}
        for c in journal.commitments(period=period.label)
    }
    if due:
        template["commitments"] = due


def _diagnosis_help(choices: Choices, ui: PromptSet) -> dict[str, Any]:
    """Notes on every answer a missed goal's diagnosis takes."""
    return {
        "status": choices("goal_status"),
        **{key: _when_asked(choices, ui, key) for key in DIAGNOSIS_KEYS},
        "cause": ui.text("ui.template_cause", choices=choices("cause")),
        "other_kind": ui.text("ui.template_other_kind", choices=choices("other_kind")),
        "remedy": {
            cause.value: " | ".join(key for key, _ in remedy_choices(choices.diagnosis, cause))
            for cause in Cause
        },
        "commitment": ui.text("ui.template_commitment"),
        "kept": choices("commitment_kept"),
    }


def _when_asked(choices: Choices, ui: PromptSet, name: str) -> str:
    """A sub-question's choices and when it is asked: a follow-up says which answers call for
    it, so that no one fills in (or is asked for) what the diagnosis does not need."""
    dotted = f"questions.{name}.template_help"
    if choices.diagnosis.has(dotted):
        return choices.diagnosis.text(dotted, choices=choices(name))
    return ui.text("ui.template_when_missed", choices=choices(name))
