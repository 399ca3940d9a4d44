"""Reminders: what is due, one tick, the APScheduler daemon, OS timers, desktop
notifications, the calendar file."""
