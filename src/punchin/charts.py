"""Small SVG charts for the HTML reports: stacked bars, a streak of squares, bars against a
line. Our own renderer, because a report must be one self-contained file that opens with no
network and no JavaScript; the charting libraries we looked at either add both or a heavy
dependency, for four simple chart shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Colours chosen to stay apart for the common kinds of colour blindness (Okabe–Ito).
DONE = "#009E73"
PARTLY = "#E69F00"
MISSED = "#D55E00"
CAUSE_COLOURS = {
    "laziness": "#D55E00",
    "ability": "#0072B2",
    "motivation": "#CC79A7",
    "other": "#999999",
}
INK = "#333333"
FAINT = "#DDDDDD"

Series = tuple[str, str, Sequence[float]]  # name, colour, one value per bar


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    line: float | None = None,
    line_name: str = "",
    width: int = 680,
    height: int = 240,
) -> str:
    """One bar per label, its series stacked; an optional horizontal line (a time box)."""
    legend, legend_rows = _legend(series, 8, 36, width - 8, line_name)
    left, right, top, bottom = 36, 12, 36 + 18 * legend_rows, 48
    height += 18 * (legend_rows - 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    peak = _round_up(max([*totals, line or 0, 1]))
    step = plot_w / max(len(labels), 1)
    bar = max(step * 0.7, 1)
    parts = [_open(width, height, title), legend]
    for tick in _ticks(peak):
        y = top + plot_h - tick / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{FAINT}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{INK}">{tick:g}</text>'
        )
    for i, label in enumerate(labels):
        x = left + i * step + (step - bar) / 2
        base: float = top + plot_h
        for name, colour, values in series:
            value = values[i]
            if value <= 0:
                continue
            h = value / peak * plot_h
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(label)} · {escape(name)}: {value:g}</title></rect>'
            )
        if len(labels) <= 16 or i % max(1, len(labels) // 13) == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="end" '
                f'font-size="10" fill="{INK}" transform="rotate(-40 {x + bar / 2:.1f} '
                f'{top + plot_h + 14})">{escape(_short(label))}</text>'
            )
    if line is not None:
        y = top + plot_h - line / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def streak(title: str, labels: Sequence[str], states: Sequence[str], width: int = 680) -> str:
    """A square per week: filled when the check-in was done, outlined when not."""
    size, gap, left, top = 16, 4, 8, 30
    per_row = max(1, (width - left * 2) // (size + gap))
    rows = (len(labels) + per_row - 1) // per_row or 1
    height = top + rows * (size + gap) + 8
    parts = [_open(width, height, title)]
    for i, (label, state) in enumerate(zip(labels, states, strict=True)):
        x = left + (i % per_row) * (size + gap)
        y = top + (i // per_row) * (size + gap)
        fill = DONE if state == "done" else PARTLY if state == "in-progress" else "none"
        parts.append(
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="3" fill="{fill}" '
            f'stroke="{DONE if fill != "none" else "#AAAAAA"}" stroke-width="1.5">'
            f"<title>{escape(label)}: {escape(state)}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title>"
        f'<text x="8" y="16" font-size="13" font-weight="600" fill="{INK}">{escape(title)}</text>'
    )


def _legend(
    series: Sequence[Series], x: int, y: int, right: int, line_name: str
) -> tuple[str, int]:
    """The legend under the title, wrapped onto more rows when it does not fit; returns the
    SVG and how many rows it took."""
    from punchin.wrapping import display_width

    items = [(name, colour) for name, colour, _ in series]
    if line_name:
        items.append((line_name, ""))
    parts, offset, row = [], x, 0
    for name, colour in items:
        size = 24 + int(6.5 * display_width(name))
        if offset + size > right and offset > x:
            offset, row = x, row + 1
        top = y + 18 * row
        mark = (
            f'<rect x="{offset}" y="{top - 9}" width="10" height="10" fill="{colour}"/>'
            if colour
            else f'<line x1="{offset}" x2="{offset + 12}" y1="{top - 4}" y2="{top - 4}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'{mark}<text x="{offset + 15}" y="{top}" font-size="11" fill="{INK}">'
            f"{escape(name)}</text>"
        )
        offset += size
    return "".join(parts), row + 1


def _step(peak: float) -> float:
    """A round gap between gridlines giving at most five of them."""
    for candidate in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if peak / candidate <= 5:
            return candidate
    return 1000


def _round_up(peak: float) -> float:
    """The top of the scale: the first gridline at or above the tallest bar."""
    step = _step(peak)
    return -(-peak // step) * step


def _ticks(peak: float) -> list[float]:
    step = _step(peak)
    ticks = []
    value = 0.0
    while value <= peak + 1e-9:
        ticks.append(value)
        value += step
    return ticks


def _short(label: str) -> str:
    """2026-W47 -> W47; 2026-Q3 -> Q3: the year is in the title."""
    return label.split("-", 1)[1] if "-" in label else label
