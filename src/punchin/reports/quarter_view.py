"""The quarter re-read, as lines of text: every week, then the patterns across them.

Shown by the quarterly review before it asks anything, and by `punchin show 2026-Q4`.
"""

from __future__ import annotations

from punchin.method.diagnosis import remedy_label
from punchin.method.digest import Digest, WeekSummary
from punchin.method.patterns import Finding
from punchin.prompts import PromptSet

SUMMARY_WIDTH = 50


def digest_lines(summary: Digest, p: PromptSet, d: PromptSet) -> list[str]:
    lines = [
        p.text(
            "text.digest_heading",
            period=summary.label,
            count=summary.checkins,
            weeks=summary.weeks_kept,
        )
    ]
    for week in summary.weeks:
        lines += week_lines(week, p, d)
    lines += pattern_lines(summary, p, d)
    return lines


def week_lines(week: WeekSummary, p: PromptSet, d: PromptSet) -> list[str]:
    if week.state == "before":
        return []  # the journal had not begun: nothing to re-read, nothing missed
    if week.state == "missing":
        return [p.text("text.week_missing", period=week.label)]
    said = " ".join(week.accomplished.split())
    if len(said) > SUMMARY_WIDTH:
        said = said[: SUMMARY_WIDTH - 1] + "…"
    lines = [
        p.text(
            "text.week_line" if week.state == "done" else "text.week_line_unfinished",
            period=week.label,
            minutes=round(week.minutes),
            done=week.done,
            partly=week.partly,
            missed=week.missed,
            said=said or "—",
        )
    ]
    for title, status, cause in week.misses:
        label = d.text(f"causes.{cause}.label") if cause else p.text("text.no_cause")
        lines.append(p.text(f"text.week_{status}", title=title, cause=label))
    return lines


def cause_counts(causes: dict[str, int], d: PromptSet) -> str:
    """ "laziness 3 · lack of ability 1": only the causes that occurred, or a dash."""
    said = [
        f"{d.text(f'causes.{cause}.label')} {count}" for cause, count in causes.items() if count
    ]
    return " · ".join(said) or "—"


def pattern_lines(summary: Digest, p: PromptSet, d: PromptSet) -> list[str]:
    average = summary.average_minutes
    lines = [
        p.text("text.pattern_heading"),
        p.text("text.pattern_causes", causes=cause_counts(summary.causes, d)),
        p.text("text.pattern_partly", causes=cause_counts(summary.partly_causes, d)),
        p.text(
            "text.pattern_checkins",
            count=summary.checkins,
            weeks=summary.weeks_kept,
            streak=summary.longest_streak,
            average="—" if average is None else round(average),
            minutes=summary.box_minutes,
        ),
    ]
    reviewed = summary.total("reviewed")
    if reviewed:
        lines.append(p.text("text.pattern_kept", kept=summary.total("kept"), count=reviewed))
    for line in summary.lines:
        lines.append(
            p.text(
                "text.pattern_line",
                title=line.title,
                missed=line.missed,
                partly=line.partly,
                causes=cause_counts(line.causes, d),
            )
        )
    for outcome in summary.remedies:
        name = remedy_label(d, outcome.cause, outcome.remedy)
        lines.append(
            p.text(
                "text.pattern_remedy",
                remedy=name,
                count=outcome.chosen,
                kept=outcome.kept,
                judged=outcome.judged,
                improved=outcome.improved,
            )
        )
    return lines


def finding_lines(found: list[Finding], p: PromptSet, d: PromptSet) -> list[str]:
    if not found:
        return [p.text("text.findings_none")]
    lines = [p.text("text.findings_heading")]
    for finding in found:
        lines.append("- " + finding_text(finding, p, d))
    return lines


def finding_text(finding: Finding, p: PromptSet, d: PromptSet) -> str:
    """A finding in words; a cause it names is said by its label."""
    params = dict(finding.params)
    if isinstance(params.get("cause"), str):
        params["cause"] = d.text(f"causes.{params['cause']}.label")
    return p.text(f"findings.{finding.key}", **params)
