"""Who is busy when, read from the database for the pure rules: the conflicts a proposed visit
would have (domain/scheduling.py) and the busy times the slot finder works around
(domain/slots.py).

Reads only: whether a conflict refuses a write, or is booked over, is decided by the writes in
schedule.py.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.scheduling import (
    Booking,
    Conflict,
    ConflictKind,
    ScheduleContext,
    find_conflicts,
)
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.services.schedule.records import NewAppointment, display_name, type_info
from practicedesk.services.schedule.setup import practice_zone, resolved_hours
from practicedesk.store.models import Appointment, AppointmentType, Patient, Provider, Room
from practicedesk.store.models.base import utcnow

_LONGEST_VISIT = timedelta(hours=12)  # how far back a visit may start and still overlap


def conflicts_for(
    session: Session, proposal: NewAppointment, appointment_id: uuid.UUID | None
) -> list[Conflict]:
    """Every conflict `proposal` would have; `appointment_id` is the visit being moved or
    revived, which must not clash with itself. Adds the one rule domain/scheduling.py cannot
    check without the database: whether the provider takes this type of visit."""
    zone = practice_zone(session)
    span = Span.of(proposal.starts_at, proposal.minutes)
    first = span.start.astimezone(zone).date()
    last = span.end.astimezone(zone).date()
    hours = resolved_hours(session, first, last, zone)
    providers = {p.id: p for p in session.scalars(select(Provider))}
    rooms = {r.id: r.name for r in session.scalars(select(Room))}
    context = ScheduleContext(
        zone=zone,
        provider_hours=hours.provider_hours,
        room_hours=hours.room_hours,
        provider_names={pid: p.name for pid, p in providers.items()},
        room_names=rooms,
    )
    candidate = Booking(
        appointment_id, proposal.patient_id, proposal.provider_id, proposal.room_id, span
    )
    conflicts = find_conflicts(candidate, _bookings_between(session, span), context, utcnow())
    provider = providers.get(proposal.provider_id)
    kind = session.get(AppointmentType, proposal.type_id) if proposal.type_id else None
    if provider is not None and kind is not None:
        info = type_info(kind)
        if not info.allows(ProviderKind(provider.kind)):
            conflicts.append(
                Conflict(
                    ConflictKind.WRONG_PROVIDER,
                    f"{provider.name} ({provider.kind}) does not take {info.name} visits.",
                )
            )
    return conflicts


def _bookings_between(session: Session, window: Span) -> list[Booking]:
    rows = session.execute(
        select(Appointment, Patient)
        .join(Patient, Patient.id == Appointment.patient_id)
        .where(
            Appointment.deleted_at.is_(None),
            Appointment.starts_at < window.end,
            Appointment.starts_at >= window.start - _LONGEST_VISIT,
            Appointment.status.notin_([VisitStatus.CANCELLED.value, VisitStatus.NO_SHOW.value]),
        )
    ).all()
    return [
        Booking(
            row.id,
            row.patient_id,
            row.provider_id,
            row.room_id,
            Span.of(row.starts_at, row.minutes),
            display_name(patient),
        )
        for row, patient in rows
    ]


def busy_times(session: Session, window: Span, patient_id: uuid.UUID | None) -> list[Booking]:
    """Who is busy when, and nothing more: the slot finder reads weeks of visits, so it skips
    ORM objects, names and keys it does not need (ten times faster than `_bookings_between`)."""
    holding = Appointment.status.notin_([VisitStatus.CANCELLED.value, VisitStatus.NO_SHOW.value])
    in_window = (
        Appointment.deleted_at.is_(None),
        Appointment.starts_at < window.end,
        Appointment.starts_at >= window.start - _LONGEST_VISIT,
        holding,
    )
    rows = session.execute(
        select(
            Appointment.provider_id, Appointment.room_id, Appointment.starts_at, Appointment.minutes
        ).where(*in_window)
    ).all()
    nobody = uuid.UUID(int=0)
    bookings = [
        Booking(None, nobody, provider, room, Span.of(start, minutes))
        for provider, room, start, minutes in rows
    ]
    if patient_id is not None:
        own = session.execute(
            select(Appointment.starts_at, Appointment.minutes).where(
                *in_window, Appointment.patient_id == patient_id
            )
        ).all()
        bookings += [
            Booking(None, patient_id, nobody, None, Span.of(start, minutes))
            for start, minutes in own
        ]
    return bookings
