"""`punchin quarter`: the quarterly review, at a terminal or from an answers file."""

from __future__ import annotations

import click

from punchin.cli.helptext import LocalizedCommand
from punchin.cli.review import review_options


@click.command(cls=LocalizedCommand)
@review_options(
    "DATE|QUARTER", "The quarter to review: a date in it or 2026-Q3 (default: the one just ended)."
)
def quarter(
    ctx: click.Context,
    on: str | None,
    answers_file: str | None,
    answers_template: bool,
    editor: bool,
    amend: bool,
    discard: bool,
) -> None:
    """The quarterly review: re-read the quarter's weeks, close its goals, plan the next.

    First shows every weekly check-in of the quarter and the patterns across them (causes of
    misses, remedies and whether they worked, the check-in streak); then closes each quarter
    goal with a score from 0 to 1.0, diagnoses each miss, and plans the next quarter: carry
    over, rewrite or drop what is unfinished, and add new goals.

    \b
    Examples:
      punchin quarter
      punchin quarter --on 2026-Q3
      punchin quarter --answers-template > q.json && punchin quarter --answers q.json
    """
    import json

    from punchin.cli.review import conduct, start_review
    from punchin.models import Horizon
    from punchin.periods import review_quarter
    from punchin.reviews.quarterly import KIND, MINUTES, QuarterlyReview

    if discard:
        from punchin.cli.review import discard_review

        discard_review(ctx, Horizon.QUARTER, on)
        return

    app, journal, period, asker_file = start_review(
        ctx,
        Horizon.QUARTER,
        answers_file,
        on,
        lambda today, _: review_quarter(today),
        check_open=not answers_template,
    )
    today = app.today()
    prompts = app.prompts("quarter")
    diagnosis = app.prompts("diagnosis")
    ui = app.prompts("ui")
    if answers_template:
        from punchin.reviews.quarter_template import quarter_template

        template = quarter_template(journal, prompts, diagnosis, ui, period)
        click.echo(json.dumps(template, indent=2, ensure_ascii=False))
        return
    result = conduct(
        ctx,
        journal,
        KIND,
        period.label,
        ui,
        "punchin quarter",
        lambda asker, resume: QuarterlyReview(
            journal,
            prompts,
            diagnosis,
            asker,
            period,
            minutes=MINUTES,
            amend=amend,
            resume=resume,
            today=today,
            week_minutes=app.settings.weekly_minutes,
        ).run_quarter(),
        asker_file,
        amend=amend,
        editor=editor,
    )
    score = "—" if result.average_score is None else f"{result.average_score:.2f}"
    click.echo()
    click.secho(
        ui.text(
            "ui.quarter_saved",
            period=result.period,
            done=result.done,
            partly=result.partly,
            missed=result.missed,
            score=score,
            next=period.next().label,
            goals=result.next_goals,
            minutes=round(result.seconds / 60),
        ),
        fg="green",
    )
