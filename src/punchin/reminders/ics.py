"""`punchin remind ics`: the reviews as recurring events a calendar app imports.

Each review falls at the weekly slot: every week; on the first slot day of January, April,
July and October for the quarter; of January for the year; and of January every five years
for the window. Times are in the user's time zone, with its VTIMEZONE, so a calendar keeps
them at 21:00 local time across daylight-saving changes. Each event starts at its next
occurrence on or after the moment the file is made (a slot later today still counts).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from punchin.config import Settings
from punchin.periods import Period, five_year_of, quarter_of, year_of
from punchin.prompts import PromptSet

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar(
    settings: Settings, texts: PromptSet, now: datetime, anchor_year: int, zone: str
) -> bytes:
    """The .ics file's bytes; `zone` names the time zone (empty: floating local time, the
    wall clock of `now`)."""
    from icalendar import Calendar, Event

    tz = ZoneInfo(zone) if zone else None
    local = now.astimezone(tz) if tz else now.replace(tzinfo=None)
    today = local.date()
    day = DAYS[settings.weekday_index]
    window = five_year_of(today, anchor_year)
    reviews = [
        (
            "week",
            next_slot(local, settings),
            settings.weekly_minutes,
            {"FREQ": "WEEKLY", "BYDAY": day},
        ),
        (
            "quarter",
            _first_from(local, quarter_of(today), settings),
            60,
            {"FREQ": "MONTHLY", "BYMONTH": [1, 4, 7, 10], "BYDAY": f"1{day}"},
        ),
        (
            "year",
            _first_from(local, year_of(today), settings),
            60,
            {"FREQ": "YEARLY", "BYMONTH": 1, "BYDAY": f"1{day}"},
        ),
        (
            "five-year",
            _first_from(local, window, settings, anchor_year),
            60,
            {"FREQ": "YEARLY", "INTERVAL": 5, "BYMONTH": 1, "BYDAY": f"1{day}"},
        ),
    ]
    cal = Calendar()
    cal.add("prodid", "-//punchin//review reminders//EN")
    cal.add("version", "2.0")
    # The calendar's name is one line of the file as it stands (an X- property is not
    # escaped), so a line break in a rephrased name becomes a space.
    cal.add("x-wr-calname", " ".join(texts.text("ui.ics_name").split()))
    for kind, start, minutes, rule in reviews:
        event = Event()
        event.add("uid", f"{kind}-review@punchin")
        event.add("summary", texts.text(f"ui.ics_{kind}"))
        event.add("description", texts.text(f"ui.ics_{kind}_description"))
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=minutes))
        event.add("rrule", rule)
        event.add("dtstamp", datetime(today.year, today.month, today.day, tzinfo=ZoneInfo("UTC")))
        cal.add_component(event)
    if tz is not None:
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


def next_slot(now: datetime, settings: Settings) -> datetime:
    """The first weekly slot on or after `now` (its wall clock, in the zone of the slot)."""
    slot = _slot_on(_first_slot(now.date(), settings.weekday_index), settings, now.tzinfo)
    if slot >= now:
        return slot
    return _slot_on(slot.date() + timedelta(days=7), settings, now.tzinfo)


def _first_from(
    now: datetime, span: Period, settings: Settings, anchor: int | None = None
) -> datetime:
    """The first slot of `span` (a quarter, year or window) if it is still to come, else the
    first slot of the span after it."""
    slot = _slot_on(_first_slot(span.start, settings.weekday_index), settings, now.tzinfo)
    if slot >= now:
        return slot
    following = span.next(anchor)
    return _slot_on(_first_slot(following.start, settings.weekday_index), settings, now.tzinfo)


def _slot_on(day: date, settings: Settings, tz: tzinfo | None) -> datetime:
    hour, minute = settings.slot_hour_minute
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _first_slot(day: date, weekday: int) -> date:
    """The first slot day on or after `day`."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def system_zone() -> str:
    """The system's time zone name, or "" when it cannot be told."""
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name() or ""
    except Exception:  # no zone configured: floating times are the honest fallback
        return ""
