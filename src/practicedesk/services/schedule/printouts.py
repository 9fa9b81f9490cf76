"""Printed schedule documents: day sheets and appointment cards, and calendar files. Every
print is audited, in the transaction that read what was printed.

The documents (reportlab) and calendar files (icalendar) are imported by the methods that
make them: every service is built at sign-in, and those libraries would add about 25 MiB
and 0.15 s to it for something most sessions never do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from practicedesk.domain.hours import clock_words
from practicedesk.errors import NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.context import Actor, Context
from practicedesk.services.practice.details import read_details, read_logo
from practicedesk.services.practice.staff import read_providers, read_rooms
from practicedesk.services.schedule.reader import read_between, read_day, read_visit
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.schedule.setup import practice_zone

if TYPE_CHECKING:
    from practicedesk.documents.pages import Letterhead


def _minute_of_day(moment: datetime, zone: ZoneInfo) -> int:
    local = moment.astimezone(zone)
    return local.hour * 60 + local.minute


def read_letterhead(session: Session, actor: Actor, subject: str = "") -> Letterhead:
    """The practice's letterhead, with when and by whom the page was printed."""
    from practicedesk.documents.pages import Letterhead

    details = read_details(session)
    printed = datetime.now(UTC).astimezone(practice_zone(session))
    return Letterhead(
        details.name, details.address_lines, details.phone, subject,
        f"{printed:Printed %m/%d/%Y %I:%M %p} by {actor.username}", read_logo(session),
    )  # fmt: skip


class PrintoutService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def letterhead(self, subject: str = "") -> Letterhead:
        with self._ctx.db.reading() as session:
            return read_letterhead(session, self._ctx.actor, subject)

    def day_sheet(
        self, day: date, provider_id: uuid.UUID | None = None, *, whole_office: bool = False
    ) -> bytes:
        """Each provider's visits that day (or one provider's), cancelled ones left out;
        `whole_office` puts everyone's on one sheet in time order. With what each patient
        has to pay, for those who see money: `money_print.day_sheet`."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.writing() as session:
            return day_sheet_pdf(session, self._ctx.actor, day, provider_id, whole_office)

    def calendar_file(
        self, provider_id: uuid.UUID, first: date, last: date, *, full_names: bool = False
    ) -> bytes:
        """A provider's visits as iCalendar; initials and type only unless `full_names`."""
        from practicedesk.interop.ical import CalendarVisit, calendar_bytes

        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.writing() as session:
            provider = next(
                (p for p in read_providers(session, include_inactive=True) if p.id == provider_id),
                None,
            )
            if provider is None:
                raise NotFound("That provider no longer exists.")
            rooms = {room.id: room.name for room in read_rooms(session, include_inactive=True)}
            visits = [
                CalendarVisit(
                    v.id, v.starts_at, v.ends_at, v.patient_name, v.type_name or "Visit",
                    rooms.get(v.room_id, "") if v.room_id else "", v.status.value,
                )
                for v in read_between(session, first, last, provider_id=provider_id)
            ]  # fmt: skip
            data = calendar_bytes(
                provider.name,
                visits,
                practice_name=read_details(session).name,
                full_names=full_names,
                stamp=datetime.now(UTC),
            )
            detail = "full names" if full_names else "initials only"
            self._record(
                session,
                audit.Action.SCHEDULE_EXPORTED,
                f"calendar of {provider.name}, {first.isoformat()} to {last.isoformat()} "
                f"({detail})",
            )
        return data

    def appointment_card(self, appointment_id: uuid.UUID) -> bytes:
        from practicedesk.documents.day_sheet import CardDetails, render_appointment_card

        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.writing() as session:
            visit = read_visit(session, appointment_id)
            zone = practice_zone(session)
            provider = next(
                (
                    p.name
                    for p in read_providers(session, include_inactive=True)
                    if p.id == visit.provider_id
                ),
                "",
            )
            when = visit.starts_at.astimezone(zone).strftime("%A, %B %d, %Y at %I:%M %p")
            card = CardDetails(
                visit.patient_name,
                when.replace(" 0", " "),
                provider,
                visit.type_name or "Visit",
                visit.minutes,
            )
            pdf = render_appointment_card(read_letterhead(session, self._ctx.actor), card)
            self._record(
                session,
                audit.Action.SCHEDULE_PRINTED,
                "appointment card",
                visit.patient_id,
                appointment_id,
            )
        return pdf

    def _record(
        self,
        session: Session,
        action: str,
        summary: str,
        patient_id: uuid.UUID | None = None,
        subject_id: uuid.UUID | None = None,
    ) -> None:
        audit.record(
            session,
            self._ctx.actor,
            action,
            summary,
            subject_type="appointment" if subject_id else "schedule",
            subject_id=str(subject_id or ""),
            patient_id=patient_id,
        )


def day_sheet_pdf(
    session: Session,
    actor: Actor,
    day: date,
    provider_id: uuid.UUID | None,
    whole_office: bool,
    collect: Callable[[AppointmentInfo], str] | None = None,
) -> bytes:
    """The day sheet, audited; `collect` adds what each visit's patient has to pay
    ("co-pay $25.00 · due $40.00"), worked out by the money package, which may see it."""
    from practicedesk.documents.day_sheet import SheetLine, SheetSection, render_day_sheet

    zone = practice_zone(session)
    schedule = read_day(session, day)
    rooms = {room.id: room.name for room in read_rooms(session, include_inactive=True)}
    providers = [
        p
        for p in read_providers(session, include_inactive=True)
        if provider_id is None or p.id == provider_id
    ]
    if provider_id is not None and not providers:
        raise NotFound("That provider no longer exists.")
    sections = []
    for provider in providers:
        visits = [
            v for v in schedule.appointments if v.provider_id == provider.id and v.status.holds_time
        ]
        if provider_id is None and not visits and not provider.active:
            continue
        lines = [
            SheetLine(
                time=clock_words(v.starts_at, zone),
                minutes=v.minutes,
                patient=v.patient_name,
                born=v.patient_birth_date.strftime("DOB %m/%d/%Y") if v.patient_birth_date else "",
                phone=v.patient_phone,
                kind=v.type_name,
                chair=rooms.get(v.room_id, "") if v.room_id else "",
                status=v.status.label,
                notes=v.notes,
                alert=v.alert if v.alert_level in ("warning", "critical") else "",
                minute_of_day=_minute_of_day(v.starts_at, zone),
                collect=collect(v) if collect else "",
            )
            for v in visits
        ]
        sections.append(SheetSection(provider.name, lines))
    title = day.strftime("%A, %B %d, %Y").replace(" 0", " ")
    letterhead = read_letterhead(session, actor, "Day sheet")
    pdf = render_day_sheet(letterhead, title, sections, whole_office=whole_office)
    who = next((p.name for p in providers), "") if provider_id else "all providers"
    audit.record(
        session, actor, audit.Action.SCHEDULE_PRINTED, f"day sheet {day.isoformat()} ({who})",
        subject_type="schedule",
    )  # fmt: skip
    return pdf
