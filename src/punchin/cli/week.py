"""`punchin week`: the Monday check-in, at a terminal or from an answers file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from punchin.cli.review import ReviewKind, Session, review_command
from punchin.models import Horizon

if TYPE_CHECKING:
    from punchin.periods import Period
    from punchin.reviews.planning import Outcome


def _saved(session: Session, result: Outcome, scripted: bool) -> list[str]:
    lines = [session.saved_line("ui.week_saved", result)]
    if result.answers.get("summary"):
        from punchin.reports.closing import closing_lines

        lines += closing_lines(result.answers["summary"], session.prompts, session.diagnosis)
    over = result.seconds / 60 - result.minutes_box
    if over >= 1 and not scripted:
        lines.append(session.ui.text("ui.week_over", over=round(over), minutes=result.minutes_box))
    return lines


def _first_week(ctx: click.Context, week: Period, scripted: bool) -> None:
    """A journal begun this week has no week to look back on: plan this one instead, and
    say when the first check-in is due."""
    from punchin.cli.app import App
    from punchin.cli.review import stop_cleanly
    from punchin.errors import NotYetOpen
    from punchin.periods import opens_on
    from punchin.reminders.due import weekly_slot
    from punchin.reviews.first_week import plan_first_week, when

    app = ctx.find_object(App)
    assert app is not None
    if scripted:  # an answers file answers a check-in; there is none to answer yet
        raise NotYetOpen("week", week.label, opens_on(week).isoformat(), first=True)
    journal, ui = app.journal(), app.prompts("ui")
    slot = when(weekly_slot(week, app.settings, app.now().tzinfo), ui)
    from punchin.cli.terminal import TerminalAsker

    with stop_cleanly(ctx, ui):
        planned = plan_first_week(journal, app.prompts("week"), ui, TerminalAsker(ui), week, slot)
    from punchin.cli.terminal import terminal_width
    from punchin.reports.wrapping import wrap

    click.echo()
    click.secho(
        wrap(
            ui.text(
                "ui.first_week_saved",
                period=planned.period,
                goals=planned.goals,
                count=planned.goals,
                slot=slot,
            ),
            terminal_width(),
        ),
        fg="green",
    )


def _dont_miss_twice(ctx: click.Context, session: Session, editor: bool) -> None:
    """Last week's check-in was skipped (or left half done): say so before this one begins
    and, at a terminal, offer to back-fill (or finish) it first with Enter, or to go on.
    Missing once is an accident; missing twice starts a new habit. A script is told, never
    asked."""
    from punchin.cli.review import conduct, say_saved, stop_cleanly
    from punchin.cli.terminal import TerminalAsker, at_terminal, terminal_width
    from punchin.models import EntryStatus
    from punchin.reports.wrapping import wrap
    from punchin.reviews.asking import Question

    journal, week, ui = session.journal, session.period, session.ui
    last = week.previous()
    started = journal.created_on()
    if journal.entry("week", week.label) is not None or started is None or last.end < started:
        return
    status = journal.status("week", last.label)
    if status is EntryStatus.DONE:
        return
    names = {"period": last.label, "current": week.label}
    if status is EntryStatus.IN_PROGRESS:
        said, first = "ui.unfinished_last_week", "ui.backfill_finish"
    else:
        missed, earlier = 1, last.previous()
        while (
            missed < 52 and earlier.end >= started and journal.status("week", earlier.label) is None
        ):
            missed, earlier = missed + 1, earlier.previous()
        said = "ui.missed_last_week" if missed == 1 else "ui.missed_weeks"
        names["count"] = str(missed)
        first = "ui.backfill_first"
    click.echo(wrap(ui.text(said, **names), terminal_width()))
    if not at_terminal():
        return
    question = Question(
        "backfill",
        ui.text("ui.backfill_question", **names),
        choices=(
            ("backfill", ui.text(first, **names)),
            ("go-on", ui.text("ui.backfill_go_on", **names)),
        ),
        default="backfill",
    )
    journal.release()  # nothing holds the journal while the person decides
    with stop_cleanly(ctx, ui):
        choice = TerminalAsker(ui).ask(question)
    if choice != "backfill":
        return
    back = session._replace(period=last)
    result = conduct(
        ctx, journal, "week", last.label, ui, "punchin week", back.conclude, None,
        amend=False, editor=editor,
    )  # fmt: skip
    say_saved(_saved(back, result, False))
    click.echo()


WEEK = ReviewKind(
    Horizon.WEEK,
    "The week to review: a date in it or 2026-W47 (default: the week just ended).",
    _saved,
    _first_week,
    _dont_miss_twice,
)


@review_command(WEEK)
def week() -> None:
    """The Monday check-in: review the week as your mentor would, in about 30 minutes.

    Walks through last week's commitments and goals; for each missed goal, finds out whether
    it was laziness, lack of ability, a motivation mismatch or something else, and records the
    remedy you choose as a commitment; then sets next week's goals. Every answer is saved as
    you give it: stop any time and run it again to continue.

    \b
    Examples:
      punchin week
      punchin week --on "last monday"        back-fill a missed week
      punchin week --answers-template > w.json && punchin week --answers w.json
      punchin week --on 2026-W47 --amend
    """
