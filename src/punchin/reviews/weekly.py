"""The Monday check-in: a 30-minute review of one week, seen from a mentor's chair."""

from __future__ import annotations

from punchin.models import Goal, GoalStatus, Horizon
from punchin.periods import Period, quarter_of
from punchin.reviews.asking import Question, share_of
from punchin.reviews.planning import PlanningFlow
from punchin.store import Journal

KIND = "week"


def parent_options(journal: Journal, week: Period) -> list[Goal]:
    """Quarter goals a goal for `week` may serve: the open ones of that week's quarter."""
    return journal.goals(
        horizon=Horizon.QUARTER,
        periods=[quarter_of(week.start).label],
        statuses=[GoalStatus.OPEN, GoalStatus.PARTLY],
    )


def stored_progress(value: str) -> str:
    """A saved progress answer in today's form. The progress of a partly done goal is read
    like every score (`asking.read_share`: 0.6, .6 and 60% alike, a bare 60 refused) and saved
    as a percentage, "60%"; before, it was asked from 0 to 100 and saved as a bare "60". A
    saved answer without "%" is of that kind, so it still reads as the percentage it was."""
    text = value.strip()
    if not text or text.endswith("%"):
        return value
    try:
        float(text)
    except ValueError:
        return value
    return text + "%"


class WeeklyCheckIn(PlanningFlow):
    kind = KIND

    def steps(self) -> None:
        self.introduce()
        self.ask(self.text_question("accomplished"))
        self.review_commitments()
        self.goal_by_goal(self._review_goal)
        self.ask(self.text_question("mentor"))
        self._plan_next_week()
        self.ask(self.text_question("closing"))

    def _review_goal(self, goal: Goal) -> None:
        p = self.p
        parent = self.journal.goal_or_none(goal.parent_id)
        if parent is not None:
            self.asker.show(p.text("text.goal_serves", title=parent.title, period=parent.period))
        if goal.measure:
            self.asker.show(p.text("text.goal_measure", measure=goal.measure))
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
