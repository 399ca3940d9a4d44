"""`punchin week`: the Monday check-in, at a terminal or from an answers file."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from punchin.app import App
from punchin.errors import AnswersFileError, UsageError
from punchin.helptext import LocalizedCommand

if TYPE_CHECKING:
    from punchin.prompts import PromptSet
    from punchin.store import Journal


@click.command(cls=LocalizedCommand)
@click.option(
    "--on",
    metavar="DATE|WEEK",
    help="The week to review: a date in it or 2026-W47 (default: the week just ended).",
)
@click.option(
    "--answers",
    "answers_file",
    metavar="FILE",
    help="Answer from a JSON file ('-' for stdin) instead of the terminal.",
)
@click.option(
    "--answers-template",
    is_flag=True,
    help="Print the JSON skeleton for that week's --answers file, and stop.",
)
@click.option("--editor", is_flag=True, help="Write the long answers in $EDITOR.")
@click.option("--amend", is_flag=True, help="Reopen a finished check-in and change answers.")
@click.pass_context
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
    from punchin.errors import AlreadyFinished
    from punchin.models import Horizon
    from punchin.periods import resolve, review_week
    from punchin.weekly import WeeklyCheckIn

    app = ctx.find_object(App)
    assert app is not None
    asker_file = None
    if answers_file is not None:
        from punchin.asking import FileAsker

        asker_file = FileAsker.from_path(answers_file)
        on = _period_from_file(asker_file.data, on)
    journal = app.journal()
    period = (
        resolve(on, app.today(), Horizon.WEEK, journal.start_year)
        if on
        else review_week(app.today())
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
    try:
        if asker_file is not None:
            flow = WeeklyCheckIn(
                journal,
                week_prompts,
                diagnosis,
                asker_file,
                period,
                minutes=minutes,
                amend=amend,
                resume=False,
            )
            with journal.transaction():  # an answers file goes in whole or not at all
                result = flow.run_week()
        else:
            from punchin.terminal import TerminalAsker

            asker = TerminalAsker(ui, editor=editor)
            resume = _offer_resume(journal, period.label, ui, amend)
            flow = WeeklyCheckIn(
                journal,
                week_prompts,
                diagnosis,
                asker,
                period,
                minutes=minutes,
                amend=amend,
                resume=resume,
            )
            result = flow.run_week()
    except AlreadyFinished:
        raise UsageError(ui.text("ui.week_finished", period=period.label)) from None
    except (click.Abort, KeyboardInterrupt, EOFError):
        entry = journal.entry("week", period.label)
        count = len(journal.answers(entry.id)) if entry else 0
        click.echo("", err=True)
        click.echo(ui.text("ui.stopped", count=count, period=period.label), err=True)
        ctx.exit(130)
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


def _period_from_file(data: dict[str, object], on: str | None) -> str | None:
    """The file's "period" names the week when --on does not; they must agree if both do."""
    in_file = data.get("period")
    if in_file is None or in_file == "":
        return on
    if not isinstance(in_file, str):
        raise AnswersFileError(
            f"the answers file's period must be text like 2026-W47, not {in_file!r}"
        )
    if on is not None and on.strip().upper() != in_file.strip().upper():
        from punchin.periods import parse_period_label

        given = parse_period_label(on)
        if given is None or given.label != in_file.strip().upper():
            raise UsageError(
                f"--on {on} and the answers file's period {in_file} disagree",
                key="period_disagree",
                on=on,
                period=in_file,
            )
    return in_file


def _offer_resume(journal: Journal, label: str, ui: PromptSet, amend: bool) -> bool:
    """A half-done check-in: continue where it stopped, or go through it again."""
    if amend:
        return False
    entry = journal.entry("week", label)
    if entry is None or entry.status.value == "done":
        return True
    count = len(journal.answers(entry.id))
    if count == 0:
        return True
    return bool(click.confirm(ui.text("ui.resume_offer", period=label, count=count), default=True))
