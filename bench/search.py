"""Search and journal size: four targets, on journals as big as a person's ever gets.

A journal of 100,000 notes moves in from jrnl (`punchin import --from jrnl`, of an export
written as `jrnl --format json` writes it: oldest first), nine in ten in English, one in ten
in Chinese. Timed, as whole commands (`punchin search`, start-up included) and in process
(the search alone), medians of interleaved runs:

1. a common word (in most notes) against a rare one (in 20): at most 1.3x;
2. an absent one- and two-character Chinese word against a present one: at most 1.3x;
3. `punchin search wrote` (in every answer) in 100 years of weekly check-ins against 1 year:
   at most 1.15x;
4. the journal's size against the size of the notes' text: at most 3x, with every planted
   English and Chinese word found in every note that holds it.

    python bench/search.py               # 100,000 notes, 11 runs
    python bench/search.py --notes 20000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history
from startup import punchin_command, timed

from punchin.store import Journal

ENGLISH = [
    *("week", "goal", "review", "mentor", "partner", "wrote", "thesis", "chapter", "run"),
    *("paper", "code", "reading", "plan", "quarter", "habit", "focus", "advisor", "draft"),
    *("lab", "gym", "sleep", "morning", "evening", "notes"),
]  # fmt: skip
CHINESE = [
    *("今天", "工作", "论文", "导师", "计划", "目标", "读书", "图书馆", "跑步", "睡眠"),
    *("早上", "晚上", "实验", "代码", "习惯", "专注", "写作", "章节", "复盘", "季度"),
]  # fmt: skip
COMMON, RARE = "wrote", "zephyr"  # in four notes of five; in 20 notes
PRESENT = {1: "书", 2: "动机"}  # one- and two-character words in Chinese notes
ABSENT = {1: "鲸", 2: "鲸鱼"}
PLANTED = (RARE, "library", "动机", "书", "图书馆", "第九章")


def write_export(path: Path, count: int) -> int:
    """A jrnl JSON export of `count` notes, three a day, oldest first; returns the size of
    their text (titles and bodies, UTF-8)."""
    chooser = random.Random(count)
    first = date(2026, 11, 23) - timedelta(days=count // 3)
    entries, size = [], 0
    for n in range(count):
        if n % 10 == 3:
            words = [chooser.choice(CHINESE) for _ in range(30)]
            if n % 200 == 13:
                words[5] = "动机"
            if n % 500 == 23:
                words[9] = "第九章"
            title, body = f"第{n}条：{chooser.choice(CHINESE)}。", "".join(words) + "。"
        else:
            words = [chooser.choice(ENGLISH) for _ in range(40)]
            if n % (count // 20) == 17:
                words[7] = RARE
            if n % 20 == 0:
                words[11] = "library"
            title, body = f"Entry {n} about {chooser.choice(ENGLISH)}.", " ".join(words)
        size += len(title.encode()) + len(body.encode())
        day = first + timedelta(days=n // 3)
        entries.append(
            {
                "title": title,
                "body": body,
                "date": day.isoformat(),
                "time": f"{8 + 5 * (n % 3):02d}:{n % 60:02d}",
                "tags": [],
                "starred": False,
            }
        )
    path.write_text(json.dumps({"tags": {}, "entries": entries}, ensure_ascii=False))
    return size


def holding(export: Path, word: str) -> int:
    """How many notes of the export hold `word` (lower case, or Chinese: as search reads)."""
    entries = json.loads(export.read_text())["entries"]
    return sum(word in f"{e['title']} {e['body']}".lower() for e in entries)


def medians(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each job, run in turn `runs` times (after one run to warm up)."""
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for job in jobs.values():
        job()
    for _ in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


def command(words: list[str], env: dict[str, str]) -> Callable[[], object]:
    return lambda: timed([*punchin_command(), *words], env)


def verdict(met: bool) -> str:
    return "meets" if met else "misses"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    count = args.notes
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        export = base / "jrnl.json"
        text = write_export(export, count)
        home = base / "notes"
        home.mkdir(mode=0o700)
        env = dict(os.environ, PUNCHIN_HOME=str(home), PUNCHIN_NOW=NOW.isoformat())
        imported = timed([*punchin_command(), "import", "--from", "jrnl", str(export)], env)
        journal_file = home / "journal.db"
        size = sum(p.stat().st_size for p in home.glob("journal.db*"))

        words = {"common": COMMON, "rare": RARE}
        for n in (1, 2):
            words[f"present {n}"], words[f"absent {n}"] = PRESENT[n], ABSENT[n]
        jobs: dict[str, Callable[[], object]] = {
            name: command(["search", word], env) for name, word in words.items()
        }
        with Journal.open(journal_file, lambda: NOW) as journal:
            missing = [
                word
                for word in PLANTED
                if len([h for h in journal.search(word, count) if h.source == "note"])
                != holding(export, word)
            ]
            for name, word in words.items():
                jobs[alone(name)] = lambda word=word: journal.search(word)
            notes = medians(jobs, args.runs)

        history: dict[int, Path] = {}
        for years in (1, 100):
            history[years] = base / f"{years}y"
            history[years].mkdir(mode=0o700)
            build_history(history[years] / "journal.db", years)
        jobs = {}
        opened = []
        for years, place in history.items():
            env = dict(os.environ, PUNCHIN_HOME=str(place), PUNCHIN_NOW=NOW.isoformat())
            jobs[f"{years}y"] = command(["search", "wrote"], env)
            journal = Journal.open(place / "journal.db", lambda: NOW)
            opened.append(journal)
            jobs[alone(f"{years}y")] = lambda journal=journal: journal.search("wrote")
        answers = medians(jobs, args.runs)
        for journal in opened:
            journal.close()

    print(f"{count:,} notes ({text / 1e6:.1f} MB of text), imported in {imported:.1f} s")
    print(f"median ms over {args.runs} interleaved runs: a whole command, the search alone")
    for name, word in words.items():
        print(f"  search {word!r:10} ({name:<9}) {ms(notes, name):>8} {ms(notes, alone(name)):>8}")
    for name in answers:
        if not name.endswith(")"):
            print(f"  search 'wrote' ({name:>4} check-ins) {ms(answers, name):>8}", end="")
            print(f" {ms(answers, alone(name)):>8}")

    ratio = notes["common"] / notes["rare"]
    lines.append(
        f"target: a common word at most 1.3x a rare one in {count:,} notes: "
        f"{verdict(ratio <= 1.3)} ({ratio:.2f}x: {against(notes, 'common', 'rare')})"
    )
    ratios = {n: notes[f"absent {n}"] / notes[f"present {n}"] for n in (1, 2)}
    each = "; ".join(
        f"{ratios[n]:.2f}x for {n} character{'s' * (n > 1)}: "
        + against(notes, f"absent {n}", f"present {n}")
        for n in (1, 2)
    )
    lines.append(
        "target: an absent one- or two-character Chinese word at most 1.3x a present one: "
        f"{verdict(max(ratios.values()) <= 1.3)} ({each})"
    )
    growth = answers["100y"] / answers["1y"]
    lines.append(
        "target: searching answers in 100 years of check-ins at most 1.15x in 1 year: "
        f"{verdict(growth <= 1.15)} ({growth:.2f}x: {against(answers, '100y', '1y')})"
    )
    found = "every planted word found" if not missing else f"not all found: {', '.join(missing)}"
    lines.append(
        f"target: a journal of {count:,} jrnl notes at most 3x their text: "
        f"{verdict(size <= 3 * text and not missing)} ({size / text:.2f}x: "
        f"{size / 1e6:.1f} MB for {text / 1e6:.1f} MB; {found})"
    )
    print("\n".join(lines))


def alone(name: str) -> str:
    return f"{name} (in process)"


def ms(times: dict[str, float], name: str) -> str:
    return f"{times[name] * 1000:.1f}"


def against(times: dict[str, float], one: str, other: str) -> str:
    """'A vs B ms; search alone a vs b ms'"""
    return (
        f"{ms(times, one)} vs {ms(times, other)} ms; "
        f"search alone {ms(times, alone(one))} vs {ms(times, alone(other))} ms"
    )


if __name__ == "__main__":
    main()
