"""iCalendar (.ics) export of a provider's schedule, for a phone or another calendar.

By default each event carries only the patient's initials and the visit type: a calendar
on a phone is not an encrypted database. Full names are included only when asked for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event


@dataclass(frozen=True, slots=True)
class CalendarVisit:
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    patient_name: str  # "Last, First (Preferred)"
    kind: str
    chair: str
    status: str


def initials(display_name: str) -> str:
    """ "Alvarez, Ana (Annie)" → "A.A." (first name first, as people say them)."""
    core = display_name.split(" (")[0]
    last, _, first = core.partition(",")
    parts = [part for part in (first.strip(), last.strip()) if part]
    return "".join(f"{part[0].upper()}." for part in parts)


def calendar_bytes(
    provider_name: str,
    visits: list[CalendarVisit],
    *,
    practice_name: str,
    full_names: bool = False,
    stamp: datetime,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//PracticeDesk//Schedule export//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{provider_name} — {practice_name}")
    for visit in visits:
        who = visit.patient_name if full_names else initials(visit.patient_name)
        event = Event()
        event.add("uid", f"{visit.id}@practicedesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", visit.starts_at)
        event.add("dtend", visit.ends_at)
        event.add("summary", f"{who} — {visit.kind}".strip(" —"))
        if visit.chair:
            event.add("location", visit.chair)
        event.add("status", "CANCELLED" if visit.status == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def appointment_bytes(
    visit_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    *,
    title: str,
    location: str,
    stamp: datetime,
) -> bytes:
    """One visit as a calendar file the patient can add with a tap. Its id is the visit's,
    so a reminder sent again after the visit moved updates the entry rather than adding a
    second; `title` is the owner's (by default only the practice's name)."""
    calendar = Calendar()
    calendar.add("prodid", "-//PracticeDesk//Appointment reminder//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{visit_id}@practicedesk")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", title)
    if location:
        event.add("location", location)
    calendar.add_component(event)
    return calendar.to_ical()
