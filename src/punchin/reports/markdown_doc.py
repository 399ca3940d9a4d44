"""A Markdown document built block by block, with tables padded to be read as plain text
and, for the HTML page, SVG figures between the blocks.

Laid out for a terminal (`width`), prose is wrapped to the width and a table too wide for it
becomes a list, one record an item with its "column: value" pairs, so nothing wraps into noise.
Without a width (a file, a pipe) the full tables stay: other tools read them as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from punchin.reports.wrapping import display_width, wrap

Chart = Callable[[], str]
Pair = Callable[[str, str], str]  # a column's name and a cell's value, in the report's language

SEPARATOR = " · "


class Doc:
    def __init__(self, html: bool, width: int | None = None, pair: Pair | None = None) -> None:
        self.html = html
        self.width = None if html else width
        self.pair: Pair = pair or (lambda name, value: f"{name}: {value}")
        self.blocks: list[str] = []

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    def user(self, text: str) -> str:
        """The user's words, kept as words: in HTML, markup they typed is shown, not run."""
        return escape(text, quote=False) if self.html else text

    def heading(self, level: int, text: str) -> None:
        self.blocks.append("#" * level + " " + text)

    def para(self, text: str) -> None:
        self.blocks.append(self._fit(text))

    def section(self, heading: str, body: str) -> None:
        if body and body.strip():
            self.heading(2, heading)
            self.para(self.user(body.strip()))

    def bullets(self, items: Any) -> None:
        lines = [f"- {' '.join(str(item).split())}" for item in items]
        if lines:
            self.blocks.append(self._fit("\n".join(lines)))

    def chart(self, make: Chart) -> None:
        if self.html:
            self.blocks.append(f'<figure class="chart">{make()}</figure>')

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
    ) -> None:
        """A Markdown table padded by display width, so it reads well as plain text too; in a
        terminal too narrow for it, a list of records instead."""
        if self.html:
            self.blocks.append(self._html_table(headers, rows, right))
            return
        cells = [[_cell(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
        widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
        widths = [max(w, 3) for w in widths]
        if self.width is not None and sum(widths) + 3 * len(widths) + 1 > self.width:
            self.blocks.append(self._records(cells[0], cells[1:]))
            return

        def line(row: Sequence[str]) -> str:
            padded = []
            for i, cell in enumerate(row):
                gap = " " * (widths[i] - display_width(cell))
                padded.append(gap + cell if i in right else cell + gap)
            return "| " + " | ".join(padded) + " |"

        rule = (
            "| "
            + " | ".join(
                "-" * (w - 1) + ":" if i in right else "-" * w for i, w in enumerate(widths)
            )
            + " |"
        )
        self.blocks.append("\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]))

    def _html_table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int]
    ) -> str:
        """The table as HTML, in a box that scrolls sideways if it must: numbers never wrap,
        a column of prose keeps a readable width, headers wrap only between words; each cell
        carries its column's name, so a narrow screen shows a row as a card of "name: value".
        The roles keep it a table for a screen reader when a narrow screen lays it out so."""
        flat = [[" ".join(str(c).split()) for c in row] for row in rows]
        kinds = []
        for i in range(len(headers)):
            longest = max((display_width(row[i]) for row in flat), default=0)
            kinds.append("num" if i in right else "prose" if longest > 24 else "label")
        align = {i: ' style="text-align: right;"' for i in right}
        head = "".join(
            f'<th scope="col" role="columnheader" class="{kind}"{align.get(i, "")}>'
            + re.sub(r"\S+-\S+", r'<span class="nobreak">\g<0></span>', name)  # Check-in
            + "</th>"
            for i, (kind, name) in enumerate(zip(kinds, headers, strict=True))
        )
        body = [
            '<tr role="row">'
            + "".join(
                f'<td role="cell" class="{kinds[i]}"{align.get(i, "")} '
                f'data-label="{escape(self.pair(headers[i], ""))}">{cell}</td>'
                for i, cell in enumerate(row)
            )
            + "</tr>"
            for row in flat
        ]
        return (
            '<div class="table"><table role="table">\n'
            f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>\n'
            f'<tbody role="rowgroup">\n' + "\n".join(body) + "\n</tbody>\n</table></div>"
        )

    def _fit(self, text: str) -> str:
        return text if self.width is None else wrap(text, self.width)

    def _records(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
        """Each row as a list item: its first cell, then "column: value" for every other cell
        that has a value, packed into lines of the width and never split inside a pair."""
        assert self.width is not None
        lines: list[str] = []
        for row in rows:
            head = row[0].replace("\\|", "|") or "—"
            pairs = [
                self.pair(name, value.replace("\\|", "|"))
                for name, value in zip(headers[1:], row[1:], strict=True)
                if value
            ]
            lines += _pack("- " + head, pairs, self.width)
        return "\n".join(lines)


def _pack(first: str, pieces: Sequence[str], width: int, indent: str = "  ") -> list[str]:
    """`first` then the pieces joined by a separator, a new line (under the indent) before a
    piece that does not fit on the current one; a piece longer than a line is wrapped."""
    lines = wrap(first, width).split("\n")
    current = lines.pop()
    wrapped_head = bool(lines)  # a head of more lines than one ends before its pairs begin
    for piece in pieces:
        joined = current + SEPARATOR + piece
        if display_width(joined) <= width and not wrapped_head:
            current = joined
            continue
        lines.append(current)
        wrapped_head = False
        wrapped = wrap(indent + piece, width).split("\n")
        current = wrapped.pop()
        lines += wrapped
    lines.append(current)
    return lines


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def for_terminal(markdown_text: str, width: int | None = None) -> str:
    """Headings stand out, wrapped to `width`; the rest was laid out for the width already
    (`to_markdown(..., width=)`), save words longer than a line, which are cut."""
    import click

    lines = []
    for line in markdown_text.splitlines():
        if line.startswith(("# ", "## ", "### ")):
            level = line.index(" ")
            text = line[level + 1 :]
            for piece in wrap(text, width).split("\n") if width else [text]:
                lines += [
                    click.style(cut, bold=True, underline=level == 1) for cut in _cut(piece, width)
                ]
        else:
            lines += _cut(line, width)
    return "\n".join(lines) + ("\n" if markdown_text.endswith("\n") else "")


def _cut(line: str, width: int | None) -> list[str]:
    """A line as pieces no wider than `width` (only an unbreakable word makes more than one)."""
    if width is None or display_width(line) <= width:
        return [line]
    pieces, current = [], ""
    for char in line:
        if display_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]
