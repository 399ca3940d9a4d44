"""`punchin week`: the Monday check-in, at a terminal or from an answers file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from punchin.cli.helptext import LocalizedCommand
from punchin.cli.review import review_options

if TYPE_CHECKING:
    from punchin.periods import Period


@click.command(cls=LocalizedCommand)
@review_options(
    "DATE|WEEK", "The week to review: a date in it or 2026-W47 (default: the week just ended)."
)
def week(
    ctx: click.Context,
    on: str | None,
    answers_file: str | None,
    answers_template: bool,
    editor: bool,
    amend: bool,
    discard: bool,
) -> None:
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
    import json

    from punchin.cli.review import FirstDays, conduct, start_review
    from punchin.models import Horizon
    from punchin.periods import review_week
    from punchin.reviews.weekly import KIND, WeeklyCheckIn

    if discard:
        from punchin.cli.review import discard_review

        discard_review(ctx, Horizon.WEEK, on)
        return

    try:
        app, journal, period, asker_file = start_review(
            ctx,
            Horizon.WEEK,
            answers_file,
            on,
            lambda today, _: review_week(today),
            check_open=not answers_template,
        )
    except FirstDays as first:
        _first_week(ctx, first.current, answers_file is not None)
        return
    week_prompts = app.prompts("week")
    diagnosis = app.prompts("diagnosis")
    ui = app.prompts("ui")
    if answers_template:
        from punchin.reviews.week_template import week_template

        template = week_template(journal, week_prompts, diagnosis, ui, period)
        click.echo(json.dumps(template, indent=2, ensure_ascii=False))
        return
    minutes = app.settings.weekly_minutes
    result = conduct(
        ctx,
        journal,
        KIND,
        period.label,
        ui,
        "punchin week",
        lambda asker, resume: WeeklyCheckIn(
            journal,
            week_prompts,
            diagnosis,
            asker,
            period,
            minutes=minutes,
            amend=amend,
            resume=resume,
        ).run_week(),
        asker_file,
        amend=amend,
        editor=editor,
    )
    click.echo()
    click.secho(
        ui.text(
            "ui.week_saved",
            period=result.period,
            done=result.done,
            partly=result.partly,
            missed=result.missed,
            commitments=result.commitments,
            minutes=round(result.seconds / 60),
        ),
        fg="green",
    )
    over = result.seconds / 60 - result.minutes_box
    if over >= 1 and asker_file is None:
        click.echo(ui.text("ui.week_over", over=round(over), minutes=result.minutes_box))


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
