"""The Monday check-in: a 30-minute review of one week, seen from a mentor's chair.

The flow asks through an injected `Asker`, and saves every answer (with its effect on goals,
diagnoses and commitments) in one small transaction the moment it is given. Running it again
for the same week resumes: answers already saved are not asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from punchin.asking import Asker, Question
from punchin.diagnosis import remedy_choices, remedy_commitment, suggest_cause
from punchin.errors import AlreadyFinished
from punchin.models import Cause, Entry, EntryStatus, Goal, GoalStatus, Horizon
from punchin.periods import Period, quarter_of
from punchin.prompts import PromptSet
from punchin.store import Journal

KIND = "week"
NO_PARENT = "none"


@dataclass(frozen=True)
class WeekResult:
    period: str
    done: int
    partly: int
    missed: int
    commitments: int
    next_goals: int
    seconds: float
    minutes_box: int


def reviewed_goals(journal: Journal, period: Period) -> list[Goal]:
    """The week's goals, in the order they were set; dropped ones are not reviewed."""
    return [
        goal
        for goal in journal.goals(horizon=Horizon.WEEK, periods=[period.label])
        if goal.status is not GoalStatus.DROPPED
    ]


def parent_options(journal: Journal, week: Period) -> list[Goal]:
    """Quarter goals a goal for `week` may serve: the open ones of that week's quarter."""
    return journal.goals(
        horizon=Horizon.QUARTER,
        periods=[quarter_of(week.start).label],
        statuses=[GoalStatus.OPEN, GoalStatus.PARTLY],
    )


class WeeklyCheckIn:
    def __init__(
        self,
        journal: Journal,
        prompts: PromptSet,
        asker: Asker,
        period: Period,
        *,
        minutes: int = 30,
        amend: bool = False,
        resume: bool = True,
    ) -> None:
        self.journal = journal
        self.p = prompts
        self.asker = asker
        self.period = period
        self.next = period.next()
        self.minutes = minutes
        self.amend = amend
        self.resume = resume and not amend
        self.entry: Entry | None = None
        self.saved: dict[str, str] = {}
        self._base_seconds = 0.0
        self._started = journal.clock()

    # -- the flow ----------------------------------------------------------------------------

    def run(self) -> WeekResult:
        existing = self.journal.entry(KIND, self.period.label)
        if existing and existing.status is EntryStatus.DONE and not self.amend:
            raise AlreadyFinished(KIND, self.period.label)
        entry = self.journal.start_entry(KIND, self.period, self.p.language)
        self.entry = entry
        self.saved = self.journal.answers(entry.id)
        self._base_seconds = entry.seconds_spent
        self._started = self.journal.clock()
        self._introduce()
        self._ask(self._text_question("accomplished"))
        self._review_commitments()
        self._review_goals()
        self._ask(self._text_question("mentor"))
        self._plan_next_week()
        self._ask(self._text_question("closing"))
        with self.journal.transaction():
            self.journal.set_entry_time(entry.id, self._elapsed())
            self.journal.set_entry_status(entry.id, EntryStatus.DONE)
        return self._result()

    def _introduce(self) -> None:
        p, period = self.p, self.period
        self.asker.show(
            p.text(
                "text.title",
                period=period.label,
                start=period.start.isoformat(),
                end=period.end.isoformat(),
            )
        )
        if self.amend:
            self.asker.show(p.text("text.amend", period=period.label))
        elif self.saved and self.resume:
            self.asker.show(p.text("text.resume", period=period.label, count=len(self.saved)))
        else:
            self.asker.show(p.text("text.intro", minutes=self.minutes))

    def _review_commitments(self) -> None:
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

            self._ask(question, mark)

    def _review_goals(self) -> None:
        goals = reviewed_goals(self.journal, self.period)
        self.asker.show(self.p.text("text.goals_heading" if goals else "text.no_goals"))
        for goal in goals:
            self._review_goal(goal)

    def _review_goal(self, goal: Goal) -> None:
        p = self.p
        self.asker.show(p.text("text.goal_line", title=goal.title))
        parent = self.journal.goal_or_none(goal.parent_id)
        if parent is not None:
            self.asker.show(p.text("text.goal_serves", title=parent.title, period=parent.period))
        if goal.measure:
            self.asker.show(p.text("text.goal_measure", measure=goal.measure))
        reviewed = (GoalStatus.DONE, GoalStatus.PARTLY, GoalStatus.MISSED)
        status = self._ask(
            self._choice_question(
                f"goals.{goal.id}.status",
                "goal_status",
                default=goal.status.value if goal.status in reviewed else None,
            ),
            lambda value: self._set_status(goal, value),
        )
        if status == GoalStatus.PARTLY.value:
            self._ask(
                Question(
                    f"goals.{goal.id}.progress",
                    p.text("questions.goal_progress.text"),
                    percent=True,
                ),
                lambda value: self._set_progress(goal, value),
            )
        if status != GoalStatus.DONE.value:
            self._diagnose(goal)

    def _diagnose(self, goal: Goal) -> None:
        p, key = self.p, f"goals.{goal.id}"
        self.asker.show(p.text("text.diagnosis_intro"))
        planned = self._ask(self._choice_question(f"{key}.planned_time", "planned_time"))
        outside = self._ask(self._choice_question(f"{key}.outside", "outside"))
        wall = self._ask(self._choice_question(f"{key}.skill_wall", "skill_wall"))
        want = self._ask(self._choice_question(f"{key}.still_want", "still_want"))
        suggested = suggest_cause(planned, outside, wall, want)
        self.asker.show(
            p.text(
                "text.suggestion",
                cause=p.text(f"causes.{suggested}.label"),
                explain=p.text(f"causes.{suggested}.explain"),
            )
        )
        cause = Cause(
            self._ask(self._choice_question(f"{key}.cause", "cause", default=suggested.value))
        )
        detail: str | None = None
        if cause is Cause.OTHER:
            kind = self._ask(self._choice_question(f"{key}.other_kind", "other_kind"))
            note = self._ask(self._text_question("other_note", key=f"{key}.other_note"))
            detail = f"{kind}: {note}" if note else kind
        self.asker.show(p.text("text.remedies_heading", cause=p.text(f"causes.{cause}.label")))
        remedy = self._ask(
            Question(
                f"{key}.remedy", p.text("questions.remedy.text"), choices=remedy_choices(p, cause)
            )
        )
        draft = remedy_commitment(p, cause, remedy, goal.title)

        def commit(text: str) -> None:
            assert self.entry is not None
            self.journal.save_diagnosis(self.entry.id, goal.id, cause, detail, remedy)
            self.journal.save_commitment(
                self.entry.id, goal.id, self.next.label, cause, remedy, text
            )

        self._ask(
            Question(
                f"{key}.commitment", p.text("questions.commitment.text"), default=draft or None
            ),
            commit,
        )

    def _plan_next_week(self) -> None:
        p, week = self.p, self.next
        self.asker.show(p.text("text.next_heading", period=week.label))
        existing = reviewed_goals(self.journal, week)
        if existing:
            self.asker.show(p.text("text.next_existing", period=week.label))
            for goal in existing:
                self.asker.show(f"  - {goal.title}")
        parents = parent_options(self.journal, week)
        index = 0
        while True:
            key = f"next.{index}"
            title = self._ask(
                Question(
                    f"{key}.title",
                    p.text("questions.next_goal.text", number=len(existing) + index + 1),
                    optional=True,
                ),
                partial(self._add_next_goal, key=key),
            )
            if not title.strip():
                return
            if parents:
                choices = tuple((g.id, g.title) for g in parents)
                none = p.text("questions.next_goal_parent.none")
                self._ask(
                    Question(
                        f"{key}.parent",
                        p.text("questions.next_goal_parent.text"),
                        choices=(*choices, (NO_PARENT, none)),
                        default=NO_PARENT,
                    ),
                    partial(self._set_next_parent, key=key),
                )
            index += 1

    # -- effects: each runs inside the transaction that saves its answer ---------------------

    def _set_status(self, goal: Goal, value: str) -> None:
        assert self.entry is not None
        status = GoalStatus(value)
        progress = {GoalStatus.DONE: 1.0, GoalStatus.MISSED: 0.0}.get(status, goal.progress)
        self.journal.update_goal(goal.id, status=status, progress=progress)
        if status is GoalStatus.DONE:
            self.journal.clear_diagnosis(self.entry.id, goal.id)

    def _set_progress(self, goal: Goal, value: str) -> None:
        self.journal.update_goal(goal.id, progress=float(value) / 100)

    def _origin(self, key: str) -> str:
        assert self.entry is not None
        return f"{self.entry.id}:{key}"

    def _add_next_goal(self, title: str, key: str) -> None:
        if title.strip():
            self.journal.add_goal(title, self.next, origin=self._origin(key))

    def _set_next_parent(self, value: str, key: str) -> None:
        goal_id = self.journal.goal_id_by_origin(self._origin(key))
        if goal_id is not None:
            self.journal.update_goal(goal_id, parent_id=None if value == NO_PARENT else value)

    # -- asking ------------------------------------------------------------------------------

    def _ask(self, question: Question, effect: Callable[[str], None] | None = None) -> str:
        """Ask (unless resuming past it), then save the answer and its effect together."""
        assert self.entry is not None
        stored = self.saved.get(question.key)
        if stored is not None and self.resume:
            return stored
        if stored is not None and question.normalise(stored) is not None:
            question = replace(question, default=stored)
        elif question.default is not None and question.normalise(question.default) is None:
            question = replace(question, default=None)
        self.asker.show(self._timebox(), quiet=True)
        value = self.asker.ask(question)
        with self.journal.transaction():
            self.journal.save_answer(self.entry.id, question.key, value)
            self.journal.set_entry_time(self.entry.id, self._elapsed())
            if effect is not None:
                effect(value)
        self.saved[question.key] = value
        return value

    def _choice_question(self, key: str, name: str, default: str | None = None) -> Question:
        return Question(
            key,
            self.p.text(f"questions.{name}.text"),
            choices=self.p.choices(f"questions.{name}.choices"),
            default=default,
        )

    def _text_question(self, name: str, key: str | None = None) -> Question:
        spec = self.p.get(f"questions.{name}")
        return Question(
            key or name,
            self.p.text(f"questions.{name}.text"),
            optional=bool(spec.get("optional", False)),
            long=bool(spec.get("long", False)),
        )

    def _elapsed(self) -> float:
        return self._base_seconds + (self.journal.clock() - self._started).total_seconds()

    def _timebox(self) -> str:
        elapsed = int(self._elapsed())
        box = self.minutes * 60
        if elapsed > box:
            return self.p.text("text.timebox_over", elapsed=_clock(elapsed), minutes=self.minutes)
        return self.p.text("text.timebox", elapsed=_clock(elapsed), left=_clock(box - elapsed))

    def _result(self) -> WeekResult:
        assert self.entry is not None
        goals = reviewed_goals(self.journal, self.period)
        count = {status: sum(g.status is status for g in goals) for status in GoalStatus}
        return WeekResult(
            period=self.period.label,
            done=count[GoalStatus.DONE],
            partly=count[GoalStatus.PARTLY],
            missed=count[GoalStatus.MISSED],
            commitments=len(self.journal.commitments(entry_id=self.entry.id)),
            next_goals=len(reviewed_goals(self.journal, self.next)),
            seconds=self._elapsed(),
            minutes_box=self.minutes,
        )


def _clock(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
