"""An iCalendar file of a round's deadlines: the common one and each extension."""

from __future__ import annotations

import datetime as dt

from styrdok.core.templating import swedish_date
from styrdok.remiss.status import RoundStatus


def deadlines_ics(statuses: list[RoundStatus], organisation: str) -> bytes:
    """Return an iCalendar file with one all-day event per distinct deadline of each
    round (extensions as events of their own) and alarms a week and a day before."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//styrdok//remisser//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Remisser – {organisation}")
    for status in statuses:
        r = status.round
        stamp = dt.datetime.combine(r.sent, dt.time(0, 0), dt.UTC)
        groups: dict[dt.date, list[str]] = {}
        for row in status.rows:
            groups.setdefault(row.deadline.date(), []).append(row.recipient.name)
        for day, names in sorted(groups.items()):
            common = day == r.deadline.date()
            event = Event()
            uid_part = "alla" if common else day.isoformat()
            event.add("uid", f"{r.id}-{uid_part}@styrdok")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            what = "Sista svarsdag" if common else "Förlängd svarstid"
            event.add("summary", f"{what}: {r.title}")
            event.add(
                "description",
                f"Remiss {r.id} ({', '.join(r.dnr)}). Sista svarsdag {swedish_date(day)} för: "
                + ", ".join(names)
                + ".",
            )
            event.add("transp", "TRANSPARENT")
            for days in (7, 1):
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add(
                    "description", f"{what} om {days} dag{'ar' if days > 1 else ''}: {r.title}"
                )
                alarm.add("trigger", dt.timedelta(days=-days))
                event.add_component(alarm)
            calendar.add_component(event)
    return bytes(calendar.to_ical())
