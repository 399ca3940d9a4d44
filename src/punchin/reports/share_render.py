"""A shared report in words: Markdown, or one self-contained HTML page, from the shared model
(`sharing.py`) alone, so nothing private can reach it. JSON is the model itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from punchin.reports.figures import goals_chart
from punchin.reports.markdown_doc import Doc
from punchin.reports.sharing import Model
from punchin.reports.words import Words


def title(model: Model, w: Words) -> str:
    if model["kind"] == "wins":
        return w("share_wins_title", start=model["start"], end=model["end"])
    return w(f"share_{model['kind']}_title", period=model["period"])


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")  # what Markdown unescapes
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


class PlainDoc(Doc):
    """A document whose every word of the person's is shown as written: in the HTML page
    neither HTML nor Markdown in it comes alive (no link, image, heading or table made of
    an answer, a title or the name), and its line breaks are kept."""

    def user(self, text: str) -> str:
        if not self.html:
            return text
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        escaped = MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
        return "<br>\n".join(escaped.splitlines()) if "\n" in escaped else escaped

    def _html_table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int]
    ) -> str:
        """A table is HTML already, which Markdown leaves alone: its cells keep the HTML
        escaping, without the Markdown escapes meant for prose."""
        plain = [[MARKDOWN_ESCAPE.sub(r"\1", str(cell)) for cell in row] for row in rows]
        return super()._html_table(headers, plain, right)


def to_markdown(model: Model, w: Words, *, html: bool = False, width: int | None = None) -> str:
    doc = PlainDoc(html, width, w.pair)
    doc.heading(1, title(model, w))
    byline = [w("share_from", name=doc.user(model["name"]))] if model.get("name") else []
    if model["kind"] != "wins":
        byline.append(w("share_dates", start=model["start"], end=model["end"]))
    if byline:
        doc.para(" · ".join(byline))
    note = w("share_note")
    doc.blocks.append(f'<p class="shared-note"><small>{note}</small></p>' if html else f"_{note}_")
    {"week": _week, "quarter": _quarter, "year": _year, "wins": _wins}[model["kind"]](model, w, doc)
    return doc.text()


def to_html(model: Model, w: Words, language: str) -> str:
    from punchin.reports.page import page

    return page(title(model, w), to_markdown(model, w, html=True), language, w("share_footer"))


# -- the kinds ---------------------------------------------------------------------------------


def _week(model: Model, w: Words, doc: Doc) -> None:
    if model["checkin"] != "done":  # its account is the check-in's: not yet, or not at all
        doc.para(w(f"share_checkin_{model['checkin'].replace('-', '_')}", period=model["period"]))
    doc.section(w("share_results"), model["results"])
    _goals(model["goals"], w, doc, w("share_goals"), progress=True)
    _blockers(model["blockers"], w, doc)
    _next(model["next"], w, doc)


def _quarter(model: Model, w: Words, doc: Doc) -> None:
    _goals(model["goals"], w, doc, w("share_quarter_goals"))
    _weeks(model["weeks"], w, doc)
    _blockers(model["blockers"], w, doc)
    _next(model["next"], w, doc)


def _year(model: Model, w: Words, doc: Doc) -> None:
    _goals(model["goals"], w, doc, w("share_year_goals"))
    for quarter in model["quarters"]:
        if quarter["goals"]:
            _goals(quarter["goals"], w, doc, w("share_goals_of", period=quarter["period"]))
    _weeks(model["weeks"], w, doc)
    _blockers(model["blockers"], w, doc)


def _wins(model: Model, w: Words, doc: Doc) -> None:
    if not model["groups"] and not model["other"] and not model["named"]:
        doc.para(w("share_wins_none"))
        return
    for group in model["groups"]:
        heading = w("share_wins_other_goals")
        if group["goal"] is not None:
            heading = _goal_words(group["goal"], w, doc)
        doc.heading(2, heading)
        doc.bullets(_result_words(r, w, doc) for r in group.get("results", []))
        for quarter in group["quarters"]:
            doc.heading(3, _goal_words(quarter["goal"], w, doc))
            doc.bullets(_result_words(r, w, doc) for r in quarter["results"])
    if model["other"]:
        doc.heading(2, w("share_wins_other"))
        doc.bullets(_result_words(r, w, doc) for r in model["other"])
    if model["named"]:
        doc.heading(2, w("share_wins_named"))
        doc.bullets(
            w.pair(named["week"], doc.user(" ".join(named["text"].split())))
            for named in model["named"]
        )


# -- the parts ---------------------------------------------------------------------------------


def _goals(
    goals: list[dict[str, Any]], w: Words, doc: Doc, heading: str, *, progress: bool = False
) -> None:
    """A table of goals; the goal each serves only when some serve one."""
    if not goals:
        return
    doc.heading(2, heading)
    serves = any(goal.get("serves") for goal in goals)
    headers = [w("col_goal"), w("col_result"), w("col_progress" if progress else "col_score")]
    rows = [
        [
            doc.user(goal["title"]),
            w(f"result_{goal['status']}"),
            _percent(goal) if progress else _score(goal),
            *([doc.user(goal.get("serves") or "")] if serves else []),
        ]
        for goal in goals
    ]
    doc.table([*headers, *([w("share_col_serves")] if serves else [])], rows, right=(2,))


def _percent(goal: dict[str, Any]) -> str:
    """A week goal's progress as a reader expects it: 100% done, 40% partly, none missed."""
    if goal["status"] == "done":
        return "100%"
    if goal["status"] == "partly" and goal.get("score") is not None:
        return f"{round(goal['score'] * 100)}%"
    return ""


def _weeks(weeks: list[dict[str, Any]], w: Words, doc: Doc) -> None:
    if not weeks:
        return
    doc.heading(2, w("share_weeks"))
    doc.chart(lambda: goals_chart(w, weeks, "chart_goals"))
    doc.table(
        [w("col_week"), w("col_done"), w("col_partly"), w("col_missed"), w("share_results")],
        [
            [
                week["period"],
                str(week["done"]),
                str(week["partly"]),
                str(week["missed"]),
                doc.user(" ".join(week["results"].split())),
            ]
            for week in weeks
        ],
        right=(1, 2, 3),
    )


def _blockers(blockers: list[dict[str, Any]], w: Words, doc: Doc) -> None:
    if not blockers:
        return
    doc.heading(2, w("share_blockers"))
    doc.bullets(
        w(
            "share_blocker",
            week=b["week"],
            goal=doc.user(b["goal"]),
            kind=doc.user(w.outside_kind(b["kind"])),  # an unknown kind is shown as is
            note=doc.user(b["note"]) if b["note"] else "",
        ).rstrip(" :：")
        for b in blockers
    )


def _next(upcoming: dict[str, Any], w: Words, doc: Doc) -> None:
    if upcoming["goals"]:
        doc.heading(2, w("next_goals", period=upcoming["period"]))
        doc.bullets(doc.user(title) for title in upcoming["goals"])


def _score(goal: dict[str, Any]) -> str:
    score = goal.get("score")
    if goal["status"] == "done":
        return "1.0"
    return "" if score is None else f"{score:.2f}"


def _goal_words(goal: dict[str, Any], w: Words, doc: Doc) -> str:
    return w(
        "share_goal",
        title=doc.user(goal["title"]),
        period=goal["period"],
        result=w(f"result_{goal['status']}"),
        score=_score(goal) or "–",
    )


def _result_words(result: dict[str, Any], w: Words, doc: Doc) -> str:
    status = w(f"result_{result['status']}")
    if result["status"] == "partly" and result["score"] is not None:
        status = w("share_partly", percent=round(result["score"] * 100))
    return w(
        "share_result",
        title=doc.user(result["title"]),
        week=result["week"],
        end=result["end"] or "",
        result=status,
    )
