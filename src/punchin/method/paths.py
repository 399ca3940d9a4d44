"""The three paths (big company, PhD, startup) fitted to a person: every point a path gains or
loses comes from one named answer, and each answer meets one fact of the talk (METHOD §3 and
§4). The points and levels are punchin's own weighting; it advises, never decides.

Balance: the questions speak for each path alike. The route from the problem's value (§3)
and the strengths and costs (§4) give each path the same points; each path has its own test
(the company's: your work must align with its direction; the PhD's: a real love of research;
the startup's: a love of what the company does). The motivation needed (startup > PhD >
company, from the delay of positive feedback) and the hours (fixed, even at 996, or 7×24)
follow the talk's order. Every path can gain up to 10 points and lose 7 or 8; the middle
answers leave every path near 0.

The journal adds what it knows (the last yearly verdict, the weekly habit, last quarter's
main cause of misses) as notes that hold for every path and move no score: the method ties
none of them to one path.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from punchin.models import yearly_verdict
from punchin.periods import quarter_of
from punchin.store import Journal

PATHS = ("company", "phd", "startup")
QUESTIONS = ("value", "feedback", "align", "research", "venture", "hours", "gain", "cost")
# Asked by earlier versions and still stored in older assessments; read back, never asked.
RETIRED = ("stability", "alone")
# Added when the questions were balanced: an assessment without them used the earlier set.
ADDED = ("align", "gain", "cost")
LEVELS = ((4, "strong"), (2, "possible"), (-1, "open"))  # below the last: "weak"

Rule = tuple[str, int, str]  # the path, the points, the key of its reason in [reasons]


def _each(points: int, key: str) -> list[Rule]:
    """The same points for every path, each with its own reason (`key_<path>`)."""
    return [(path, points, f"{key}_{path}") for path in PATHS]


# question -> answer -> the points it gives each path, and why.
RULES: dict[str, dict[str, list[Rule]]] = {
    # §3: academic value -> a PhD; commercial -> a startup; neither strong -> growth, a company.
    "value": {
        "academic": [("phd", 3, "value_academic")],
        "commercial": [("startup", 3, "value_commercial")],
        "growth": [("company", 3, "value_growth")],
        "unsure": _each(0, "value_unsure"),
    },
    # §4: the motivation needed, from the delay of positive feedback: a path gains where your
    # motivation matches its wait and loses one point a step it falls short; a wage alone
    # falls short of every path, the company's included.
    "feedback": {
        "wage": _each(-2, "feedback_wage"),
        "weeks": [
            ("company", 1, "feedback_weeks_company"),
            ("phd", -1, "feedback_weeks_phd"),
            ("startup", -2, "feedback_weeks_startup"),
        ],
        "years": [("phd", 1, "feedback_years_phd"), ("startup", -1, "feedback_years_startup")],
        "five": [("startup", 1, "feedback_five_startup")],
    },
    # §4, each path's own test.
    "align": {
        "yes": [("company", 3, "align_yes")],
        "partly": [("company", 0, "align_partly")],
        "no": [("company", -3, "align_no")],
    },
    "research": {
        "yes": [("phd", 3, "research_yes")],
        "unsure": [("phd", 0, "research_unsure")],
        "no": [("phd", -3, "research_no")],
    },
    "venture": {
        "yes": [("startup", 3, "venture_yes")],
        "unsure": [("startup", 0, "venture_unsure")],
        "no": [("startup", -3, "venture_no")],
    },
    # §4: fixed hours (even 996 leaves fixed rest) against 7×24.
    "hours": {
        "yes": [("phd", 1, "hours_yes"), ("startup", 1, "hours_yes")],
        "while": [("phd", 0, "hours_while"), ("startup", 0, "hours_while")],
        "no": [
            ("company", 1, "hours_no_company"),
            ("phd", -1, "hours_no"),
            ("startup", -1, "hours_no"),
        ],
    },
    # §4: what each path gives, and what each costs.
    "gain": {
        "industry": [("company", 2, "gain_industry")],
        "depth": [("phd", 2, "gain_depth")],
        "pirate": [("startup", 2, "gain_pirate")],
    },
    "cost": {
        "machine": [("company", -2, "cost_machine")],
        "advisor": [("phd", -2, "cost_advisor")],
        "alone": [("startup", -2, "cost_alone")],
    },
}


class Reason(NamedTuple):
    points: int
    key: str
    params: dict[str, object]


class Fit(NamedTuple):
    path: str
    score: int
    level: str  # "strong", "possible", "open" or "weak"
    reasons: list[Reason]


def level_of(score: int) -> str:
    return next((level for floor, level in LEVELS if score >= floor), "weak")


def journal_notes(journal: Journal, today: date) -> list[Reason]:
    """What the journal itself says, the same for every path (no points): the last yearly
    check's verdict, the weekly habit, and last quarter's main cause of misses."""
    found: list[Reason] = []
    checks = journal.answers_by_period("year", date(today.year - 3, 1, 1), today)
    if checks:
        year = max(checks)
        verdict = yearly_verdict(checks[year])
        if verdict in ("timing", "motivation"):
            found.append(Reason(0, f"journal_{verdict}", {"year": year}))
    weeks = 13
    done = journal.week_starts(today - timedelta(weeks=weeks), today)
    if len(done) >= 10:
        found.append(Reason(0, "journal_habit", {"count": len(done), "weeks": weeks}))
    last = quarter_of(quarter_of(today).start - timedelta(days=1))
    history = journal.history(last.start - timedelta(days=3), last.end - timedelta(days=3))
    causes = [d.cause.value for d in history.diagnoses]
    for cause in ("laziness", "motivation"):
        count = causes.count(cause)
        if count >= 3 and 2 * count > len(causes):
            found.append(
                Reason(0, f"journal_cause_{cause}", {"count": count, "total": len(causes)})
            )
    return found


def fit(answers: dict[str, str]) -> list[Fit]:
    """Each path's score, level and the answers behind it, best first (ties keep PATHS'
    order). Retired and unknown answers move nothing."""
    reasons: dict[str, list[Reason]] = {path: [] for path in PATHS}
    for question in QUESTIONS:
        for path, points, key in RULES[question].get(answers.get(question, ""), []):
            reasons[path].append(Reason(points, key, {}))
    fits = []
    for path in PATHS:
        score = sum(reason.points for reason in reasons[path])
        fits.append(Fit(path, score, level_of(score), reasons[path]))
    return sorted(fits, key=lambda f: -f.score)
