"""What every review flow shares: asking with resume, saving each answer at once, the time
box, and the diagnosis of a missed goal.

A flow asks through an injected `Asker` and saves every answer (with its effect on goals,
diagnoses and commitments) in one small transaction the moment it is given. Running it
again for the same period resumes: answers already saved are not asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import ClassVar

from punchin.errors import AlreadyFinished, PunchinError
from punchin.method.diagnosis import (
    next_question,
    remedy_choices,
    remedy_commitment,
    suggest_cause,
)
from punchin.method.evidence import Evidence
from punchin.models import Cause, Entry, EntryStatus, Goal
from punchin.periods import Period
from punchin.prompts import PromptSet
from punchin.reviews import evidence
from punchin.reviews.asking import Asker, Question
from punchin.store import Journal


class ReviewFlow:
    """One review session of `kind` for `period`; subclasses write `steps()`."""

    kind = ""
    # The review's own time box in minutes; None: the user's weekly one (`weekly_minutes`).
    box_minutes: ClassVar[int | None] = None

    def __init__(
        self,
        journal: Journal,
        prompts: PromptSet,
        diagnosis: PromptSet,
        asker: Asker,
        period: Period,
        *,
        minutes: int = 30,
        amend: bool = False,
        resume: bool = True,
        today: date | None = None,
        week_minutes: int = 30,
    ) -> None:
        """`today` and `week_minutes` (the user's weekly time box) are what the longer
        reviews read the past with: which weeks are over, how long a check-in ran."""
        self.journal = journal
        self.p = prompts
        self.d = diagnosis
        self.asker = asker
        self.period = period
        self.next = period.next(journal.start_year)
        self.minutes = minutes
        self.amend = amend
        self.resume = resume and not amend
        self.entry: Entry | None = None
        self.saved: dict[str, str] = {}
        self._base_seconds = 0.0
        self._started = journal.clock()
        self.today = today if today is not None else self._started.date()
        self.week_minutes = week_minutes

    def run(self) -> None:
        """Ask everything not yet answered, then mark the review finished."""
        existing = self.journal.entry(self.kind, self.period.label)
        if existing and existing.status is EntryStatus.DONE and not self.amend:
            raise AlreadyFinished(self.kind, self.period.label)
        entry = self.journal.start_entry(self.kind, self.period, self.p.language)
        self.entry = entry
        self.saved = self.journal.answers(entry.id)
        self._base_seconds = entry.seconds_spent
        self._started = self.journal.clock()
        self.asker.keep_time(lambda: (self.elapsed(), self.minutes * 60))
        self.steps()
        with self.journal.transaction():
            self.journal.set_entry_time(entry.id, self.elapsed())
            self.journal.set_entry_status(entry.id, EntryStatus.DONE)

    def steps(self) -> None:
        raise NotImplementedError

    def introduce(self, **values: object) -> None:
        """The title, then whichever opening fits: amending, resuming or starting."""
        p, period = self.p, self.period
        self.asker.show(
            p.text(
                "text.title",
                period=period.label,
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                next=self.next.label,
            )
        )
        if self.amend:
            self.asker.show(p.text("text.amend", period=period.label))
        elif self.saved and self.resume:
            self.asker.show(p.text("text.resume", period=period.label, count=len(self.saved)))
        else:
            self.asker.show(p.text("text.intro", minutes=self.minutes, **values))

    # -- asking ------------------------------------------------------------------------------

    def ask(self, question: Question, effect: Callable[[str], None] | None = None) -> str:
        """Ask (unless resuming past it), then save the answer and its effect together."""
        assert self.entry is not None
        stored = self.saved.get(question.key)
        if stored is not None and self.resume:
            return stored
        if stored is not None and question.normalise(stored) is not None:
            question = replace(question, default=stored, answered=True)
        elif question.default is not None and question.normalise(question.default) is None:
            question = replace(question, default=None)
        self.asker.show(self.timebox(), quiet=True)
        self.journal.release()  # while the person thinks, another punchin may convert it
        value = self.asker.ask(question)
        try:
            self._still_in_journal(value)
            with self.journal.transaction():
                self.journal.save_answer(self.entry.id, question.key, value)
                self.journal.set_entry_time(self.entry.id, self.elapsed())
                if effect is not None:
                    effect(value)
        except ReviewReplaced:
            raise
        except PunchinError as exc:  # the journal busy too long, a passphrase refused...
            raise AnswerNotSaved(exc, value) from None
        self.saved[question.key] = value
        return value

    def _still_in_journal(self, unsaved: str) -> None:
        """Opened again after the person answered: if `restore` replaced the journal
        meanwhile with one that lacks this review, stop and say so, showing the answer that
        could not be saved, rather than write it where it does not belong."""
        assert self.entry is not None
        seen = self.journal.replacements
        self.journal.ensure_open()
        if self.journal.replacements == seen:
            return
        found = self.journal.entry(self.kind, self.period.label)
        if self.journal.restored or found is None or found.id != self.entry.id:
            raise ReviewReplaced(self.kind, self.period.label, unsaved)
        self.saved = self.journal.answers(self.entry.id)

    def choice(
        self, key: str, name: str, default: str | None = None, source: PromptSet | None = None
    ) -> Question:
        prompts = source or self.p
        return Question(
            key,
            prompts.text(f"questions.{name}.text"),
            choices=prompts.choices(f"questions.{name}.choices"),
            default=default,
        )

    def text_question(
        self, name: str, key: str | None = None, source: PromptSet | None = None, **values: object
    ) -> Question:
        prompts = source or self.p
        spec = prompts.get(f"questions.{name}")
        return Question(
            key or name,
            prompts.text(f"questions.{name}.text", **values),
            optional=bool(spec.get("optional", False)),
            long=bool(spec.get("long", False)),
        )

    # -- the diagnosis of a missed goal ------------------------------------------------------

    def diagnose(self, goal: Goal) -> None:
        """Strictest-first questions, only as many as the answers need -> a suggested cause
        the user confirms or overrides -> its remedies, marked as the method's or punchin's
        -> the chosen one written as a commitment for the next period."""
        d, key = self.d, f"goals.{goal.id}"
        spans = {"span": self.p.text("text.span"), "next": self.p.text("text.next_span")}
        if self._will_ask(f"{key}.{next_question({})}"):
            self.asker.show(d.text("text.diagnosis_intro"))
        answers: dict[str, str] = {}
        while (name := next_question(answers)) is not None:
            answers[name] = self.ask(self.choice(f"{key}.{name}", name, source=d))
        suggested = suggest_cause(answers)
        found = self.evidence_of(goal)
        if self._will_ask(f"{key}.cause"):
            self.asker.show(
                d.text(
                    "text.suggestion",
                    cause=d.text(f"causes.{suggested}.label"),
                    explain=d.text(f"causes.{suggested}.explain"),
                )
            )
            if found is not None:
                self._say(evidence.again(found, suggested, d))
        asked_cause = self._will_ask(f"{key}.cause")
        cause = Cause(
            self.ask(self.choice(f"{key}.cause", "cause", default=suggested.value, source=d))
        )
        if found is not None and self._will_ask(f"{key}.remedy"):
            if cause is not suggested or not asked_cause:
                self._say(evidence.again(found, cause, d))
            self._say(evidence.next_step(found, cause, d, self._why(goal)))
        detail: str | None = None
        if cause is Cause.OTHER:
            kind = self.ask(self.choice(f"{key}.other_kind", "other_kind", source=d))
            note = self.ask(self.text_question("other_note", key=f"{key}.other_note", source=d))
            detail = f"{kind}: {note}" if note else kind
        usual = remedy_choices(d, cause)
        offered = evidence.remedies(found, cause, usual, d)
        if self._will_ask(f"{key}.remedy"):
            self.asker.show(evidence.remedies_heading(cause, offered, usual, d))
        remedy = self.ask(
            Question(f"{key}.remedy", d.text("questions.remedy.text"), choices=offered)
        )
        draft = remedy_commitment(d, cause, remedy, goal.title, **spans)

        def commit(text: str) -> None:
            assert self.entry is not None
            self.journal.save_diagnosis(self.entry.id, goal.id, cause, detail, remedy)
            self.journal.save_commitment(
                self.entry.id, goal.id, self.next.label, cause, remedy, text
            )

        self.ask(
            Question(
                f"{key}.commitment",
                d.text("questions.commitment.text", **spans),
                default=draft or None,
            ),
            commit,
        )

    def evidence_of(self, goal: Goal) -> Evidence | None:
        """The goal's record that a repeated cause is weighed against; only the weekly
        check-in reads one (its goals have weeks before them to compare)."""
        return None

    def _will_ask(self, key: str) -> bool:
        """Whether the question `key` will be put to the person (not passed over because a
        resumed review has its answer): what leads up to a question is said only then."""
        return not (self.resume and key in self.saved)

    def _say(self, line: str | None) -> None:
        if line:
            self.asker.show(line)

    def _why(self, goal: Goal) -> str | None:
        """Why the goal matters, in the person's words: its own, or the goal it serves."""
        if goal.why:
            return goal.why
        parent = self.journal.goal_or_none(goal.parent_id)
        return parent.why if parent is not None and parent.why else None

    def review_commitments(self) -> None:
        """The commitments made for this period at the previous review: kept or not?"""
        commitments = self.journal.commitments(period=self.period.label)
        if not commitments:
            return
        self.asker.show(self.p.text("text.commitments_heading"))
        for commitment in commitments:
            goal = self.journal.goal_or_none(commitment.goal_id)
            question = Question(
                key=f"commitments.{commitment.id}.kept",
                text=self.p.text(
                    "questions.commitment_kept.text",
                    text=commitment.text,
                    goal=goal.title if goal else "—",
                ),
                choices=self.p.choices("questions.commitment_kept.choices"),
                default=commitment.kept,
            )

            def mark(value: str, commitment_id: str = commitment.id) -> None:
                assert self.entry is not None
                self.journal.mark_commitment(commitment_id, value, self.entry.id)

            self.ask(question, mark)

    # -- the clock ---------------------------------------------------------------------------

    def elapsed(self) -> float:
        return self._base_seconds + (self.journal.clock() - self._started).total_seconds()

    def timebox(self) -> str:
        elapsed = int(self.elapsed())
        box = self.minutes * 60
        if elapsed > box:
            return self.p.text("text.timebox_over", elapsed=_clock(elapsed), minutes=self.minutes)
        return self.p.text("text.timebox", elapsed=_clock(elapsed), left=_clock(box - elapsed))


class AnswerNotSaved(PunchinError):
    """An answer could not be saved: the reason, and the answer, so that it is not lost."""

    def __init__(self, cause: PunchinError, unsaved: str) -> None:
        super().__init__(
            f"{cause}; this answer was not saved: {unsaved!r}",
            key="answer_not_saved",
            reason=str(cause),
            unsaved=unsaved,
        )


class ReviewReplaced(PunchinError):
    """The journal was restored from a backup while the review was open."""

    def __init__(self, kind: str, period: str, unsaved: str) -> None:
        super().__init__(
            f"the journal was replaced by `punchin restore` while this review of {period} was "
            f"open; this answer was not saved: {unsaved!r}; run the review again to go on "
            "from what the restored journal holds",
            key="review_replaced",
            period=period,
            unsaved=unsaved,
        )
        self.kind = kind


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
