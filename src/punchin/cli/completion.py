"""`punchin completion bash|zsh|fish`: the shell completes punchin's commands, options, goal
ids (shown with their titles where the shell can show them) and period labels.

The script is click's own: the shell runs `punchin` again with `_PUNCHIN_COMPLETE` set, and
click answers from the command table. Goal ids and periods are read from the journal then;
a journal that is missing, encrypted without a passphrase at hand, or busy gives no
suggestions rather than an error or a wait.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from punchin.cli.helptext import LocalizedCommand

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from punchin.cli.app import App

SHELLS = ("bash", "zsh", "fish")
LABELLED = ("week", "quarter", "year")  # the horizons whose labels stand alone
RECENT = 8  # how many periods back are offered for --on


@click.command(cls=LocalizedCommand)
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the script that lets your shell complete punchin: commands, options, goal ids
    with their titles, and period labels.

    Add one line to your shell's start-up file, then open a new shell.

    \b
    Examples:
      echo 'eval "$(punchin completion bash)"' >> ~/.bashrc
      echo 'eval "$(punchin completion zsh)"' >> ~/.zshrc
      punchin completion fish > ~/.config/fish/completions/punchin.fish
    """
    from click.shell_completion import get_completion_class

    script = get_completion_class(shell)
    assert script is not None  # every shell click.Choice lets through has one
    root = ctx.find_root().command
    click.echo(script(root, {}, "punchin", "_PUNCHIN_COMPLETE").source())


def _app(ctx: click.Context) -> App:
    """The run's settings and journal as a completion sees them: never a question asked."""
    from punchin.cli.app import App

    root = ctx.find_root()
    app = App(root.params.get("db"), root.params.get("lang"))
    app.ask_passphrase = False
    return app


def goal_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Goals still open whose id starts with what is typed, newest first, with titles."""
    from click.shell_completion import CompletionItem

    from punchin.errors import PunchinError
    from punchin.models import GoalStatus
    from punchin.places import journal_path
    from punchin.store import Journal

    app = _app(ctx)
    try:
        journal = Journal.open_if_exists(
            journal_path(app.db), app.now, passphrase=app.passphrase, wait=0.2
        )
        if journal is None:
            return []
        with journal:
            goals = journal.goals(statuses=[GoalStatus.OPEN, GoalStatus.PARTLY])
    except PunchinError:
        return []
    found = [goal for goal in reversed(goals) if goal.id.startswith(incomplete.lower())]
    return [CompletionItem(goal.short_id, help=goal.title) for goal in found[:50]]


def periods_of(*horizons: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """A completer of period labels: the current week, quarter or year and the ones just
    before it, most recent first."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        from punchin.errors import PunchinError
        from punchin.models import Horizon
        from punchin.periods import period_of

        try:
            today = _app(ctx).today()
        except PunchinError:
            return []
        labels: list[str] = []
        for horizon in horizons:
            if horizon not in LABELLED:  # a five-year window's label hangs on the journal
                continue
            period = period_of(today, Horizon(horizon))
            for _ in range(RECENT):
                labels.append(period.label)
                period = period.previous()
        return [label for label in labels if label.startswith(incomplete.upper())]

    return complete
