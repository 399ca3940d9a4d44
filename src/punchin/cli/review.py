"""The one definition the review commands (`week`, `quarter`, `year`, `five-year`) are built
from: their options, the period from --on or an answers file, --discard, the answers
template, the offer to resume, a clean stop on Ctrl-C, and the line that says what was saved.
A review command only says what is its own (`ReviewKind`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from punchin.cli.app import echo_json, file_name, when_given
from punchin.cli.completion import periods_of
from punchin.errors import AlreadyFinished, AnswersFileError, UsageError
from punchin.models import Horizon

if TYPE_CHECKING:
    from punchin.cli.app import App
    from punchin.periods import Period
    from punchin.prompts import PromptSet
    from punchin.reviews.asking import Asker, FileAsker
    from punchin.reviews.flow import ReviewFlow
    from punchin.reviews.planning import Outcome
    from punchin.store import Journal

T = TypeVar("T")
F = TypeVar("F", bound="ReviewFlow")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Session(NamedTuple):
    """What a review's own parts are given: the run, its journal, the period, its question
    set, the diagnosis set, the interface texts, and whether it reopens a finished review."""

    app: App
    journal: Journal
    period: Period
    prompts: PromptSet
    diagnosis: PromptSet
    ui: PromptSet
    amend: bool

    def conclude(self, asker: Asker, resume: bool) -> Outcome:
        """Run the review's flow (or what is left of it) and say what it saved."""
        from punchin.reviews import flow_class

        flow = flow_class(self.period.horizon)
        week_minutes = self.app.settings.weekly_minutes
        return flow(
            self.journal,
            self.prompts,
            self.diagnosis,
            asker,
            self.period,
            minutes=flow.box_minutes or week_minutes,
            amend=self.amend,
            resume=resume,
            today=self.app.today(),
            week_minutes=week_minutes,
        ).conclude()

    def saved_line(self, key: str, result: Outcome, **values: object) -> str:
        """The line that says what a finished review saved: the outcome's figures (each
        review's line picks those it tells) and any of the review's own."""
        return self.ui.text(
            key,
            period=result.period,
            minutes=round(result.seconds / 60),
            done=result.done,
            partly=result.partly,
            missed=result.missed,
            commitments=result.commitments,
            next=self.period.next(self.journal.start_year).label,
            goals=result.next_goals,
            **values,
        )


class ReviewKind(NamedTuple):
    """What makes one review command its own: the horizon it reviews (which names the
    command, its question set, its flow and its kind of entry in the journal), the help of
    --on, the lines that say what a finished review saved, and what a plain command does
    when the journal is too new to have a period to look back on (by default: says so)."""

    horizon: Horizon
    on_help: str
    saved: Callable[[Session, Outcome, bool], list[str]]
    first_days: Callable[[click.Context, Period, bool], None] | None = None
    # what a plain command does before its review begins (the weekly one: don't miss twice)
    opening: Callable[[click.Context, Session, bool], None] | None = None

    @property
    def name(self) -> str:
        return self.horizon.value

    @property
    def metavar(self) -> str:
        unit = "WINDOW" if self.horizon is Horizon.FIVE_YEAR else self.name.upper()
        return f"DATE|{unit}"


def review_command(kind: ReviewKind) -> Callable[[Callable[[], None]], click.Command]:
    """The click command of a review: its docstring is the function's; everything else is
    shared."""
    from punchin.cli.helptext import LocalizedCommand

    def decorate(function: Callable[[], None]) -> click.Command:
        import inspect

        @click.command(kind.name, cls=LocalizedCommand, help=inspect.getdoc(function))
        @review_options(kind.metavar, kind.on_help, kind.name)
        def command(ctx: click.Context, **options: Any) -> None:
            run_review(kind, ctx, **options)

        return command

    return decorate


def run_review(
    kind: ReviewKind,
    ctx: click.Context,
    on: str | None,
    answers_file: str | None,
    answers_template: bool,
    editor: bool,
    amend: bool,
    discard: bool,
) -> None:
    if discard:
        discard_review(ctx, kind.horizon, on)
        return
    if answers_file is None and not answers_template:
        from punchin.cli.terminal import load_line_editor_early

        load_line_editor_early()
    try:
        app, journal, period, asker_file = start_review(
            ctx,
            kind.horizon,
            answers_file,
            on,
            check_open=not answers_template,  # a template may be filled in ahead of time
        )
    except FirstDays as first:
        if kind.first_days is None:
            raise
        kind.first_days(ctx, first.current, answers_file is not None)
        return
    session = Session(
        app,
        journal,
        period,
        app.prompts(kind.name),
        app.prompts("diagnosis"),
        app.prompts("ui"),
        amend,
    )
    if answers_template:
        from punchin.reviews.templates import template_for

        template = template_for(journal, session.prompts, session.diagnosis, session.ui, period)
        echo_json(template)
        return
    if kind.opening is not None and on is None and asker_file is None and not amend:
        kind.opening(ctx, session, editor)
    result = conduct(
        ctx,
        journal,
        kind.name,
        period.label,
        session.ui,
        f"punchin {kind.name}",
        session.conclude,
        asker_file,
        amend=amend,
        editor=editor,
    )
    say_saved(kind.saved(session, result, asker_file is not None))
    from punchin.cli.backups import after_review

    after_review(app)  # after the closing line: out of the way, and it never fails the review
    from punchin.cli.sync import around_review

    around_review(app)  # and to the other machines, when a sync folder is set


def say_saved(lines: list[str]) -> None:
    """What a finished review saved: its first line in green, the rest plain."""
    click.echo()
    click.secho(lines[0], fg="green")
    for line in lines[1:]:
        click.echo(line)


def review_options(metavar: str, on_help: str, horizon: str) -> Decorator:
    """The options every review command has: --on, --answers, --answers-template, --editor
    and --amend, then the click context."""
    decorators: list[Decorator] = [
        click.option(
            "--on",
            metavar=metavar,
            help=on_help,
            shell_complete=periods_of(horizon),
            callback=when_given,
        ),
        click.option(
            "--answers",
            "answers_file",
            metavar="FILE",
            callback=file_name("--answers", expand=False),
            help="Answer from a JSON file ('-' for stdin) instead of the terminal.",
        ),
        click.option(
            "--answers-template",
            is_flag=True,
            help="Print the JSON skeleton for its --answers file, and stop.",
        ),
        click.option("--editor", is_flag=True, help="Write the long answers in $EDITOR."),
        click.option("--amend", is_flag=True, help="Reopen a finished review and change answers."),
        click.option(
            "--discard",
            is_flag=True,
            help="Let go of a review left half done (asks first); nothing of it is kept.",
        ),
        click.pass_context,
    ]

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return decorate


class FirstDays(Exception):
    """The journal began after the period a plain review command would look back on: there
    is nothing to review yet (the weekly command plans the current week instead)."""

    def __init__(self, current: Period) -> None:
        super().__init__(current.label)
        self.current = current


def start_review(
    ctx: click.Context,
    horizon: Horizon,
    answers_file: str | None,
    on: str | None,
    *,
    check_open: bool = True,
) -> tuple[App, Journal, Period, FileAsker | None]:
    """The app, the journal, the period to review (from --on, the answers file, or
    `periods.period_to_review`), and the answers file if any.

    A journal starts on the day it is made: a plain command never reviews a period that
    ended before it (a back-fill with --on still can), and no period is reviewed before it
    has ended (`periods.opens_on`); `FirstDays` says there is nothing to look back on yet."""
    from punchin.cli.app import App
    from punchin.errors import NotYetOpen
    from punchin.periods import opens_on, period_of, period_to_review, resolve

    app = ctx.find_object(App)
    assert app is not None
    asker_file, on = answers_source(answers_file, on)
    if check_open:  # a review (not a template) starts from what the other machines wrote
        from punchin.cli.sync import around_review

        around_review(app)
    journal = app.journal()
    today = app.today()
    anchor = journal.start_year
    period = resolve(on, today, horizon, anchor) if on else period_to_review(today, horizon, anchor)
    started = journal.created_on()
    first = False
    kind = horizon.value
    # The five-year check is the exception: its first one looks back on the five years
    # before the journal, since motivation is about a life, not about a journal.
    before = on is None and started is not None and period.end < started
    before = before and horizon is not Horizon.FIVE_YEAR
    if before and journal.entry(kind, period.label) is None:
        first = True
        period = period_of(today, horizon, anchor)
        if horizon is Horizon.WEEK:
            raise FirstDays(period)
    if check_open and today < opens_on(period) and journal.entry(kind, period.label) is None:
        raise NotYetOpen(kind, period.label, opens_on(period).isoformat(), first)
    return app, journal, period, asker_file


def answers_source(answers_file: str | None, on: str | None) -> tuple[FileAsker | None, str | None]:
    """The answers file (if any) and the period it names, checked against --on."""
    if answers_file is None:
        return None, on
    from punchin.reviews.asking import FileAsker

    asker = FileAsker.from_path(answers_file)
    return asker, _period_from_file(asker.data, on)


def _period_from_file(data: dict[str, object], on: str | None) -> str | None:
    """The file's "period" names the period when --on does not; they must agree if both do."""
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


def offer_resume(journal: Journal, kind: str, label: str, ui: PromptSet, amend: bool) -> bool:
    """A half-done review: continue where it stopped, or go through it again."""
    if amend:
        return False
    entry = journal.entry(kind, label)
    if entry is None or entry.status.value == "done":
        return True
    count = len(journal.answers(entry.id))
    if count == 0:
        return True
    journal.release()  # nothing holds the journal while the person decides
    return bool(click.confirm(ui.text("ui.resume_offer", period=label, count=count), default=True))


def conduct(
    ctx: click.Context,
    journal: Journal,
    kind: str,
    label: str,
    ui: PromptSet,
    command: str,
    flow: Callable[[Asker, bool], T],
    asker_file: FileAsker | None,
    *,
    amend: bool,
    editor: bool,
) -> T:
    """Run a review: from a file all at once (all or nothing), or at the terminal, where
    every answer is kept as it is given and Ctrl-C stops cleanly."""
    with _stopping(ctx, journal, kind, label, ui, command, amend):
        if asker_file is not None:
            with journal.transaction():  # an answers file goes in whole or not at all
                return flow(asker_file, False)
        from punchin.cli.terminal import TerminalAsker

        resume = offer_resume(journal, kind, label, ui, amend)
        asker = TerminalAsker(ui, editor=editor, earlier=earlier_answers(journal, kind))
        return flow(asker, resume)
    raise AssertionError("unreachable")  # pragma: no cover


def earlier_answers(journal: Journal, kind: str) -> Callable[[str], list[str]]:
    """The earlier answers to a question, newest first and each once, read from the journal
    the first time they are wanted; the journal is let go again at once, since they are
    wanted while the person writes."""
    from punchin.reviews.asking import question_family

    by_family: dict[str, list[str]] = {}
    read = False

    def earlier(key: str) -> list[str]:
        nonlocal read
        if not read:
            read = True
            for stored, value in journal.answers_of_kind(kind):
                found = by_family.setdefault(question_family(stored), [])
                if value not in found and len(found) < 100:
                    found.append(value)
            journal.release()
        return by_family.get(question_family(key), [])

    return earlier


def discard_review(ctx: click.Context, horizon: Horizon, on: str | None) -> None:
    """`--discard`: the half-done review of the period given (or the only one there is)
    removed with all it did, after a yes. A finished review is kept: `--amend` changes it."""
    from punchin.cli.app import App
    from punchin.errors import NotFoundError
    from punchin.periods import resolve

    app = ctx.find_object(App)
    assert app is not None
    journal, ui, kind = app.journal(), app.prompts("ui"), horizon.value
    if on is not None:
        label = resolve(on, app.today(), horizon, journal.start_year).label
    else:
        unfinished = journal.unfinished(kind)
        if len(unfinished) != 1:
            raise UsageError(
                ui.text("ui.discard_which", count=len(unfinished), periods=", ".join(unfinished))
            )
        label = unfinished[0]
    entry = journal.entry(kind, label)
    if entry is None:
        raise NotFoundError(ui.text("ui.discard_none", period=label))  # in the user's words
    if entry.status.value == "done":
        raise UsageError(ui.text("ui.discard_finished", period=label))
    count = len(journal.answers(entry.id))
    journal.release()  # nothing holds the journal while the person decides
    if not click.confirm(ui.text("ui.discard_confirm", period=label, count=count), default=False):
        raise click.Abort
    journal.discard_entry(entry.id)
    click.echo(ui.text("ui.discarded", period=label, count=count))


@contextmanager
def stop_cleanly(ctx: click.Context, ui: PromptSet) -> Iterator[None]:
    """Ctrl-C or a closed terminal outside a review: one line, exit 130, what was said kept."""
    try:
        yield
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo("", err=True)
        click.echo(ui.text("ui.stopped_plain"), err=True)
        ctx.exit(130)


@contextmanager
def _stopping(
    ctx: click.Context,
    journal: Journal,
    kind: str,
    label: str,
    ui: PromptSet,
    command: str,
    amend: bool,
) -> Iterator[None]:
    try:
        yield
    except AlreadyFinished:
        raise UsageError(ui.text("ui.review_finished", period=label, command=command)) from None
    except (click.Abort, KeyboardInterrupt, EOFError):
        entry = journal.entry(kind, label)
        count = len(journal.answers(entry.id)) if entry else 0
        click.echo("", err=True)
        finished = entry is not None and entry.status.value == "done"
        said = "ui.stopped_amend" if amend and finished else "ui.stopped"
        click.echo(ui.text(said, count=count, period=label, command=command), err=True)
        ctx.exit(130)
