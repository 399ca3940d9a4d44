"""The report of a life in words: Markdown (its week grid as text, every table kept) and one
self-contained HTML page (the grid, the causes and the paths as SVG)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from punchin.method.drift import PATHS
from punchin.reports import charts
from punchin.reports.markdown_doc import Doc
from punchin.reports.words import Words

Report = dict[str, Any]

# The week grid as text: one character a week, readable in any terminal and any font.
GLYPHS = {"done": "#", "done_some": "+", "half": "~", "missed": "x", "before": " ", "ahead": "."}
PATH_COLOURS = {"company": "#0072B2", "phd": "#CC79A7", "startup": "#E69F00"}


def to_markdown(
    report: Report, words: Words, *, charts_inline: bool = False, width: int | None = None
) -> str:
    w = words
    doc = Doc(charts_inline, width, w.pair)
    doc.heading(1, _title(report, w))
    if report["empty"]:
        doc.para(w.life("empty", period=report["period"]))
        return doc.text()
    if report.get("name"):
        doc.para(w("share_from", name=doc.user(report["name"])))
    _summary(report, w, doc)
    _grid(report, w, doc)
    _years(report, w, doc)
    if not report["shared"]:
        _directions(report, w, doc)
        _paths(report, w, doc)
    doc.heading(2, w("findings"))
    if report["findings"]:
        doc.bullets(_finding(w, f["key"], f["params"]) for f in report["findings"])
    else:
        doc.para(w.life("no_findings"))
    return doc.text()


def to_html(report: Report, words: Words, language: str) -> str:
    from punchin.reports.page import page

    text = to_markdown(report, words, charts_inline=True)
    footer = words("share_footer" if report["shared"] else "footer")
    return page(_title(report, words), text, language, footer)


def _title(report: Report, w: Words) -> str:
    key = "title_shared" if report["shared"] else "title"
    return w.life(key, period=report["period"], name=report.get("name") or "")


def _summary(report: Report, w: Words, doc: Doc) -> None:
    s = report["summary"]
    share = round(100 * s["checkins"] / s["weeks"]) if s["weeks"] else 0
    doc.para(
        w.life(
            "summary",
            checkins=s["checkins"],
            weeks=s["weeks"],
            share=share,
            years=s["years"],
            streak=s["longest_streak"],
        )
    )


# -- the weeks of a life -----------------------------------------------------------------------


def _kind_names(w: Words) -> dict[str, str]:
    return {kind: w.life(f"week_{kind}") for kind in charts.LIFE_KINDS}


def _shade(week: dict[str, Any]) -> float:
    """How much of a done week's goals got done (a week without goals counts as whole)."""
    counted = week["done"] + week["partly"] + week["missed"]
    return (week["done"] + 0.5 * week["partly"]) / counted if counted else 1.0


def _sayer(w: Words, names: dict[str, str]) -> Callable[[dict[str, Any]], str]:
    """What a week's square says when pointed at ("2026-W03: check-in done · 2 of 3 goals
    done"), with the words looked up once for the thousands of squares."""
    said = {state: w.pair("{period}", name) for state, name in names.items()}
    goals = " · " + w.life("cell_goals", done="{done}", goals="{goals}")

    def say(week: dict[str, Any]) -> str:
        text = said[week["state"]].replace("{period}", week["period"])
        if week["goals"] and week["state"] in ("done", "half", "missed"):
            text += goals.replace("{done}", str(week["done"])).replace(
                "{goals}", str(week["goals"])
            )
        return text

    return say


def _grid(report: Report, w: Words, doc: Doc) -> None:
    doc.heading(2, w.life("weeks"))
    doc.para(w.life("weeks_about"))
    names = _kind_names(w)
    if doc.html:
        say = _sayer(w, names)
        rows = [
            (
                str(row["year"]),
                [(wk["state"], _shade(wk), say(wk)) for wk in row["weeks"]],
            )
            for row in report["grid"]
        ]
        doc.chart(lambda: charts.week_grid(w.life("chart_weeks"), rows, names))
        return
    lines = []
    for row in report["grid"]:
        cells = []
        for week in row["weeks"]:
            state = week["state"]
            if state == "done" and _shade(week) < 0.75:
                state = "done_some"
            cells.append(GLYPHS[state])
        lines.append(f"{row['year']} {''.join(cells).rstrip()}")
    keys = ("done", "done_some", "half", "missed", "ahead")
    if doc.width is None:  # a file: a code block, so that any Markdown viewer keeps the grid
        doc.blocks.append("```text\n" + "\n".join(lines) + "\n```")
        legend = " · ".join(f"`{GLYPHS[key]}` {w.life(f'glyph_{key}')}" for key in keys)
        doc.para(w.pair(w.life("legend"), legend))
    else:  # a terminal shows the grid as it is
        doc.blocks.append("\n".join(lines))
        legend = " · ".join(f"{GLYPHS[key]} {w.life(f'glyph_{key}')}" for key in keys)
        doc.para(w.pair(w.life("legend"), legend))  # never a line starting "# "


# -- year by year ------------------------------------------------------------------------------


def _counts(goals: dict[str, int]) -> str:
    """done / partly / missed, or nothing when the year had none."""
    if not any(goals.values()):
        return ""
    return f"{goals['done']}/{goals['partly']}/{goals['missed']}"


def _mix(w: Words, causes: dict[str, int]) -> str:
    return " · ".join(f"{w.cause(cause)} {n}" for cause, n in causes.items() if n)


def _years(report: Report, w: Words, doc: Doc) -> None:
    doc.heading(2, w.life("years"))
    doc.para(w.life("years_about"))
    shared = report["shared"]
    rows: list[list[str]] = []
    for year in report["years"]:
        if year["empty"]:
            rows.append([str(year["year"]), w.life("empty_year"), "", "", "", ""])
            continue
        rows.append(
            [
                str(year["year"]),
                f"{year['checkins']}/{year['weeks']}",
                str(year["longest_streak"]),
                _counts(year["goals"]["week"]),
                _counts(year["goals"]["quarter"]),
                _counts(year["goals"]["year"]),
            ]
        )
    doc.table(
        [
            w.life("col_year"),
            w("col_checkins"),
            w.life("col_streak"),
            w.life("col_week_goals"),
            w.life("col_quarter_goals"),
            w.life("col_year_goals"),
        ],
        rows,
        right=(1, 2, 3, 4, 5),
    )
    if shared:
        return
    said = [
        [str(y["year"]), w.cause(y["main_cause"]), _mix(w, y["causes"]), _check(w, y["check"])]
        for y in report["years"]
        if any(y["causes"].values()) or y["check"]
    ]
    if said:
        doc.heading(2, w.life("causes_checks"))
        doc.table(
            [w.life("col_year"), w("col_main_cause"), w.life("col_causes"), w.life("col_check")],
            said,
        )
    if not shared and any(any(y["causes"].values()) for y in report["years"]):
        doc.chart(lambda: _causes_chart(report, w))


def _check(w: Words, check: dict[str, str] | None) -> str:
    """The yearly check in a few words: happy / progress, the verdict, the decision."""
    if not check:
        return ""
    said = [
        w.pair(w.life("happy"), w.year_choice("happy", check.get("happy", "—"))),
        w.pair(w.life("progress"), w.year_choice("progress", check.get("progress", "—"))),
    ]
    if check.get("verdict"):
        said.append(_short(w, "verdict", check["verdict"]))
    if check.get("decision"):
        said.append(w.pair(w.life("decision"), _short(w, "decision", check["decision"])))
    return w.life("separator").join(said)


def _short(w: Words, question: str, value: str) -> str:
    """A yearly check's verdict or decision in a few words, for a table's cell."""
    key = f"short.{question}.{value}"
    return w.life(key) if w.r.has(f"life.{key}") else w.year_choice(question, value)


def _causes_chart(report: Report, w: Words) -> str:
    years = report["years"]
    return charts.stacked_bars(
        w.life("chart_causes"),
        [str(year["year"]) for year in years],
        [
            (w.cause(cause), colour, [year["causes"].get(cause, 0) for year in years])
            for cause, colour in charts.CAUSE_COLOURS.items()
        ],
        empty=w("chart_goals_empty"),
        pair=w.pair,
    )


# -- directions and paths ----------------------------------------------------------------------


def _directions(report: Report, w: Words, doc: Doc) -> None:
    windows = report.get("directions") or []
    signals = report.get("signals") or []
    if not windows and not signals:
        return
    doc.heading(2, w.life("directions"))
    doc.para(w.life("directions_about"))
    for window in windows:
        doc.heading(3, w.life("window", period=window["period"]))
        said = []
        for key in ("positive", "problem"):
            if window.get(key):
                said.append(w.pair(w.life(f"window_{key}"), doc.user(_flat(window[key]))))
        if window.get("value"):
            said.append(w.pair(w.life("window_value"), _value(w, window["value"])))
        if window["goals"]:
            titles = "; ".join(
                doc.user(g["title"]) + " (" + w("result_" + g["status"]) + ")"
                for g in window["goals"]
            )
            said.append(w.pair(w.life("window_goals"), titles))
        if not window["checked"]:
            said.append(w.life("window_unplanned"))
        doc.bullets(said)
        if window["years"]:
            doc.table(
                [
                    w.life("col_year"),
                    w.life("happy"),
                    w.life("progress"),
                    w.life("verdict"),
                    w.life("decision"),
                    w.life("direction"),
                ],
                [
                    [
                        str(y["year"]),
                        w.year_choice("happy", y.get("happy", "")),
                        w.year_choice("progress", y.get("progress", "")),
                        _short(w, "verdict", y["verdict"]) if y.get("verdict") else "",
                        _short(w, "decision", y["decision"]) if y.get("decision") else "",
                        doc.user(_flat(y.get("direction", ""))),
                    ]
                    for y in window["years"]
                ],
            )
    if signals:
        doc.heading(3, w.life("signals"))
        said, before = [], None
        for entry in signals:
            keys = [s["key"] for s in entry["signals"]]
            if before is not None and keys == before[1]:  # the same signals a year on
                text = w.life("signals_same", year=before[0])
            else:
                gap = w.life("sentence_gap")  # " " between English sentences, none in Chinese
                text = gap.join(w.signal(s["key"], s["params"]) for s in entry["signals"])
                before = (entry["year"], keys)
            said.append(w.pair(str(entry["year"]), text))
        doc.bullets(said)


def _value(w: Words, value: str) -> str:
    return w.life(f"value.{value}") if w.r.has(f"life.value.{value}") else value


def _paths(report: Report, w: Words, doc: Doc) -> None:
    paths = report.get("paths") or []
    if not paths:
        return
    doc.heading(2, w.life("paths"))
    doc.para(w.life("paths_about"))
    names = {path: w.path(path) for path in PATHS}
    labels = [entry["date"] for entry in paths]
    doc.chart(
        lambda: charts.lines(
            w.life("chart_paths"),
            labels,
            [
                (names[path], PATH_COLOURS[path], [entry["fits"][path] for entry in paths])
                for path in PATHS
            ],
            pair=w.pair,
        )
    )
    doc.table(
        [w.life("col_date"), *names.values(), w.life("col_best")],
        [
            [
                entry["date"],
                *(str(entry["fits"][path]) for path in PATHS),
                w.years([names[path] for path in entry["best"]]),
            ]
            for entry in paths
        ],
        right=(1, 2, 3),
    )


# -- findings ----------------------------------------------------------------------------------


def _finding(w: Words, key: str, params: dict[str, Any]) -> str:
    values = dict(params)
    if "cause" in values:
        values["cause"] = w.cause(values["cause"])
    if isinstance(values.get("years"), list):
        values["years"] = w.years(values["years"])
    return w.life(f"finding.{key}", **values)


def _flat(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
