"""The JSON skeleton that `punchin quarter --answers-template` prints and `--answers` reads.

Its nesting follows the flow's answer keys, so a filled template replays the review exactly;
keys starting with "_" are notes for the person filling it and are never read.
"""

from __future__ import annotations

from typing import Any

from punchin.models import GoalStatus
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.reviews.template_parts import DIAGNOSIS_KEYS, Choices, commitments_due, diagnosis_help
from punchin.store import Journal

_GOAL_FIELDS = ("status", "score", *DIAGNOSIS_KEYS, "cause", "other_kind", "other_note")


def quarter_template(
    journal: Journal, prompts: PromptSet, diagnosis: PromptSet, ui: PromptSet, period: Period
) -> dict[str, Any]:
    next_quarter = period.next()
    entry = journal.entry("quarter", period.label)
    saved = journal.answers(entry.id) if entry else {}

    choices = Choices(prompts, diagnosis)

    template: dict[str, Any] = {
        "_about": ui.text(
            "ui.quarter_template_about", period=period.label, start=period.start, end=period.end
        ),
        "_help": {
            **diagnosis_help(choices, ui),
            "score": ui.text("ui.template_score"),
            "plan": ui.text("ui.template_plan", choices=choices("plan_action")),
            "next": ui.text("ui.template_next_quarter", period=next_quarter.label),
        },
        "period": period.label,
    }
    commitments = commitments_due(journal, period.label, saved)
    if commitments:
        template["commitments"] = commitments
    goals: dict[str, Any] = {}
    plan: dict[str, Any] = {}
    for goal in journal.period_goals(period):
        key = f"goals.{goal.id}"
        status = goal.status.value if goal.status is not GoalStatus.OPEN else ""
        goals[goal.id] = {"_title": goal.title} | {
            name: saved.get(f"{key}.{name}", status if name == "status" else "")
            for name in (*_GOAL_FIELDS, "remedy", "commitment")
        }
        plan[goal.id] = {
            "_title": goal.title,
            "action": saved.get(f"plan.{goal.id}.action", ""),
            "title": saved.get(f"plan.{goal.id}.title", ""),
        }
    template["goals"] = goals
    template["lesson"] = saved.get("lesson", "")
    for name in ("goal_known", "direction_right"):  # the longer horizon: known, still right?
        template[name] = saved.get(name, "")
        template["_help"][name] = choices(name)
    if plan:
        template["plan"] = plan
    template["next"] = [{"title": "", "parent": ""}]
    template["closing"] = saved.get("closing", "")
    return template
