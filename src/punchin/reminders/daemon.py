"""`punchin remind run`: a foreground daemon on APScheduler (the only module importing it).

What we learned about APScheduler 3.11 shapes it: an in-memory job store; `coalesce` and a
grace of hours, because the default one second silently drops a late reminder; weekday names
in the cron trigger, never `from_crontab` (which shifts Monday to Tuesday in 3.x); and a
short heartbeat that ticks too, because the scheduler oversleeps across a laptop's suspend.
Each tick opens the journal in its own thread. Settings are re-read on every heartbeat.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from punchin import testpoints
from punchin.config import Settings
from punchin.errors import PunchinError

log = logging.getLogger("punchin.remind")
GRACE_SECONDS = 12 * 3600


def run_daemon(
    tick: Callable[[], int],
    settings: Callable[[], Settings],
    heartbeat_seconds: float,
) -> None:
    """Tick at every weekly slot and every heartbeat until SIGINT or SIGTERM."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    stalled: list[str | None] = [None]  # why the last tick failed; None while all is well

    def safe_tick() -> None:
        """A failed tick is logged once per cause, not at every heartbeat; the daemon keeps
        ticking and goes on by itself as soon as the cause is gone."""
        testpoints.reach("daemon.tick")
        try:
            count = tick()
        except Exception as exc:
            reason = f"{exc}" or type(exc).__name__
            if reason != stalled[0]:
                stalled[0] = reason
                if isinstance(exc, PunchinError):
                    log.warning("reminders stalled: %s", reason)
                else:  # not a cause we know: the details are for a bug report
                    log.exception("reminders stalled: %s", reason)
            return
        if stalled[0] is not None:
            log.info("reminders going again")
            stalled[0] = None
        log.info("tick: %d reminder(s) sent", count)

    current = settings()
    scheduler = BlockingScheduler(
        timezone=current.timezone or None,
        job_defaults={"coalesce": True, "misfire_grace_time": GRACE_SECONDS, "max_instances": 1},
    )

    def slot_trigger(chosen: Settings) -> Any:
        hour, minute = chosen.slot_hour_minute
        return CronTrigger(
            day_of_week=chosen.weekly_day[:3],
            hour=hour,
            minute=minute,
            timezone=chosen.timezone or None,
        )

    def heartbeat() -> None:
        nonlocal current
        try:
            fresh = settings()
        except Exception:  # the tick below meets the same error and says what it is
            fresh = current
        if fresh != current:
            log.info("settings changed: weekly slot %s %s", fresh.weekly_day, fresh.weekly_time)
            scheduler.reschedule_job("slot", trigger=slot_trigger(fresh))
            current = fresh
        safe_tick()

    scheduler.add_job(safe_tick, slot_trigger(current), id="slot", name="weekly slot")
    scheduler.add_job(
        heartbeat, IntervalTrigger(seconds=heartbeat_seconds), id="heartbeat", name="heartbeat"
    )

    stopping = threading.Event()

    def stop_if_asked() -> None:
        if stopping.is_set() and scheduler.running:
            scheduler.shutdown(wait=False)

    def stop(signum: int, _frame: FrameType | None) -> None:
        """Only a flag: a signal may land anywhere, even inside the first tick (where an
        exception would be taken for a failed tick) or before the scheduler runs."""
        log.info("stopping on %s", signal.Signals(signum).name)
        stopping.set()
        stop_if_asked()

    scheduler.add_job(stop_if_asked, IntervalTrigger(seconds=1), id="stop", name="stop check")
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info(
        "reminders running: weekly slot %s %s, heartbeat every %gs",
        current.weekly_day,
        current.weekly_time,
        heartbeat_seconds,
    )
    safe_tick()  # catch up at once on whatever fell due while nothing was running
    if not stopping.is_set():
        scheduler.start()
    log.info("reminders stopped")
