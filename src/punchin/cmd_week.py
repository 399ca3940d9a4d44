"""`punchin week`: the Monday check-in, at a terminal or from an answers file."""

from __future__ import annotations

import click

from punchin.helptext import LocalizedCommand
from punchin.review_cli import review_options


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

    from punchin.models import Horizon
    from punchin.periods import review_week
    from punchin.review_cli import conduct, start_review
    from punchin.weekly import KIND, WeeklyCheckIn

    app, journal, period, asker_file = start_review(
        ctx, Horizon.WEEK, answers_file, on, lambda today, _: review_week(today)
    )
    week_prompts = app.prompts("week")
    diagnosis = app.prompts("diagnosis")
    ui = app.prompts("ui")
    if answers_template:
        from punchin.week_template import week_template

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
