"""Reports in words: Markdown (for a terminal or any viewer), HTML (one self-contained file
with charts, through `page`) and JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from punchin.reports.data import Report
from punchin.reports.figures import (
    causes_chart,
    final_score,
    forecasts_chart,
    goals_chart,
    kind_names,
    minutes_chart,
    streak_chart,
    week_kind,
)
from punchin.reports.markdown_doc import Chart, Doc
from punchin.reports.page import page
from punchin.reports.words import Words
from punchin.reports.wrapping import display_width

if TYPE_CHECKING:
    pass


def to_json(report: Report) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)


def to_markdown(
    report: Report, words: Words, *, charts: bool = False, width: int | None = None
) -> str:
    """The report as Markdown; with `charts`, SVG figures stand between its sections (for
    the HTML page, where Markdown passes them through untouched). With a `width` (a terminal's)
    it is laid out to fit: prose wrapped, and a table too wide turned into a list of records."""
    html = charts
    doc = Doc(html, width, words.pair)
    kind = report["kind"]
    title = words(f"{kind}_title", **{k: report[k] for k in ("period", "start", "end")})
    doc.heading(1, title)
    if report["empty"]:
        doc.para(words("empty", period=report["period"]))
        return doc.text()
    {"week": _week, "quarter": _quarter, "year": _year}[kind](report, words, doc)
    return doc.text()


def to_html(report: Report, words: Words, language: str) -> str:
    title = words(f"{report['kind']}_title", **{k: report[k] for k in ("period", "start", "end")})
    markdown_text = to_markdown(report, words, charts=True)
    return page(title, markdown_text, language, words("footer"))


def for_terminal(markdown_text: str, width: int | None = None) -> str:
    """Markdown laid out for a terminal `width` wide (`to_markdown(..., width=)`), styled."""
    from punchin.reports import markdown_doc

    return markdown_doc.for_terminal(markdown_text, width)


# -- the three kinds of report -----------------------------------------------------------------


def _week(report: Report, w: Words, doc: Doc) -> None:
    checkin = report["checkin"]
    if checkin is None:
        doc.para(w("week_missing", period=report["period"]))
    else:
        status = w(f"status_{checkin['status']}")
        doc.para(w("week_summary", status=status, minutes=checkin["minutes"], box=checkin["box"]))
    answers = report["answers"]
    doc.section(w("accomplished"), answers["accomplished"])
    if report["commitments_due"]:
        doc.heading(2, w("commitments_due"))
        doc.bullets(
            w.pair(f"“{doc.user(c['text'])}”", w("kept_" + (c["kept"] or "unknown")))
            for c in report["commitments_due"]
        )
    if report["goals"]:
        doc.heading(2, w("goals"))
        doc.table(
            [w("col_goal"), w("col_result"), w("col_cause"), w("col_remedy")],
            [
                [
                    doc.user(g["title"]),
                    _result(w, g["status"], g["progress"]),
                    w.cause(g["cause"])
                    + (f" ({doc.user(w.detail(g['detail']))})" if g["detail"] else ""),
                    w.remedy(g["cause"], g["remedy"]),
                ]
                for g in report["goals"]
            ],
        )
    made = report["commitments_made"]
    if made:
        doc.heading(2, w("commitments_made", period=made[0]["period"]))
        doc.bullets(doc.user(c["text"]) for c in made)
    doc.section(w("mentor"), answers["mentor"])
    upcoming = report["next"]
    if upcoming["goals"]:
        doc.heading(2, w("next_goals", period=upcoming["period"]))
        doc.bullets(doc.user(title) for title in upcoming["goals"])
    doc.section(w("closing"), answers["closing"])


def _quarter(report: Report, w: Words, doc: Doc) -> None:
    _summary(report, w, doc)
    if report["goals"]:
        doc.heading(2, w("quarter_goals"))
        doc.table(
            [w("col_goal"), w("col_result"), w("col_score"), w("col_cause")],
            [
                [
                    doc.user(g["title"]),
                    w(f"result_{g['status']}"),
                    "" if g["score"] is None else f"{g['score']:.2f}",
                    w.cause(g["cause"]),
                ]
                for g in report["goals"]
            ],
        )
    _forecasts(report, w, doc)
    weeks = report["weeks"]
    doc.heading(2, w("weeks"))
    doc.chart(lambda: goals_chart(w, weeks, "chart_goals"))
    doc.table(
        [
            w("col_week"),
            w("col_checkin"),
            w("col_minutes"),
            w("col_done"),
            w("col_partly"),
            w("col_missed"),
            w("col_said"),
        ],
        [_week_row(w, doc, week) for week in weeks],
        right=(2, 3, 4, 5),
    )
    doc.chart(lambda: streak_chart(w, weeks))
    doc.chart(lambda: minutes_chart(w, weeks, report["summary"]["box"]))
    _causes(report, w, doc, lambda: causes_chart(w, [(wk["period"], wk["causes"]) for wk in weeks]))
    _remedies(report, w, doc)
    _findings(report, w, doc)
    review = report["review"]
    if review:
        doc.section(w("lesson"), review["lesson"])
    upcoming = report["next"]
    if upcoming["goals"]:
        doc.heading(2, w("next_goals", period=upcoming["period"]))
        doc.bullets(doc.user(title) for title in upcoming["goals"])
    if review:
        doc.section(w("closing"), review["closing"])


def _year(report: Report, w: Words, doc: Doc) -> None:
    _summary(report, w, doc)
    _yearly_check(report.get("check"), w, doc)
    quarters = report["quarters"]
    doc.heading(2, w("quarters"))
    doc.table(
        [
            w("col_quarter"),
            w("col_checkins"),
            w("col_done"),
            w("col_partly"),
            w("col_missed"),
            w("col_score"),
            w("col_main_cause"),
            w("col_average"),
        ],
        [
            [
                q["period"],
                f"{q['checkins']}/{q['weeks']}",
                str(q["done"]),
                str(q["partly"]),
                str(q["missed"]),
                "" if q["average_score"] is None else f"{q['average_score']:.2f}",
                w.cause(q["main_cause"]),
                "" if q["average_minutes"] is None else str(q["average_minutes"]),
            ]
            for q in quarters
        ],
        right=(1, 2, 3, 4, 5, 7),
    )
    doc.chart(lambda: goals_chart(w, quarters, "chart_goals_quarter"))
    if report["goals"]:
        doc.heading(2, w("year_goals"))
        doc.table(
            [w("col_goal"), w("col_result"), w("col_score")],
            [
                [
                    doc.user(g["title"]),
                    w(f"result_{g['status']}"),
                    "" if g["score"] is None else f"{g['score']:.2f}",
                ]
                for g in report["goals"]
            ],
        )
    weeks = report["weeks"]
    if doc.html:  # fifty-odd weeks read better as pictures than as a table
        doc.heading(2, w("weeks"))
        doc.chart(lambda: streak_chart(w, weeks))
        doc.chart(lambda: minutes_chart(w, weeks, report["summary"]["box"]))
    _causes(
        report,
        w,
        doc,
        lambda: causes_chart(
            w,
            [
                (q["period"], [c for c, n in q["causes"].items() for _ in range(n)])
                for q in quarters
            ],
        ),
    )
    _remedies(report, w, doc)
    _findings(report, w, doc)


# -- shared sections ---------------------------------------------------------------------------


def _summary_values(summary: dict[str, Any]) -> dict[str, object]:
    average = summary["average_minutes"]
    return {
        "count": summary["checkins"],
        "weeks": summary["weeks"],
        "streak": summary["longest_streak"],
        "average": "—" if average is None else average,
        "box": summary["box"],
    }


def _summary(report: Report, w: Words, doc: Doc) -> None:
    doc.para(w("span_summary", **_summary_values(report["summary"])))


def _causes(report: Report, w: Words, doc: Doc, chart: Chart) -> None:
    causes = report["causes"]
    if not any(causes.values()) and not any(report.get("partly_causes", {}).values()):
        return
    partly = report.get("partly_causes", {})
    doc.heading(2, w("causes"))
    doc.table(
        [w("col_cause"), w("col_misses"), w("col_partly")],
        [
            [w.cause(cause), str(count), str(partly.get(cause, 0))]
            for cause, count in causes.items()
        ],
        right=(1, 2),
    )
    doc.chart(chart)


def _remedies(report: Report, w: Words, doc: Doc) -> None:
    if not report["remedies"]:
        return
    doc.heading(2, w("remedies"))
    doc.table(
        [w("col_remedy"), w("col_chosen"), w("col_kept"), w("col_improved")],
        [
            [
                w.remedy(r["cause"], r["remedy"]),
                str(r["chosen"]),
                str(r["kept"]),
                f"{r['improved']}/{r['judged']}",
            ]
            for r in report["remedies"]
        ],
        right=(1, 2, 3),
    )


def _forecasts(report: Report, w: Words, doc: Doc) -> None:
    """Each quarter goal's weekly forecasts against its final score: a chart in HTML, and a
    row a goal (its forecasts in week order, then the score)."""
    goals = [goal for goal in report["goals"] if goal.get("forecasts")]
    if not goals:
        return
    doc.heading(2, w("forecasts"))
    doc.para(w("forecasts_about"))
    labels = [week["period"] for week in report["weeks"]]
    doc.chart(lambda: forecasts_chart(w, labels, goals))
    doc.table(
        [w("col_goal"), w("col_forecasts"), w("col_score")],
        [
            [
                doc.user(goal["title"]),
                " · ".join(
                    f"{f['week'].split('-', 1)[-1]} {f['value']:g}" for f in goal["forecasts"]
                ),
                "" if (score := final_score(goal)) is None else f"{score:.2f}",
            ]
            for goal in goals
        ],
        right=(2,),
    )


def _findings(report: Report, w: Words, doc: Doc) -> None:
    doc.heading(2, w("findings"))
    if report["findings"]:
        doc.bullets(doc.user(w.finding(f["key"], f["params"])) for f in report["findings"])
    else:
        doc.para(w("no_findings"))


def _week_row(w: Words, doc: Doc, week: dict[str, Any]) -> list[str]:
    """A quarter's week: its check-in, or why there was none to expect (before the journal, no
    goals); goal counts only for a week the journal covers."""
    kind = week_kind(week)
    state = week["state"]
    named = kind in ("before", "no-goals")
    checkin = kind_names(w)[kind] if named else w(f"status_{state}")
    counted = kind != "before"
    return [
        week["period"],
        checkin,
        str(week["minutes"]) if state in ("done", "in-progress") else "",
        *(str(week[key]) if counted else "" for key in ("done", "partly", "missed")),
        doc.user(_first_line(week["accomplished"])),
    ]


def _result(w: Words, status: str, progress: float | None) -> str:
    text = w(f"result_{status}")
    if status == "partly" and progress is not None:
        text += f" {progress * 100:.0f}%"
    return text


def _first_line(text: str, width: int = 60) -> str:
    """The text on one line, cut to `width` columns (a Chinese character takes two)."""
    flat = " ".join(text.split())
    if display_width(flat) <= width:
        return flat
    while display_width(flat) > width - 1:
        flat = flat[:-1]
    return flat + "…"


def _yearly_check(check: dict[str, str] | None, w: Words, doc: Doc) -> None:
    """What the yearly check found and decided, in the person's words."""
    if not check:
        return
    doc.heading(2, w("yearly_check"))

    def choice(question: str, value: str) -> str:  # an answer it does not know is shown as is
        return doc.user(w.year_choice(question, value))

    happy = choice("happy", check.get("happy", "—"))
    progress = choice("progress", check.get("progress", "—"))
    said = [w("check_year", happy=happy, progress=progress)]
    if check.get("verdict"):
        said.append(w("check_verdict", verdict=choice("verdict", check["verdict"])))
    if check.get("decision"):
        said.append(w("check_decision", decision=choice("decision", check["decision"])))
    doc.bullets(said)
    for key in ("action", "direction", "change_reason", "motivation"):
        if check.get(key):
            doc.section(w(f"check_{key}"), check[key])
