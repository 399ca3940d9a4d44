"""Promises about the project itself: documented commands, and a schema check that stays fast."""

from __future__ import annotations

from pathlib import Path

import click

from punchin import store
from punchin.cli import cli
from punchin.store import migrations

README = Path(__file__).resolve().parent.parent / "README.md"


def all_commands(group: click.Group, prefix: str = "punchin") -> list[str]:
    names = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += all_commands(command, f"{prefix} {name}")
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [name for name in all_commands(cli) if name not in readme]
    assert not missing, f"README.md does not mention {missing}"


def test_every_command_has_an_example_in_its_help() -> None:
    for name in all_commands(cli):
        parts = name.split()[1:]
        command: click.Command | None = cli
        for part in parts:
            assert isinstance(command, click.Group)
            command = command.get_command(click.Context(command), part)
        assert command is not None
        assert command.help and "punchin" in command.help, f"{name} has no example"


def test_the_fast_schema_check_knows_every_migration() -> None:
    assert tuple(migrations.names()) == store.KNOWN_MIGRATIONS


def test_every_remedy_reads_in_every_language() -> None:
    from punchin import prompts
    from punchin.method.diagnosis import remedy_choices, remedy_commitment
    from punchin.models import Cause

    for language in ("en", "zh"):
        diagnosis = prompts.load("diagnosis", language)
        for cause in Cause:
            for remedy, label in remedy_choices(diagnosis, cause):
                assert "{" not in label, (language, cause, remedy)
                draft = remedy_commitment(diagnosis, cause, remedy, "G", span="S", next="N")
                assert "{" not in draft and (remedy == "own" or "G" in draft)


def test_docs_method_names_only_questions_and_texts_that_exist() -> None:
    """docs/METHOD.md traces every fact of the method to where punchin asks, counts or warns
    about it; each place it names must exist, in both languages."""
    import re

    from punchin import prompts

    text = (README.parent / "docs" / "METHOD.md").read_text(encoding="utf-8")
    sets = ("week", "quarter", "year", "five-year", "diagnosis", "paths", "drift")
    named = re.findall(rf"`((?:{'|'.join(sets)})\.[a-z_.-]+[a-z_])`", text)
    assert len(named) > 40, named
    missing = [
        f"{language}: {name}"
        for name in named
        for language in ("en", "zh")
        if not prompts.load(name.split(".", 1)[0], language).has(name.split(".", 1)[1])
    ]
    assert not missing, missing
