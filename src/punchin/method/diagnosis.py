"""Why a goal was missed: the method's essential question, reached by honest sub-questions.

The method asks whether a miss was laziness, lack of ability or something else, and asks it
strictly: be hard on yourself. So the questions go strictest first. Did the time go in? If not,
it is laziness unless something outside made the time impossible, or the goal is no longer
wanted (which points at motivation). If it did, would someone good at this have done it in
that time? Then the shortfall is ability (the talk's remedy is twice the time others need);
if nobody could have, it is something else, named afterwards. `next_question` asks only what
can still change the answer; the user confirms or overrides what `suggest_cause` reads.

Each cause has remedies; each remedy says whether it is the method's own or punchin's
suggestion (`source`), and that is shown wherever the remedy is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from punchin.models import Cause
from punchin.prompts import PromptSet

OWN_REMEDY = "own"
METHOD, PUNCHIN = "method", "punchin"

# Every sub-question, in the order an answers template lists them; which are asked depends on
# the answers before them (see `_reading`).
QUESTIONS = ("planned_time", "outside", "time_impossible", "still_want", "skill_wall")


def next_question(answers: Mapping[str, str]) -> str | None:
    """The sub-question the answers so far still need, or None once the cause is settled."""
    reading = _reading(answers)
    return None if isinstance(reading, Cause) else reading


def suggest_cause(answers: Mapping[str, str]) -> Cause:
    """The strictest honest reading of the answers that `next_question` asked for."""
    reading = _reading(answers)
    if not isinstance(reading, Cause):
        raise ValueError(f"the diagnosis still needs an answer to {reading!r}")
    return reading


def _reading(answers: Mapping[str, str]) -> Cause | str:
    """Walk the questions strictest first: a cause, or the name of the question to ask next.

    Values are read leniently (only "yes" and "no" are looked for), so that answers saved by
    an older punchin, when a review is resumed, still lead somewhere sensible.
    """
    if "planned_time" not in answers:
        return "planned_time"
    if answers["planned_time"] == "yes":
        # The time went in: was the shortfall yours (ability) or could nobody have done it?
        if "skill_wall" not in answers:
            return "skill_wall"
        return Cause.ABILITY if answers["skill_wall"] == "yes" else Cause.OTHER
    # The time did not (all) go in: laziness, unless the time was impossible or unwanted.
    if "outside" not in answers:
        return "outside"
    if answers["outside"] == "yes":
        if "time_impossible" not in answers:
            return "time_impossible"
        if answers["time_impossible"] == "yes":
            return Cause.OTHER
    if "still_want" not in answers:
        return "still_want"
    return Cause.MOTIVATION if answers["still_want"] == "no" else Cause.LAZINESS


# -- remedies ---------------------------------------------------------------------------------


def remedy_choices(prompts: PromptSet, cause: Cause) -> tuple[tuple[str, str], ...]:
    """The remedies offered for a cause, each marked as the method's or punchin's, then
    "write your own"."""
    table = prompts.get(f"remedies.{cause.value}")
    options = tuple((key, _marked(prompts, spec)) for key, spec in table.items())
    return (*options, (OWN_REMEDY, prompts.text("remedies.own.label")))


def remedies_heading(prompts: PromptSet, cause: Cause) -> str:
    """The heading over a cause's remedies, saying honestly whose they are: the method's,
    punchin's, or both."""
    sources = {_source(spec) for spec in prompts.get(f"remedies.{cause.value}").values()}
    kind = "both" if len(sources) > 1 else (sources.pop() if sources else PUNCHIN)
    label = prompts.text(f"causes.{cause.value}.label")
    return prompts.text(f"text.remedies_heading_{kind}", cause=label)


def remedy_commitment(
    prompts: PromptSet, cause: Cause, remedy: str, goal_title: str, **spans: str
) -> str:
    """A first draft of the commitment, which the user edits into their own words; it names
    the period it is for (`spans["next"]`: "next week", "next quarter")."""
    if remedy == OWN_REMEDY:
        return ""
    for section in ("remedies", "legacy"):  # a rung offered only when the cause repeats
        key = f"{section}.{cause.value}.{remedy}.commitment"
        if prompts.has(key):
            return prompts.text(key, goal=goal_title, **spans)
    return ""


def remedy_label(prompts: PromptSet, cause: str | None, remedy: str | None) -> str:
    """How a chosen remedy reads back, marked like the choice was. Remedies no longer offered
    (an older journal's) read from the `legacy` table; the user's own names its cause."""
    if not remedy:
        return ""
    spec = _remedy_spec(prompts, cause, remedy)
    if spec is not None:
        return _marked(prompts, spec)
    if cause and prompts.has("remedies.own.reads"):
        return prompts.text("remedies.own.reads", cause=prompts.text(f"causes.{cause}.label"))
    return prompts.text("remedies.own.label")


def _remedy_spec(prompts: PromptSet, cause: str | None, remedy: str) -> dict[str, Any] | None:
    """A remedy's table, offered or legacy, under its cause first, then under any cause (a
    record whose cause was changed afterwards still finds its remedy)."""
    causes = [cause] if cause else []
    causes += [c.value for c in Cause if c.value != cause]
    for section in ("remedies", "legacy"):
        for name in causes:
            key = f"{section}.{name}.{remedy}"
            if remedy != OWN_REMEDY and prompts.has(f"{key}.label"):
                spec = prompts.get(key)
                return spec if isinstance(spec, dict) else None
    return None


def _source(spec: Any) -> str:
    """Whose remedy it is; anything not marked as the method's is punchin's, so that a
    remedy added in an override never passes as the talk's."""
    return METHOD if isinstance(spec, dict) and spec.get("source") == METHOD else PUNCHIN


def _marked(prompts: PromptSet, spec: Any) -> str:
    """The label with whose remedy it is, in the language's own way of adding it."""
    label = str(spec["label"]) if isinstance(spec, dict) else str(spec)
    source = prompts.text(f"text.source_{_source(spec)}")
    return prompts.text("text.marked", label=label, source=source)


def detail_words(prompts: PromptSet, detail: str | None) -> str:
    """A diagnosis's detail as stored ("events: the flu") in the person's words: the kind of
    "something else" by its label, then what they wrote."""
    if not detail:
        return ""
    kind, _, note = detail.partition(": ")
    choices = dict(prompts.choices("questions.other_kind.choices"))
    if kind in choices:
        return f"{choices[kind]}: {note}" if note else choices[kind]
    return detail
