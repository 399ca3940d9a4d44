"""`punchin paths`: the big-company, PhD and startup paths side by side, and fitted to you."""

from __future__ import annotations

from typing import Any

import click

from punchin.cli.app import App, echo_json, file_name, format_option, output_option
from punchin.cli.helptext import LocalizedCommand


@click.command(cls=LocalizedCommand)
@click.option("--assess", is_flag=True, help="Answer a few questions and see how each path fits.")
@format_option(
    ("text", "md", "html", "json"),
    "The comparison as text, a Markdown table, an HTML page or JSON.",
)
@output_option("Write the comparison to FILE.")
@click.option(
    "--answers",
    "answers_file",
    metavar="FILE",
    callback=file_name("--answers", expand=False),
    help="With --assess: answer from a JSON file ('-' for stdin).",
)
@click.option(
    "--answers-template", is_flag=True, help="With --assess: print the JSON skeleton, and stop."
)
@click.option("--amend", is_flag=True, help="With --assess: change this week's assessment.")
@click.pass_context
def paths(
    ctx: click.Context,
    assess: bool,
    fmt: str,
    output: str | None,
    answers_file: str | None,
    answers_template: bool,
    amend: bool,
) -> None:
    """Big company, PhD or startup: the three paths compared, and fitted to your answers.

    The comparison follows the talk the method comes from: each path's goal, the problem it
    solves, the motivation it needs and why (how long positive feedback takes), its hours,
    what it gives and what it costs, and the route from your problem's value to a path. With
    --assess, eight questions weigh each path alike and name every answer that moved it; your
    journal (the last yearly verdict, the weekly habit, last quarter's misses) adds notes that
    hold for every path. It advises, never decides.

    \b
    Examples:
      punchin paths
      punchin paths --format html -o paths.html
      punchin paths --assess
    """
    app = ctx.find_object(App)
    assert app is not None
    p = app.prompts("paths")
    if assess or answers_file or answers_template:
        _assess(ctx, app, answers_file, answers_template, amend)
        return
    app.write_out(_comparison(p, fmt, app.language), output or "-")


def _comparison(p: Any, fmt: str, language: str) -> str:
    import json

    from punchin.reports.markdown_doc import Doc
    from punchin.reports.wrapping import wrap

    order = p.get("paths.order")
    aspects = p.get("paths.aspects.order")
    if fmt == "json":
        data = {
            path: {aspect: p.text(f"paths.{path}.{aspect}") for aspect in aspects} for path in order
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        lines = [p.text("paths.title"), "", wrap(p.text("paths.intro"), 78)]
        for aspect in aspects:
            lines += ["", p.text(f"paths.aspects.{aspect}")]
            for path in order:
                name = p.text(f"paths.names.{path}")
                item = p.text("paths.item", name=name, text=p.text(f"paths.{path}.{aspect}"))
                lines.append(wrap(item, 78))
        lines += ["", wrap(p.text("paths.closing.route"), 78)]
        lines += ["", wrap(p.text("paths.closing.order"), 78)]
        return "\n".join(lines) + "\n"
    doc = Doc(html=False)
    doc.heading(1, p.text("paths.title"))
    doc.para(p.text("paths.intro"))
    doc.table(
        [p.text("paths.aspect"), *(p.text(f"paths.names.{path}") for path in order)],
        [
            [
                p.text(f"paths.aspects.{aspect}"),
                *(p.text(f"paths.{path}.{aspect}") for path in order),
            ]
            for aspect in aspects
        ],
    )
    doc.para(p.text("paths.closing.route"))
    doc.para(p.text("paths.closing.order"))
    if fmt == "md":
        return doc.text()
    from punchin.reports.page import page

    return page(p.text("paths.title"), doc.text(), language, "")


def _assess(
    ctx: click.Context,
    app: App,
    answers_file: str | None,
    answers_template: bool,
    amend: bool,
) -> None:

    from punchin.cli.review import answers_source, conduct
    from punchin.method.paths import QUESTIONS
    from punchin.periods import week_of
    from punchin.reviews.path_assessment import (
        KIND,
        MINUTES,
        PathAssessment,
        earlier_lines,
        fit_lines,
        note_lines,
    )

    p = app.prompts("paths")
    journal = app.journal()
    today = app.today()
    period = week_of(today)
    if answers_template:
        template = {
            "_about": app.prompts("ui").text("ui.paths_template_about"),
            "_choices": {
                q: " | ".join(k for k, _ in p.choices(f"questions.{q}.choices")) for q in QUESTIONS
            },
            **{question: "" for question in QUESTIONS},
        }
        echo_json(template)
        return
    asker_file, _ = answers_source(answers_file, None)
    flows: list[PathAssessment] = []

    def run(asker: Any, resume: bool) -> None:
        flow = PathAssessment(
            journal,
            p,
            app.prompts("diagnosis"),
            asker,
            period,
            minutes=MINUTES,
            amend=amend,
            resume=resume,
            today=today,
        )
        flows.append(flow)
        flow.run()

    conduct(
        ctx,
        journal,
        KIND,
        period.label,
        app.prompts("ui"),
        "punchin paths --assess",
        run,
        asker_file,
        amend=amend,
        editor=False,
    )
    from punchin.cli.terminal import terminal_width
    from punchin.method.drift import signals, warning, warning_lines
    from punchin.reports.wrapping import wrap

    flow = flows[-1]
    blocks = [
        fit_lines(flow.fits, p),
        note_lines(flow.notes, p),
        earlier_lines(journal, period.label, p),
    ]
    blocks.append(warning_lines(warning(signals(journal, today)), app.prompts("drift")))
    blocks.append([p.text("assess.advice")])
    for block in blocks:
        if block:
            click.echo()
            click.echo(wrap("\n".join(block), terminal_width()))
    from punchin.cli.backups import after_review

    after_review(app)  # after the last line: out of the way, and it never fails the assessment
    from punchin.cli.sync import around_review

    around_review(app)  # and to the other machines, when a sync folder is set
