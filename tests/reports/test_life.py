"""`punchin report life`: every week since the journal began on one page, the years side by
side, the directions and the paths over time, what stands out; on built histories."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from punchin.models import Cause, EntryStatus, GoalStatus, Horizon
from punchin.periods import Period, five_year_of, quarter_of, week_of, year_of
from punchin.reports.life import iso_weeks
from punchin.store import Journal

NOW = "2026-11-23T21:00:00+00:00"  # the conftest's Monday evening: W47 is reviewed


def life_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("report", "life", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def check_in(
    journal: Journal,
    week: Period,
    done: int,
    missed: list[Cause],
    *,
    status: EntryStatus = EntryStatus.DONE,
) -> None:
    entry = journal.start_entry("week", week, "en")
    for n in range(done):
        goal = journal.add_goal(f"Done {n}", week)
        journal.update_goal(goal.id, status=GoalStatus.DONE, progress=1.0)
    for n, cause in enumerate(missed):
        goal = journal.add_goal(f"Missed {n}", week)
        journal.update_goal(goal.id, status=GoalStatus.MISSED, progress=0.0)
        journal.save_diagnosis(entry.id, goal.id, cause, None, None)
    journal.set_entry_status(entry.id, status)


# -- one year: the default journal, kept since 2026-01-05 -------------------------------------


def test_one_year_has_a_cell_for_every_iso_week_and_tells_the_weeks_apart(
    run: Run, home: Path
) -> None:
    with Journal.open(home / "journal.db", lambda: datetime(2026, 3, 1, tzinfo=UTC)) as journal:
        check_in(journal, week_of(date(2026, 1, 5)), 2, [])  # W02
        check_in(journal, week_of(date(2026, 1, 12)), 1, [Cause.LAZINESS])  # W03: half its goals
        check_in(journal, week_of(date(2026, 1, 19)), 0, [], status=EntryStatus.IN_PROGRESS)
    data = life_json(run)
    assert data["period"] == "2026"
    (row,) = data["grid"]
    assert row["year"] == 2026
    assert len(row["weeks"]) == iso_weeks(2026) == 53  # 2026 is a 53-week ISO year
    states = {week["period"]: week["state"] for week in row["weeks"]}
    assert states["2026-W01"] == "before"  # the journal began on W02's Monday
    assert states["2026-W02"] == "done"
    assert states["2026-W03"] == "done"
    assert states["2026-W04"] == "half"
    assert states["2026-W05"] == "missed"
    assert states["2026-W47"] == "missed"  # the week just reviewed counts
    assert states["2026-W48"] == "ahead"  # the one being lived does not
    w03 = next(week for week in row["weeks"] if week["period"] == "2026-W03")
    assert (w03["done"], w03["missed"], w03["goals"]) == (1, 1, 2)
    (year,) = data["years"]
    assert (year["checkins"], year["half"], year["weeks"]) == (2, 1, 46)
    assert year["goals"]["week"] == {"done": 3, "partly": 0, "missed": 1}
    assert year["main_cause"] == "laziness"
    assert data["summary"]["longest_gap"] == 43  # W05 to W47
    keys = {finding["key"]: finding["params"] for finding in data["findings"]}
    assert keys["life_gap"] == {"weeks": 43, "first": "2026-W05", "last": "2026-W47"}


def test_an_empty_journal_says_so(run: Run) -> None:
    result = run("report", "life")
    assert result.exit_code == 0
    assert "Nothing is recorded for 2026 yet." in result.output


# -- six years, with two five-year checks, yearly verdicts, path assessments and gaps ----------


@pytest.fixture
def six_years(journal_file: Path) -> Iterator[Journal]:
    """A journal begun on 2021-01-04: check-ins most weeks, none in 2023 (a silent year), a
    gap in 2022, laziness the main cause in 2021, 2022 and 2025; yearly checks that changed
    direction in 2024 and 2025; five-year checks for 2016-2020 (planning 2021-2025) and
    2021-2025 (planning 2026-2030); three path assessments whose leader moved twice."""
    clock = [datetime(2021, 1, 4, 9, tzinfo=UTC)]
    journal_file.parent.mkdir(mode=0o700, exist_ok=True)
    with Journal.open(journal_file, lambda: clock[0]) as journal:
        week = week_of(date(2021, 1, 4))
        while week.start <= date(2026, 11, 16):
            year = week.start.isocalendar()[0]
            number = week.start.isocalendar()[1]
            skip = year == 2023 or (year == 2022 and 10 <= number <= 15)
            if not skip:
                cause = Cause.ABILITY if year in (2024, 2026) else Cause.LAZINESS
                check_in(journal, week, 2, [cause] if number % 2 else [])
            week = week.next()
        quarter = quarter_of(date(2021, 1, 1))
        done_quarter = journal.add_goal("Ship the first paper", quarter)
        journal.update_goal(done_quarter.id, status=GoalStatus.DONE, progress=1.0)
        journal.update_goal(
            journal.add_goal("Year goal", year_of(date(2022, 1, 1))).id, status=GoalStatus.PARTLY
        )
        checks = {
            2021: dict(happy="yes", progress="yes", decision="push"),
            2022: dict(happy="mixed", progress="some", verdict="timing", decision="push"),
            2024: dict(happy="no", progress="no", verdict="motivation", decision="change",
                       direction="Research engineering"),
            2025: dict(happy="no", progress="some", verdict="timing", decision="change",
                       direction="Back to the lab"),
        }  # fmt: skip
        for year, answers in checks.items():
            review(journal, "year", year_of(date(year, 1, 1)), answers)
        first = five_year_of(date(2016, 1, 1), 2021)
        second = five_year_of(date(2021, 1, 1), 2021)
        review(journal, "five-year", first, dict(positive="Build tools people trust",
               problem="Reliable data pipelines", value="commercial"))  # fmt: skip
        review(journal, "five-year", second, dict(positive="Teach what I learned",
               problem="Open courses", value="academic"))  # fmt: skip
        journal.add_goal("Lead a data team", second)
        journal.add_goal("Publish a course", second.next(2021))
        for day, fits in (("2021-03-01", (5, 1, 2)), ("2023-03-06", (1, 6, 2)),
                          ("2025-03-03", (6, 1, 2))):  # fmt: skip
            moment = date.fromisoformat(day)
            review(
                journal,
                "paths",
                Period(moment, moment, Horizon.WEEK, day),
                {"align": "partly"}
                | {
                    f"fit.{p}": str(f)
                    for p, f in zip(("company", "phd", "startup"), fits, strict=True)
                },
            )
        yield journal


def review(journal: Journal, kind: str, period: Period, answers: dict[str, str]) -> None:
    entry = journal.start_entry(kind, period, "en")
    for key, value in answers.items():
        journal.save_answer(entry.id, key, value)
    journal.set_entry_status(entry.id, EntryStatus.DONE)


@pytest.mark.fresh_journal
def test_six_years_grid_counts_and_empty_years(six_years: Journal, run: Run) -> None:
    six_years.close()
    data = life_json(run)
    assert data["period"] == "2021-2026"
    assert [row["year"] for row in data["grid"]] == [2021, 2022, 2023, 2024, 2025, 2026]
    for row in data["grid"]:
        assert len(row["weeks"]) == iso_weeks(row["year"])
    assert len(data["grid"][5]["weeks"]) == 53 and len(data["grid"][0]["weeks"]) == 52
    years = {year["year"]: year for year in data["years"]}
    assert years[2023]["empty"] and years[2023]["checkins"] == 0  # shown, not skipped
    assert years[2023]["weeks"] == 52
    assert years[2022]["checkins"] == 52 - 6 and years[2022]["longest_streak"] == 52 - 15
    assert years[2021]["checkins"] == 52
    assert years[2021]["goals"]["week"] == {"done": 104, "partly": 0, "missed": 26}
    assert years[2021]["goals"]["quarter"] == {"done": 1, "partly": 0, "missed": 0}
    assert years[2022]["goals"]["year"] == {"done": 0, "partly": 1, "missed": 0}
    assert years[2021]["main_cause"] == "laziness" and years[2024]["main_cause"] == "ability"
    assert years[2021]["causes"]["laziness"] == 26
    assert years[2024]["check"]["decision"] == "change"
    assert years[2024]["check"]["verdict"] == "motivation"
    assert years[2023]["check"] is None
    summary = data["summary"]
    assert summary["longest_gap"] == 52  # all of 2023
    assert summary["gap_from"] == "2023-W01" and summary["gap_to"] == "2023-W52"


@pytest.mark.fresh_journal
def test_six_years_directions_paths_and_findings(six_years: Journal, run: Run) -> None:
    six_years.close()
    data = life_json(run)
    windows = {window["period"]: window for window in data["directions"]}
    assert set(windows) == {"2021-2025", "2026-2030"}
    assert windows["2021-2025"]["positive"] == "Build tools people trust"
    assert windows["2021-2025"]["value"] == "commercial"
    assert [g["title"] for g in windows["2021-2025"]["goals"]] == ["Lead a data team"]
    assert [y["year"] for y in windows["2021-2025"]["years"]] == [2021, 2022, 2024, 2025]
    assert windows["2026-2030"]["problem"] == "Open courses"
    assert [entry["best"] for entry in data["paths"]] == [["company"], ["phd"], ["company"]]
    found = {finding["key"]: finding["params"] for finding in data["findings"]}
    assert found["life_main_cause"] == {"cause": "laziness", "count": 3, "total": 6}
    assert found["life_silent_years"] == {"years": [2023]}
    assert found["life_changes_running"] == {"first": 2024, "second": 2025}
    assert found["life_paths_flips"] == {"count": 2, "total": 3}
    # 2024 had one signal (the paths' leader moved); 2025 and 2026 look back on two changes
    assert [entry["year"] for entry in data["signals"]] == [2025, 2026]
    assert {s["key"] for s in data["signals"][0]["signals"]} >= {"changes"}


@pytest.mark.fresh_journal
def test_six_years_in_markdown_both_languages(six_years: Journal, run: Run) -> None:
    six_years.close()
    text = run("report", "life").output
    grid = re.search(r"```text\n(.*?)```", text, re.S)
    assert grid is not None
    rows = grid.group(1).splitlines()
    assert [row[:4] for row in rows] == ["2021", "2022", "2023", "2024", "2025", "2026"]
    assert rows[2] == "2023 " + "x" * 52  # the silent year, every week missed
    assert rows[1][5 + 9 : 5 + 15] == "xxxxxx"  # W10-W15 of 2022
    assert rows[5].endswith("......")  # W48-W53 of 2026 still to come
    for said in (
        "## Year by year",
        "| 2023 | no check-ins |",
        "## Directions",
        "### 2021-2025",
        "Build tools people trust",
        "Research engineering",
        "## The paths over time",
        "The main cause of goals not fully done was laziness in 3 of 6 years.",
        "Years with no check-in at all: 2023.",
        "The best-fitting path changed 2 times over 3 assessments.",
    ):
        assert said in text, said
    zh = run("--lang", "zh", "report", "life").output
    for said in ("你的几十年", "逐年来看", "一次复盘都没有的年份：2023。", "方向", "三条路的变化"):
        assert said in zh, said


@pytest.mark.fresh_journal
def test_since_until_and_shared(six_years: Journal, run: Run) -> None:
    six_years.close()
    data = life_json(run, "--since", "2022", "--until", "2023")
    assert [row["year"] for row in data["grid"]] == [2022, 2023]
    shared = life_json(run, "--share")
    assert shared["shared"] and "directions" not in shared and "paths" not in shared
    assert all(not any(year["causes"].values()) and year["check"] is None
               for year in shared["years"])  # fmt: skip
    text = run("report", "life", "--share").output
    for private in ("laziness", "Build tools people trust", "Research engineering", "paths"):
        assert private not in text, private
    bad = run("report", "life", "--since", "twenty")
    assert bad.exit_code == 2 and "give a year" in bad.output
    backwards = run("report", "life", "--since", "2025", "--until", "2022")
    assert backwards.exit_code == 2 and "before it begins" in backwards.output
    assert run("report", "life", "2024").exit_code == 2


@pytest.mark.fresh_journal
def test_html_is_one_inert_page_under_a_megabyte(
    six_years: Journal, run: Run, tmp_path: Path
) -> None:
    six_years.close()
    out = tmp_path / "life.html"
    assert run("report", "life", "-f", "html", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<rect x="') >= sum(iso_weeks(y) for y in range(2021, 2027))
    assert "<script" not in page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)  # nothing to fetch
    assert "Every week since the journal began" in page
    assert "2021-W01: check-in done · 2 of 3 goals done" in page
    assert len(page.encode()) < 1_000_000
    assert oct(out.stat().st_mode & 0o777) == "0o600"
