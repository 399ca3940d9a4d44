"""One reminder tick: send each review that is due now, once. Safe to run from a daemon,
a timer and a shell at the same moment: each reminder is claimed in the journal first."""

from __future__ import annotations

from punchin import testpoints
from punchin.models import NamedTuple
from punchin.reminders.due import due_now

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from punchin.config import Settings
    from punchin.prompts import PromptSet
    from punchin.reminders.due import DueItem
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


# More reviews than this would drown a shell prompt; the rest are counted in one line.
MOST_SHOWN = 4


def due_lines(
    items: list[DueItem], now: datetime, settings: Settings, language: str, *, quiet: bool
) -> list[str]:
    """What `punchin due` prints, one line each: the reviews due (at most MOST_SHOWN), the
    weeks missed before, the earlier ones left half done, or (unless `quiet`) when the next
    weekly check-in is. Shared by the command and by the shell-prompt path (`punchin.__main__`)."""
    if quiet and not items:  # the shell-prompt case: no question set to load
        return []
    from punchin import prompts
    from punchin.periods import parse_period_label

    ui = prompts.load("due", language)
    lines = []
    current = [item for item in items if not item.stale]
    stale = [item for item in items if item.stale]
    half_done = {item.period for item in stale}
    for item in current[:MOST_SHOWN]:
        lines.append(describe(item, ui))
        previous = parse_period_label(item.period)
        if previous is not None and previous.previous().label in half_done:
            continue  # last week was started, not skipped: the line below says so
        if item.missed_before and not quiet:
            last = parse_period_label(item.period)
            lines.append(
                ui.text(
                    "ui.due_missed_before",
                    count=item.missed_before,
                    before=item.missed_before - 1,
                    last=last.previous().label if last else "",
                )
            )
    if stale:  # earlier reviews left half done: one line, however many, with both ways out
        first = stale[0]
        lines.append(
            ui.text(
                "ui.due_stale",
                count=len(stale),
                periods=", ".join(item.period for item in stale[:3])
                + (", …" if len(stale) > 3 else ""),
                finish=first.command,
                discard=first.command.replace("punchin week", "punchin week --discard", 1),
            )
        )
    if not items and not quiet:
        from punchin.config import WEEKDAYS
        from punchin.reminders.due import next_weekly_slot

        slot = next_weekly_slot(now, settings)
        words = prompts.load("ui", language)
        next_slot = words.text(
            "ui.next_slot",
            weekday=words.text(f"ui.weekday_short_{WEEKDAYS[slot.weekday()]}"),
            date=slot.strftime("%Y-%m-%d"),
            time=slot.strftime("%H:%M"),
        )
        lines.append(ui.text("ui.nothing_due", next=next_slot))
    return lines
