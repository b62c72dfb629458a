"""An iCalendar file of the adoption: the last day to adopt, with the members still
missing, and each member's planned fullmäktige meeting."""

from __future__ import annotations

import datetime as dt

from styrdok.adoption.status import AdoptionStatus
from styrdok.core.templating import swedish_date


def adoption_ics(status: AdoptionStatus, organisation: str) -> bytes:
    """Return an iCalendar file with an all-day event on the adoption deadline (alarms a
    month and a week before) and one per planned meeting."""
    from icalendar import Alarm, Calendar, Event

    d = status.decision
    calendar = Calendar()
    calendar.add("prodid", "-//styrdok//antaganden//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Antaganden – {organisation}")
    stamp = dt.datetime.combine(d.date, dt.time(0, 0), dt.UTC)
    titles = ", ".join(a.document.title for a in status.documents)

    def event(uid: str, day: dt.date, summary: str, description: str) -> Event:
        item = Event()
        item.add("uid", f"{uid}@styrdok")
        item.add("dtstamp", stamp)
        item.add("dtstart", day)
        item.add("dtend", day + dt.timedelta(days=1))
        item.add("summary", summary)
        item.add("description", description)
        item.add("transp", "TRANSPARENT")
        return item

    if d.deadline is not None and status.documents:
        missing = [m.name for m in status.missing]
        who = ", ".join(missing) if missing else "ingen – alla har antagit"
        item = event(
            f"{d.round_id}-antagande-sista-dag",
            d.deadline,
            f"Sista dag för antagande: {titles}",
            f"{d.body}s beslut {swedish_date(d.date)} {d.paragraph}. Sista dag för "
            f"medlemmarnas antagande {swedish_date(d.deadline)}. Saknas: {who}.",
        )
        for days in (30, 7):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Sista dag för antagande om {days} dagar: {titles}")
            alarm.add("trigger", dt.timedelta(days=-days))
            item.add_component(alarm)
        calendar.add_component(item)
    planned: dict[tuple[str, dt.date], str] = {}
    for adoption in status.documents:
        for m in adoption.members:
            if m.scheduled is not None:
                planned[(m.member.id, m.scheduled)] = m.member.name
    for (member_id, day), name in sorted(planned.items(), key=lambda x: (x[0][1], x[0][0])):
        calendar.add_component(
            event(
                f"{d.round_id}-{member_id}-{day.isoformat()}",
                day,
                f"{name}: fullmäktige antar {titles}",
                f"Planerat antagande i {name} {swedish_date(day)} efter {d.body.lower()}s "
                f"beslut {swedish_date(d.date)} {d.paragraph}.",
            )
        )
    return bytes(calendar.to_ical())
