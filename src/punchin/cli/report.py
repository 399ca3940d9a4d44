"""`punchin report`: a week, quarter or year as Markdown, a self-contained HTML page, or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from punchin.cli.app import App, format_option, output_option, pass_app, when_given
from punchin.cli.completion import LABELLED, periods_of
from punchin.cli.helptext import LocalizedCommand
from punchin.cli.outputs import check_overwrite, force_option, marked, to_a_file
from punchin.errors import UsageError

if TYPE_CHECKING:
    from punchin.periods import Period
    from punchin.reports.words import Words
    from punchin.store import Journal

KINDS = ("week", "quarter", "year", "life")
FORMATS = ("md", "html", "json")


@click.command(cls=LocalizedCommand)
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("period", nargs=-1, shell_complete=periods_of(*LABELLED), callback=when_given)
@format_option(FORMATS, "md to read, html for a page with charts, json for other tools.")
@output_option("Write to FILE (created private) instead.")
@force_option
@click.option("--open", "open_it", is_flag=True, help="Open the report when it is written.")
@click.option(
    "--share",
    is_flag=True,
    help="A version to hand on: results, goals, scores, plans and outside blockers only.",
)
@click.option(
    "--wins",
    is_flag=True,
    help="With --share: the results grouped by year and quarter goal, with dates and scores.",
)
@click.option(
    "--since",
    metavar="DATE",
    callback=when_given,
    help="With --wins: from this date (default: the year's start). With life: from this year.",
)
@click.option(
    "--until",
    metavar="DATE",
    callback=when_given,
    help="With --wins: up to this date (default: the year's end). With life: up to this year.",
)
@pass_app
def report(
    app: App,
    kind: str,
    period: tuple[str, ...],
    fmt: str,
    output: str | None,
    open_it: bool,
    share: bool,
    wins: bool,
    since: str | None,
    until: str | None,
    force: bool,
) -> None:
    """A review report of a week, a quarter, a year, or your whole life in the journal.

    The quarter and year reports show every week, the goals and their scores, the causes of
    misses, the remedies and whether they worked, and what stands out; the HTML page adds
    charts and opens with no network.

    The life report puts every week since the journal began on one page, a row per year; then
    each year's check-ins, goals, causes and yearly check, the directions your five-year
    checks named and the years that followed them, the paths' fit over time, and what stands
    out across the years (--since YEAR and --until YEAR narrow it).

    With --share it is a version for someone else (an advisor, a manager, a team): what got
    done, the goals with their status and scores, what comes next and what held you up from
    outside. The causes of misses, remedies, commitments, the mentor's view, notes to
    yourself, motivation answers and goals marked private (goal edit --private) never appear.
    Nothing is sent anywhere: you hand the file on.

    \b
    Examples:
      punchin report quarter                     the quarter just reviewed, in the terminal
      punchin report week 2026-W47
      punchin report quarter 2026-Q3 -f html -o q3.html --open
      punchin report year 2026 --format json
      punchin report week --share -f html -o week.html
      punchin report year 2026 --share --wins    results for a self-review form
      punchin report life -f html -o life.html   every week since the journal began
      punchin report life --since 2030 --until 2039
    """
    from punchin.models import Horizon
    from punchin.periods import report_year, resolve, review_quarter, review_week
    from punchin.reports import data as reports
    from punchin.reports import render
    from punchin.reports.words import Words

    journal = app.journal()
    today = app.today()
    if kind == "life":
        _life(app, journal, period, fmt, output, open_it, share, wins, since, until, force)
        return
    horizon = Horizon(kind)
    text = " ".join(period)
    if text:
        chosen = resolve(text, today, horizon, journal.start_year)
    else:
        chosen = {"week": review_week, "quarter": review_quarter, "year": report_year}[kind](today)
    if (wins or since or until) and not share:
        raise UsageError(
            "--wins, --since and --until make a shared report: add --share", key="wins_needs_share"
        )
    if (since or until) and not wins:
        raise UsageError("--since and --until go with --wins", key="range_needs_wins")
    words = Words(
        app.prompts("report"), app.prompts("diagnosis"), app.prompts("quarter"), app.prompts("year")
    )
    to_stdout = output == "-" or (output is None and not open_it)
    if output is not None and not to_stdout:
        check_overwrite(app, output, "report", force=force)
    # Markdown read in a terminal is laid out for its width; a file or a pipe keeps full tables.
    width = _terminal_width() if fmt == "md" and to_stdout and sys.stdout.isatty() else None
    if share:
        document, label = _shared(app, journal, chosen, fmt, words, width, wins, since, until)
        _deliver(app, document, output, label, fmt, open_it, to_stdout, width)
        return
    data = reports.build(journal, chosen, today, app.settings.weekly_minutes)
    if fmt == "json":
        document = render.to_json(data)
    elif fmt == "html":
        document = render.to_html(data, words, app.language)
    else:
        document = render.to_markdown(data, words, width=width)
    _deliver(app, document, output, chosen.label, fmt, open_it, to_stdout, width)


def _life(
    app: App,
    journal: Journal,
    period: tuple[str, ...],
    fmt: str,
    output: str | None,
    open_it: bool,
    share: bool,
    wins: bool,
    since: str | None,
    until: str | None,
    force: bool,
) -> None:
    """`punchin report life`: every week since the journal began, the years, the directions."""
    from punchin.reports import life, life_render, render

    if period:
        raise UsageError(
            "report life covers every year; choose them with --since YEAR and --until YEAR",
            key="life_no_period",
        )
    if wins:
        raise UsageError("--wins goes with a week, quarter or year report", key="life_no_wins")
    first, last = _year_option("--since", since), _year_option("--until", until)
    if first is not None and last is not None and last < first:
        raise UsageError(
            f"the range ends ({last}) before it begins ({first})",
            key="range_backwards",
            first=str(first),
            last=str(last),
        )
    words = _words(app)
    to_stdout = output == "-" or (output is None and not open_it)
    if output is not None and not to_stdout:
        check_overwrite(app, output, "report", force=force)
    width = _terminal_width() if fmt == "md" and to_stdout and sys.stdout.isatty() else None
    data = life.life_report(journal, app.today(), first, last, share=share)
    if share:
        data["name"] = app.settings.share_name
    if fmt == "json":
        document = render.to_json(data)
    elif fmt == "html":
        document = life_render.to_html(data, words, app.language)
    else:
        document = life_render.to_markdown(data, words, width=width)
    label = f"{'shared-' if share else ''}life-{data['period']}"
    _deliver(app, document, output, label, fmt, open_it, to_stdout, width)


def _year_option(name: str, value: str | None) -> int | None:
    """--since/--until of a life report: a year, 1900 to 9990."""
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and 1900 <= int(text) <= 9990):
        raise UsageError(
            f"{name} {value!r:.20}: give a year, like 2030",
            key="life_bad_year",
            name=name,
            value=value[:20],
        )
    return int(text)


def _words(app: App) -> Words:
    from punchin.reports.words import Words

    return Words(
        app.prompts("report"),
        app.prompts("diagnosis"),
        app.prompts("quarter"),
        app.prompts("year"),
        app.prompts("drift"),
    )


def _deliver(
    app: App,
    document: str,
    output: str | None,
    label: str,
    fmt: str,
    open_it: bool,
    to_stdout: bool,
    width: int | None,
) -> None:
    """To the terminal (laid out for its width), or to a private file, opened if asked."""
    from punchin.reports import render

    if to_stdout:
        click.echo(render.for_terminal(document, width) if width else document, nl=False)
        return
    target = _target(output, label, fmt)
    if to_a_file(target):  # known as punchin's report the next time it is written over
        document = marked(document, fmt, "report")
    target = app.write_out(document, target)
    if open_it:
        click.launch(str(target))


def _shared(
    app: App,
    journal: Journal,
    chosen: Period,
    fmt: str,
    words: Words,
    width: int | None,
    wins: bool,
    since: str | None,
    until: str | None,
) -> tuple[str, str]:
    """The shared report (or the results between two dates) and the name of its file."""
    from punchin.periods import parse_date
    from punchin.reports import render, share_render, sharing

    name = app.settings.share_name
    if wins:
        first = parse_date(since, app.today()) if since else chosen.start
        last = parse_date(until, app.today()) if until else chosen.end
        if last < first:
            raise UsageError(
                f"the range ends ({last}) before it begins ({first})",
                key="range_backwards",
                first=first.isoformat(),
                last=last.isoformat(),
            )
        model = sharing.wins(journal, first, last, name)
        label = f"results-{first.isoformat()}-{last.isoformat()}"
    else:
        model = sharing.shared(journal, chosen, app.today(), name)
        label = f"shared-{chosen.label}"
    if fmt == "json":
        return render.to_json(model), label
    if fmt == "html":
        return share_render.to_html(model, words, app.language), label
    return share_render.to_markdown(model, words, width=width), label


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
