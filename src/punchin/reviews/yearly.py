"""The yearly motivation check: the year as the journal saw it, then the method's questions.

Was the year happy, and was there progress? If not, the talk asks which of two it was: the
timing was not yet ripe (then keep working at it), or the motivation was not right, missing
or not the real one (then re-examine it and change the direction of your effort). The
verdict and the decision are recorded, and a change of direction is asked to name the
change of motivation it comes from; then the motivation for the coming year, and its goals.
"""

from __future__ import annotations

from punchin.models import GoalStatus, Horizon
from punchin.periods import five_year_of
from punchin.reviews.planning import PlanningFlow

KIND = "year"
MINUTES = 60
PUSH, CHANGE = "push", "change"
TIMING, MOTIVATION, NEITHER = "timing", "motivation", "neither"


class YearlyCheck(PlanningFlow):
    kind = KIND
    box_minutes = MINUTES

    def steps(self) -> None:
        p = self.p
        self.look_back(self._year_lines)
        happy = self.ask(self.choice("happy", "happy"))
        progress = self.ask(self.choice("progress", "progress"))
        verdict = None
        if happy == "yes" and progress == "yes":
            self.asker.show(p.text("text.verdict_fine"))
        else:
            self.asker.show(p.text("text.verdict_heading"))
            verdict = self.ask(self.choice("verdict", "verdict"))
            if verdict == TIMING:
                self.asker.show(p.text("text.verdict_timing"))
            elif verdict == MOTIVATION:
                self.asker.show(p.text("text.verdict_motivation"))
            else:
                self.ask(self.text_question("verdict_other"))
        default = CHANGE if verdict == MOTIVATION else PUSH
        if not (self.resume and "decision" in self.saved):
            self._back_to_motivation()
        decision = self.ask(self.choice("decision", "decision", default=default))
        self.ask(self.text_question("action"))
        if decision == CHANGE:
            self.ask(self.text_question("direction"))
            if verdict != MOTIVATION:  # the method: a change of direction answers to motivation
                self.asker.show(p.text("text.change_without_motivation"))
            self.ask(self.text_question("change_reason"))
        self.ask(self.text_question("motivation"))
        window = five_year_of(self.next.start, self.journal.start_year)
        spans = self.journal.spans_overlapping(self.next.start, self.next.end)
        parents = [
            goal
            for goal in self.journal.goals(periods=[window.label, *spans])
            if goal.horizon in (Horizon.FIVE_YEAR, Horizon.SPAN)
            and goal.status in (GoalStatus.OPEN, GoalStatus.PARTLY)
        ]
        self.plan_goals(self.next, self.journal.period_goals(self.next), parents)
        self.ask(self.text_question("closing"))

    def _back_to_motivation(self) -> None:
        """Before the decision: the motivation last written down and the yearly check before
        this one (the method: every time you choose, go back to your motivation)."""
        from punchin.reviews.fiveyear import motivation_lines

        lines = motivation_lines(self.journal, self.p.language, year_before=self.period.start)
        if lines:
            self.asker.show("\n".join(lines))

    def _year_lines(self) -> list[str]:
        from punchin.reports.data import year_report

        p = self.p
        data = year_report(self.journal, self.period, self.today, self.week_minutes)
        summary = data["summary"]
        lines = [p.text("text.year_heading")]
        if not summary["checkins"]:
            return [*lines, p.text("text.no_year_data", period=self.period.label)]
        quarters = data["quarters"]
        checkins = {"count": summary["checkins"], "weeks": summary["weeks"]}
        lines.append(p.text("text.year_checkins", **checkins, streak=summary["longest_streak"]))
        totals = {
            status: sum(q[status] for q in quarters) for status in ("done", "partly", "missed")
        }
        lines.append(p.text("text.year_goals", **totals))
        from punchin.reports.quarter_view import cause_counts

        missed, partly = (
            cause_counts(data["causes"], self.d),
            cause_counts(data["partly_causes"], self.d),
        )
        lines.append(p.text("text.year_causes", causes=missed, partly=partly))
        for quarter in quarters:
            cause = quarter["main_cause"]
            lines.append(
                p.text(
                    "text.year_quarter",
                    period=quarter["period"],
                    count=quarter["checkins"],
                    done=quarter["done"],
                    missed=quarter["missed"],
                    cause=p.text(
                        "text.year_quarter_cause", cause=self.d.text(f"causes.{cause}.label")
                    )
                    if cause
                    else "",
                )
            )
        return lines
