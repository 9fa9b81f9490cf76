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
    """What the reports read of a visit: only that, since a year of a busy practice is
    30,000 of them (each id read is a UUID made)."""

    patient_id: uuid.UUID
    provider: str
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
    # Columns, not Appointment objects: a busy practice's year is 30,000 visits, and
    # building an ORM object for each took most of a report's time.
    columns = (
        Appointment.patient_id, Appointment.status, Appointment.starts_at, Appointment.minutes,
        Appointment.created_at, Appointment.arrived_at, Appointment.seated_at,
        Appointment.completed_at, Appointment.cancelled_at, Provider.name, Room.name,
        AppointmentType.name,
    )  # fmt: skip
    query = (
        select(*columns)
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
            patient_id, provider, chair or "", kind or "", status,
            _aware(starts).astimezone(zone), minutes, local(booked), local(arrived),
            local(seated), local(completed), local(cancelled),
        )
        for (patient_id, status, starts, minutes, booked, arrived, seated, completed, cancelled,
             provider, chair, kind) in session.execute(query)
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


def share(part: int, whole: int) -> str:
    """ "25.0%" as a figure shows it; "—" of nothing, where "0%" would claim a rate."""
    value = percent(part, whole)
    return "—" if value is None else f"{value}%"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def preset_periods(today: date) -> list[tuple[str, date, date]]:
    """The periods an owner asks for by name, each ending by today at the latest: this
    month, last month, this quarter, this year, the last 90 days, the last 12 months."""
    month = today.replace(day=1)
    last_month_end = month - timedelta(days=1)
    quarter = month.replace(month=3 * ((today.month - 1) // 3) + 1)
    return [
        ("This month", month, today),
        ("Last month", last_month_end.replace(day=1), last_month_end),
        ("This quarter", quarter, today),
        ("This year", today.replace(month=1, day=1), today),
        ("Last 90 days", today - timedelta(days=89), today),
        ("Last 12 months", _a_year_before(today) + timedelta(days=1), today),
    ]


def _a_year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)
