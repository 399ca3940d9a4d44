"""A review's answers read back as a person wrote them: each under its own question, in the
language of the question set, with choices shown by their words, never by their keys.

The weekly check-in and the quarterly review have reports of their own; this serves every
review (the yearly and five-year checks, a path assessment, and any review in `show`,
`export -f md` and the year report), so that nothing written is left unreadable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from punchin.errors import PromptError
from punchin.prompts import PromptSet

PATHS = ("company", "phd", "startup")


class Answered(NamedTuple):
    heading: str  # the question, or "goal title · question"
    text: str  # the answer, choices in words


def answered(
    answers: dict[str, str],
    prompts: PromptSet,
    diagnosis: PromptSet | None,
    title_of: Callable[[str], str | None],
) -> list[Answered]:
    """Every non-empty answer, in the order given, under its question. `title_of(id)` names
    a goal (or None when the journal no longer has it)."""
    found = []
    for key, value in answers.items():
        if not value.strip():
            continue
        heading, text = _read(key, value.strip(), prompts, diagnosis, title_of)
        if key.endswith(".remedy") and diagnosis is not None:  # a remedy reads as its label
            from punchin.method.diagnosis import remedy_label

            cause = answers.get(key.removesuffix(".remedy") + ".cause")
            text = remedy_label(diagnosis, cause, value.strip())
        found.append(Answered(heading, text))
    return found


def markdown(items: list[Answered]) -> list[str]:
    """Answers as Markdown: a level-two heading per question, the answer under it."""
    lines: list[str] = []
    for item in items:
        lines += ["", f"## {item.heading}", item.text]
    return lines


def _read(
    key: str,
    value: str,
    prompts: PromptSet,
    diagnosis: PromptSet | None,
    title_of: Callable[[str], str | None],
) -> tuple[str, str]:
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "goals":
        goal = title_of(parts[1]) or parts[1][:7]
        field = "goal_status" if parts[2] == "status" else parts[2]
        question, text = _question(field, value, prompts, diagnosis)
        return f"{goal} · {question}", text
    if len(parts) == 3 and parts[0] == "next":
        number = int(parts[1]) + 1 if parts[1].isdigit() else 0
        heading = _text(prompts, "questions.next_goal.text", number=number) or key
        if parts[2] == "parent":
            heading = _text(prompts, "questions.next_goal_parent.text") or key
            return heading, title_of(value) or _text(prompts, "questions.next_goal_parent.none")
        return heading, value
    if len(parts) == 3 and parts[0] in ("plan", "commitments"):
        fields = {"action": "plan_action", "title": "plan_rewrite", "kept": "commitment_kept"}
        question, answer = _question(fields.get(parts[2], parts[2]), value, prompts, diagnosis)
        subject = title_of(parts[1]) if parts[0] == "plan" else None
        return (f"{subject} · {question}" if subject else question), answer
    if key == "summary" and prompts.has("summary.heading"):  # written from the data
        from punchin.reports.closing import closing_lines

        said = closing_lines(value, prompts, diagnosis)
        return prompts.text("summary.heading"), "\n".join(f"- {line}" for line in said)
    if len(parts) == 2 and parts[0] == "forecast":  # a weekly forecast of a quarter goal
        goal = title_of(parts[1]) or parts[1][:7]
        return f"{goal} · {_text(prompts, 'text.forecast_label') or 'forecast'}", value
    if len(parts) == 2 and parts[0] == "fit" and parts[1] in PATHS:
        name = _text(prompts, f"paths.names.{parts[1]}") or parts[1]
        return name, value
    return _question(key, value, prompts, diagnosis)


def _question(
    name: str, value: str, prompts: PromptSet, diagnosis: PromptSet | None
) -> tuple[str, str]:
    """The question `name` from the review's own set (or the diagnosis set), and the answer
    with a choice put in words (older journals' words included)."""
    for source in (prompts, diagnosis):
        if source is None or not source.has(f"questions.{name}.text"):
            continue
        heading = _text(source, f"questions.{name}.text", **_spans(prompts)) or name
        return heading, _choice(source, name, value)
    return name.replace("_", " "), value


def _choice(prompts: PromptSet, name: str, value: str) -> str:
    legacy = f"legacy.{name}.{value}"
    if prompts.has(legacy):
        return prompts.text(legacy)
    if prompts.has(f"questions.{name}.choices"):
        return dict(prompts.choices(f"questions.{name}.choices")).get(value, value)
    return value


def _spans(prompts: PromptSet) -> dict[str, object]:
    """ "this week", "next week": the review's own words for its period and the next, which
    the diagnosis's questions (shared by every review) leave open."""
    texts = prompts.data.get("text", {})
    found = {"span": texts.get("span", ""), "next": texts.get("next_span", "")}
    return {name: words for name, words in found.items() if words}


def _text(prompts: PromptSet, dotted: str, **values: object) -> str:
    """A question's text with any placeholder left empty, trimmed of a trailing colon."""
    if not prompts.has(dotted):
        return ""
    defaults: dict[str, object] = {"number": "", "text": "", "goal": "", "title": ""}
    defaults.update({"span": "", "next": ""} | _spans(prompts))
    defaults.update(values)
    try:
        text = prompts.text(dotted, **defaults)
    except PromptError:  # a user's override with a placeholder we do not know
        return dotted.split(".")[-2]
    return " ".join(text.split()).rstrip(":：").strip()
