"""What the answers templates of the weekly and the quarterly review share: the help on
diagnosis answers, and the commitments to mark kept or not."""

from __future__ import annotations

from typing import Any

from punchin.method.diagnosis import QUESTIONS, remedy_choices
from punchin.models import Cause
from punchin.prompts import PromptSet
from punchin.store import Journal

# The diagnosis's sub-questions, as the flow may ask them; which are needed depends on the
# answers before them, and each says so in its help (`template_help` in diagnosis.toml).
DIAGNOSIS_KEYS = QUESTIONS


class Choices:
    """The keys a question accepts, from the review's own question set or the diagnosis."""

    def __init__(self, prompts: PromptSet, diagnosis: PromptSet) -> None:
        self.prompts, self.diagnosis = prompts, diagnosis

    def __call__(self, name: str) -> str:
        source = self.prompts if self.prompts.has(f"questions.{name}") else self.diagnosis
        return " | ".join(key for key, _ in source.choices(f"questions.{name}.choices"))


def diagnosis_help(choices: Choices, ui: PromptSet) -> dict[str, Any]:
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


def commitments_due(journal: Journal, period: str, saved: dict[str, str]) -> dict[str, Any]:
    """The commitments made for this period, each to mark kept, partly or not."""
    return {
        c.id: {"_commitment": c.text, "kept": saved.get(f"commitments.{c.id}.kept", "")}
        for c in journal.commitments(period=period)
    }
