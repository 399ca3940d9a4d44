"""Whether reminders can be sent: the cause of the last failed tick, kept in a small file
beside the journal (`journal.db.stalled`), so that `punchin due` and `punchin remind test`
can say that reminders are stalled and why, even when the journal itself cannot be opened.

A tick that works removes the file; a failure keeps the moment the stall began.
"""

from __future__ import annotations

import os

from punchin.errors import PunchinError
from punchin.models import NamedTuple
from punchin.places import file_status

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path


class Stall(NamedTuple):
    since: str  # ISO date and time of the first failed tick
    message: str  # in English, as the error said it
    key: str | None  # the error's key, to say it in the user's language
    params: dict[str, str]


def stall_path(journal: Path) -> Path:
    return journal.with_name(f"{journal.name}.stalled")


def read_stall(journal: str | Path) -> Stall | None:
    """The stall recorded beside the journal at `journal` (a string from `punchin due` in a
    shell prompt, which reads it without pathlib), if any."""
    path = f"{os.fspath(journal)}.stalled"  # stall_path(journal)
    if file_status(path) is None:  # the usual case, and `punchin due` in a shell prompt: no json
        return None
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.loads(handle.read())
        return Stall(
            str(data["since"]),
            str(data["message"]),
            data.get("key"),
            {str(k): str(v) for k, v in data.get("params", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record_stall(journal: Path, error: BaseException, now: datetime) -> Stall:
    """Keep why this tick failed (and since when reminders have been failing)."""
    import contextlib
    import json

    from punchin.files import write_text

    earlier = read_stall(journal)
    key = error.key if isinstance(error, PunchinError) else None
    params = {k: str(v) for k, v in error.params.items()} if isinstance(error, PunchinError) else {}
    stall = Stall(
        earlier.since if earlier else now.isoformat(timespec="seconds"),
        str(error) or type(error).__name__,
        key,
        params,
    )
    if earlier != stall:  # a read-only folder: the log line is all there can be
        with contextlib.suppress(PunchinError):
            write_text(stall_path(journal), json.dumps(stall._asdict(), ensure_ascii=False))
    return stall


def clear_stall(journal: Path) -> None:
    import contextlib

    with contextlib.suppress(OSError):
        stall_path(journal).unlink()


def stall_line(stall: Stall, language: str) -> str:
    """The line saying reminders are stalled since when, and why, in `language`."""
    from punchin import prompts

    reason, _ = prompts.error_text(language, stall.key, stall.params, stall.message)
    return prompts.load("due", language).text(
        "ui.reminders_stalled", since=stall.since[:16], reason=reason
    )
