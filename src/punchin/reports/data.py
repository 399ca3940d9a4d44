"""Review reports as data: a week, a quarter or a year, ready for Markdown, HTML or JSON.

Everything here is keyed, not worded (causes are "laziness", not a label), so the JSON is
the same in every language and `render` words it in the user's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from punchin.method.digest import Digest, digest, quarter_digest, weeks_of
from punchin.method.forecasts import quarter_forecasts
from punchin.method.patterns import findings, quarter_findings
from punchin.models import GoalStatus, Horizon
from punchin.periods import Period, quarter_of, review_week
from punchin.store import Journal
from punchin.store.history import History

Report = dict[str, Any]


def build(journal: Journal, period: Period, today: date, box: int) -> Report:
    if period.horizon is Horizon.WEEK:
        return week_report(journal, period, box)
    if period.horizon is Horizon.QUARTER:
        return quarter_report(journal, period, today, box)
    return year_report(journal, period, today, box)


def _head(kind: str, period: Period) -> Report:
    return {
        "kind": kind,
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def week_report(journal: Journal, week: Period, box: int) -> Report:
    report = _head("week", week)
    entry = journal.entry("week", week.label)
    goals = journal.period_goals(week)
    upcoming = journal.period_goals(week.next())
    report["empty"] = entry is None and not goals and not upcoming
    answers = journal.answers(entry.id) if entry else {}
    diagnoses = {d.goal_id: d for d in journal.diagnoses(entry.id)} if entry else {}
    report["checkin"] = (
        None
        if entry is None
        else {"status": entry.status.value, "minutes": round(entry.seconds_spent / 60), "box": box}
    )
    report["answers"] = {key: answers.get(key, "") for key in ("accomplished", "mentor", "closing")}
    report["goals"] = [
        {
            "id": goal.id,
            "title": goal.title,
            "status": goal.status.value,
            "progress": goal.progress,
            "cause": diagnoses[goal.id].cause.value if goal.id in diagnoses else None,
            "detail": diagnoses[goal.id].detail if goal.id in diagnoses else None,
            "remedy": diagnoses[goal.id].remedy if goal.id in diagnoses else None,
        }
        for goal in goals
    ]
    titles = {goal.id: goal.title for goal in goals}
    report["commitments_due"] = [
        {"text": c.text, "kept": c.kept} for c in journal.commitments(period=week.label)
    ]
    report["commitments_made"] = (
        [
            {"text": c.text, "goal": titles.get(c.goal_id or ""), "period": c.period}
            for c in journal.commitments(entry_id=entry.id)
        ]
        if entry
        else []
    )
    report["next"] = {"period": week.next().label, "goals": [g.title for g in upcoming]}
    return report


def _span_summary(summary: Digest) -> dict[str, Any]:
    average = summary.average_minutes
    return {
        "checkins": summary.checkins,
        "weeks": summary.weeks_kept,
        "longest_streak": summary.longest_streak,
        "average_minutes": None if average is None else round(average),
        "box": summary.box_minutes,
        "kept": summary.total("kept"),
        "reviewed": summary.total("reviewed"),
    }


def _weeks(summary: Digest) -> list[dict[str, Any]]:
    return [
        {
            "period": week.label,
            "state": week.state,
            "minutes": round(week.minutes),
            "done": week.done,
            "partly": week.partly,
            "missed": week.missed,
            "goals": week.goals,
            "accomplished": week.accomplished,
            "causes": [cause for _, _, cause in week.misses if cause],
        }
        for week in summary.weeks
    ]


def _goals(journal: Journal, goals: list[Any], review_kind: str, period: Period) -> list[Any]:
    entry = journal.entry(review_kind, period.label)
    causes = {d.goal_id: d.cause.value for d in journal.diagnoses(entry.id)} if entry else {}
    return [
        {
            "id": goal.id,
            "title": goal.title,
            "status": goal.status.value,
            "score": goal.progress,
            "cause": causes.get(goal.id),
            "why": goal.why,
        }
        for goal in goals
    ]


def quarter_report(journal: Journal, quarter: Period, today: date, box: int) -> Report:
    report = _head("quarter", quarter)
    summary = quarter_digest(journal, quarter, today, box)
    goals = journal.period_goals(quarter)
    upcoming = journal.period_goals(quarter.next())
    entry = journal.entry("quarter", quarter.label)
    report["empty"] = not summary.checkins and not goals and entry is None
    report["summary"] = _span_summary(summary)
    report["weeks"] = _weeks(summary)
    report["causes"] = summary.causes
    report["partly_causes"] = summary.partly_causes
    report["lines"] = [line._asdict() for line in summary.lines]
    report["remedies"] = [outcome._asdict() for outcome in summary.remedies]
    report["findings"] = [
        {"key": f.key, "params": f.params}
        for f in quarter_findings(journal, quarter, summary, today, box)
    ]
    report["goals"] = _goals(journal, goals, "quarter", quarter)
    said = quarter_forecasts(journal, quarter)
    for goal in report["goals"]:  # how likely it was said to be done, week by week
        goal["forecasts"] = [
            {"week": week, "value": value} for week, value in said.get(goal["id"], [])
        ]
    answers = journal.answers(entry.id) if entry else {}
    report["review"] = (
        None
        if entry is None
        else {
            "status": entry.status.value,
            "lesson": answers.get("lesson", ""),
            "closing": answers.get("closing", ""),
        }
    )
    report["next"] = {"period": quarter.next().label, "goals": [g.title for g in upcoming]}
    return report


def year_report(journal: Journal, year: Period, today: date, box: int) -> Report:
    """The year's four quarters side by side, read from one query over the year."""
    report = _head("year", year)
    weeks = [week for week in weeks_of(year) if week.start <= review_week(today).start]
    history = (
        journal.history(weeks[0].start, weeks[-1].start) if weeks else History([], [], [], [], {})
    )
    quarters = []
    for number in range(4):
        quarter = quarter_of(date(year.start.year, 3 * number + 1, 1))
        inside = [week for week in weeks if quarter.contains(week.start + timedelta(days=3))]
        part = digest(quarter, inside, history, box, journal.created_on())
        goals = journal.period_goals(quarter)
        scores = [g.progress for g in goals if g.progress is not None]
        quarters.append(
            {
                "period": quarter.label,
                **_span_summary(part),
                "done": part.total("done"),
                "partly": part.total("partly"),
                "missed": part.total("missed"),
                "main_cause": part.top_cause,
                "causes": part.causes,
                "partly_causes": part.partly_causes,
                "goals": len(goals),
                "average_score": round(sum(scores) / len(scores), 2) if scores else None,
            }
        )
    whole = digest(year, weeks, history, box, journal.created_on())
    year_goals = [
        goal
        for goal in journal.goals(horizon=Horizon.YEAR, periods=[year.label])
        if goal.status is not GoalStatus.DROPPED
    ]
    report["empty"] = (
        not whole.checkins and not year_goals and not any(q["goals"] for q in quarters)
    )
    report["summary"] = _span_summary(whole)
    report["quarters"] = quarters
    report["weeks"] = _weeks(whole)
    report["causes"] = whole.causes
    report["partly_causes"] = whole.partly_causes
    report["lines"] = [line._asdict() for line in whole.lines]
    report["remedies"] = [outcome._asdict() for outcome in whole.remedies]
    report["findings"] = [
        {"key": f.key, "params": f.params} for f in findings(whole, [], []) if f.key != "carried"
    ]
    report["goals"] = _goals(journal, year_goals, "year", year)
    report["check"] = _yearly_check(journal, year)
    return report


CHECK_KEYS = (
    "happy", "progress", "verdict", "decision", "action", "direction", "change_reason",
    "motivation", "closing",
)  # fmt: skip


def _yearly_check(journal: Journal, year: Period) -> dict[str, str] | None:
    """What the yearly check of this year decided, as answered (None when there was none)."""
    entry = journal.entry("year", year.label)
    if entry is None:
        return None
    answers = journal.answers(entry.id)
    return {"status": entry.status.value} | {
        key: answers[key] for key in CHECK_KEYS if answers.get(key, "").strip()
    }
