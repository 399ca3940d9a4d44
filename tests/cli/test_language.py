"""The user's language is honoured beyond the questions: outputs and error lines too."""

from __future__ import annotations

import re

from conftest import Run


def test_goal_commands_speak_chinese(run: Run) -> None:
    run("init", "--language", "zh", "--yes")
    added = run("goal", "add", "每天写作两小时", "-H", "quarter")
    assert added.output.startswith("已添加季度目标 ")
    goal_id = re.search(r"[0-9a-f]{7}", added.output)[0]  # type: ignore[index]
    assert run("goal", "done", goal_id).output.startswith("已完成：")
    assert "季度 2026-Q4" in run("goal", "list").output


def test_errors_are_one_line_in_the_users_language(run: Run) -> None:
    run("init", "--language", "zh", "--yes")
    bad_date = run("goal", "add", "写论文", "--on", "2026-02-30")
    assert bad_date.exit_code == 2
    assert bad_date.stderr == (
        "错误：无法把 '2026-02-30' 读成日期："
        "请使用 2026-11-16、上周一、3天前 或 2026-W47 这样的写法\n"
    )
    unknown = run("goal", "done", "abcdef")
    assert unknown.exit_code == 1 and unknown.stderr.startswith("错误：没有目标 'abcdef'")


def test_english_stays_the_default_and_lang_overrides_per_run(run: Run) -> None:
    assert run("goal", "add", " ").stderr == "Error: a goal needs a title\n"
    assert run("--lang", "zh", "goal", "add", " ").stderr == "错误：目标需要一个标题\n"


def test_reading_back_speaks_chinese_and_lines_up(run: Run) -> None:
    run("init", "--language", "zh", "--yes")
    run("week", input="写完了第二章的初稿\n导师说还不够\n\n\n")
    log = run("log").output
    assert log.startswith("2026-W47   每周复盘 已完成") and "0 分钟" in log
    found = run("search", "第二章").output
    assert found.startswith("2026-W47   每周复盘  完成了什么     写完了第二章的初稿")


def test_help_follows_the_language_and_every_text_is_translated(run: Run) -> None:
    import click

    from punchin import prompts
    from punchin.cli import cli

    catalog = prompts.load("help", "zh")
    missing = []
    for path, command in all_commands(cli):
        key = path or "punchin"
        if not catalog.has(f"{key}.help"):
            missing.append(key)
        for param in command.params:
            if isinstance(param, click.Option) and not catalog.has(f"{key}.options.{param.name}"):
                missing.append(f"{key} {param.opts[-1]}")
    assert not missing, f"help.toml (zh) lacks {missing}"

    assert run("week", "--help").output.startswith("Usage: punchin week")
    chinese = run("--lang", "zh", "week", "--help").output
    assert chinese.startswith("用法：punchin week [OPTIONS]")
    assert "每周复盘：像导师那样回看这一周" in chinese and "显示本帮助并退出。" in chinese
    assert "  --on DATE|WEEK" in chinese and "Show this message" not in chinese
    run("init", "--language", "zh", "--yes")
    root = run("--help").output
    assert "一本私密的日志" in root and re.search(r"^  goal +四种周期的目标", root, re.M)
    assert run("--lang", "en", "--help").output.startswith("Usage: punchin")


def all_commands(group: object, path: str = "") -> list[tuple[str, object]]:
    import click

    assert isinstance(group, click.Command)
    found: list[tuple[str, object]] = [(path, group)]
    if isinstance(group, click.Group):
        context = click.Context(group)
        for name in group.list_commands(context):
            found += all_commands(group.get_command(context, name), f"{path} {name}".strip())
    return found


def test_every_error_the_code_raises_has_a_chinese_line() -> None:
    """Each error key given in src/ is in zh/errors.toml, and its placeholders are among the
    values the code passes (a missing one would turn the error into a traceback)."""
    import ast
    import string
    from pathlib import Path

    import punchin
    from punchin import prompts

    catalog = prompts.load("errors", "zh")
    missing, wrong = [], []
    for source in Path(punchin.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            key = keywords.get("key")
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            if not catalog.has(f"errors.{key.value}"):
                missing.append(key.value)
                continue
            given = set(keywords) - {"key"}
            template = catalog.get(f"errors.{key.value}")
            used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            if not used <= given:
                wrong.append((key.value, sorted(used - given)))
    assert not missing, f"zh/errors.toml lacks {sorted(set(missing))}"
    assert not wrong, f"zh/errors.toml uses values the code does not give: {wrong}"
