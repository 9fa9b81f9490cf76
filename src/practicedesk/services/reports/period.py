"""The period and filters a report is asked for, and the visits in it, read once in the
shape every visit report needs. Days are local days of the practice."""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.hours import local_instant
from practicedesk.errors import InvalidInput
from practicedesk.store.models import Appointment, AppointmentType, Provider, Room

MAX_DAYS = 5 * 366 + 1


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date
    provider_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = None
    type_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidInput("A report's period ends on or after the day it starts.")
        if (self.last - self.first).days > MAX_DAYS:
            raise InvalidInput("A report covers at most five years.")

    def span(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return (
            local_instant(self.first, time(0), zone),
            local_instant(self.last + timedelta(days=1), time(0), zone),
        )

    def months(self) -> list[date]:
        """The first day of each month the period touches."""
        found, day = [], self.first.replace(day=1)
        while day <= self.last:
            found.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return found


@dataclass(frozen=True, slots=True)
class VisitFacts:
    id: uuid.UUID
    patient_id: uuid.UUID
    provider: str
    provider_id: uuid.UUID
    chair: str
    kind: str
    status: str
    starts: datetime  # local
    minutes: int
    booked: datetime | None  # local: when it was booked
    arrived: datetime | None
    seated: datetime | None
    completed: datetime | None
    cancelled: datetime | None


def read_visits(session: Session, period: Period, zone: ZoneInfo) -> list[VisitFacts]:
    start, end = period.span(zone)
    query = (
        select(Appointment, Provider.name, Room.name, AppointmentType.name)
        .join(Provider, Provider.id == Appointment.provider_id)
        .outerjoin(Room, Room.id == Appointment.room_id)
        .outerjoin(AppointmentType, AppointmentType.id == Appointment.type_id)
        .where(
            Appointment.deleted_at.is_(None),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
    )
    if period.provider_id is not None:
        query = query.where(Appointment.provider_id == period.provider_id)
    if period.room_id is not None:
        query = query.where(Appointment.room_id == period.room_id)
    if period.type_id is not None:
        query = query.where(Appointment.type_id == period.type_id)

    def local(moment: datetime | None) -> datetime | None:
        return _aware(moment).astimezone(zone) if moment is not None else None

    return [
        VisitFacts(
            row.id, row.patient_id, provider, row.provider_id, chair or "", kind or "",
            row.status, _aware(row.starts_at).astimezone(zone), row.minutes,
            local(row.created_at), local(row.arrived_at), local(row.seated_at),
            local(row.completed_at), local(row.cancelled_at),
        )
        for row, provider, chair, kind in session.execute(query)
    ]  # fmt: skip


def minutes_between(first: datetime | None, then: datetime | None) -> float | None:
    if first is None or then is None or then < first:
        return None
    return (then - first).total_seconds() / 60


def median(values: Iterable[float]) -> float | None:
    listed = list(values)
    return statistics.median(listed) if listed else None


def percentile(values: Iterable[float], share: float) -> float | None:
    listed = sorted(values)
    if not listed:
        return None
    return listed[min(len(listed) - 1, int(share * len(listed)))]


def rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
