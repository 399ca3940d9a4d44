"""`--help` in the user's language: click commands whose texts are looked up when shown.

The English texts stay where click expects them (docstrings and `help=`); another language's
`help.toml` replaces them only when help is printed, so running a command never pays for it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from click import formatting

from punchin.errors import PunchinError


def run_language(ctx: click.Context) -> str:
    """The language of this run: --lang (wherever it was typed), else the settings'."""
    from punchin.config import load_settings

    root = ctx.find_root()
    language = root.params.get("lang") or root.meta.get("punchin.lang")
    try:
        return str(language or load_settings().language)
    except PunchinError:  # broken settings: English still helps
        return "en"


def _catalog(ctx: click.Context) -> Any:
    """The help texts in the language of this run, or None for English."""
    language = run_language(ctx)
    if language == "en":
        return None
    try:
        from punchin import prompts

        return prompts.load("help", language)
    except PunchinError:  # broken catalog: English help still helps
        return None


class UnknownCommand(click.UsageError):
    """`punchin wek`: click's own error for it (NoSuchCommand) is only in click 8.4 and up."""

    def __init__(self, name: str, ctx: click.Context) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.command_name = name


def usage_line(error: click.UsageError) -> tuple[str, str]:
    """A usage error's line (`... (see `punchin week --help`)`) in the language of the run,
    and its prefix; a mistyped command or option gets the names it most likely meant.

    A mistyped name is worded here; click's other usage errors keep click's English line,
    or in another language are worded by `click_words`."""
    ctx = error.ctx
    see = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    if ctx is None:
        return error.format_message(), "Error: "
    if not isinstance(error, (UnknownCommand, click.NoSuchOption)):
        return _clicks_own(error, ctx) or (f"{error.format_message()}{see}", "Error: ")
    if isinstance(error, UnknownCommand):
        kind, typed, names = "command", error.command_name, _command_names(ctx)
    else:
        kind, typed, names = "option", error.option_name, _option_names(ctx)
    candidates = [repr(name) for name in similar(typed, names)]
    language = run_language(ctx)
    if language != "en":
        from punchin import prompts

        try:
            catalog = prompts.load("errors", language)
            line = catalog.text(f"errors.no_such_{kind}", name=typed)
            if candidates:
                listed = _listed(
                    candidates, catalog.text("errors.list_comma"), catalog.text("errors.list_or")
                )
                line += catalog.text("errors.did_you_mean", names=listed)
            line += catalog.text("errors.see_help", path=ctx.command_path)
            return line, catalog.text("errors.prefix")
        except PunchinError:  # a broken catalog: the English line still helps
            pass
    line = f"No such {kind} {typed!r}."
    if candidates:
        line += f" Did you mean {_listed(candidates, ', ', ' or ')}?"
    return f"{line}{see}", "Error: "


def _clicks_own(error: click.UsageError, ctx: click.Context) -> tuple[str, str] | None:
    """click's other usage errors (a missing argument, a bad value) in the language of the
    run, with its prefix; None in English, where click's own words stand."""
    language = run_language(ctx)
    if language == "en":
        return None
    from punchin import prompts
    from punchin.cli.click_words import reworded

    try:
        catalog = prompts.load("errors", language)
        line = reworded(error, prompts.load("click", language))
        line += catalog.text("errors.see_help", path=ctx.command_path)
        return line, catalog.text("errors.prefix")
    except PunchinError:  # a broken catalog: the English line still helps
        return None


def _listed(names: list[str], comma: str, last: str) -> str:
    """['a', 'b', 'c'] -> "a, b or c", with the separators of the language."""
    if len(names) == 1:
        return names[0]
    return f"{comma.join(names[:-1])}{last}{names[-1]}"


def _command_names(ctx: click.Context) -> list[str]:
    command = ctx.command
    return command.list_commands(ctx) if isinstance(command, click.Group) else []


def _option_names(ctx: click.Context) -> list[str]:
    """The long options that may be typed here: the command's own, and after a command the
    run's options (`--db`, `--lang`), which may follow the command too."""
    params = list(ctx.command.get_params(ctx))
    if ctx.parent is not None:
        root = ctx.find_root().command.params
        params += [p for p in root if isinstance(p, click.Option) and not p.is_flag]
    names = {name for p in params for name in p.opts + p.secondary_opts}
    return sorted(name for name in names if name.startswith("--"))


def similar(typed: str, names: list[str]) -> list[str]:
    """The names a mistyped `typed` most likely meant, best first, at most three: those a few
    keystrokes away (a letter dropped, added, changed or two swapped: about one in three
    letters of the name) and those it begins (`re` -> remind, report, restore)."""
    word = typed.lower()
    stem = word.lstrip("-")
    found = []
    for name in names:
        distance = _distance(word, name.lower())
        near = distance <= max(1, len(name.lstrip("-")) // 3)
        if near or (len(stem) >= 2 and name.lower().startswith(word)):
            found.append((distance, name))
    return [name for _, name in sorted(found)[:3]]


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) from `a` to `b`."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def _path(ctx: click.Context) -> str:
    """`punchin goal add` -> "goal add"; the root is "punchin"."""
    parts = ctx.command_path.split()[1:]
    return " ".join(parts) or "punchin"


class WideFormatter(click.HelpFormatter):
    """click's formatter, but Chinese text is wrapped by display width, not at spaces it lacks."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None and formatting.FORCED_WIDTH is None:
            # click's own choice (the terminal's width, at most max_width, less 2, at least
            # 50), made without importing shutil for it: about a twentieth of `--help`
            width = max(min(terminal_columns(), max_width or 80) - 2, 50)
        super().__init__(indent_increment, width, max_width)

    def write_text(self, text: str) -> None:
        from punchin.reports.wrapping import has_wide, wrap

        if not has_wide(text):
            super().write_text(text)
            return
        indent = " " * self.current_indent
        for number, paragraph in enumerate(text.split("\n\n")):
            if number:
                self.write("\n")
            if paragraph.startswith("\b"):  # click's mark for "keep these lines as they are"
                lines = paragraph.split("\n")[1:]
            else:
                lines = wrap(" ".join(paragraph.split("\n")), self.width - len(indent)).split("\n")
            self.write("".join(f"{indent}{line}\n" for line in lines))

    def write_heading(self, heading: str) -> None:
        """A Chinese heading ends in a full-width colon, as the usage line does (用法：)."""
        from punchin.reports.wrapping import has_wide

        if not has_wide(heading):
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        from punchin.reports.wrapping import display_width, has_wide, wrap

        rows = list(rows)
        if not any(has_wide(second) for _, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        hang = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + hang)
            lines = wrap(second, max(self.width - first_col - 2, 10)).split("\n")
            self.write(lines[0] + "\n" + "".join(f"{hang}{line}\n" for line in lines[1:]))


def terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size().columns` says it: $COLUMNS, else
    the width of the terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
    except (AttributeError, ValueError, OSError):  # closed, detached, or not a terminal
        columns = 0
    return columns or 80


class _LocalContext(click.Context):
    formatter_class = WideFormatter


class _Localized(click.Command):
    context_class = _LocalContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """click's parser raises some usage errors (`--on` without its value) knowing no
        command: they are given this one, so that they are worded in the run's language and
        point to its help like every other."""
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            if error.ctx is None:
                error.ctx = ctx
            raise

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        catalog = _catalog(ctx)
        if catalog is not None:
            self._translate(catalog, _path(ctx))
            ctx.meta["punchin.help"] = catalog
        super().format_help(ctx, formatter)

    def _translate(self, catalog: Any, path: str) -> None:
        if catalog.has(f"{path}.help"):
            self.help = catalog.text(f"{path}.help")
        for param in self.params:
            key = f"{path}.options.{param.name}"
            if isinstance(param, click.Option) and catalog.has(key):
                param.help = catalog.text(key)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        catalog = ctx.meta.get("punchin.help")
        if catalog is None:
            super().format_usage(ctx, formatter)
            return
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(
            ctx.command_path, " ".join(pieces), prefix=catalog.text("headings.usage")
        )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        catalog = ctx.meta.get("punchin.help")
        if catalog is None:
            super().format_options(ctx, formatter)
            return
        rows = []
        help_option = self.get_help_option(ctx)  # added by click, not in self.params
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or not isinstance(param, click.Option):
                continue
            if param is help_option:
                record = (record[0], catalog.text("headings.help"))
            rows.append(record)
        if rows:
            with formatter.section(catalog.text("headings.options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class LocalizedCommand(_Localized):
    """A command whose help follows the user's language."""


class LocalizedGroup(_Localized, click.Group):
    """A group whose help, and the one-line help of its commands, follow the language."""

    command_class = LocalizedCommand

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        unknown = not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and ctx.token_normalize_func is None and not ctx.resilient_parsing:
            raise UnknownCommand(name, ctx)  # worded, with the names meant, by usage_line
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        catalog = ctx.meta.get("punchin.help")
        if catalog is None:
            super().format_commands(ctx, formatter)
            return
        path = _path(ctx)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            key = f"{name}.help" if path == "punchin" else f"{path} {name}.help"
            if catalog.has(key):
                command.help = catalog.text(key)
                command.short_help = None
            rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(catalog.text("headings.commands")):
                formatter.write_dl(rows)
