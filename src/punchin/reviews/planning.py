"""Review flows that close a period's goals and plan the next period's: the weekly,
quarterly, yearly and five-yearly reviews all end this way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from punchin.models import Cause, Goal, GoalStatus
from punchin.periods import Period
from punchin.reviews.asking import Question, share_of
from punchin.reviews.flow import ReviewFlow

NO_PARENT = "none"
CLOSED = (GoalStatus.DONE, GoalStatus.PARTLY, GoalStatus.MISSED)


@dataclass(frozen=True)
class Outcome:
    """What a finished review saved, for the line that says so: how its goals closed, how
    many it planned for the next period, how long it took, and its answers."""

    period: str
    done: int
    partly: int
    missed: int
    average_score: float | None
    next_goals: int
    commitments: int
    seconds: float
    minutes_box: int
    answers: dict[str, str]


class PlanningFlow(ReviewFlow):
    def conclude(self) -> Outcome:
        """Run the review (or what is left of it), then say what it saved."""
        self.run()
        assert self.entry is not None
        goals = self.journal.period_goals(self.period)
        scores = [g.progress for g in goals if g.progress is not None]
        return Outcome(
            period=self.period.label,
            done=sum(g.status is GoalStatus.DONE for g in goals),
            partly=sum(g.status is GoalStatus.PARTLY for g in goals),
            missed=sum(g.status is GoalStatus.MISSED for g in goals),
            average_score=sum(scores) / len(scores) if scores else None,
            next_goals=len(self.journal.period_goals(self.next)),
            commitments=len(self.journal.commitments(entry_id=self.entry.id)),
            seconds=self.elapsed(),
            minutes_box=self.minutes,
            answers=dict(self.saved),
        )

    def close_goal(self, goal: Goal, *, diagnose: bool) -> str:
        """Done, partly or missed; a score from 0 to 1.0 unless done; with `diagnose`, the
        diagnosis of a miss. Returns the status."""
        status = self.ask(
            self.choice(
                f"goals.{goal.id}.status",
                "goal_status",
                default=goal.status.value if goal.status in CLOSED else None,
            ),
            partial(self._set_status, goal),
        )
        if status != GoalStatus.DONE.value:
            default = f"{goal.progress:g}" if goal.progress is not None else None
            self.ask(
                Question(
                    f"goals.{goal.id}.score",
                    self.p.text("questions.score.text"),
                    score=True,
                    default=default,
                ),
                partial(self._set_score, goal),
            )
            if diagnose:
                self.diagnose(goal)
        return status

    def plan_goals(self, period: Period, existing: list[Goal], parents: list[Goal]) -> None:
        """New goals for `period`, one per answer until an empty one, each optionally serving
        one of `parents`."""
        p = self.p
        self.asker.show(p.text("text.next_heading", period=period.label))
        if existing:
            self.asker.show(
                "\n".join(
                    [p.text("text.next_existing", period=period.label)]
                    + [f"  - {goal.title}" for goal in existing]
                )
            )
        # the goals this review has set already (before a stop, or before an --amend) are
        # among `existing`: they are numbered as they are asked, not counted twice
        made = sum(
            1
            for key, value in self.saved.items()
            if key.startswith("next.") and key.endswith(".title") and value.strip()
        )
        before = max(0, len(existing) - made)
        index = 0
        while True:
            key = f"next.{index}"
            title = self.ask(
                Question(
                    f"{key}.title",
                    p.text("questions.next_goal.text", number=before + index + 1),
                    optional=True,
                    listed=True,
                ),
                partial(self._add_goal, period, key),
            )
            if not title.strip():
                return
            if parents:
                choices = tuple((g.id, f"{g.title} ({g.period})") for g in parents)
                none = p.text("questions.next_goal_parent.none")
                # the only goal it can serve is the likely one; with several, none is assumed
                default = parents[0].id if len(parents) == 1 else NO_PARENT
                self.ask(
                    Question(
                        f"{key}.parent",
                        p.text("questions.next_goal_parent.text"),
                        choices=(*choices, (NO_PARENT, none)),
                        default=default,
                    ),
                    partial(self._set_parent, key),
                )
            index += 1

    def look_back(self, lines: Callable[[], list[str]]) -> None:
        """How a motivation check begins: the span as the journal saw it (`lines`) and the
        punch-in-life warning when the history calls for it, both once (not again on
        resume); then the span's goals, closed without a diagnosis, since the check asks
        its own why."""
        from punchin.method.drift import signals, warning, warning_lines
        from punchin.prompts import load

        self.introduce()
        if not (self.saved and self.resume):
            self.asker.show("\n".join(lines()))
            found = warning(signals(self.journal, self.today))
            if found:  # said inside a motivation check: its advice points at the questions
                drift = load("drift", self.p.language)
                self.asker.show("\n".join(warning_lines(found, drift, inside_check=True)))
        self.goal_by_goal(partial(self.close_goal, diagnose=False), say_none=False)

    def goal_by_goal(self, handle: Callable[[Goal], object], *, say_none: bool = True) -> None:
        """The period's goals in turn: their heading (or, with `say_none`, that there are
        none), then for each its title and `handle`."""
        goals = self.journal.period_goals(self.period)
        if goals or say_none:
            heading = "text.goals_heading" if goals else "text.no_goals"
            self.asker.show(self.p.text(heading, period=self.period.label))
        for goal in goals:
            self.asker.show(self.p.text("text.goal_line", title=goal.title))
            handle(goal)

    # -- effects: each runs inside the transaction that saves its answer ---------------------

    def _set_status(self, goal: Goal, value: str) -> None:
        assert self.entry is not None
        status = GoalStatus(value)
        fields: dict[str, object] = {"status": status}
        if status is GoalStatus.DONE:
            fields["progress"] = 1.0
            self.journal.clear_diagnosis(self.entry.id, goal.id)
        self.journal.update_goal(goal.id, **fields)

    def _set_score(self, goal: Goal, value: str) -> None:
        self.journal.update_goal(goal.id, progress=share_of(value))

    def plan_unfinished(self, unfinished: list[Goal], unsaid: str | None = None) -> None:
        """Each goal left unfinished: carried over to the next period (with its parent, why
        and measure), rewritten, or dropped. A goal whose miss was a motivation that did not
        fit is not carried over by default: more of the same would not answer it; nor is one
        the next period already has, nor one just let go for a strength."""
        if not unfinished:
            return
        assert self.entry is not None
        from punchin.method.digest import line_key

        p = self.p
        diagnoses = self.journal.diagnoses(self.entry.id)
        causes = {d.goal_id: d.cause for d in diagnoses}
        # the method's hard choice made for it: let it go, put the hours into a strength
        let_go = {d.goal_id for d in diagnoses if d.remedy == "strength"}
        leaving = {goal.id for goal in unfinished}
        planned = {
            line_key(g.title)
            for g in self.journal.goals(horizon=self.next.horizon, periods=[self.next.label])
            if g.carried_from not in leaving  # not one this plan carried over itself
        }
        self.asker.show(p.text("text.plan_heading", period=self.next.label))
        for goal in unfinished:
            progress = round((goal.progress or 0) * 100)
            status = p.text(f"text.status_{goal.status.value}", progress=progress)
            self.asker.show(p.text("text.plan_goal", title=goal.title, status=status))
            key = f"plan.{goal.id}"
            settled = causes.get(goal.id) is Cause.MOTIVATION or line_key(goal.title) in planned
            settled = settled or goal.id in let_go
            default = "drop" if settled else "carry"
            question = self.choice(f"{key}.action", "plan_action", default=default)
            action = self.ask(replace(question, unsaid=unsaid), partial(self._plan, goal, key))
            if action == "rewrite":
                self.ask(
                    Question(f"{key}.title", p.text("questions.plan_rewrite.text")),
                    partial(self._carry, goal, key),
                )

    def _plan(self, goal: Goal, key: str, action: str) -> None:
        """Carry: the same goal next period. Drop: none (an amended plan drops the one it
        had carried). Rewrite: the new title is the next answer."""
        if action == "carry":
            self._carry(goal, key, goal.title)
        elif action == "drop":
            carried = self.journal.goal_id_by_origin(self.origin(key))
            if carried is not None:
                self.journal.update_goal(carried, status=GoalStatus.DROPPED)

    def _carry(self, goal: Goal, key: str, title: str) -> None:
        carried = self.journal.add_goal(
            title,
            self.next,
            parent_id=goal.parent_id,
            why=goal.why,
            measure=goal.measure,
            origin=self.origin(key),
            carried_from=goal.id,
        )
        if carried.status is not GoalStatus.OPEN:
            self.journal.update_goal(carried.id, status=GoalStatus.OPEN)
        if goal.private and not carried.private:  # carried over, it stays private
            self.journal.update_goal(carried.id, private=True)

    def origin(self, key: str) -> str:
        """Names the answer that created a goal, so an amended answer changes that goal."""
        assert self.entry is not None
        return f"{self.entry.id}:{key}"

    def _add_goal(self, period: Period, key: str, title: str) -> None:
        if title.strip():
            self.journal.add_goal(title, period, origin=self.origin(key))

    def _set_parent(self, key: str, value: str) -> None:
        goal_id = self.journal.goal_id_by_origin(self.origin(key))
        if goal_id is not None:
            self.journal.update_goal(goal_id, parent_id=None if value == NO_PARENT else value)
