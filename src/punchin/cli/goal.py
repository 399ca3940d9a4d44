"""`punchin goal add/list/done/miss/drop/edit`: goals on four horizons, and spans you name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from punchin.cli.app import App, echo_json, json_option, pass_app, when_given
from punchin.cli.completion import LABELLED, goal_ids, periods_of
from punchin.cli.helptext import LocalizedGroup
from punchin.errors import UsageError

if TYPE_CHECKING:
    from punchin.models import Goal, Horizon
    from punchin.periods import Period
    from punchin.store import Journal

HORIZONS = ("week", "quarter", "year", "five-year", "span")
STATUSES = ("open", "done", "partly", "missed", "dropped")
_ON_HELP = (
    "A date (2026-11-16, 'last monday') or a period (2026-W48, 2026-Q4, 2026, 2026-2030, "
    "or a span such as a degree: 2024-09..2028-06)."
)

any_period = periods_of(*LABELLED)


def _period(app: App, journal: Journal, on: str | None, horizon: str | None) -> Period:
    """The period a goal belongs to; a period label also implies the horizon."""
    from punchin.models import Horizon
    from punchin.periods import parse_period_label, parse_period_word, period_of, resolve

    anchor = journal.start_year
    chosen = Horizon(horizon) if horizon else None
    if on is None:
        return period_of(app.today(), chosen or Horizon.WEEK, anchor)
    if chosen is None:
        label = parse_period_label(on, anchor) or parse_period_word(on, app.today())
        chosen = label.horizon if label else Horizon.WEEK
    return resolve(on, app.today(), chosen, anchor)


def _check_parent(child: Horizon, parent: Goal) -> None:
    from punchin.models import HORIZON_RANK

    if HORIZON_RANK[parent.horizon.value] <= HORIZON_RANK[child.value]:
        raise UsageError(
            f"a {child.value} goal can only serve a goal of a longer horizon; "
            f"{parent.short_id} is a {parent.horizon.value} goal",
            key="parent_horizon",
            child=child.value,
            parent=parent.short_id,
            horizon=parent.horizon.value,
        )


@click.group(cls=LocalizedGroup)
def goal() -> None:
    """Goals on four horizons (week, quarter, year, five-year) and on spans you name.

    A span is a stretch with its own goal, like the four years of a degree: `--on
    2024-09..2028-06`. Year, quarter and week goals can serve it.

    \b
    Example: punchin goal add "Submit the paper" --on 2026-Q4 --why "become independent"
    """


@goal.command("add")
@click.argument("title")
@click.option(
    "-H",
    "--horizon",
    type=click.Choice(HORIZONS),
    help="Default: week, or the kind of period given with --on.",
)
@click.option(
    "--on",
    metavar="DATE|PERIOD",
    shell_complete=any_period,
    callback=when_given,
    help=_ON_HELP + " Default: the current one.",
)
@click.option("--parent", metavar="ID", help="The longer-horizon goal this one serves.")
@click.option("--why", help="The motivation it serves.")
@click.option("--measure", help="How you will know it is done.")
@click.option("--private", is_flag=True, help="Never in a shared report, nor anything under it.")
@pass_app
def goal_add(
    app: App,
    title: str,
    horizon: str | None,
    on: str | None,
    parent: str | None,
    why: str | None,
    measure: str | None,
    private: bool,
) -> None:
    """Add a goal.

    \b
    Examples:
      punchin goal add "Write 2,000 words of chapter 2"
      punchin goal add "Finish the thesis draft" --on 2026-Q4 --measure "all chapters sent"
      punchin goal add "Run 3 times" --on 2026-W48 --parent 9ab12cd
    """
    journal = app.journal()
    period = _period(app, journal, on, horizon)
    parent_id = None
    if parent:
        parent_goal = journal.goal(parent)
        _check_parent(period.horizon, parent_goal)
        parent_id = parent_goal.id
    with journal.transaction():  # added private, or not at all
        added = journal.add_goal(
            title, period, parent_id=parent_id, why=why or None, measure=measure or None
        )
        if private:
            added = journal.update_goal(added.id, private=True)
    ui = app.prompts("ui")
    click.echo(
        ui.text(
            "ui.goal_added",
            horizon=ui.text(f"ui.horizon_{added.horizon.value}"),
            id=added.short_id,
            period=added.period,
            title=added.title,
        )
    )


@goal.command("list")
@click.option("-H", "--horizon", type=click.Choice(HORIZONS), help="Only this horizon.")
@click.option(
    "--on",
    metavar="DATE|PERIOD",
    shell_complete=any_period,
    callback=when_given,
    help="Only this period. " + _ON_HELP,
)
@click.option(
    "-s",
    "--status",
    type=click.Choice(STATUSES),
    multiple=True,
    help="Only these statuses (repeatable).",
)
@click.option("-a", "--all", "show_all", is_flag=True, help="Every period, not just the current.")
@json_option
@pass_app
def goal_list(
    app: App,
    horizon: str | None,
    on: str | None,
    status: tuple[str, ...],
    show_all: bool,
    as_json: bool,
) -> None:
    """List goals: by default those of the current week, quarter, year and five years.

    \b
    Examples:
      punchin goal list
      punchin goal list --on 2026-Q4 --status missed --json
    """

    from punchin.models import GoalStatus, Horizon
    from punchin.periods import period_of
    from punchin.reports import views

    journal = app.journal()
    periods: list[str] | None = None
    if on is not None:
        periods = [_period(app, journal, on, horizon).label]
    elif not show_all:
        chosen = [Horizon(horizon)] if horizon else list(Horizon)
        periods = [
            period_of(app.today(), h, journal.start_year).label
            for h in chosen
            if h is not Horizon.SPAN
        ]
        if Horizon.SPAN in chosen:  # the spans under way today
            periods += journal.spans_overlapping(app.today(), app.today())
    goals = journal.goals(
        horizon=Horizon(horizon) if horizon else None,
        periods=periods,
        statuses=[GoalStatus(s) for s in status] if status else None,
    )
    if as_json:
        echo_json([views.goal_json(g) for g in goals])
    elif goals:
        click.echo("\n".join(views.goal_list(journal, goals, app.prompts("ui"))))
    else:
        click.echo(app.prompts("ui").text("ui.no_goals"))


def _mark(app: App, goal_id: str, status: str, progress: float | None, message: str) -> None:
    """Set a goal's status (and progress) and say so in the user's language."""
    from punchin.models import GoalStatus

    journal = app.journal()
    found = journal.goal(goal_id)
    fields: dict[str, object] = {"status": GoalStatus(status)}
    if progress is not None:
        fields["progress"] = progress
    updated = journal.update_goal(found.id, **fields)
    percent = round((progress or 0) * 100)
    click.echo(
        app.prompts("ui").text(message, id=updated.short_id, title=updated.title, progress=percent)
    )


@goal.command("done")
@click.argument("goal_id", metavar="ID", shell_complete=goal_ids)
@pass_app
def goal_done(app: App, goal_id: str) -> None:
    """Mark a goal done.

    \b
    Example: punchin goal done 3fa2c1e
    """
    _mark(app, goal_id, "done", 1.0, "ui.goal_done")


@goal.command("miss")
@click.argument("goal_id", metavar="ID", shell_complete=goal_ids)
@click.option(
    "--progress",
    metavar="SHARE",
    help="How far you got, like 0.4 or 40%; above 0 marks it partly done.",
)
@pass_app
def goal_miss(app: App, goal_id: str, progress: str | None) -> None:
    """Mark a goal missed (or partly done with --progress); the check-in asks why.

    \b
    Example: punchin goal miss 3fa2c1e --progress 40%
    """
    share = _share(progress) if progress is not None else 0.0
    if share:
        _mark(app, goal_id, "partly", share, "ui.goal_partly")
    else:
        _mark(app, goal_id, "missed", 0.0, "ui.goal_missed")


def _share(text: str) -> float:
    """--progress read like every score and progress (`asking.read_share`)."""
    from punchin.reviews.asking import Refusal, read_share

    found = read_share(text)
    if isinstance(found, Refusal):
        raise UsageError(
            f"--progress {text}: {found.english()}",
            key=f"progress_{found.kind}",
            text=text,
            **found.values,
        )
    if found is None:
        raise UsageError(
            f"--progress {text}: write how far you got, like 0.4 or 40%",
            key="progress_unreadable",
            text=text,
        )
    return float(found)


@goal.command("drop")
@click.argument("goal_id", metavar="ID", shell_complete=goal_ids)
@pass_app
def goal_drop(app: App, goal_id: str) -> None:
    """Drop a goal you no longer pursue (it stays in the journal, marked dropped).

    \b
    Example: punchin goal drop 3fa2c1e
    """
    _mark(app, goal_id, "dropped", None, "ui.goal_dropped")


@goal.command("edit")
@click.argument("goal_id", metavar="ID", shell_complete=goal_ids)
@click.option("--title", help="New title.")
@click.option("--why", help="New motivation ('' clears it).")
@click.option("--measure", help="New measure of done ('' clears it).")
@click.option("--parent", metavar="ID", help="New parent goal ('' clears it).")
@click.option(
    "--on",
    metavar="DATE|PERIOD",
    shell_complete=any_period,
    callback=when_given,
    help="Move to another period of the same horizon.",
)
@click.option("--status", type=click.Choice(STATUSES), help="Set the status directly.")
@click.option(
    "--private/--not-private",
    default=None,
    help="Keep it (and everything under it) out of shared reports, or let it in again.",
)
@pass_app
def goal_edit(
    app: App,
    goal_id: str,
    title: str | None,
    why: str | None,
    measure: str | None,
    parent: str | None,
    on: str | None,
    status: str | None,
    private: bool | None,
) -> None:
    """Change a goal's title, motivation, measure, parent, period, status or privacy.

    \b
    Examples:
      punchin goal edit 3fa2c1e --why "to finish the PhD on time" --on 2026-W49
      punchin goal edit 3fa2c1e --private     never in `report --share`
    """
    journal = app.journal()
    found = journal.goal(goal_id)
    fields: dict[str, object] = {}
    if title is not None:
        fields["title"] = title
    if why is not None:
        fields["why"] = why or None
    if measure is not None:
        fields["measure"] = measure or None
    if status is not None:
        fields["status"] = status
    if private is not None:
        fields["private"] = private
    if on is not None:
        fields["period"] = _period(app, journal, on, found.horizon.value)
    if parent is not None:
        if parent:
            parent_goal = journal.goal(parent)
            _check_parent(found.horizon, parent_goal)
            fields["parent_id"] = parent_goal.id
        else:
            fields["parent_id"] = None
    if not fields:
        raise UsageError(
            "nothing to change: give --title, --why, --measure, --parent, --on, --status or "
            "--private",
            key="nothing_to_change",
        )
    updated = journal.update_goal(found.id, **fields)
    ui = app.prompts("ui")
    click.echo(
        ui.text(
            "ui.goal_updated",
            id=updated.short_id,
            period=updated.period,
            horizon=ui.text(f"ui.horizon_{updated.horizon.value}"),
            title=updated.title,
        )
    )
    if private is False and updated.id in journal.private_goal_ids():
        click.echo(ui.text("ui.still_private", id=updated.short_id))
