"""`punchin report`: a week, quarter or year as Markdown, a self-contained HTML page, or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from punchin.cli.app import App, format_option, output_option, pass_app
from punchin.cli.completion import LABELLED, periods_of
from punchin.cli.helptext import LocalizedCommand

KINDS = ("week", "quarter", "year")
FORMATS = ("md", "html", "json")


@click.command(cls=LocalizedCommand)
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("period", nargs=-1, shell_complete=periods_of(*LABELLED))
@format_option(FORMATS, "md to read, html for a page with charts, json for other tools.")
@output_option("Write to FILE (created private) instead.")
@click.option("--open", "open_it", is_flag=True, help="Open the report when it is written.")
@pass_app
def report(
    app: App, kind: str, period: tuple[str, ...], fmt: str, output: str | None, open_it: bool
) -> None:
    """A review report of a week, a quarter or a year.

    The quarter and year reports show every week, the goals and their scores, the causes of
    misses, the remedies and whether they worked, and what stands out; the HTML page adds
    charts and opens with no network.

    \b
    Examples:
      punchin report quarter                     the quarter just reviewed, in the terminal
      punchin report week 2026-W47
      punchin report quarter 2026-Q3 -f html -o q3.html --open
      punchin report year 2026 --format json
    """
    from punchin.models import Horizon
    from punchin.periods import report_year, resolve, review_quarter, review_week
    from punchin.reports import data as reports
    from punchin.reports import render
    from punchin.reports.words import Words

    journal = app.journal()
    today = app.today()
    horizon = Horizon(kind)
    text = " ".join(period)
    if text:
        chosen = resolve(text, today, horizon, journal.start_year)
    else:
        chosen = {"week": review_week, "quarter": review_quarter, "year": report_year}[kind](today)
    data = reports.build(journal, chosen, today, app.settings.weekly_minutes)
    words = Words(
        app.prompts("report"), app.prompts("diagnosis"), app.prompts("quarter"), app.prompts("year")
    )
    to_stdout = output == "-" or (output is None and not open_it)
    # Markdown read in a terminal is laid out for its width; a file or a pipe keeps full tables.
    width = _terminal_width() if fmt == "md" and to_stdout and sys.stdout.isatty() else None
    if fmt == "json":
        document = render.to_json(data)
    elif fmt == "html":
        document = render.to_html(data, words, app.language)
    else:
        document = render.to_markdown(data, words, width=width)
    if to_stdout:
        click.echo(render.for_terminal(document, width) if width else document, nl=False)
        return
    target = app.write_out(document, _target(output, chosen.label, fmt))
    if open_it:
        click.launch(str(target))


def _terminal_width() -> int:
    from punchin.cli.terminal import terminal_width

    return terminal_width()


def _target(output: str | None, label: str, fmt: str) -> str | Path:
    """Where the report goes: where asked; `--open` alone keeps it in punchin's own private
    folder (never the shared temporary folder: an encrypted journal's report is decrypted
    text)."""
    from punchin.places import data_dir, ensure_private_dir

    if output is not None:
        return output
    folder = data_dir() / "reports"
    ensure_private_dir(folder)
    return folder / f"punchin-{label}.{fmt}"
