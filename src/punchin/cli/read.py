"""`punchin show`, `punchin log` and `punchin search`: reading the journal back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from punchin.cli.app import App, echo_json, json_option, limit_option, pass_app, when_given
from punchin.cli.completion import LABELLED, periods_of
from punchin.cli.helptext import LocalizedCommand

if TYPE_CHECKING:
    from punchin.models import Entry
    from punchin.store import Journal


@click.command(cls=LocalizedCommand)
@click.argument("period", nargs=-1, shell_complete=periods_of(*LABELLED), callback=when_given)
@json_option
@pass_app
def show(app: App, period: tuple[str, ...], as_json: bool) -> None:
    """Show one period: a week's check-in; a quarter, year or five-year window with its own
    review and its goals and weeks; a span's goals; or a path assessment (`paths [DATE]`).

    \b
    Examples:
      punchin show                 the week just reviewed
      punchin show 2026-W47
      punchin show last monday
      punchin show 2026-Q4
      punchin show 2026            the year, with its yearly check
      punchin show paths           the latest path assessment
    """
    from punchin.models import Horizon
    from punchin.periods import parse_period_label, parse_period_word, resolve, review_week
    from punchin.reports import views

    journal = app.journal()
    text = " ".join(period)
    if text.split()[:1] == ["paths"]:
        _show_assessment(app, text.split()[1:], as_json)
        return
    if not text:
        chosen = review_week(app.today())
    else:
        label = parse_period_label(text, journal.start_year) or parse_period_word(text, app.today())
        chosen = label or resolve(text, app.today(), Horizon.WEEK, journal.start_year)
    kind = None if chosen.horizon is Horizon.SPAN else chosen.horizon.value
    entry = journal.entry(kind, chosen.label) if kind else None
    if as_json:
        _echo_json(
            app,
            chosen.label,
            entry,
            [views.goal_json(g) for g in journal.goals(periods=[chosen.label])],
        )
        return
    ui = app.prompts("ui")
    if chosen.horizon is Horizon.WEEK:
        lines = views.show_week(journal, chosen, app.prompts("diagnosis"), ui, app.prompts("week"))
    else:
        lines = views.show_span(journal, chosen, ui, _review_lines(app, entry))
    click.echo("\n".join(lines))


def _review_lines(app: App, entry: Entry | None) -> list[str]:
    """A quarter's, year's or five years' own review, each answer under its question."""
    if entry is None:
        return []
    from punchin.reports import readback

    journal = app.journal()
    ui = app.prompts("ui")
    items = readback.answered(
        journal.answers(entry.id),
        app.prompts(entry.kind),
        app.prompts("diagnosis"),
        _title_of(journal),
    )
    status = ui.text("ui.show_done" if entry.status.value == "done" else "ui.show_in_progress")
    return ["", f"_{ui.text(f'ui.kind_{entry.kind}')} · {status}_", *readback.markdown(items)]


def _show_assessment(app: App, when: list[str], as_json: bool) -> None:
    """The latest path assessment, or the one made on a given day."""
    from punchin.errors import NotFoundError
    from punchin.periods import parse_date
    from punchin.reports import readback

    journal = app.journal()
    entries = journal.entries(kind="paths", limit=1000)
    if when:
        day = parse_date(" ".join(when), app.today()).isoformat()
        entries = [e for e in entries if e.period == day]
    if not entries:
        raise NotFoundError(
            "no path assessment found: make one with `punchin paths --assess`",
            key="no_assessment",
        )
    entry = entries[0]
    if as_json:
        _echo_json(app, entry.period, entry, [])
        return
    ui = app.prompts("ui")
    items = readback.answered(
        journal.answers(entry.id), app.prompts("paths"), None, _title_of(journal)
    )
    lines = [f"# {ui.text('ui.kind_paths')} · {entry.period}", *readback.markdown(items)]
    click.echo("\n".join(lines))


def _title_of(journal: Journal) -> Callable[[str], str | None]:
    def title(goal_id: str) -> str | None:
        goal = journal.goal_or_none(goal_id)
        return goal.title if goal else None

    return title


def _echo_json(app: App, period: str, entry: Entry | None, goals: list[dict[str, object]]) -> None:

    from punchin.reports import readback

    journal = app.journal()
    answers = journal.answers(entry.id) if entry else {}
    read: list[dict[str, str]] = []
    if entry is not None:
        diagnosis = app.prompts("diagnosis") if entry.kind != "paths" else None
        items = readback.answered(answers, app.prompts(entry.kind), diagnosis, _title_of(journal))
        read = [{"question": item.heading, "answer": item.text} for item in items]
    echo_json(
        {
            "period": period,
            "entry": entry._asdict() if entry else None,
            "answers": answers,
            "read": read,
            "goals": goals,
        },
    )


@click.command(cls=LocalizedCommand)
@click.option(
    "--since",
    metavar="DATE",
    callback=when_given,
    help="Only periods ending on or after this date.",
)
@limit_option(20, "At most this many entries.")
@json_option
@pass_app
def log(app: App, since: str | None, limit: int, as_json: bool) -> None:
    """List check-ins, newest first, one line each.

    \b
    Examples:
      punchin log
      punchin log --since 2026-01-01 -n 100
    """

    from punchin.periods import parse_date, parse_period_label
    from punchin.reports import views

    journal = app.journal()
    start = None
    if since:
        label = parse_period_label(since, journal.start_year)
        start = label.start if label else parse_date(since, app.today())
    entries = journal.entries(since=start, limit=limit)
    if as_json:
        echo_json(
            [e._asdict() | {"answers": journal.answers(e.id)} for e in entries],
        )
        return
    ui = app.prompts("ui")
    if not entries:
        click.echo(ui.text("ui.no_entries"))
    for entry in entries:
        click.echo(views.entry_line(entry, journal.answers(entry.id), ui))


@click.command(cls=LocalizedCommand)
@click.argument("text", nargs=-1, required=True)
@limit_option(50, "At most this many answers and goals each.")
@json_option
@pass_app
def search(app: App, text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Find answers and goals containing every word given, in any language.

    \b
    Examples:
      punchin search library partner
      punchin search 动机
    """

    from punchin.reports import views

    journal = app.journal()
    query = " ".join(text)
    hits = journal.search(query, limit=limit)
    if as_json:
        echo_json([h._asdict() for h in hits])
        return
    if not hits:
        click.echo(app.prompts("ui").text("ui.no_matches", text=query))
        return
    from punchin.reports import readback

    diagnosis = app.prompts("diagnosis")

    def in_words(kind: str, key: str, value: str) -> str:
        found = readback.answered({key: value}, app.prompts(kind), diagnosis, lambda _: None)
        return found[0].text if found else value

    click.echo("\n".join(views.search_lines(hits, query, app.prompts("ui"), in_words)))
