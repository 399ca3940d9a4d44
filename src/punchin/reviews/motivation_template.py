"""The JSON skeleton for `punchin year --answers-template` and `punchin five-year
--answers-template`: the period's goals to close, then every question of the check."""

from __future__ import annotations

from typing import Any

from punchin.models import GoalStatus
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.store import Journal

_CLOSING_KEYS = ("goal_status", "score", "next_goal", "next_goal_parent")


def motivation_template(
    journal: Journal, prompts: PromptSet, ui: PromptSet, kind: str, period: Period
) -> dict[str, Any]:
    entry = journal.entry(kind, period.label)
    saved = journal.answers(entry.id) if entry else {}
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
            goal.id: {
                "_title": goal.title,
                "status": saved.get(
                    f"goals.{goal.id}.status",
                    goal.status.value if goal.status is not GoalStatus.OPEN else "",
                ),
                "score": saved.get(f"goals.{goal.id}.score", ""),
            }
            for goal in journal.period_goals(period)
        },
    }
    for name in questions:
        if name != "closing":
            template[name] = saved.get(name, "")
    template["next"] = [{"title": "", "parent": ""}]
    template["closing"] = saved.get("closing", "")
    return template
