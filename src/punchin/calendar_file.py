"""`punchin remind ics`: the reviews as recurring events a calendar app imports.

Each review falls at the weekly slot: every week; on the first slot day of January, April,
July and October for the quarter; of January for the year; and of January every five years
for the window. Times are in the user's time zone, with its VTIMEZONE, so a calendar keeps
them at 21:00 local time across daylight-saving changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from punchin.config import Settings
from punchin.periods import five_year_of, quarter_of, week_of, year_of
from punchin.prompts import PromptSet

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar(
    settings: Settings, texts: PromptSet, today: date, anchor_year: int, zone: str
) -> bytes:
    """The .ics file's bytes; `zone` names the time zone (empty: floating local time)."""
    from icalendar import Calendar, Event

    tz = ZoneInfo(zone) if zone else None
    day = DAYS[settings.weekday_index]
    hour, minute = settings.slot_hour_minute
    window = five_year_of(today, anchor_year).next(anchor_year)
    reviews = [
        (
            "week",
            week_of(today).next().start,
            settings.weekly_minutes,
            {"FREQ": "WEEKLY", "BYDAY": day},
        ),
        (
            "quarter",
            quarter_of(today).next().start,
            60,
            {"FREQ": "MONTHLY", "BYMONTH": [1, 4, 7, 10], "BYDAY": f"1{day}"},
        ),
        (
            "year",
            year_of(today).next().start,
            60,
            {"FREQ": "YEARLY", "BYMONTH": 1, "BYDAY": f"1{day}"},
        ),
        (
            "five-year",
            window.start,
            60,
            {"FREQ": "YEARLY", "INTERVAL": 5, "BYMONTH": 1, "BYDAY": f"1{day}"},
        ),
    ]
    cal = Calendar()
    cal.add("prodid", "-//punchin//review reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", texts.text("ui.ics_name"))
    for kind, first_day, minutes, rule in reviews:
        start = _first_slot(first_day, settings.weekday_index)
        event = Event()
        event.add("uid", f"{kind}-review@punchin")
        event.add("summary", texts.text(f"ui.ics_{kind}"))
        event.add("description", texts.text(f"ui.ics_{kind}_description"))
        event.add("dtstart", datetime(start.year, start.month, start.day, hour, minute, tzinfo=tz))
        event.add("duration", timedelta(minutes=minutes))
        event.add("rrule", rule)
        event.add("dtstamp", datetime(today.year, today.month, today.day, tzinfo=ZoneInfo("UTC")))
        cal.add_component(event)
    if tz is not None:
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


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
