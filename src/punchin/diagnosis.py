"""Why a goal was missed: the method's essential question, reached by honest sub-questions.

The user answers concrete questions (time put in, outside events, a wall of skill, whether
they still want the goal); `suggest_cause` turns them into laziness, ability, motivation or
other, and the user confirms or overrides it. Each cause has the method's own remedies.
"""

from __future__ import annotations

from punchin.models import Cause
from punchin.prompts import PromptSet

OWN_REMEDY = "own"


def suggest_cause(planned_time: str, outside: str, skill_wall: str, still_want: str) -> Cause:
    """The most honest reading of the answers, strictest first.

    Not wanting the goal any more outranks everything (no remedy of effort fixes that);
    then a real outside cause; then time not put in is laziness even if the task was hard,
    because the wall was never reached; a wall reached with the time put in is ability.
    """
    if still_want == "no":
        return Cause.MOTIVATION
    if outside == "yes":
        return Cause.OTHER
    if planned_time in ("no", "partly"):
        return Cause.LAZINESS
    if skill_wall == "yes":
        return Cause.ABILITY
    if still_want == "unsure":
        return Cause.MOTIVATION
    return Cause.OTHER


def remedy_choices(prompts: PromptSet, cause: Cause) -> tuple[tuple[str, str], ...]:
    """The method's remedies for a cause, then "write your own"."""
    table = prompts.get(f"remedies.{cause.value}")
    options = tuple((key, str(value["label"])) for key, value in table.items())
    return (*options, (OWN_REMEDY, prompts.text("remedies.own.label")))


def remedy_commitment(
    prompts: PromptSet, cause: Cause, remedy: str, goal_title: str, **spans: str
) -> str:
    """A first draft of the commitment, which the user edits into their own words;
    `spans` says which period it is for ("this week", "this quarter")."""
    if remedy == OWN_REMEDY:
        return ""
    return prompts.text(f"remedies.{cause.value}.{remedy}.commitment", goal=goal_title, **spans)


def remedy_label(prompts: PromptSet, cause: str | None, remedy: str | None) -> str:
    """How a chosen remedy reads back; the user's own remedy names the cause it answered."""
    if not remedy:
        return ""
    key = f"remedies.{cause}.{remedy}.label"
    if prompts.has(key):
        return prompts.text(key)
    own = prompts.text("remedies.own.label")
    return f"{own} · {prompts.text(f'causes.{cause}.label')}" if cause else own
