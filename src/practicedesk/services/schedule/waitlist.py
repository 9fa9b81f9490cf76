"""The waitlist (ASAP list): patients who want an earlier time, and who fits a freed time.

When a visit is cancelled or moved, `matches` lists the waiting patients whose wishes fit
the freed time and who are free then, soonest-wanted first, for the coordinator to call.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.schedule.records import display_name
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Appointment, Patient, WaitlistEntry
from practicedesk.store.models.base import utcnow


@dataclass(frozen=True, slots=True)
class WaitlistWish:
    patient_id: uuid.UUID
    minutes: int
    provider_id: uuid.UUID | None = None
    type_id: uuid.UUID | None = None
    appointment_id: uuid.UUID | None = None  # the visit they would like to bring forward
    weekdays: frozenset[int] = frozenset(range(7))
    earliest_time: time | None = None
    latest_time: time | None = None
    until: date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class WaitlistInfo:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    patient_phone: str
    wish: WaitlistWish
    added: datetime


class WaitlistService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def entries(self) -> list[WaitlistInfo]:
        with self._ctx.db.reading() as session:
            return [_info(row, patient) for row, patient in _active(session)]

    def add(self, wish: WaitlistWish) -> WaitlistInfo:
        self._ctx.require(Permission.BOOK)
        if wish.minutes < 5:
            raise InvalidInput("Say how long the visit needs.")
        if not wish.weekdays:
            raise InvalidInput("Choose at least one day of the week.")
        with self._ctx.db.writing() as session:
            patient = live_row(session, Patient, wish.patient_id, "That patient no longer exists.")
            row = WaitlistEntry(
                patient_id=wish.patient_id,
                appointment_id=wish.appointment_id,
                type_id=wish.type_id,
                provider_id=wish.provider_id,
                minutes=wish.minutes,
                weekdays="".join(str(day) for day in sorted(wish.weekdays)),
                earliest_time=wish.earliest_time,
                latest_time=wish.latest_time,
                until=wish.until,
                notes=wish.notes.strip(),
            )
            session.add(row)
            session.flush()
            self._audit(session, row, "added to the waitlist")
            info = _info(row, patient)
        self._ctx.announce(Area.WAITLIST)
        return info

    def remove(self, entry_id: uuid.UUID) -> None:
        self._ctx.require(Permission.BOOK)
        with self._ctx.db.writing() as session:
            row = live_row(
                session, WaitlistEntry, entry_id, "That waitlist entry no longer exists."
            )
            row.active = False
            row.deleted_at = utcnow()
            self._audit(session, row, "taken off the waitlist")
        self._ctx.announce(Area.WAITLIST)

    def _audit(self, session: Session, row: WaitlistEntry, summary: str) -> None:
        audit.record(
            session,
            self._ctx.actor,
            audit.Action.WAITLIST_CHANGED,
            summary,
            subject_type="waitlist",
            subject_id=str(row.id),
            patient_id=row.patient_id,
        )

    def matches(
        self, freed: Span, provider_id: uuid.UUID, type_id: uuid.UUID | None = None
    ) -> list[WaitlistInfo]:
        """Waiting patients who would take this time: it fits their wishes and they are free."""
        with self._ctx.db.reading() as session:
            return matching_entries(session, freed, provider_id, type_id)


def matching_entries(
    session: Session, freed: Span, provider_id: uuid.UUID, type_id: uuid.UUID | None
) -> list[WaitlistInfo]:
    zone = practice_zone(session)
    local_start = freed.start.astimezone(zone)
    result = []
    for row, patient in _active(session):
        if row.minutes > freed.minutes:
            continue
        if row.provider_id is not None and row.provider_id != provider_id:
            continue
        if str(local_start.weekday()) not in row.weekdays:
            continue
        if row.earliest_time and local_start.time() < row.earliest_time:
            continue
        if row.latest_time and local_start.time() > row.latest_time:
            continue
        if row.until and local_start.date() > row.until:
            continue
        if _busy(session, row.patient_id, Span.of(freed.start, row.minutes)):
            continue
        if _already_sooner(session, row, freed):
            continue
        result.append(_info(row, patient))
    if type_id is not None:  # those who asked for this very type first
        result.sort(key=lambda info: info.wish.type_id != type_id)
    return result


def _active(session: Session) -> list[tuple[WaitlistEntry, Patient]]:
    rows = session.execute(
        select(WaitlistEntry, Patient)
        .join(Patient, Patient.id == WaitlistEntry.patient_id)
        .where(WaitlistEntry.active.is_(True), WaitlistEntry.deleted_at.is_(None))
        .order_by(WaitlistEntry.created_at)
    ).all()
    return [(entry, patient) for entry, patient in rows]


def _busy(session: Session, patient_id: uuid.UUID, span: Span) -> bool:
    for row in session.scalars(
        select(Appointment).where(
            Appointment.patient_id == patient_id,
            Appointment.deleted_at.is_(None),
            Appointment.starts_at < span.end,
        )
    ):
        if VisitStatus(row.status).holds_time and Span.of(row.starts_at, row.minutes).overlaps(
            span
        ):
            return True
    return False


def _already_sooner(session: Session, row: WaitlistEntry, freed: Span) -> bool:
    """A patient whose own visit is already before the freed time gains nothing from it."""
    if row.appointment_id is None:
        return False
    visit = session.get(Appointment, row.appointment_id)
    return visit is not None and visit.starts_at <= freed.start


def _info(row: WaitlistEntry, patient: Patient) -> WaitlistInfo:
    wish = WaitlistWish(
        patient_id=row.patient_id,
        minutes=row.minutes,
        provider_id=row.provider_id,
        type_id=row.type_id,
        appointment_id=row.appointment_id,
        weekdays=frozenset(int(day) for day in row.weekdays),
        earliest_time=row.earliest_time,
        latest_time=row.latest_time,
        until=row.until,
        notes=row.notes,
    )
    return WaitlistInfo(
        row.id, row.patient_id, display_name(patient), patient.phone, wish, row.created_at
    )
