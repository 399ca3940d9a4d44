"""The five-yearly motivation check: back to the root of it, with the last five years beside.

It shows what was written at the previous five-year check and at each yearly check since,
then asks: the onlooker's question (what would you least like to recall or share?), the
desire or fear behind it, the positive motivation it can become, the problem to solve and
the kind of value it has, what changed, and the next five years' goals.
"""

from __future__ import annotations

from datetime import date

from punchin.models import yearly_verdict
from punchin.periods import Period, year_of
from punchin.prompts import PromptSet, load
from punchin.reviews.planning import PlanningFlow
from punchin.store import Journal

KIND = "five-year"
MINUTES = 60


class FiveYearCheck(PlanningFlow):
    kind = KIND
    box_minutes = MINUTES

    def steps(self) -> None:
        p = self.p
        previous = self.previous_check()
        self.look_back(lambda: self.before_lines(previous))
        earlier = previous or {}
        self.beside(earlier, "onlooker")
        self.ask(self.text_question("onlooker"))
        behind = self.ask(self.choice("behind", "behind"))
        if behind in ("desire", "both"):
            self.beside(earlier, "desire")
            self.ask(self.text_question("desire"))
        if behind in ("fear", "both"):
            self.beside(earlier, "fear")
            self.ask(self.text_question("fear"))
        self.beside(earlier, "positive")
        self.ask(self.text_question("positive"))
        if self.ask(self.choice("escape", "escape")) != "no":
            self.asker.show(p.text("text.escape_note"))
        self.ask(self.text_question("problem"))
        value = self.ask(self.choice("value", "value"))
        self.asker.show(p.text(f"text.value_{value}"))
        if previous is not None:
            self.ask(self.text_question("changed"))
        self.plan_goals(self.next, self.journal.period_goals(self.next), [])
        self.ask(self.text_question("closing"))

    def beside(self, earlier: dict[str, str], key: str) -> None:
        """What was answered to this question five years ago, right before it is asked
        again, so that the root can be compared and not only the surface."""
        if earlier.get(key, "").strip():
            self.asker.show(self.p.text("text.beside", text=_flat(earlier[key], 200)))

    def previous_check(self) -> dict[str, str] | None:
        """The answers of the five-year check before this one, if there was one."""
        before = self.period.previous(self.journal.start_year)
        entry = self.journal.entry(KIND, before.label)
        return self.journal.answers(entry.id) if entry else None

    def before_lines(self, previous: dict[str, str] | None) -> list[str]:
        """The previous five-year check and every yearly check of the window, side by side."""
        p, y = self.p, load("year", self.p.language)
        lines = [p.text("text.before_heading")]
        before = self.period.previous(self.journal.start_year)
        if previous is not None:
            value = previous.get("value")
            lines.append(p.text("text.before_five", period=before.label))
            for key in ("onlooker", "desire", "fear", "positive", "problem"):
                if previous.get(key, "").strip():
                    lines.append(p.text(f"text.before_{key}", text=_flat(previous.get(key))))
            lines.append(p.text("text.before_value", value=_label(p, "value", value)))
        checks = self.journal.answers_by_period("year", self.period.start, self.period.end)
        for year in _years(self.period):
            answers = checks.get(year.label)
            if answers is None:
                continue
            lines.append(
                p.text(
                    "text.before_year",
                    period=year.label,
                    happy=_label(y, "happy", answers.get("happy")),
                    progress=_label(y, "progress", answers.get("progress")),
                    verdict=verdict_label(y, answers.get("verdict")),
                    decision=_label(y, "decision", answers.get("decision")),
                    motivation=_flat(answers.get("motivation")),
                )
            )
        if len(lines) == 1:
            lines.append(p.text("text.before_none"))
        return lines


def motivation_lines(journal: Journal, language: str, year_before: date | None = None) -> list[str]:
    """The method: every time you choose, go back to your motivation. What the person last
    wrote about it: the motivation, the problem and its value at the last finished five-year
    check, and the verdict and decision of the last finished yearly check (the last of a
    year before `year_before`, if given). Nothing when there is neither."""
    from punchin.reports.wrapping import fit_line

    p, y = load(KIND, language), load("year", language)
    lines: list[str] = []
    five = journal.latest_done(KIND)
    if five is not None:
        answers = journal.answers(five.id)
        said = [
            fit_line(p.text(f"recall.{key}", text=answers[key]))
            for key in ("positive", "problem")
            if answers.get(key, "").strip()
        ]
        if answers.get("value"):
            said.append(p.text("recall.value", value=_label(p, "value", answers["value"])))
        if said:
            lines += [p.text("recall.five", period=five.period), *said]
    year = journal.latest_done("year", before=year_before)
    if year is not None:
        answers = journal.answers(year.id)
        verdict = yearly_verdict(answers)
        other = answers.get("verdict_other", "").strip()
        if verdict == "neither" and other:
            found = other
        elif verdict:
            found = verdict_label(y, answers.get("verdict"))
        else:  # a happy year with progress is not asked for a verdict
            found = p.text("recall.year_fine")
        lines.append(fit_line(p.text("recall.year", period=year.period, verdict=found)))
        if answers.get("decision"):
            decision = _label(y, "decision", answers["decision"])
            lines.append(p.text("recall.decision", decision=decision))
        # a direction changed, or a motivation written, since the five-year check: the latest
        lines += [
            fit_line(p.text(f"recall.year_{key}", text=answers[key]))
            for key in ("direction", "motivation")
            if answers.get(key, "").strip()
        ]
    return [p.text("recall.heading"), *lines] if lines else []


def _years(window: Period) -> list[Period]:
    return [year_of(date(year, 1, 1)) for year in range(window.start.year, window.end.year + 1)]


def verdict_label(prompts: PromptSet, value: str | None) -> str:
    """A yearly verdict as it reads, older journals' words included."""
    legacy = f"legacy.verdict.{value}"
    return (
        prompts.text(legacy) if value and prompts.has(legacy) else _label(prompts, "verdict", value)
    )


def _label(prompts: PromptSet, question: str, value: str | None) -> str:
    if not value:
        return "—"
    choices = dict(prompts.choices(f"questions.{question}.choices"))
    return choices.get(value, value)


def _flat(text: str | None, width: int = 80) -> str:
    flat = " ".join((text or "").split()) or "—"
    return flat if len(flat) <= width else flat[: width - 1] + "…"
