"""The person at the terminal: at a real terminal, answers written with line editing (see
`line_editor`); through a pipe or on a dumb terminal, plain lines as click reads them. Long
answers optionally in $EDITOR either way."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from punchin.prompts import PromptSet
from punchin.reports.wrapping import display_width, wrap
from punchin.reviews.asking import Question

if TYPE_CHECKING:
    from punchin.cli.line_editor import LineEditor


def at_terminal() -> bool:
    """Whether a person types at a terminal that can edit lines: not a pipe, not CI's
    captured output, not TERM=dumb."""
    if os.environ.get("TERM", "") == "dumb":
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def load_line_editor_early() -> None:
    """Start loading the line editor (prompt_toolkit takes about 0.1 s to import) while the
    journal opens and the review's opening is printed, so the first answer can be typed as
    soon as its question is shown. Only at a real terminal; a pipe never needs it."""
    if not at_terminal():
        return
    import contextlib
    import threading

    def load() -> None:
        with contextlib.suppress(Exception):  # the import at first use says what went wrong
            import punchin.cli.line_editor  # noqa: F401

    threading.Thread(target=load, name="punchin-line-editor", daemon=True).start()


class TerminalAsker:
    """Ask until the answer is valid; Ctrl-C, or Ctrl-D on an empty answer, or a closed
    terminal stops the review (click.Abort, KeyboardInterrupt or EOFError).

    `earlier(key)` gives the earlier answers to the question stored at `key`, newest first,
    for ↑ at a real terminal; `line_editor` is given by tests, else made when needed."""

    def __init__(
        self,
        ui: PromptSet,
        *,
        editor: bool = False,
        earlier: Callable[[str], list[str]] | None = None,
        line_editor: LineEditor | None = None,
    ) -> None:
        self.ui = ui
        self.editor = editor
        self.earlier = earlier
        self._aside = ""
        self._answered = False
        self._line_editor = line_editor
        self.editing = line_editor is not None or at_terminal()
        self._spent: Callable[[], tuple[float, int]] | None = None
        self._pasted: list[str] = []  # lines of a pasted list, for its next items

    def keep_time(self, spent: Callable[[], tuple[float, int]]) -> None:
        """With line editing the time box ticks below the answer instead of standing after
        each question."""
        self._spent = spent
        if self._line_editor is not None:
            self._line_editor.keep_time(spent)

    def _editing(self) -> LineEditor:
        if self._line_editor is None:
            from punchin.cli.line_editor import LineEditor

            self._line_editor = LineEditor(self.ui, earlier=self.earlier)
            if self._spent is not None:
                self._line_editor.keep_time(self._spent)
        return self._line_editor

    def _echo_question(self, text: str) -> None:
        """The question in bold, the time box dimmed after it (or above, if it won't fit)."""
        aside = f"({self._aside})" if self._aside else ""
        self._aside = ""
        width = terminal_width()
        text = wrap(text, width)
        last_line = text.rsplit("\n", 1)[-1]
        if aside and display_width(last_line) + display_width(aside) + 2 > width:
            click.secho(aside, dim=True)
            aside = ""
        click.echo(
            click.style(text, bold=True) + (click.style("  " + aside, dim=True) if aside else "")
        )

    def show(self, text: str, *, quiet: bool = False) -> None:
        if quiet:  # the time box goes on the next question's line (or ticks below it)
            self._aside = "" if self.editing and self._spent is not None else text
            return
        if self._answered:
            click.echo()
            self._answered = False
        click.echo(wrap(text, terminal_width()))
        if "\n" in text:  # a paragraph (the introduction) stands apart from what follows
            self._answered = True

    def ask(self, question: Question) -> str:
        if self._answered:
            click.echo()
        self._echo_question(question.text)
        self._answered = True
        if self.editing and not (question.long and self.editor):
            return self._edited(question)
        if question.choices:
            options = [f"{n}) {label}" for n, (_, label) in enumerate(question.choices, 1)]
            one_line = "  " + "   ".join(options)
            if display_width(one_line) <= min(78, terminal_width()):
                click.echo(one_line)
            else:
                click.echo("\n".join(wrap(f"  {o}", terminal_width()) for o in options))
        while True:
            raw = self._read(question)
            value = question.normalise(raw)
            if value is not None:
                return value
            click.secho(self._refused(question, raw), fg="yellow", err=True)

    def _edited(self, question: Question) -> str:
        """The answer written with line editing; a refused one stays to be corrected."""
        editing = self._editing()

        def check(raw: str) -> str | None:
            if question.normalise(raw) is not None:
                return None
            return self._refused(question, raw).strip()

        if question.choices:
            marked = "ui.choice_answered" if question.answered else "ui.choice_default"
            raw = editing.choose(
                question.choices,
                default=question.default,
                read=question.normalise,
                check=check,
                marked=marked,
            )
        else:
            default = question.default or ""
            if question.listed and self._pasted and not default:
                default = self._pasted.pop(0)  # the next line of a list pasted at once
            elif not question.listed:
                self._pasted = []
            raw = editing.text(
                question.key,
                long=question.long,
                default=default,
                check=check,
                listed=question.listed,
            )
            if editing.pasted:
                self._pasted = editing.pasted
        value = question.normalise(raw)
        assert value is not None  # the editor let only a valid answer through
        return value

    def _refused(self, question: Question, raw: str) -> str:
        """One line on why the answer was refused: a number out of range says which
        readings it may have had and how to write each."""
        refusal = question.refusal(raw)
        if refusal is None:
            return self.ui.text("ui.invalid_answer", expected=self._expected(question))
        reason = self.ui.text(f"ui.number_{refusal.kind}", **refusal.values)
        return "  " + self.ui.text("ui.number_refused", value=raw.strip(), reason=reason)

    def _read(self, question: Question) -> str:
        if question.long and self.editor:
            return self._edit(question)
        default = question.default
        if default is None and question.optional:
            default = ""
        if question.choices and default is not None:
            shown = dict(question.choices).get(default, default)
            raw: str = click.prompt(
                ">",
                default=default,
                show_default=False,
                prompt_suffix=f" [{shown}] " if shown else " ",
            )
            return raw
        answer: str = click.prompt(
            ">", default=default, show_default=bool(default), prompt_suffix=" "
        )
        return answer

    def _edit(self, question: Question) -> str:
        """The answer written in $EDITOR, as `git commit` does it: the question and how to
        answer stand in comment lines above the answer given so far; only the answer is
        read back (the person's own lines starting with # are kept)."""
        comments = [
            f"# {line}".rstrip()
            for line in [*wrap(question.text, 76).splitlines(), "", *self._editor_help()]
        ]
        before = question.default or ""
        edited = click.edit(
            "\n".join(comments) + "\n\n" + before, extension=".md", require_save=False
        )
        if edited is None:  # the editor could not run, or nothing was saved
            return before
        ours = set(comments)
        kept = [line for line in edited.splitlines() if line.rstrip() not in ours]
        return "\n".join(kept).strip("\n")

    def _editor_help(self) -> list[str]:
        return wrap(self.ui.text("ui.editor_help"), 76).splitlines()

    def _expected(self, question: Question) -> str:
        if question.choices:
            return self.ui.text("ui.expected_choice", last=len(question.choices))
        if question.score or question.percent:
            return self.ui.text("ui.expected_score")
        return self.ui.text("ui.expected_text")


def terminal_width() -> int:
    """The terminal's width, capped so that prose stays readable on a wide screen."""
    return min(shutil.get_terminal_size((80, 24)).columns, 100)
