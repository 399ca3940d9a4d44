"""`punchin paths --assess`: the questions, the fit they give, and earlier assessments."""

from __future__ import annotations

from datetime import date
from typing import Any

from punchin.flow import ReviewFlow
from punchin.paths import PATHS, QUESTIONS, Fit, fit, journal_reasons
from punchin.prompts import PromptSet
from punchin.store import Journal

KIND = "paths"
MINUTES = 10


class PathAssessment(ReviewFlow):
    """One assessment a week (asking again the same week picks it up or, with --amend,
    changes it); the scores are kept with the answers so later ones can be compared."""

    kind = KIND

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fits: list[Fit] = []

    def steps(self) -> None:
        self.introduce()
        answers = {question: self.ask(self.choice(question, question)) for question in QUESTIONS}
        self.fits = fit(answers, journal_reasons(self.journal, self.today))
        assert self.entry is not None
        with self.journal.transaction():
            for found in self.fits:
                self.journal.save_answer(self.entry.id, f"fit.{found.path}", str(found.score))


def fit_lines(fits: list[Fit], p: PromptSet) -> list[str]:
    """Each path's fit, then every answer or journal fact that moved it."""
    lines = [p.text("assess.result_heading")]
    for found in fits:
        lines.append(
            p.text(
                "assess.path_line",
                name=p.text(f"paths.names.{found.path}"),
                fit=p.text(f"assess.fit_{found.level}"),
                score=found.score,
            )
        )
        for reason in found.reasons:
            lines.append(
                p.text(
                    "assess.reason_line",
                    sign=f"{reason.points:+d}",
                    reason=p.text(f"reasons.{reason.key}", **reason.params),
                )
            )
    return lines


def earlier_lines(journal: Journal, current: str, p: PromptSet) -> list[str]:
    """The assessments before this one, newest first, as one line each."""
    lines = []
    for entry in journal.entries(kind=KIND, limit=6):
        if entry.period == current or entry.status.value != "done":
            continue
        answers = journal.answers(entry.id)
        fits = " · ".join(
            f"{p.text(f'paths.names.{path}')} {int(answers[f'fit.{path}']):+d}"
            for path in PATHS
            if f"fit.{path}" in answers
        )
        lines.append(p.text("assess.earlier_line", date=entry.period, fits=fits))
    if not lines:
        return [p.text("assess.no_earlier")]
    return [p.text("assess.earlier_heading"), *lines]
