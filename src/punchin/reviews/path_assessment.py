"""`punchin paths --assess`: the questions, the fit they give, and earlier assessments."""

from __future__ import annotations

from typing import Any

from punchin.method.paths import ADDED, PATHS, QUESTIONS, Fit, Reason, fit, journal_notes
from punchin.prompts import PromptSet
from punchin.reviews.flow import ReviewFlow
from punchin.store import Journal

KIND = "paths"
MINUTES = 10


class PathAssessment(ReviewFlow):
    """One assessment a week (asking again the same week picks it up or, with --amend,
    changes it); the scores are kept with the answers so later ones can be compared."""

    kind = KIND

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fits: list[Fit] = []
        self.notes: list[Reason] = []

    def steps(self) -> None:
        self.introduce()
        recorded = self._back_to_motivation()
        answers = {
            question: self.ask(
                self.choice(question, question, default=recorded if question == "value" else None)
            )
            for question in QUESTIONS
        }
        self.fits = fit(answers)
        self.notes = journal_notes(self.journal, self.today)
        assert self.entry is not None
        with self.journal.transaction():
            for found in self.fits:
                self.journal.save_answer(self.entry.id, f"fit.{found.path}", str(found.score))

    def _back_to_motivation(self) -> str | None:
        """What the person last wrote about their motivation, before the first question
        (not again when resuming past it); returns the value they gave their problem at the
        last five-year check, which the value question then starts from, when it is one of
        that question's choices."""
        from punchin.reviews.fiveyear import KIND as FIVE_YEAR
        from punchin.reviews.fiveyear import motivation_lines

        last = self.journal.latest_done(FIVE_YEAR)
        value = self.journal.answer_of(FIVE_YEAR, last.period, "value") if last else None
        if value not in dict(self.p.choices("questions.value.choices")):
            value = None
        if self.resume and "value" in self.saved:
            return value
        lines = motivation_lines(self.journal, self.p.language)
        if value is not None and last is not None:
            lines.append(self.p.text("assess.value_recorded", period=last.period))
        if lines:
            self.asker.show("\n".join(lines))
        return value


def _sign(points: int) -> str:
    return f"{points:+d}" if points else "±0"


def fit_lines(fits: list[Fit], p: PromptSet) -> list[str]:
    """Each path's fit, then every answer that moved it (or spoke to it without points)."""
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
                    sign=_sign(reason.points),
                    reason=p.text(f"reasons.{reason.key}", **reason.params),
                )
            )
    if all(found.level == "open" for found in fits):
        lines.append(p.text("assess.all_open"))
    lines.append(p.text("assess.weighting"))
    return lines


def note_lines(notes: list[Reason], p: PromptSet) -> list[str]:
    """What the journal adds, the same for every path."""
    if not notes:
        return []
    return [
        p.text("assess.journal_heading"),
        *(
            p.text("assess.note_line", note=p.text(f"reasons.{note.key}", **note.params))
            for note in notes
        ),
    ]


def earlier_lines(journal: Journal, current: str, p: PromptSet) -> list[str]:
    """The assessments before this one, newest first, as one line each: the scores they
    gave then (recomputed from the answers only where none were kept), marked when they
    answered the earlier set of questions."""
    lines = []
    for entry in journal.entries(kind=KIND, limit=6):
        if entry.period == current or entry.status.value != "done":
            continue
        answers = journal.answers(entry.id)
        scores = {path: answers[f"fit.{path}"] for path in PATHS if f"fit.{path}" in answers}
        if not scores:
            scores = {found.path: str(found.score) for found in fit(answers)}
        fits = " · ".join(
            f"{p.text(f'paths.names.{path}')} {int(scores[path]):+d}"
            for path in PATHS
            if path in scores and scores[path].lstrip("+-").isdigit()
        )
        key = "assess.earlier_line" if any(q in answers for q in ADDED) else "assess.earlier_older"
        lines.append(p.text(key, date=entry.period, fits=fits))
    if not lines:
        return [p.text("assess.no_earlier")]
    return [p.text("assess.earlier_heading"), *lines]
