"""`punchin show`, `punchin log` and `punchin search`: reading the journal back."""

from __future__ import annotations

import click

from punchin.app import App, pass_app
from punchin.helptext import LocalizedCommand


@click.command(cls=LocalizedCommand)
@click.argument("period", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def show(app: App, period: tuple[str, ...], as_json: bool) -> None:
    """Show one period: a week's check-in, or a quarter's, year's or window's goals and weeks.

    \b
    Examples:
      punchin show                 the week just reviewed
      punchin show 2026-W47
      punchin show last monday
      punchin show 2026-Q4
    """
    import json

    from punchin import views
    from punchin.models import Horizon
    from punchin.periods import parse_period_label, resolve, review_week

    journal = app.journal()
    text = " ".join(period)
    if not text:
        chosen = review_week(app.today())
    else:
        label = parse_period_label(text, journal.start_year)
        chosen = label or resolve(text, app.today(), Horizon.WEEK, journal.start_year)
    if as_json:
        entry = journal.entry("week", chosen.label) if chosen.horizon is Horizon.WEEK else None
        click.echo(
            json.dumps(
                {
                    "period": chosen.label,
                    "entry": entry._asdict() if entry else None,
                    "answers": journal.answers(entry.id) if entry else {},
                    "goals": [views.goal_json(g) for g in journal.goals(periods=[chosen.label])],
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return
    ui = app.prompts("ui")
    if chosen.horizon is Horizon.WEEK:
        lines = views.show_week(journal, chosen, app.prompts("diagnosis"), ui)
    else:
        lines = views.show_span(journal, chosen, ui)
    click.echo("\n".join(lines))


@click.command(cls=LocalizedCommand)
@click.option("--since", metavar="DATE", help="Only periods ending on or after this date.")
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="At most this many entries.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def log(app: App, since: str | None, limit: int, as_json: bool) -> None:
    """List check-ins, newest first, one line each.

    \b
    Examples:
      punchin log
      punchin log --since 2026-01-01 -n 100
    """
    import json

    from punchin import views
    from punchin.periods import parse_date, parse_period_label

    journal = app.journal()
    start = None
    if since:
        label = parse_period_label(since, journal.start_year)
        start = label.start if label else parse_date(since, app.today())
    entries = journal.entries(since=start, limit=limit)
    if as_json:
        click.echo(
            json.dumps(
                [e._asdict() | {"answers": journal.answers(e.id)} for e in entries],
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return
    ui = app.prompts("ui")
    if not entries:
        click.echo(ui.text("ui.no_entries"))
    for entry in entries:
        click.echo(views.entry_line(entry, journal.answers(entry.id), ui))


@click.command(cls=LocalizedCommand)
@click.argument("text", nargs=-1, required=True)
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    help="At most this many answers and goals each.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def search(app: App, text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Find answers and goals containing every word given, in any language.

    \b
    Examples:
      punchin search library partner
      punchin search 动机
    """
    import json

    from punchin import views

    journal = app.journal()
    query = " ".join(text)
    hits = journal.search(query, limit=limit)
    if as_json:
        click.echo(json.dumps([h._asdict() for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo(app.prompts("ui").text("ui.no_matches", text=query))
        return
    click.echo("\n".join(views.search_lines(hits, query, app.prompts("ui"))))
