"""The layout's promises, read from the source with `ast`: packages named for their role, a
short top level, imports that flow one way and never in a circle, and fast commands that
stay light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import punchin

SOURCE = Path(punchin.__file__).resolve().parent
# Each package and the level it stands on: a module may import its own package and any
# package on a lower level, never one on its own level or above. Commands sit on top;
# the flows, the reports, the reminders and sync below them; the method's rules below those;
# the store under the method; the modules every layer shares (config, errors, models,
# periods, prompts …) at the bottom.
LEVELS = {
    "cli": 4,
    "reviews": 3,
    "reports": 3,
    "reminders": 3,
    "sync": 3,
    "method": 2,
    "store": 1,
}
SHARED = 0
# A flow shows what the reports draw (the quarter's weeks, the year in figures) while it
# asks: that one sideways step is allowed.
SIDEWAYS = {("reviews", "reports")}


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports() -> dict[str, set[str]]:
    """What each module imports of punchin, at the top or inside a function (a lazy import
    is still a dependency), `TYPE_CHECKING` imports included."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    targets.append(whole if whole in known else node.module)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            graph[name] |= {t for t in targets if t in known and t != name}
    return graph


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVELS else "shared"


def level(module: str) -> int:
    return LEVELS.get(layer(module), SHARED)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_imports_read_are_the_real_ones() -> None:
    graph = imports()
    # the checks below are only as good as this reading of the source
    assert "punchin.store" in graph["punchin.cli.app"] | graph["punchin.cli.review"]
    assert "punchin.reviews.planning" in graph["punchin.reviews.weekly"]
    assert "punchin.method.diagnosis" in graph["punchin.reviews.flow"]
    assert len(graph) > 60


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(imports()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    made_up = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(made_up) == [["a", "b", "c"]]


def test_imports_flow_one_way() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in imports().items()
        for target in targets
        if layer(module) != layer(target)
        and level(target) >= level(module)
        and (layer(module), layer(target)) not in SIDEWAYS
        and module != "punchin.__main__"  # `python -m punchin` only calls the CLI
    ]
    assert upward == []


def test_the_top_level_holds_only_what_every_layer_shares() -> None:
    top = sorted(path.name for path in SOURCE.glob("*.py"))
    assert len(top) <= 12, top
    packages = sorted(p.name for p in SOURCE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(LEVELS)


def test_the_store_alone_speaks_sql() -> None:
    speaking = sorted(
        name
        for name, path in modules().items()
        if layer(name) != "store" and "conn.execute(" in path.read_text(encoding="utf-8")
    )
    assert speaking == []


def loaded_by(*arguments: str, home: Path) -> set[str]:
    """The modules a run of `punchin ARGUMENTS` imports."""
    code = (
        "import sys\n"
        "from punchin.cli import main\n"
        f"sys.argv = ['punchin', *{list(arguments)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    env = {"PUNCHIN_HOME": str(home), "PATH": "/usr/bin:/bin", "HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return set(done.stderr.splitlines())


def test_due_and_help_stay_light(tmp_path: Path) -> None:
    heavy = ("sqlite_utils", "dateutil", "apscheduler", "markdown", "icalendar", "json")
    for arguments in (("due",), ("--help",), ("due", "--quiet")):
        loaded = loaded_by(*arguments, home=tmp_path)
        assert "punchin.cli" in loaded  # the run really happened
        assert not [m for m in loaded if m.split(".")[0] in (*heavy, "prompt_toolkit")]
        flows = [m for m in loaded if layer(m) in ("reviews", "method")]
        pages = [m for m in loaded if m.startswith("punchin.reports.") and "wrapping" not in m]
        assert flows == [] and pages == [], arguments


def test_help_lists_the_commands_without_loading_them(tmp_path: Path) -> None:
    """`punchin --help` lists every command from `PunchinGroup.summaries`, which must say
    what the first paragraph of each command's own help says (all the list shows of it)."""
    # in a fresh interpreter: an in-process `--lang zh --help` earlier in the run may have
    # put Chinese into the command objects
    script = (
        "import json, click\n"
        "from punchin.cli import PunchinGroup, cli\n"
        "ctx = click.Context(cli)\n"
        "commands = {n: cli.get_command(ctx, n) for n in cli.list_commands(ctx)}\n"
        "print(json.dumps({'summaries': PunchinGroup.summaries, 'helps': {n: [c.help or '', "
        "bool(c.short_help or c.hidden or c.deprecated)] for n, c in commands.items()}}))\n"
    )
    found = json.loads(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout
    )
    summaries, helps = found["summaries"], found["helps"]
    assert sorted(summaries) == sorted(helps)
    for name, summary in summaries.items():
        text, hidden = helps[name]
        assert summary == " ".join(text.partition("\n\n")[0].split()), name
        assert not hidden, name
    loaded = loaded_by("--help", home=tmp_path)
    commands = {m for m in loaded if m.startswith("punchin.cli.")}
    assert commands == {"punchin.cli.app", "punchin.cli.helptext"}
    assert not {"shutil", "click.shell_completion"} & loaded


def test_reading_commands_load_only_what_they_print(tmp_path: Path) -> None:
    """What `goal list`, `log`, `show` and `search` print needs no flow, and the answers
    template of `week` none of the flow's asking; a reminder tick with nothing to send
    loads no logging, nor what a desktop notifier is run with."""
    from datetime import UTC, datetime

    from punchin.store import Journal

    tmp_path.chmod(0o700)
    Journal.open(tmp_path / "journal.db", lambda: datetime(2026, 1, 5, tzinfo=UTC)).close()
    for arguments in (("goal", "list"), ("log",), ("show",), ("search", "word")):
        loaded = loaded_by(*arguments, home=tmp_path)
        assert "punchin.cli" in loaded  # the run really happened
        flows = [m for m in loaded if layer(m) == "reviews"]
        assert flows == [] and "click.shell_completion" not in loaded, arguments
        if arguments[0] in ("goal", "log"):
            assert not [m for m in loaded if layer(m) == "method"], arguments
    loaded = loaded_by("week", "--on", "2026-W01", "--answers-template", home=tmp_path)
    assert "punchin.reviews.templates" in loaded
    flow = {f"punchin.reviews.{name}" for name in ("flow", "planning", "asking", "weekly")}
    assert not flow & loaded
    loaded_by("remind", "tick", home=tmp_path)  # sends what is due today, if anything
    loaded = loaded_by("remind", "tick", home=tmp_path)  # then has nothing to send
    assert "punchin.reminders.tick" in loaded
    assert not {"logging", "shutil", "subprocess"} & loaded


def test_only_a_review_or_init_at_a_terminal_loads_the_line_editor(tmp_path: Path) -> None:
    for arguments in (("goal", "list"), ("search", "word"), ("show",), ("log",), ("--help",)):
        loaded = loaded_by(*arguments, home=tmp_path)
        assert "punchin.cli" in loaded
        assert not [m for m in loaded if m.startswith("prompt_toolkit")], arguments
        assert "punchin.cli.line_editor" not in loaded, arguments


def test_due_in_a_shell_prompt_never_loads_click(tmp_path: Path) -> None:
    """`punchin due --quiet` (and `punchin due`) on a journal takes the path of
    `punchin.__main__`: no click, no command module, no flow."""
    from datetime import UTC, datetime

    from punchin.store import Journal

    tmp_path.chmod(0o700)
    Journal.open(tmp_path / "journal.db", lambda: datetime(2026, 1, 5, tzinfo=UTC)).close()
    code = (
        "import sys\n"
        "from punchin.__main__ import main\n"
        "sys.argv = ['punchin', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
    )
    env = {"PUNCHIN_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for arguments in (("due", "--quiet"), ("due",)):
        done = subprocess.run(
            [sys.executable, "-c", code, *arguments],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        loaded = set(done.stderr.splitlines())
        assert "punchin.reminders.due" in loaded  # the run really happened
        assert not [m for m in loaded if m.split(".")[0] == "click"], arguments
        assert not [m for m in loaded if layer(m) in ("cli", "reviews", "method")], arguments
