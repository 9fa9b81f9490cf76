"""What the book knows of a patient's habits, for booking them in a few keys: the visit type
they usually come for, and the visits of a type they already have close to a time proposed
(a second cleaning the day after the first is a slip, not a wish)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.reader import read_patient_visits
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.schedule.setup import read_appointment_types

NEARBY_DAYS = 30  # either side: a six-month recall never comes this close to the last one

_COUNTED = frozenset(
    {
        VisitStatus.SCHEDULED,
        VisitStatus.CONFIRMED,
        VisitStatus.ARRIVED,
        VisitStatus.SEATED,
        VisitStatus.COMPLETED,
    }
)


def read_usual_type(session: Session, patient_id: uuid.UUID) -> uuid.UUID | None:
    """The type of the patient's latest visit that happened or is booked (not a no-show or
    a cancelled one), if that type still takes bookings; else the practice's first type
    (the top of Settings → Appointment types); None in a practice without types."""
    active = [kind.id for kind in read_appointment_types(session)]
    visits = [
        visit
        for visit in read_patient_visits(session, patient_id)
        if visit.status in _COUNTED and visit.type_id in active
    ]
    if visits:
        return max(visits, key=lambda visit: visit.starts_at).type_id
    return active[0] if active else None


def read_nearby_visits(
    session: Session,
    patient_id: uuid.UUID,
    type_id: uuid.UUID,
    around: datetime,
    days: int = NEARBY_DAYS,
) -> list[AppointmentInfo]:
    """The patient's visits of this type that happened or are booked within `days` either
    side of `around`, soonest first."""
    reach = timedelta(days=days)
    return [
        visit
        for visit in read_patient_visits(session, patient_id)
        if visit.type_id == type_id
        and visit.status in _COUNTED
        and around - reach <= visit.starts_at <= around + reach
    ]
