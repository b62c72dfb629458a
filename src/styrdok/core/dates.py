"""Dates and deadlines: Europe/Stockholm, Swedish holidays, calendar and working days."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from styrdok.core.errors import StyrdokError
from styrdok.core.templating import WEEKDAYS, swedish_date

STOCKHOLM = ZoneInfo("Europe/Stockholm")
END_OF_DAY = dt.time(23, 59)
_DEADLINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")


class DateError(StyrdokError):
    """A date or time given in the wrong form."""


def parse_date(text: str, what: str = "datum") -> dt.date:
    """Return the date in ``2024-05-09``; raise DateError naming ``what`` otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DateError(f"{what} ska skrivas ÅÅÅÅ-MM-DD, fick {text!r}") from None


def parse_deadline(text: str) -> dt.datetime:
    """Return a deadline in Stockholm time: ``2024-05-09`` means the end of that day
    (23:59); ``2024-05-09 12:00`` is that time."""
    match = _DEADLINE.match(text.strip())
    if match is None:
        raise DateError(
            f"sista svarsdag ska skrivas ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM, fick {text!r}"
        )
    day = parse_date(match.group(1), "sista svarsdag")
    when = END_OF_DAY
    if match.group(2):
        try:
            when = dt.time(int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise DateError(f"ogiltig tid i {text!r}") from None
    return dt.datetime.combine(day, when, STOCKHOLM)


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[dt.date, str]:
    import holidays

    calendar = holidays.country_holidays(
        "SE",
        years=year,
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        language="sv",
    )
    return dict(calendar.items())


def holiday_name(day: dt.date) -> str | None:
    """Return the name of the Swedish public holiday (or midsommar-, jul-, nyårsafton) on
    ``day``, else None."""
    return _holidays(day.year).get(day)


def non_working_reason(day: dt.date) -> str | None:
    """Return why ``day`` is not a working day (``lördag``, ``Kristi himmelsfärdsdag``),
    else None."""
    name = holiday_name(day)
    if name:
        return name
    if day.weekday() == 5:
        return "lördag"
    if day.weekday() == 6:
        return "söndag"
    return None


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Return the working days after ``start`` up to and including ``end`` (negative when
    ``end`` is before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if non_working_reason(day) is None:
            count += 1
        day += dt.timedelta(days=1)
    return count


def next_working_day(day: dt.date) -> dt.date:
    """Return ``day`` if it is a working day, else the next one (lag 1930:173)."""
    while non_working_reason(day) is not None:
        day += dt.timedelta(days=1)
    return day


LAW_1930_173 = "lag (1930:173) om beräkning av lagstadgad tid"


def in_time_until(deadline: dt.date) -> dt.date:
    """Return the last day an answer counts as in time: the deadline itself, or, when it
    falls on a Saturday, Sunday or public holiday (or midsommar-, jul- or nyårsafton),
    the next working day, as lag (1930:173) has it for statutory deadlines."""
    return next_working_day(deadline)


def grace_note(deadline: dt.date) -> str | None:
    """Return, for a deadline on a day off, the Swedish sentence saying that an answer the
    next working day counts as in time; None for a deadline on a working day."""
    reason = non_working_reason(deadline)
    if reason is None:
        return None
    what = f"en {reason}" if reason in ("lördag", "söndag") else f"en helgdag ({reason})"
    last = in_time_until(deadline)
    return (
        f"sista svarsdag {swedish_date(deadline)} är {what}; svar som kommer in "
        f"{WEEKDAYS[last.weekday()]} {swedish_date(last)} räknas som inkomna i tid "
        f"({LAW_1930_173})"
    )


def today() -> dt.date:
    """Return today's date in Stockholm."""
    return dt.datetime.now(STOCKHOLM).date()


def now() -> dt.datetime:
    """Return the current time in Stockholm."""
    return dt.datetime.now(STOCKHOLM)
