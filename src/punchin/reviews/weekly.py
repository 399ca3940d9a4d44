"""The Monday check-in: a 30-minute review of one week, seen from a mentor's chair."""

from __future__ import annotations

import json
from datetime import date

from punchin.method.evidence import Evidence
from punchin.models import Goal, GoalStatus
from punchin.periods import week_of
from punchin.reviews import evidence, summary
from punchin.reviews.asking import Question, share_of
from punchin.reviews.planning import PlanningFlow
from punchin.reviews.weekly_answers import parent_options, stored_progress
from punchin.store.history import History

KIND = "week"


class WeeklyCheckIn(PlanningFlow):
    kind = KIND
    _evidence: dict[str, Evidence]
    _window: History | None

    def run(self) -> None:
        self._evidence = {}
        self._window = None
        super().run()

    def steps(self) -> None:
        self.introduce()
        if not (self.saved and self.resume):  # said once, not again on resume
            self._year_ago()
        self.ask(self.text_question("accomplished"))
        self.review_commitments()
        self.goal_by_goal(self._review_goal)
        self.forecast_quarter_goals()
        self.ask(self.text_question("mentor"))
        self._plan_next_week()
        self.ask(self.text_question("closing"))
        self._summarise()

    def _year_ago(self) -> None:
        """One line from the same ISO week a year earlier: what got done then or, failing
        that, the commitment made at its check-in; nothing when that week has neither."""
        from punchin.reports.wrapping import fit_line

        year, week, _ = self.period.start.isocalendar()
        try:
            before = week_of(date.fromisocalendar(year - 1, week, 1)).label
        except ValueError:  # a 53rd week, and the year before had 52
            return
        done = _as_one_line(self.journal.answer_of(KIND, before, "accomplished") or "")
        if done:
            line = self.p.text("text.year_ago_done", period=before, text=done)
        elif commitment := self.journal.commitment_of(KIND, before):
            line = self.p.text("text.year_ago_commitment", period=before, text=commitment)
        else:
            return
        self.asker.show(fit_line(line))

    def _review_goal(self, goal: Goal) -> None:
        p = self.p
        parent = self.journal.goal_or_none(goal.parent_id)
        if parent is not None:
            self.asker.show(p.text("text.goal_serves", title=parent.title, period=parent.period))
        if goal.measure:
            self.asker.show(p.text("text.goal_measure", measure=goal.measure))
        if f"goals.{goal.id}.status" not in self.saved or not self.resume:
            for line in evidence.lines(self.evidence_of(goal), p, self.d):
                self.asker.show(line)
        reviewed = (GoalStatus.DONE, GoalStatus.PARTLY, GoalStatus.MISSED)
        status = self.ask(
            self.choice(
                f"goals.{goal.id}.status",
                "goal_status",
                default=goal.status.value if goal.status in reviewed else None,
            ),
            lambda value: self._set_week_status(goal, value),
        )
        if status == GoalStatus.PARTLY.value:
            key = f"goals.{goal.id}.progress"
            if key in self.saved:
                self.saved[key] = stored_progress(self.saved[key])
            self.ask(
                Question(
                    key,
                    p.text("questions.goal_progress.text"),
                    percent=True,
                ),
                lambda value: self._set_progress(goal, value),
            )
        if status != GoalStatus.DONE.value:
            self.diagnose(goal)

    def evidence_of(self, goal: Goal) -> Evidence:
        """The goal's line of work over the weeks before this one, read once per goal."""
        if goal.id not in self._evidence:
            if self._window is None:  # read once, at the first goal: every goal shares it
                self._window = evidence.window_history(self.journal, self.period)
            self._evidence[goal.id] = evidence.read(self.journal, goal, self.period, self._window)
        return self._evidence[goal.id]

    def forecast_quarter_goals(self) -> None:
        """How likely each open goal of the week's quarter is to be done by its end."""
        from punchin.reviews.forecast import ask_forecasts

        ask_forecasts(self)

    def _summarise(self) -> None:
        """The closing lines written from the data, saved with the check-in and shown."""
        assert self.entry is not None
        records = {
            goal.id: (goal, self._evidence[goal.id])
            for goal in self.journal.period_goals(self.period)
            if goal.id in self._evidence
        }
        facts = summary.closing_facts(
            self.journal.commitments(period=self.period.label),
            self.journal.diagnoses(self.entry.id),
            self.journal.commitments(entry_id=self.entry.id),
            records,
            summary.streak(self.journal, self.period),
        )
        text = json.dumps(facts, ensure_ascii=False)
        with self.journal.transaction():
            self.journal.save_answer(self.entry.id, summary.KEY, text)
        self.saved[summary.KEY] = text

    def _plan_next_week(self) -> None:
        week = self.next
        unfinished = [
            goal
            for goal in self.journal.period_goals(self.period)
            if goal.status in (GoalStatus.PARTLY, GoalStatus.MISSED)
        ]
        self.plan_unfinished(unfinished, unsaid="drop")  # a file that says nothing: left as is
        self.plan_goals(week, self.journal.period_goals(week), parent_options(self.journal, week))

    # -- effects: each runs inside the transaction that saves its answer ---------------------

    def _set_week_status(self, goal: Goal, value: str) -> None:
        assert self.entry is not None
        status = GoalStatus(value)
        progress = {GoalStatus.DONE: 1.0, GoalStatus.MISSED: 0.0}.get(status, goal.progress)
        self.journal.update_goal(goal.id, status=status, progress=progress)
        if status is GoalStatus.DONE:
            self.journal.clear_diagnosis(self.entry.id, goal.id)

    def _set_progress(self, goal: Goal, value: str) -> None:
        self.journal.update_goal(goal.id, progress=share_of(value))


def _as_one_line(answer: str) -> str:
    """A written answer run together for one line: a list's items (its marks dropped)
    joined with "; ", the lines of a paragraph with a space."""
    lines = [line.strip() for line in answer.splitlines() if line.strip()]
    if any(line[0] in "-*•·" for line in lines):
        return "; ".join(line.lstrip("-*•·").strip() for line in lines)
    return " ".join(lines)
