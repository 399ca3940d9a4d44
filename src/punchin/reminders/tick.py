"""One reminder tick: send each review that is due now, once. Safe to run from a daemon,
a timer and a shell at the same moment: each reminder is claimed in the journal first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from punchin import testpoints
from punchin.config import Settings
from punchin.prompts import PromptSet
from punchin.reminders.due import DueItem, due_now
from punchin.store import Journal

Send = Callable[[str, str], str]  # title, body -> the channel that carried it


class Sent(NamedTuple):
    kind: str
    period: str
    channel: str
    text: str


def tick(
    journal: Journal, now: datetime, settings: Settings, texts: PromptSet, send: Send
) -> list[Sent]:
    """Notify every due review not notified before; nothing inside quiet hours (the reminder
    waits for the first tick after them)."""
    if settings.is_quiet(now.hour, now.minute):
        return []
    sent = []
    for item in due_now(journal, now, settings):
        with journal.transaction():
            if not journal.claim(item.kind, item.period):
                continue
        testpoints.reach("tick.claimed")  # where a fault test kills a tick mid-way
        text = describe(item, texts)
        channel = send("punchin", text)
        journal.sent_by(item.kind, item.period, channel)
        sent.append(Sent(item.kind, item.period, channel, text))
    return sent


def describe(item: DueItem, texts: PromptSet) -> str:
    key = {
        "due": f"ui.due_{item.kind}",
        "overdue": f"ui.due_{item.kind}_overdue",
        "in-progress": f"ui.due_{item.kind}_in_progress",
    }[item.state]
    return texts.text(key, period=item.period, count=item.days_overdue, command=item.command)
