"""Journal data -> lines of text for the terminal. Pure: the CLI does the printing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from punchin.models import Entry, Goal, GoalStatus

if TYPE_CHECKING:  # what `goal list` or `log` prints needs none of these loaded
    from punchin.periods import Period
    from punchin.prompts import PromptSet
    from punchin.store import Journal, SearchHit

_MARKS = {
    GoalStatus.OPEN: "[ ]",
    GoalStatus.DONE: "[x]",
    GoalStatus.PARTLY: "[~]",
    GoalStatus.MISSED: "[!]",
    GoalStatus.DROPPED: "[-]",
}


PRIVATE_MARK = "🔒"  # a goal kept out of shared reports


def goal_line(goal: Goal, parent: Goal | None = None) -> str:
    progress = ""
    if goal.status is GoalStatus.PARTLY and goal.progress is not None:
        progress = f" {goal.progress * 100:.0f}%"
    line = f"  {goal.short_id}  {_MARKS[goal.status]}{progress} {goal.title}"
    if goal.private:
        line += " " + PRIVATE_MARK
    if parent is not None:
        line += f"  (→ {parent.short_id} {parent.title})"
    return line


def goal_list(journal: Journal, goals: list[Goal], ui: PromptSet) -> list[str]:
    """Goals grouped under "horizon period" headings, in time order."""
    lines: list[str] = []
    heading = None
    for goal in goals:
        current = f"{ui.text(f'ui.horizon_{goal.horizon.value}')} {goal.period}"
        if current != heading:
            if lines:
                lines.append("")
            lines.append(current)
            heading = current
        lines.append(goal_line(goal, journal.goal_or_none(goal.parent_id)))
        for label, text in (
            (ui.text("ui.label_why"), goal.why),
            (ui.text("ui.label_measure"), goal.measure),
        ):
            if text:
                lines.append(f"           {label}: {text}")
    return lines


def goal_json(goal: Goal) -> dict[str, Any]:
    data = goal._asdict()
    data["horizon"] = goal.horizon.value
    data["status"] = goal.status.value
    return data


def entry_line(entry: Entry, answers: dict[str, str], ui: PromptSet) -> str:
    status = ui.text("ui.show_done" if entry.status.value == "done" else "ui.show_in_progress")
    minutes = ui.text("ui.minutes", count=round(entry.seconds_spent / 60))
    said = next(
        (
            answers[key]
            for key in ("accomplished", "lesson", "motivation", "positive")
            if answers.get(key)
        ),
        "",
    )
    summary = " ".join(said.split())
    if len(summary) > 60:
        summary = summary[:59] + "…"
    kind = ui.text(f"ui.kind_{entry.kind}")
    return f"{entry.period:<10} {pad(kind, 8)} {pad(status, 12)} {minutes:>7}  {summary}".rstrip()


def pad(text: str, width: int) -> str:
    """Left-align in columns, counting a Chinese character as two."""
    from punchin.reports.wrapping import display_width

    return text + " " * max(0, width - display_width(text))


def show_week(
    journal: Journal,
    period: Period,
    diagnosis_set: PromptSet,
    ui: PromptSet,
    week_set: PromptSet | None = None,
) -> list[str]:
    """A finished or half-done check-in, readable as Markdown; with `week_set`, its closing
    lines too, put in words from the facts saved with it."""
    from punchin.method.diagnosis import detail_words, remedy_label

    entry = journal.entry("week", period.label)
    if entry is None:
        return [ui.text("ui.show_no_checkin", period=period.label)]
    answers = journal.answers(entry.id)
    status = ui.text("ui.show_done" if entry.status.value == "done" else "ui.show_in_progress")
    lines = [
        "# "
        + ui.text(
            "ui.show_title",
            period=period.label,
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            status=status,
            minutes=round(entry.seconds_spent / 60),
        ),
    ]
    _section(lines, ui.text("ui.show_accomplished"), answers.get("accomplished"))
    reviewed = [c for c in journal.commitments(period=period.label) if c.kept]
    if reviewed:
        lines += ["", "## " + ui.text("ui.show_commitments")]
        for commitment in reviewed:
            lines.append(f"- “{commitment.text}”: {ui.text(f'ui.kept_{commitment.kept}')}")
    diagnoses = {d.goal_id: d for d in journal.diagnoses(entry.id)}
    commitments = {c.goal_id: c for c in journal.commitments(entry_id=entry.id)}
    goals = journal.period_goals(period)
    if goals:
        lines += ["", "## " + ui.text("ui.show_goals")]
    for goal in goals:
        lines.append(f"- {goal_line(goal).strip()}")
        found = diagnoses.get(goal.id)
        if found is not None:
            cause = diagnosis_set.text(f"causes.{found.cause.value}.label")
            if found.detail:
                cause += f" ({detail_words(diagnosis_set, found.detail)})"
            lines.append("  - " + ui.text("ui.show_cause", cause=cause))
            remedy = remedy_label(diagnosis_set, found.cause.value, found.remedy)
            if remedy:
                lines.append("  - " + ui.text("ui.show_remedy", remedy=remedy))
        if goal.id in commitments:
            lines.append("  - " + ui.text("ui.show_commitment", text=commitments[goal.id].text))
    _section(lines, ui.text("ui.show_mentor"), answers.get("mentor"))
    upcoming = journal.period_goals(period.next())
    if upcoming:
        lines += ["", "## " + ui.text("ui.show_next", period=period.next().label)]
        lines += [f"- {goal_line(goal).strip()}" for goal in upcoming]
    _section(lines, ui.text("ui.show_closing"), answers.get("closing"))
    if week_set is not None and answers.get("summary"):
        from punchin.reports.closing import closing_lines

        said = closing_lines(answers["summary"], week_set, diagnosis_set)
        _section(lines, ui.text("ui.show_summary"), "\n".join(f"- {line}" for line in said))
    return lines


def show_span(
    journal: Journal, period: Period, ui: PromptSet, review: list[str] | None = None
) -> list[str]:
    """A quarter, year, five-year window or span: its own review (`review`, already in
    words), its goals and the check-ins inside it."""
    lines = [f"# {period.label} ({period.start} – {period.end})"]
    lines += review or []
    goals = journal.goals(periods=[period.label])
    if goals:
        lines += ["", "## " + ui.text("ui.show_goals"), *goal_list(journal, goals, ui)]
    entries = [
        e
        for e in journal.entries(since=period.start, until=period.end)
        if e.period != period.label and _within(e, journal, period)
    ]
    if entries:
        lines += ["", "## " + ui.text("ui.show_checkins")]
        lines += [entry_line(e, journal.answers(e.id), ui) for e in reversed(entries)]
    if len(lines) == 1:
        lines.append(ui.text("ui.period_empty", period=period.label))
    return lines


def search_lines(
    hits: list[SearchHit],
    text: str,
    ui: PromptSet,
    in_words: Callable[[str, str, str], str] | None = None,
) -> list[str]:
    """One line per hit: when, what kind, where in it, and the words around the match. An
    answer that is a choice is shown in words (`in_words(kind, key, value)`), never as the
    key it is stored under."""
    lines = []
    for hit in hits:
        said = hit.text
        if hit.source == "note":
            kind, where = ui.text("ui.kind_note"), ""
        elif hit.source == "goal":
            kind = ui.text(f"ui.horizon_{hit.kind}")
            where = f"{ui.text('ui.search_goal')} {hit.key[:7]}"
        else:
            kind = ui.text(f"ui.kind_{hit.kind}")
            field = hit.key.split(".")[-1]
            label = f"ui.answer_{field}"
            where = ui.text(label) if ui.has(label) else field.replace("_", " ")
            if in_words is not None:
                said = in_words(hit.kind, hit.key, hit.text)
        lines.append(f"{hit.period:<10} {pad(kind, 9)} {pad(where, 14)} {snippet(said, text)}")
    return lines


def snippet(body: str, text: str, width: int = 70) -> str:
    """The part of `body` around the first search word, on one line."""
    flat = " ".join(body.split())
    first = text.split(maxsplit=1)[0].lower() if text.split() else ""
    at = flat.lower().find(first)
    start = max(0, at - width // 3) if at > 0 else 0
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def _section(lines: list[str], heading: str, body: str | None) -> None:
    if body and body.strip():
        lines += ["", f"## {heading}", body.strip()]


def _within(entry: Entry, journal: Journal, period: Period) -> bool:
    from punchin.periods import parse_period_label

    inner = parse_period_label(entry.period, journal.start_year)
    return inner is not None and period.start <= inner.start and inner.end <= period.end
