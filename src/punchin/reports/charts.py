"""Small SVG charts for the HTML reports: stacked bars, a streak of squares, bars against a
line. Our own renderer, because a report must be one self-contained file that opens with no
network and no JavaScript; the charting libraries we looked at either add both or a heavy
dependency, for four simple chart shapes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

# Colours chosen to stay apart for the common kinds of colour blindness (Okabe–Ito); the kinds
# of week differ in shape too (filled, half filled, crossed, dashed, faint), not only in colour.
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
GREY = "#8A8A8A"

# A week is one of these: check-in done, half done, missed; no goals that week (and no
# check-in); before the journal began.
WEEK_KINDS = ("done", "half", "missed", "no-goals", "before")

Series = tuple[str, str, Sequence[float]]  # name, colour, one value per bar
Pair = Callable[[str, str], str]  # "what: value" in the report's language (a title's words)
Key = Callable[[int, int], str]  # draws a legend's mark with its top left corner at x, y


def _pair(name: str, value: str) -> str:
    return f"{name}: {value}"


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    line: float | None = None,
    line_name: str = "",
    marks: Sequence[str | None] = (),
    mark_names: Mapping[str, str] | None = None,
    empty: str = "",
    pair: Pair = _pair,
    width: int = 680,
    height: int = 240,
) -> str:
    """One bar per label, its series stacked; an optional horizontal line (a time box).

    `marks` gives a label with no bar the kind of its week (`mark_names` names them), drawn where
    the bar would stand, so a missed check-in and a week without goals do not look alike.
    With nothing to draw, the chart says `empty` instead of showing bare axes."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    if empty and not any(totals):
        return _nothing(title, empty, width)
    names = mark_names or {}
    marked = [kind for kind in WEEK_KINDS if kind in marks and kind in names]
    items: list[tuple[str, Key]] = [(name, _swatch(name, colour)) for name, colour, _ in series]
    if line_name:
        items.append((line_name, _dashes(line_name)))
    items += [(names[kind], _key(kind, names[kind])) for kind in marked]
    legend, legend_rows = _legend(items, 8, 36, width - 8)
    left, right, top, bottom = 36, 12, 36 + 18 * legend_rows, 48
    height += 18 * (legend_rows - 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _round_up(max([*totals, line or 0, 1]))
    step = plot_w / max(len(labels), 1)
    bar = max(step * 0.7, 1)
    parts = [_open(width, height, title), legend]
    for tick in _ticks(peak):
        y = top + plot_h - tick / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{FAINT}" stroke-width="1" aria-hidden="true"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{INK}" aria-hidden="true">{tick:g}</text>'
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
            said = pair(f"{label} · {name}", f"{value:g}")
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}" {_named(said)}><title>{escape(said)}</title></rect>'
            )
        kind = marks[i] if i < len(marks) else None
        if kind in names and not totals[i]:
            size = min(10, int(bar))
            parts.append(
                _week_mark(
                    kind or "",
                    int(x + (bar - size) / 2),
                    int(top + plot_h - size - 2),
                    size,
                    pair(label, names[kind or ""]),
                )
            )
        if len(labels) <= 16 or i % max(1, len(labels) // 13) == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="end" '
                f'font-size="10" fill="{INK}" aria-hidden="true" transform="rotate(-40 '
                f'{x + bar / 2:.1f} {top + plot_h + 14})">{escape(_short(label))}</text>'
            )
    if line is not None:
        y = top + plot_h - line / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 4" aria-hidden="true"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def streak(
    title: str,
    labels: Sequence[str],
    kinds: Sequence[str],
    names: Mapping[str, str],
    *,
    empty: str = "",
    pair: Pair = _pair,
    width: int = 680,
) -> str:
    """A square per week, its kind (one of WEEK_KINDS, named by `names`) told by its shape and
    colour, with a legend of the kinds that occur."""
    if empty and not labels:
        return _nothing(title, empty, width)
    present = [kind for kind in WEEK_KINDS if kind in kinds]
    legend, legend_rows = _legend([(names[k], _key(k, names[k])) for k in present], 8, 36, width)
    size, gap, left, top = 16, 4, 8, 36 + 18 * legend_rows - 4
    per_row = max(1, (width - left * 2) // (size + gap))
    rows = (len(labels) + per_row - 1) // per_row or 1
    height = top + rows * (size + gap) + 8
    parts = [_open(width, height, title), legend]
    for i, (label, kind) in enumerate(zip(labels, kinds, strict=True)):
        x = left + (i % per_row) * (size + gap)
        y = top + (i // per_row) * (size + gap)
        parts.append(_week_mark(kind, x, y, size, pair(label, names[kind])))
    parts.append("</svg>")
    return "".join(parts)


FORECAST = "#0072B2"  # the weekly forecasts: blue dots joined by a line
SCORE = "#D55E00"  # the final score: a dashed line across


def forecasts(
    title: str,
    labels: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float | None], float | None]],
    *,
    forecast_name: str,
    score_name: str,
    unscored: str,
    pair: Pair = _pair,
    width: int = 680,
) -> str:
    """One strip a goal, the weeks (`labels`) across and 0 to 1 up: the goal's weekly
    forecasts as dots joined by a line, its final score as a dashed line with its value at
    the right end (or `unscored` there while it has none). `rows`: the goal's name, a
    forecast or None for each label, and its score."""
    from punchin.reports.wrapping import display_width

    legend, legend_rows = _legend(
        [(forecast_name, _dot(forecast_name)), (score_name, _dashes(score_name, SCORE))],
        8,
        36,
        width - 8,
    )
    left, strip, gap = 36, 60, 30
    right = max(56, 14 + int(5.5 * display_width(unscored)))  # room for a score's value
    top = 36 + 18 * (legend_rows - 1)
    plot_w = width - left - right
    step = plot_w / max(len(labels), 1)
    height = top + len(rows) * (strip + gap) + 24
    parts = [_open(width, height, title), legend]
    for n, (name, values, score) in enumerate(rows):
        y0 = top + gap + n * (strip + gap)
        shown = name
        while display_width(shown) * 7 > plot_w and len(shown) > 1:
            shown = shown[:-2] + "…"
        parts.append(
            f'<text x="{left}" y="{y0 - 10}" font-size="12" font-weight="600" fill="{INK}" '
            f'aria-hidden="true">{escape(shown)}</text>'
        )

        def y_of(value: float, y0: int = y0) -> float:
            return y0 + strip - value * strip

        for tick in (0, 0.5, 1):
            y = y_of(tick)
            parts.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{FAINT}" stroke-width="1" aria-hidden="true"/>'
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
                f'fill="{INK}" aria-hidden="true">{tick:g}</text>'
            )
        if score is not None:
            y = y_of(score)
            said = pair(f"{name} · {score_name}", f"{score:.2f}")
            parts.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{SCORE}" stroke-width="2" stroke-dasharray="6 4" {_named(said)}>'
                f"<title>{escape(said)}</title></line>"
                f'<text x="{width - right + 6}" y="{y + 4:.1f}" font-size="11" font-weight="600" '
                f'fill="{SCORE}" aria-hidden="true">{score:.2f}</text>'
            )
        else:
            parts.append(
                f'<text x="{width - right + 6}" y="{y_of(0.5) + 4:.1f}" font-size="10" '
                f'fill="#666666">{escape(unscored)}</text>'
            )
        points = [
            (left + step * (i + 0.5), y_of(value), labels[i], value)
            for i, value in enumerate(values)
            if value is not None
        ]
        if len(points) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{FORECAST}" stroke-width="1.5" '
                'aria-hidden="true"/>'
            )
        for x, y, label, value in points:
            said = pair(f"{label} · {name}", f"{value:g}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{FORECAST}" stroke="white" '
                f'stroke-width="1" {_named(said)}><title>{escape(said)}</title></circle>'
            )
    axis = top + len(rows) * (strip + gap) + 14
    for i, label in enumerate(labels):
        if len(labels) <= 16 or i % max(1, len(labels) // 13) == 0:
            parts.append(
                f'<text x="{left + step * (i + 0.5):.1f}" y="{axis}" text-anchor="middle" '
                f'font-size="10" fill="{INK}" aria-hidden="true">{escape(_short(label))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _week_mark(kind: str, x: int, y: int, size: int, said: str, *, key: bool = False) -> str:
    """A week's square: filled (done), lower half filled (half done), crossed (check-in
    missed), dashed with a dash (no goals that week), faint (before the journal began).
    `said` is its title; in a legend (`key`) the words beside it say the same, so a screen
    reader skips the mark."""
    look = {
        "done": f'fill="{DONE}" stroke="{DONE}"',
        "half": f'fill="white" stroke="{PARTLY}"',
        "missed": f'fill="white" stroke="{MISSED}"',
        "no-goals": f'fill="white" stroke="{GREY}" stroke-dasharray="3 2"',
        "before": f'fill="#EEEEEE" stroke="{FAINT}"',
    }[kind]
    reader = 'aria-hidden="true"' if key else _named(said)
    parts = [
        f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="{2 if size < 14 else 3}" '
        f'{look} stroke-width="1.5" {reader}><title>{escape(said)}</title></rect>'
    ]
    inset = max(2, size // 4)
    hidden = 'aria-hidden="true" pointer-events="none"'
    if kind == "half":
        parts.append(
            f'<path d="M{x + 1.5} {y + size / 2} H{x + size - 1.5} V{y + size - 1.5} '
            f'H{x + 1.5} Z" fill="{PARTLY}" {hidden}/>'
        )
    elif kind == "missed":
        a, b = x + inset, x + size - inset
        c, d = y + inset, y + size - inset
        parts.append(
            f'<path d="M{a} {c} L{b} {d} M{b} {c} L{a} {d}" stroke="{MISSED}" '
            f'stroke-width="1.8" {hidden}/>'
        )
    elif kind == "no-goals":
        parts.append(
            f'<path d="M{x + inset} {y + size / 2} H{x + size - inset}" stroke="{GREY}" '
            f'stroke-width="1.8" {hidden}/>'
        )
    return "".join(parts)


def _named(said: str) -> str:
    """What a screen reader says for a mark (inside a chart that is a group, not one image)."""
    return f'role="img" aria-label="{escape(said)}"'


def _nothing(title: str, empty: str, width: int) -> str:
    """A chart with nothing to draw: its title and why, not bare axes."""
    return (
        _open(width, 60, title)
        + f'<text x="8" y="44" font-size="12" fill="#666666">{escape(empty)}</text></svg>'
    )


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-label="{escape(title)}" '
        'font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title>"
        f'<text x="8" y="16" font-size="13" font-weight="600" fill="{INK}" '
        f'aria-hidden="true">{escape(title)}</text>'
    )


def _swatch(name: str, colour: str) -> Key:
    def draw(x: int, y: int) -> str:
        return (
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}" aria-hidden="true">'
            f"<title>{escape(name)}</title></rect>"
        )

    return draw


def _dashes(name: str, colour: str = INK) -> Key:
    def draw(x: int, y: int) -> str:
        return (
            f'<line x1="{x}" x2="{x + 12}" y1="{y + 5}" y2="{y + 5}" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="4 3" aria-hidden="true"/>'
        )

    return draw


def _dot(name: str) -> Key:
    def draw(x: int, y: int) -> str:
        return (
            f'<line x1="{x}" x2="{x + 12}" y1="{y + 5}" y2="{y + 5}" stroke="{FORECAST}" '
            f'stroke-width="1.5" aria-hidden="true"/>'
            f'<circle cx="{x + 6}" cy="{y + 5}" r="3.5" fill="{FORECAST}" aria-hidden="true"/>'
        )

    return draw


def _key(kind: str, name: str) -> Key:
    def draw(x: int, y: int) -> str:
        return _week_mark(kind, x, y - 1, 12, name, key=True)

    return draw


def _legend(items: Sequence[tuple[str, Key]], x: int, y: int, right: int) -> tuple[str, int]:
    """The legend under the title, wrapped onto more rows when it does not fit; returns the
    SVG and how many rows it took."""
    from punchin.reports.wrapping import display_width

    parts, offset, row = ['<g class="legend">'], x, 0
    for name, draw in items:
        size = 26 + int(6.5 * display_width(name))
        if offset + size > right and offset > x:
            offset, row = x, row + 1
        top = y + 18 * row
        parts.append(
            f'{draw(offset, top - 9)}<text x="{offset + 16}" y="{top}" font-size="11" '
            f'fill="{INK}">{escape(name)}</text>'
        )
        offset += size
    parts.append("</g>")
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


# -- the report of a life ----------------------------------------------------------------------

LIFE_KINDS = ("done", "half", "missed", "before", "ahead")


def week_grid(
    title: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, float, str]]]],
    names: Mapping[str, str],
    *,
    width: int = 680,
) -> str:
    """A row per year, a small square per ISO week (53 columns): `rows` holds each year's
    label and its weeks as (kind, shade, said). Done is filled, its shade the share of the
    week's goals done; half done is half filled; missed is crossed; weeks before the journal
    are grey, weeks ahead a faint outline. Kept small on purpose: forty years stay a page."""
    present = [kind for kind in LIFE_KINDS if any(cell[0] == kind for _, w in rows for cell in w)]
    legend, legend_rows = _legend(
        [(names[k], _grid_key(k, names[k])) for k in present], 8, 36, width
    )
    left, size, gap = 44, 10, 2
    pitch = size + gap
    top = 36 + 18 * legend_rows + 14
    height = top + len(rows) * pitch + 8
    parts = [_open(width, height, title), legend]
    for number in (1, 10, 20, 30, 40, 50):  # the week numbers above the columns
        x = left + (number - 1) * pitch
        parts.append(
            f'<text x="{x}" y="{top - 4}" font-size="9" fill="#666666" aria-hidden="true">'
            f"{number}</text>"
        )
    for r, (label, weeks) in enumerate(rows):
        y = top + r * pitch
        parts.append(
            f'<text x="8" y="{y + size - 1}" font-size="10" fill="{INK}">{escape(label)}</text>'
        )
        for c, (kind, shade, said) in enumerate(weeks):
            parts.append(_grid_cell(kind, shade, left + c * pitch, y, size, said))
    parts.append("</svg>")
    return "".join(parts)


def _grid_cell(kind: str, shade: float, x: int, y: int, size: int, said: str) -> str:
    title = f"<title>{escape(said)}</title>" if said else ""
    box = f'x="{x}" y="{y}" width="{size}" height="{size}"'
    if kind == "done":
        return f'<rect {box} fill="{DONE}" fill-opacity="{0.3 + 0.7 * shade:.2f}">{title}</rect>'
    if kind == "half":
        return (
            f'<rect {box} fill="white" stroke="{PARTLY}">{title}</rect>'
            f'<rect x="{x}" y="{y + size / 2}" width="{size}" height="{size / 2}" '
            f'fill="{PARTLY}" pointer-events="none"/>'
        )
    if kind == "missed":
        a, b, c, d = x + 2, x + size - 2, y + 2, y + size - 2
        return (
            f'<rect {box} fill="white" stroke="{MISSED}">{title}</rect>'
            f'<path d="M{a} {c}L{b} {d}M{b} {c}L{a} {d}" stroke="{MISSED}" '
            'pointer-events="none"/>'
        )
    if kind == "before":
        return f'<rect {box} fill="#E8E8E8">{title}</rect>'
    return f'<rect {box} fill="none" stroke="#EEEEEE">{title}</rect>'


def _grid_key(kind: str, name: str) -> Key:
    def draw(x: int, y: int) -> str:
        return _grid_cell(kind, 1.0, x, y, 10, "").replace("<rect ", '<rect aria-hidden="true" ', 1)

    return draw


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    pair: Pair = _pair,
    width: int = 680,
    height: int = 240,
) -> str:
    """A line per series across the labels (dates), dots at the values; the scale runs
    from the lowest value (or 0) to the highest, so negative scores have room."""
    items: list[tuple[str, Key]] = [(name, _swatch(name, colour)) for name, colour, _ in series]
    legend, legend_rows = _legend(items, 8, 36, width - 8)
    left, right, top, bottom = 36, 16, 36 + 18 * legend_rows, 48
    height += 18 * (legend_rows - 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, _, vs in series for v in vs]
    low, high = min([0.0, *values]), max([1.0, *values])
    span = high - low or 1.0
    step = plot_w / max(len(labels) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / span * plot_h

    parts = [_open(width, height, title), legend]
    for tick in sorted({low, 0.0, high}):
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{FAINT}" '
            f'aria-hidden="true"/><text x="{left - 4}" y="{y + 4:.1f}" font-size="10" '
            f'text-anchor="end" fill="#666666" aria-hidden="true">{tick:g}</text>'
        )
    every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            x = left + i * step if len(labels) > 1 else left + plot_w / 2
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="10" '
                f'text-anchor="middle" fill="#666666" aria-hidden="true">{escape(label)}</text>'
            )
    for name, colour, vs in series:
        points = [
            (left + i * step if len(labels) > 1 else left + plot_w / 2, y_of(v))
            for i, v in enumerate(vs)
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                'aria-hidden="true"/>'
            )
        for (x, y), label, v in zip(points, labels, vs, strict=True):
            said = pair(f"{name} · {label}", f"{v:g}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}" {_named(said)}>'
                f"<title>{escape(said)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)
