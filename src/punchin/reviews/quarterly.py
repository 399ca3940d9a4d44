"""The quarterly review: re-read the quarter's weeks, close its goals, plan the next quarter.

The method: every quarter, re-read the weekly notes written during it, check whether the
quarter's goals were reached, and plan the next quarter's tasks. The flow first shows the
quarter back to the user (every week, and the patterns across them), then asks.
"""

from __future__ import annotations

from functools import cached_property

from punchin.method.digest import quarter_digest
from punchin.method.forecasts import Forecasts, quarter_forecasts
from punchin.method.patterns import quarter_findings
from punchin.models import Goal, GoalStatus, Horizon
from punchin.periods import Period, quarter_of, year_of
from punchin.reviews.planning import PlanningFlow

KIND = "quarter"
MINUTES = 60  # the quarterly time box: the method gives none; twice the weekly box is ample
UNFINISHED = (GoalStatus.OPEN, GoalStatus.PARTLY, GoalStatus.MISSED)


class QuarterlyReview(PlanningFlow):
    kind = KIND
    box_minutes = MINUTES

    def steps(self) -> None:
        summary = quarter_digest(self.journal, self.period, self.today, self.week_minutes)
        self.introduce(weeks=len(summary.weeks))
        if not (self.saved and self.resume):  # a resumed review has already re-read it
            from punchin.reports.quarter_view import digest_lines, finding_lines

            self._year_ago()
            found = quarter_findings(
                self.journal, self.period, summary, self.today, self.week_minutes
            )
            self.asker.show("\n".join(digest_lines(summary, self.p, self.d)))
            found = [f for f in found if f.key != "over_optimistic"]  # said once scored
            self.asker.show("\n".join(finding_lines(found, self.p, self.d)))
        self.review_commitments()
        self.goal_by_goal(self._close_goal)
        self._forecasts_against_scores()
        self.ask(self.text_question("lesson"))
        self._check_direction()
        self._back_to_motivation()
        self._plan_unfinished()
        self._plan_new_goals()
        self.ask(self.text_question("closing"))

    def _year_ago(self) -> None:
        """The lesson written for the same quarter a year earlier, in one line, if any."""
        from punchin.reports.wrapping import fit_line

        start = self.period.start
        before = quarter_of(start.replace(year=start.year - 1)).label
        lesson = self.journal.answer_of(KIND, before, "lesson")
        if lesson and lesson.strip():
            self.asker.show(
                fit_line(self.p.text("text.year_ago_lesson", period=before, text=lesson))
            )

    # -- closing the quarter's goals ---------------------------------------------------------

    def _close_goal(self, goal: Goal) -> None:
        p = self.p
        if goal.measure:
            self.asker.show(p.text("text.goal_measure", measure=goal.measure))
        children = self.journal.children(goal.id)
        if children:
            count = {s: sum(c.status is s for c in children) for s in GoalStatus}
            self.asker.show(
                p.text(
                    "text.goal_children",
                    done=count[GoalStatus.DONE],
                    partly=count[GoalStatus.PARTLY],
                    missed=count[GoalStatus.MISSED],
                )
            )
        said = self._forecasts.get(goal.id)
        if said:
            weekly = " · ".join(f"{week.split('-', 1)[-1]} {value:g}" for week, value in said)
            self.asker.show(p.text("text.goal_forecasts", forecasts=weekly))
        self.close_goal(goal, diagnose=True)

    @cached_property
    def _forecasts(self) -> Forecasts:
        """The weekly forecasts of the quarter's goals, read once."""
        return quarter_forecasts(self.journal, self.period)

    def _forecasts_against_scores(self) -> None:
        """Once the goals are scored: say so when the weekly forecasts ran too high."""
        from punchin.method.patterns import forecast_findings
        from punchin.reports.quarter_view import finding_text

        goals = self.journal.period_goals(self.period)
        for found in forecast_findings(self.journal, self.period, goals):
            self.asker.show(
                self.p.text("text.forecasts_heading") + "\n- " + finding_text(found, self.p, self.d)
            )

    # -- the longer horizon -------------------------------------------------------------------

    def _check_direction(self) -> None:
        """The method's quarter also looks further: choosing matters more than effort, and
        choosing needs a known goal. The longer goals are shown, then two questions; doubts
        are sent to the motivation check, where a change of direction belongs."""
        p = self.p
        longer = self._parent_options(self.period)
        lines = [p.text("text.direction_heading")]
        lines += [
            p.text(
                "text.direction_goal",
                horizon=p.text(f"text.horizon_{goal.horizon.value}"),
                period=goal.period,
                title=goal.title,
            )
            for goal in longer
        ] or [p.text("text.direction_none")]
        self.asker.show("\n".join(lines))
        known = self.ask(self.choice("goal_known", "goal_known"))
        right = self.ask(self.choice("direction_right", "direction_right"))
        if known != "yes":
            self.asker.show(p.text("text.goal_unknown"))
        if right != "yes":
            self.asker.show(p.text("text.direction_doubt"))

    # -- planning the next quarter -----------------------------------------------------------

    def _back_to_motivation(self) -> None:
        """Before the next quarter is chosen: the motivation last written down (the method:
        every time you choose, go back to it); not again when resuming inside the plan."""
        planning = ("plan.", "next.", "closing")
        if self.resume and any(key.startswith(planning) for key in self.saved):
            return
        from punchin.reviews.fiveyear import motivation_lines

        lines = motivation_lines(self.journal, self.p.language)
        if lines:
            self.asker.show("\n".join(lines))

    def _plan_unfinished(self) -> None:
        unfinished = [
            goal for goal in self.journal.period_goals(self.period) if goal.status in UNFINISHED
        ]
        self.plan_unfinished(unfinished)

    def _plan_new_goals(self) -> None:
        self.plan_goals(
            self.next, self.journal.period_goals(self.next), self._parent_options(self.next)
        )

    def _parent_options(self, quarter: Period) -> list[Goal]:
        """Year, span (a degree...) and five-year goals the next quarter's goals may serve."""
        year = year_of(quarter.start)
        window = quarter.start.year
        labels = [year.label, *self.journal.spans_overlapping(quarter.start, quarter.end)]
        anchor = self.journal.start_year
        first = anchor + 5 * ((window - anchor) // 5)
        labels.append(f"{first}-{first + 4}")
        return [
            goal
            for goal in self.journal.goals(periods=labels)
            if goal.horizon in (Horizon.YEAR, Horizon.SPAN, Horizon.FIVE_YEAR)
            and goal.status in (GoalStatus.OPEN, GoalStatus.PARTLY)
        ]
