"""The JSON skeleton that `punchin week --answers-template` prints and `--answers` reads back.

Its nesting follows the flow's answer keys, so a filled template replays the check-in
exactly; keys starting with "_" are notes for the person filling it and are never read.
"""

from __future__ import annotations

from typing import Any

from punchin.models import GoalStatus
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.reviews.template_parts import DIAGNOSIS_KEYS, Choices, commitments_due, diagnosis_help
from punchin.reviews.weekly import parent_options, stored_progress
from punchin.store import Journal


def week_template(
    journal: Journal, prompts: PromptSet, diagnosis: PromptSet, ui: PromptSet, period: Period
) -> dict[str, Any]:
    next_week = period.next()
    entry = journal.entry("week", period.label)
    saved = journal.answers(entry.id) if entry else {}

    choices = Choices(prompts, diagnosis)

    template: dict[str, Any] = {
        "_about": ui.text(
            "ui.template_about", period=period.label, start=period.start, end=period.end
        ),
        "_help": {
            **diagnosis_help(choices, ui),
            "progress": ui.text("ui.template_progress"),
            "next": ui.text("ui.template_next", period=next_week.label),
        },
        "_questions": {
            name: source.text(
                f"questions.{name}.text", number="N", text="…", goal="…", next="…", span="…"
            )
            for source in (prompts, diagnosis)
            for name in source.get("questions")
        },
        "period": period.label,
        "accomplished": saved.get("accomplished", ""),
    }
    commitments = commitments_due(journal, period.label, saved)
    if commitments:
        template["commitments"] = commitments
    goals: dict[str, Any] = {}
    for goal in journal.period_goals(period):
        key = f"goals.{goal.id}"
        status = goal.status.value if goal.status is not GoalStatus.OPEN else ""
        fields = (
            "status",
            "progress",
            *DIAGNOSIS_KEYS,
            "cause",
            "other_kind",
            "other_note",
            "remedy",
            "commitment",
        )
        goals[goal.id] = {"_title": goal.title} | {
            name: saved.get(f"{key}.{name}", status if name == "status" else "") for name in fields
        }
        if goals[goal.id]["progress"]:  # an older journal's "60" reads as today's "60%"
            goals[goal.id]["progress"] = stored_progress(goals[goal.id]["progress"])
    template["goals"] = goals
    template["mentor"] = saved.get("mentor", "")
    parents = parent_options(journal, next_week)
    if parents:
        template["_parents"] = {goal.id: goal.title for goal in parents}
    template["next"] = [{"title": "", "parent": ""}]
    template["closing"] = saved.get("closing", "")
    return template
