"""The report of a life: every week since the journal began, the years side by side, the
directions the five-year checks named and what the years did with them, the paths' fit over
time, and what stands out across the decades.

Keyed, not worded, like the other reports (`render_life` words it). Read through counting
queries (`store.lifetime`) and the few reviews that are rare by nature (yearly and five-year
checks, path assessments), so 100 years cost little more than 10.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from punchin.method import drift
from punchin.models import Cause, Horizon, yearly_verdict
from punchin.periods import five_year_of, review_week
from punchin.store import Journal
from punchin.store.lifetime import WeekFacts

Report = dict[str, Any]

CAUSES = [cause.value for cause in Cause]
STATUSES = ("done", "partly", "missed")
YEAR_KEYS = ("happy", "progress", "verdict", "decision", "direction")
WINDOW_KEYS = ("positive", "problem", "value")
PATHS = drift.PATHS


def iso_weeks(year: int) -> int:
    """52 or 53: an ISO year has 53 weeks when its last week holds 28 December's Thursday."""
    return date(year, 12, 28).isocalendar()[1]


def life_report(
    journal: Journal,
    today: date,
    since: int | None = None,
    until: int | None = None,
    *,
    share: bool = False,
) -> Report:
    """The decades, from `since` (default: the year the journal begins) to `until` (default:
    the year of the week a check-in made today looks back on). `share` leaves out what a
    shared report never shows: causes, the yearly and five-year checks' answers, the path
    assessments, the drift warnings, and goals marked private."""
    current = review_week(today)
    began = journal.created_on()
    earliest = journal.first_week_start()
    first_year = since or min(
        day.isocalendar()[0] for day in (began or today, earliest or today, current.start)
    )
    last_year = until or current.start.isocalendar()[0]
    first = date.fromisocalendar(first_year, 1, 1)
    last = date.fromisocalendar(last_year, iso_weeks(last_year), 7)
    hidden = frozenset(journal.private_goal_ids()) if share else frozenset()
    facts = journal.week_facts(first, last, hidden)
    started = (
        min(day for day in (began, earliest) if day is not None) if began or earliest else None
    )
    grid = _grid(first_year, last_year, facts, started, current.start)
    goals = journal.goal_counts(min(first, date(first_year, 1, 1)), last, hidden)
    causes = {} if share else journal.cause_counts(first, last)
    checks = {} if share else journal.answers_by_period("year", date(first_year, 1, 1), last)
    years = [
        _year(row, goals, causes.get(str(row["year"]), {}), checks.get(str(row["year"])))
        for row in grid
    ]
    report: Report = {
        "kind": "life",
        "period": f"{first_year}-{last_year}" if first_year != last_year else str(first_year),
        "start": first.isoformat(),
        "end": last.isoformat(),
        "shared": share,
        "empty": not facts and not any(goals.values()) and not checks,
        "summary": _summary(grid),
        "grid": [{"year": row["year"], "weeks": row["weeks"]} for row in grid],
        "years": years,
    }
    if not share:
        report["directions"] = _directions(journal, first_year, last_year, checks)
        report["signals"] = _signals(journal, first_year, last_year, today)
        report["paths"] = _paths(journal, date(first_year, 1, 1), last)
    report["findings"] = _findings(report)
    return report


# -- the weeks ---------------------------------------------------------------------------------


def _grid(
    first_year: int,
    last_year: int,
    facts: dict[str, WeekFacts],
    started: date | None,
    current: date,
) -> list[dict[str, Any]]:
    """A row per ISO year, a cell per ISO week: its state and its goals' done share."""
    rows = []
    monday = date.fromisocalendar(first_year, 1, 1)
    week = timedelta(days=7)
    nothing = WeekFacts(None, 0, 0, 0, 0)
    for year in range(first_year, last_year + 1):
        weeks = []
        for number in range(1, iso_weeks(year) + 1):
            label = f"{year}-W{number:02d}"
            fact = facts.get(label, nothing)
            weeks.append(
                {
                    "period": label,
                    "state": _state(fact.status, monday, started, current),
                    "done": fact.done,
                    "partly": fact.partly,
                    "missed": fact.missed,
                    "goals": fact.goals,
                }
            )
            monday += week
        rows.append({"year": year, "weeks": weeks})
    return rows


def _state(status: str | None, monday: date, started: date | None, current: date) -> str:
    """done, half (a check-in left unfinished), missed, before (the journal began later) or
    ahead (a week still to come, or the one being lived)."""
    if status == "done":
        return "done"
    if status == "in-progress":
        return "half"
    if monday > current:
        return "ahead"
    if started is None or monday + timedelta(days=6) < started:
        return "before"
    return "missed"


def _streaks(weeks: list[dict[str, Any]]) -> tuple[int, int, str | None, str | None]:
    """The longest run of done check-ins and the longest run of missed ones in these weeks
    (weeks before the journal and weeks ahead are skipped): (streak, gap, gap's first week,
    gap's last week)."""
    best = run = gap = hole = 0
    hole_first = gap_first = gap_last = None
    for week in weeks:
        state = week["state"]
        if state in ("before", "ahead"):
            continue
        run = run + 1 if state == "done" else 0
        best = max(best, run)
        if state == "missed":
            hole += 1
            hole_first = hole_first or week["period"]
            if hole > gap:
                gap, gap_first, gap_last = hole, hole_first, week["period"]
        else:
            hole, hole_first = 0, None
    return best, gap, gap_first, gap_last


def _summary(grid: list[dict[str, Any]]) -> dict[str, Any]:
    weeks = [week for row in grid for week in row["weeks"]]
    counted = [week for week in weeks if week["state"] not in ("before", "ahead")]
    streak, gap, gap_first, gap_last = _streaks(weeks)
    return {
        "checkins": sum(week["state"] == "done" for week in weeks),
        "weeks": len(counted),
        "years": len(grid),
        "longest_streak": streak,
        "longest_gap": gap,
        "gap_from": gap_first,
        "gap_to": gap_last,
    }


# -- the years ---------------------------------------------------------------------------------


def _year(
    row: dict[str, Any],
    goals: dict[tuple[str, str], dict[str, int]],
    causes: dict[str, int],
    check: dict[str, str] | None,
) -> dict[str, Any]:
    weeks = row["weeks"]
    counted = [week for week in weeks if week["state"] not in ("before", "ahead")]
    streak, gap, _, _ = _streaks(weeks)
    year = str(row["year"])
    by_horizon = {
        "week": {status: sum(week[status] for week in weeks) for status in STATUSES},
        **{
            horizon: {status: goals.get((horizon, year), {}).get(status, 0) for status in STATUSES}
            for horizon in ("quarter", "year")
        },
    }
    mix = {cause: causes.get(cause, 0) for cause in CAUSES}
    return {
        "year": row["year"],
        "weeks": len(counted),
        "checkins": sum(week["state"] == "done" for week in weeks),
        "half": sum(week["state"] == "half" for week in weeks),
        "longest_streak": streak,
        "longest_gap": gap,
        "goals": by_horizon,
        "main_cause": _main(mix),
        "causes": mix,
        "check": None if check is None else _check(check),
        "empty": not any(week["state"] in ("done", "half") for week in weeks)
        and not any(sum(counts.values()) for counts in by_horizon.values()),
    }


def _main(mix: dict[str, int]) -> str | None:
    """The cause behind most shortfalls; None when there were none or two tie (as the
    quarterly and yearly reports say it)."""
    ranked = sorted(mix.values(), reverse=True)
    if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(mix, key=lambda cause: mix[cause])


def _check(answers: dict[str, str]) -> dict[str, str]:
    found = {key: answers[key] for key in YEAR_KEYS if answers.get(key, "").strip()}
    verdict = yearly_verdict(answers)
    if verdict:
        found["verdict"] = verdict
    return found


# -- directions, signals, paths ----------------------------------------------------------------


def _directions(
    journal: Journal, first_year: int, last_year: int, checks: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    """Each five-year window: what the check that planned it wrote (motivation, problem, its
    value), the five-year goals set for it, and the yearly checks that followed inside it."""
    anchor = journal.start_year
    window = five_year_of(date(first_year, 1, 1), anchor)
    planned = journal.answers_by_period(
        "five-year", window.previous(anchor).start, date(last_year, 12, 31)
    )
    goals: dict[str, list[dict[str, str]]] = {}
    for goal in journal.goals_between(Horizon.FIVE_YEAR, window.start, date(last_year, 12, 31)):
        if goal.status.value != "dropped":
            goals.setdefault(goal.period, []).append(
                {"title": goal.title, "status": goal.status.value}
            )
    windows = []
    while window.start.year <= last_year:
        written = planned.get(window.previous(anchor).label, {})
        years = [
            {"year": year, **_check(checks[str(year)])}
            for year in range(window.start.year, window.end.year + 1)
            if str(year) in checks
        ]
        windows.append(
            {
                "period": window.label,
                **{key: written[key] for key in WINDOW_KEYS if written.get(key, "").strip()},
                "goals": goals.get(window.label, []),
                "years": years,
                "checked": window.previous(anchor).label in planned,
            }
        )
        window = window.next(anchor)
    return [w for w in windows if w["goals"] or w["years"] or any(key in w for key in WINDOW_KEYS)]


def _signals(journal: Journal, first_year: int, last_year: int, today: date) -> list[Any]:
    """The years at whose end the punch-in-life warning held, with its signals (the rule
    looks back three years from each year's last day, as the yearly check does); what it
    reads is read once for all the years."""
    last = min(date(last_year, 12, 31), today)
    known = drift.facts(journal, date(first_year - drift.YEARS, 1, 1), last)
    fired = []
    for year in range(first_year, last_year + 1):
        end = min(date(year, 12, 31), today)
        if end < date(year, 1, 1):
            break
        found = drift.warning(drift.signals_in(known, end))
        if found:
            fired.append(
                {"year": year, "signals": [{"key": s.key, "params": s.params} for s in found]}
            )
    return fired


def _paths(journal: Journal, first: date, last: date) -> list[dict[str, Any]]:
    """Every path assessment with the three fit scores it recorded, oldest first."""
    found = []
    for day, answers in sorted(journal.answers_by_period("paths", first, last).items()):
        fits = drift.fits_of(answers)
        if fits is not None:
            best = max(fits.values())
            found.append(
                {
                    "date": day,
                    "fits": fits,
                    "best": [path for path in PATHS if fits[path] == best],
                }
            )
    return found


# -- what stands out ---------------------------------------------------------------------------


def _findings(report: Report) -> list[dict[str, Any]]:
    """Across the years, in the spirit of the quarterly findings: each rule fires only when
    the journal holds enough to say it."""
    found: list[dict[str, Any]] = []
    years = [year for year in report["years"] if year["weeks"]]
    mains = Counter(year["main_cause"] for year in years if year["main_cause"])
    if mains:
        (cause, count), *rest = mains.most_common()
        if count >= 2 and (not rest or rest[0][1] < count):
            found.append(
                {
                    "key": "life_main_cause",
                    "params": {"cause": cause, "count": count, "total": len(years)},
                }
            )
    summary = report["summary"]
    if summary["longest_gap"] >= 2:
        found.append(
            {
                "key": "life_gap",
                "params": {
                    "weeks": summary["longest_gap"],
                    "first": summary["gap_from"],
                    "last": summary["gap_to"],
                },
            }
        )
    kept = [year for year in years if year["weeks"] >= 8]
    if len(kept) >= 2:
        share = {year["year"]: year["checkins"] / year["weeks"] for year in kept}
        best = max(share, key=lambda y: (share[y], y))
        worst = min(share, key=lambda y: (share[y], -y))
        if share[best] - share[worst] >= 0.25:
            found.append(
                {
                    "key": "life_best_year",
                    "params": {
                        "best": best,
                        "best_share": round(share[best] * 100),
                        "worst": worst,
                        "worst_share": round(share[worst] * 100),
                    },
                }
            )
    silent = [year["year"] for year in years if year["empty"]]
    if silent:
        found.append({"key": "life_silent_years", "params": {"years": silent}})
    changes = sorted(
        year["year"]
        for year in report["years"]
        if (year["check"] or {}).get("decision") == "change"
    )
    running = [(a, b) for a, b in pairwise(changes) if b == a + 1]
    if running:
        found.append(
            {
                "key": "life_changes_running",
                "params": {"first": running[0][0], "second": running[0][1]},
            }
        )
    paths = report.get("paths") or []
    leaders = [entry["best"][0] for entry in paths if len(entry["best"]) == 1]
    flips = sum(a != b for a, b in pairwise(leaders))
    if flips >= 2:
        found.append({"key": "life_paths_flips", "params": {"count": flips, "total": len(paths)}})
    signals = report.get("signals") or []
    if signals:
        found.append(
            {"key": "life_drift", "params": {"years": [entry["year"] for entry in signals]}}
        )
    return found
