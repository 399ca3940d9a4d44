"""`punchin year` and `punchin five-year`: the motivation checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from punchin.cli.helptext import LocalizedCommand
from punchin.cli.review import conduct, review_options, start_review

if TYPE_CHECKING:
    from punchin.periods import Period
    from punchin.prompts import PromptSet
    from punchin.store import Journal


@click.command(cls=LocalizedCommand)
@review_options(
    "DATE|YEAR", "The year to look back on: a date in it or 2025 (default: the one just ended)."
)
def year(
    ctx: click.Context,
    on: str | None,
    answers_file: str | None,
    answers_template: bool,
    editor: bool,
    amend: bool,
    discard: bool,
) -> None:
    """The yearly motivation check: was the year happy, was there progress, and why not?

    Shows the year from your journal (check-ins, goals, causes of misses, quarter by quarter),
    closes the year's goals, and asks the method's question for a year that went wrong: was
    the motivation not strong enough or the timing not ripe (push harder), or does it not fit
    reality (change direction)? Records the verdict, the decision and next year's goals.

    \b
    Examples:
      punchin year
      punchin year --on 2025
      punchin year --answers-template > y.json && punchin year --answers y.json
    """
    from punchin.models import Horizon
    from punchin.periods import review_year
    from punchin.reviews.yearly import KIND, MINUTES, YearlyCheck

    if discard:
        from punchin.cli.review import discard_review

        discard_review(ctx, Horizon.YEAR, on)
        return

    app, journal, period, asker_file = start_review(
        ctx,
        Horizon.YEAR,
        answers_file,
        on,
        lambda today, _: review_year(today),
        check_open=not answers_template,  # a template may be filled in ahead of time
    )
    prompts, ui = app.prompts("year"), app.prompts("ui")
    if answers_template:
        _print_template(journal, prompts, ui, KIND, period)
        return
    result = conduct(
        ctx,
        journal,
        KIND,
        period.label,
        ui,
        "punchin year",
        lambda asker, resume: YearlyCheck(
            journal,
            prompts,
            app.prompts("diagnosis"),
            asker,
            period,
            minutes=MINUTES,
            amend=amend,
            resume=resume,
            today=app.today(),
            week_minutes=app.settings.weekly_minutes,
            drift=app.prompts("drift"),
        ).run_year(),
        asker_file,
        amend=amend,
        editor=editor,
    )
    decision = prompts.text(f"questions.decision.choices.{result.decision}")
    click.echo()
    click.secho(
        ui.text(
            "ui.year_saved",
            period=result.period,
            decision=decision,
            next=period.next().label,
            goals=result.next_goals,
            minutes=round(result.seconds / 60),
        ),
        fg="green",
    )


@click.command("five-year", cls=LocalizedCommand)
@review_options(
    "DATE|WINDOW",
    "The five-year window to look back on: a date in it or 2021-2025 "
    "(default: the one just ended).",
)
def five_year(
    ctx: click.Context,
    on: str | None,
    answers_file: str | None,
    answers_template: bool,
    editor: bool,
    amend: bool,
    discard: bool,
) -> None:
    """The five-yearly motivation check: your deep desire and fear, turned positive.

    Shows what you wrote at the previous five-year check and at each yearly check since;
    then asks what you would least like to recall or share, the desire or fear behind it, the
    positive motivation it can become, the problem you want to solve and its value (academic,
    commercial or growth), what changed, and the next five years' goals.

    \b
    Examples:
      punchin five-year
      punchin five-year --on 2021-2025
      punchin five-year --answers-template > f.json && punchin five-year --answers f.json
    """
    from punchin.models import Horizon
    from punchin.periods import review_window
    from punchin.reviews.fiveyear import KIND, MINUTES, FiveYearCheck

    if discard:
        from punchin.cli.review import discard_review

        discard_review(ctx, Horizon.FIVE_YEAR, on)
        return

    app, journal, period, asker_file = start_review(
        ctx,
        Horizon.FIVE_YEAR,
        answers_file,
        on,
        review_window,
        check_open=not answers_template,
    )
    prompts, ui = app.prompts("five-year"), app.prompts("ui")
    if answers_template:
        _print_template(journal, prompts, ui, KIND, period)
        return
    result = conduct(
        ctx,
        journal,
        KIND,
        period.label,
        ui,
        "punchin five-year",
        lambda asker, resume: FiveYearCheck(
            journal,
            prompts,
            app.prompts("diagnosis"),
            asker,
            period,
            minutes=MINUTES,
            amend=amend,
            resume=resume,
            today=app.today(),
            year_prompts=app.prompts("year"),
            drift=app.prompts("drift"),
        ).run_five_year(),
        asker_file,
        amend=amend,
        editor=editor,
    )
    click.echo()
    click.secho(
        ui.text(
            "ui.five_year_saved",
            period=result.period,
            next=period.next(journal.start_year).label,
            goals=result.next_goals,
            minutes=round(result.seconds / 60),
        ),
        fg="green",
    )


def _print_template(
    journal: Journal, prompts: PromptSet, ui: PromptSet, kind: str, period: Period
) -> None:
    import json

    from punchin.reviews.motivation_template import motivation_template

    template = motivation_template(journal, prompts, ui, kind, period)
    click.echo(json.dumps(template, indent=2, ensure_ascii=False))
