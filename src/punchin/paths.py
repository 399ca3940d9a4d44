"""The three paths (big company, PhD, startup) fitted to a person: every point a path gains or
loses comes from one named answer, or one named fact of the journal, so the fit explains
itself. It advises; it never decides."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from punchin.periods import quarter_of
from punchin.store import Journal

PATHS = ("company", "phd", "startup")
QUESTIONS = ("value", "feedback", "stability", "alone", "research", "venture", "hours")
STRONG, POSSIBLE = 4, 1  # a score at or above these fits well / could fit

# question -> answer -> the points it gives each path, and why (a key of [reasons]).
# Not loving the work weighs most: the method says only real love for it carries a person
# through years without positive feedback.
RULES: dict[str, dict[str, list[tuple[str, int, str]]]] = {
    "value": {
        "academic": [("phd", 3, "value_academic"), ("company", -1, "value_company_academic")],
        "commercial": [("startup", 3, "value_commercial")],
        "growth": [("company", 2, "value_growth")],
    },
    "feedback": {
        "weeks": [
            ("company", 2, "feedback_weeks"),
            ("phd", -2, "feedback_weeks_phd"),
            ("startup", -3, "feedback_weeks_startup"),
        ],
        "years": [("phd", 1, "feedback_years"), ("startup", -2, "feedback_years_startup")],
        "five": [("startup", 2, "feedback_five"), ("phd", 1, "feedback_years")],
    },
    "stability": {
        "much": [
            ("company", 2, "stability_much"),
            ("startup", -2, "stability_much_startup"),
            ("phd", -1, "stability_much_phd"),
        ],
        "little": [("startup", 1, "stability_little"), ("phd", 1, "stability_little")],
    },
    "alone": {
        "drains": [("startup", -2, "alone_drains")],
        "drives": [("startup", 2, "alone_drives")],
    },
    "research": {"yes": [("phd", 2, "research_yes")], "no": [("phd", -4, "research_no")]},
    "venture": {"yes": [("startup", 2, "venture_yes")], "no": [("startup", -4, "venture_no")]},
    "hours": {
        "yes": [("phd", 1, "hours_yes"), ("startup", 1, "hours_yes")],
        "no": [("phd", -1, "hours_no"), ("startup", -2, "hours_no")],
    },
}


class Reason(NamedTuple):
    points: int
    key: str
    params: dict[str, object]


class Fit(NamedTuple):
    path: str
    score: int
    level: str  # "strong", "possible" or "weak"
    reasons: list[Reason]


def journal_reasons(journal: Journal, today: date) -> list[tuple[str, Reason]]:
    """What the journal itself says: the last yearly verdict, the weekly habit, and whether
    laziness led last quarter's misses."""
    found: list[tuple[str, Reason]] = []
    checks = journal.answers_by_period("year", date(today.year - 3, 1, 1), today)
    if checks:
        year = max(checks)
        verdict = checks[year].get("verdict")
        if verdict == "weak":
            found += [
                ("phd", Reason(-1, "journal_weak", {"year": year})),
                ("startup", Reason(-2, "journal_weak", {"year": year})),
            ]
        elif verdict == "mismatch":
            found += [
                (path, Reason(-1, "journal_mismatch", {"year": year}))
                for path in ("phd", "startup")
            ]
    weeks = 13
    done = journal.week_starts(today - timedelta(weeks=weeks), today)
    if len(done) >= 10:
        found += [
            (path, Reason(1, "journal_habit", {"count": len(done), "weeks": weeks}))
            for path in ("phd", "startup")
        ]
    last = quarter_of(quarter_of(today).start - timedelta(days=1))
    history = journal.history(last.start - timedelta(days=3), last.end - timedelta(days=3))
    causes = [d.cause.value for d in history.diagnoses]
    lazy = causes.count("laziness")
    if lazy >= 3 and 2 * lazy > len(causes):
        found += [
            (path, Reason(-1, "journal_lazy", {"count": lazy, "total": len(causes)}))
            for path in ("phd", "startup")
        ]
    return found


def fit(answers: dict[str, str], from_journal: list[tuple[str, Reason]]) -> list[Fit]:
    """Each path's score, level and the reasons behind it, best fit first."""
    reasons: dict[str, list[Reason]] = {path: [] for path in PATHS}
    for question in QUESTIONS:
        for path, points, key in RULES[question].get(answers.get(question, ""), []):
            reasons[path].append(Reason(points, key, {}))
    for path, reason in from_journal:
        reasons[path].append(reason)
    fits = []
    for path in PATHS:
        score = sum(reason.points for reason in reasons[path])
        level = "strong" if score >= STRONG else "possible" if score >= POSSIBLE else "weak"
        fits.append(Fit(path, score, level, reasons[path]))
    return sorted(fits, key=lambda f: -f.score)
