"""`--help` in the user's language: click commands whose texts are looked up when shown.

The English texts stay where click expects them (docstrings and `help=`); another language's
`help.toml` replaces them only when help is printed, so running a command never pays for it.
"""

from __future__ import annotations

from typing import Any

import click

from punchin.errors import PunchinError


def _catalog(ctx: click.Context) -> Any:
    """The help texts in the language of this run, or None for English."""
    from punchin.config import load_settings

    root = ctx.find_root()
    language = root.params.get("lang")
    try:
        language = language or load_settings().language
        if language == "en":
            return None
        from punchin import prompts

        return prompts.load("help", language)
    except PunchinError:  # broken settings or catalog: English help still helps
        return None


def _path(ctx: click.Context) -> str:
    """`punchin goal add` -> "goal add"; the root is "punchin"."""
    parts = ctx.command_path.split()[1:]
    return " ".join(parts) or "punchin"


class WideFormatter(click.HelpFormatter):
    """click's formatter, but Chinese text is wrapped by display width, not at spaces it lacks."""

    def write_text(self, text: str) -> None:
        from punchin.wrapping import has_wide, wrap

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

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        from punchin.wrapping import display_width, has_wide, wrap

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


class _LocalContext(click.Context):
    formatter_class = WideFormatter


class _Localized(click.Command):
    context_class = _LocalContext

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
