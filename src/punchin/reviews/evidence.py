"""The mentor's evidence in words: a goal's record before it is judged, the same cause again,
and the remedies reordered by what was already tried.

The facts come from `method/evidence.py`; the words from the week and diagnosis question sets,
so the terminal and the `--answers` template show the same lines.
"""

from __future__ import annotations

from punchin.method.diagnosis import remedies_heading as diagnosis_heading
from punchin.method.diagnosis import remedy_label
from punchin.method.evidence import (
    SHOWN,
    Evidence,
    Shortfall,
    Tried,
    escalated,
    evidence,
    failed,
    next_rung,
    repeated,
    window,
)
from punchin.models import Cause, Goal
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.store import Journal
from punchin.store.history import History


def window_history(journal: Journal, week: Period) -> History:
    """The weeks a line of work is read over, up to `week`: one bounded, indexed read that
    serves every goal of the week (a goal's own week is never part of its line)."""
    first, last = window(week)
    return journal.history(first.start, last.start)


def read(journal: Journal, goal: Goal, week: Period, history: History | None = None) -> Evidence:
    """The goal's line of work over the weeks before `week` (from `history`, when the week's
    window was read already) and the chain it was carried over along."""
    found = history if history is not None else window_history(journal, week)
    return evidence(goal, found, journal.carried_chain(goal.id))


def lines(found: Evidence, prompts: PromptSet, diagnosis: PromptSet) -> list[str]:
    """At most two lines: when the line of work fell short before, and its last commitment.
    None at all for a goal with no history."""
    shown: list[str] = []
    if found.shortfalls:
        items = [_shortfall(prompts, diagnosis, s) for s in found.shortfalls[:SHOWN]]
        if len(found.shortfalls) > SHOWN:
            items.append("…")
        shown.append(
            prompts.text(
                "text.evidence_short",
                count=len(found.shortfalls),
                items=prompts.text("text.evidence_separator").join(items),
            )
        )
    if found.commitment is not None:
        made = found.commitment
        shown.append(
            prompts.text(
                "text.evidence_commitment",
                week=made.period,
                text=made.text,
                kept=prompts.text(f"text.evidence_kept_{made.kept or 'none'}"),
            )
        )
    return shown


def again(found: Evidence, cause: Cause, diagnosis: PromptSet) -> str | None:
    """ "Laziness again": said when the line's last diagnosed shortfalls had this cause too."""
    run = repeated(found, cause)
    if not run:
        return None
    return diagnosis.text(
        "escalation.again",
        cause=diagnosis.text(f"causes.{cause.value}.label"),
        count=len(run) + 1,
        weeks=diagnosis.text("escalation.separator").join(s.week for s in reversed(run)),
    )


def next_step(found: Evidence, cause: Cause, diagnosis: PromptSet, why: str | None) -> str | None:
    """The method's next step when a cause repeats: up the laziness ladder, the plain hard
    choice after lack of ability twice, back to the 'why' after a motivation mismatch."""
    run = repeated(found, cause)
    if not run:
        return None
    if cause is Cause.LAZINESS:
        tried = failed(found, cause)
        if not tried:
            return None
        ladder = _ladder(diagnosis, cause)
        step = next_rung(ladder, tried)
        if step is None:
            return diagnosis.text("escalation.laziness_exhausted")
        if step == ladder[-1]:
            return diagnosis.text("escalation.laziness_top")
        return diagnosis.text("escalation.laziness")
    if cause is Cause.ABILITY:
        return diagnosis.text("escalation.ability", count=len(run) + 1)
    if cause is Cause.MOTIVATION:
        if why:
            return diagnosis.text("escalation.motivation_why", why=why)
        return diagnosis.text("escalation.motivation")
    return None


def remedies(
    found: Evidence | None, cause: Cause, offered: tuple[tuple[str, str], ...], d: PromptSet
) -> tuple[tuple[str, str], ...]:
    """The remedy choices, reordered when the cause repeats: the method's next step first
    (the laziness ladder's top rung, working beside a partner every day, is offered only
    once a partner has not held), tried ones last and marked; "write your own" stays last."""
    if found is None or not repeated(found, cause):
        return offered
    tried = failed(found, cause)
    *choices, own = offered
    labels = dict(choices)
    ladder = _ladder(d, cause)
    step = next_rung(ladder, tried)
    if step is not None and step not in labels:
        labels[step] = remedy_label(d, cause.value, step)
    order = escalated(list(dict(choices)), ladder, tried)
    return (*((key, _marked(d, labels[key], tried.get(key))) for key in order), own)


def remedies_heading(
    cause: Cause,
    offered: tuple[tuple[str, str], ...],
    usual: tuple[tuple[str, str], ...],
    d: PromptSet,
) -> str:
    """The usual heading ("what the method says, then what punchin adds") while the order is
    the usual one; once reordered by what was tried, a heading that says so."""
    if [key for key, _ in offered] == [key for key, _ in usual]:
        return diagnosis_heading(d, cause)
    return d.text("escalation.heading", cause=d.text(f"causes.{cause.value}.label"))


def _ladder(d: PromptSet, cause: Cause) -> list[str]:
    """A cause's remedies from the lightest to the strongest, when the method orders them."""
    key = f"ladder.{cause.value}"
    return [str(rung) for rung in d.get(key)] if d.has(key) else []


def _marked(d: PromptSet, label: str, attempt: Tried | None) -> str:
    if attempt is None:
        return label
    outcome = d.text(f"escalation.tried_{attempt.kept or 'none'}")
    return d.text("escalation.tried", label=label, week=attempt.week, outcome=outcome)


def _shortfall(prompts: PromptSet, diagnosis: PromptSet, shortfall: Shortfall) -> str:
    status = prompts.text(f"text.evidence_{shortfall.status}")
    cause = diagnosis.text(f"causes.{shortfall.cause}.label") if shortfall.cause else None
    key = "text.evidence_item" if shortfall.same else "text.evidence_item_other"
    text = prompts.text(key, week=shortfall.week, status=status, title=shortfall.title)
    return prompts.text("text.evidence_with_cause", item=text, cause=cause) if cause else text
