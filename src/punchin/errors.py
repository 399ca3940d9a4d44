"""Errors the user can act on; the CLI turns each into one line and an exit code."""


class PunchinError(Exception):
    """A problem the user can fix; its message is shown as one line.

    `key` and `params` let the CLI show the message in the user's language (errors.toml of
    that language); the English text given here is the fallback.
    """

    exit_code = 1

    def __init__(self, message: str, *, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


def shown(text: object, most: int = 60) -> str:
    """A value someone typed, as an error line quotes it: a runaway one (a 10,000-character
    file name) cut to its first `most` characters, so that the line stays one line."""
    said = str(text)
    return said if len(said) <= most else f"{said[: most - 1]}…"


class UsageError(PunchinError):
    """The command line itself is wrong (exit 2, like click's usage errors)."""

    exit_code = 2


class JournalError(PunchinError):
    """The journal file cannot be opened, created or written."""


class NotFoundError(PunchinError):
    """A goal, entry or period the user named does not exist."""


class AnswersFileError(PunchinError):
    """An --answers file is unreadable, not JSON, or misses or garbles a key."""


class PromptError(PunchinError):
    """A question set (shipped or the user's override) is malformed."""


class AlreadyFinished(PunchinError):
    """The review for this period is finished; `--amend` reopens it."""

    def __init__(self, kind: str, period: str) -> None:
        super().__init__(
            f"the {kind} review for {period} is already finished", key="finished", period=period
        )
        self.kind = kind
        self.period = period


class NotYetOpen(PunchinError):
    """A review of a period that has not ended (enough) to look back on."""

    NAMES = {  # noqa: RUF012 - a fixed table of words
        "week": "weekly check-in",
        "quarter": "quarterly review",
        "year": "yearly check",
        "five-year": "five-year check",
    }

    def __init__(self, kind: str, period: str, opens: str, first: bool) -> None:
        name = self.NAMES.get(kind, f"{kind} review")
        what = f"the first {name} of this journal" if first else f"the {name}"
        super().__init__(
            f"{what} ({period}) opens on {opens}, when {period} is (nearly) over; until then, "
            f'add its goals with `punchin goal add "…" --on {period}`',
            key="first_not_yet" if first else "not_yet",
            kind=kind,
            period=period,
            opens=opens,
        )
