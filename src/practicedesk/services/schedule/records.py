"""What the schedule services hand out: plain frozen values, never ORM rows."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.store.models import Appointment, AppointmentEvent, AppointmentType, Patient


@dataclass(frozen=True, slots=True)
class AppointmentTypeInfo:
    id: uuid.UUID
    name: str
    minutes: int
    colour: str
    provider_kinds: tuple[ProviderKind, ...]  # empty: any provider may take it
    surgical: bool
    packet: str
    active: bool
    procedure_codes: tuple[str, ...] = ()  # the usual procedures, ready at check-out

    def allows(self, kind: ProviderKind) -> bool:
        return not self.provider_kinds or kind in self.provider_kinds


@dataclass(frozen=True, slots=True)
class AppointmentInfo:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    patient_phone: str
    patient_birth_date: date | None
    provider_id: uuid.UUID
    room_id: uuid.UUID | None
    type_id: uuid.UUID | None
    type_name: str
    colour: str
    starts_at: datetime
    minutes: int
    notes: str
    status: VisitStatus
    series_id: uuid.UUID | None
    booked_over: str
    confirmed_via: str
    arrived_at: datetime | None
    seated_at: datetime | None
    completed_at: datetime | None
    cancel_reason: str
    alert: str = ""  # the patient's active medical alerts, most severe first
    alert_level: str = ""  # "", "info", "warning" or "critical"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def span(self) -> Span:
        return Span(self.starts_at, self.ends_at)


@dataclass(frozen=True, slots=True)
class NewAppointment:
    patient_id: uuid.UUID
    provider_id: uuid.UUID
    room_id: uuid.UUID | None
    starts_at: datetime
    minutes: int
    type_id: uuid.UUID | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RecordedVisit:
    """A visit from elsewhere (an import, the demo's past year) with its outcome already known."""

    visit: NewAppointment
    status: VisitStatus = VisitStatus.SCHEDULED
    confirmed_at: datetime | None = None
    confirmed_via: str = ""
    arrived_at: datetime | None = None
    seated_at: datetime | None = None
    completed_at: datetime | None = None
    no_show_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    username: str
    kind: str
    summary: str


@dataclass(frozen=True, slots=True)
class DaySchedule:
    """Everything the day view draws for one local date."""

    day: date
    appointments: list[AppointmentInfo]
    provider_hours: dict[uuid.UUID, list[Span]]
    room_hours: dict[uuid.UUID, list[Span]]
    day_span: Span


@dataclass(frozen=True, slots=True)
class SlotQuery:
    minutes: int
    provider_id: uuid.UUID | None = None  # None: any provider who may take the type
    room_id: uuid.UUID | None = None  # None: any chair
    type_id: uuid.UUID | None = None
    patient_id: uuid.UUID | None = None
    weekdays: frozenset[int] = frozenset(range(7))
    earliest: time | None = None
    latest_end: time | None = None
    weeks: int = 8
    start_from: datetime | None = None  # default: now
    limit: int = 50


def display_name(patient: Patient) -> str:
    preferred = f" ({patient.preferred_name})" if patient.preferred_name else ""
    return f"{patient.last_name}, {patient.first_name}{preferred}"


def type_info(row: AppointmentType) -> AppointmentTypeInfo:
    kinds = tuple(ProviderKind(kind) for kind in json.loads(row.provider_kinds or "[]"))
    return AppointmentTypeInfo(
        row.id, row.name, row.minutes, row.colour, kinds, row.surgical, row.packet, row.active,
        tuple(row.procedure_codes.split()),
    )  # fmt: skip


def appointment_info(
    row: Appointment, patient: Patient, kind: AppointmentType | None
) -> AppointmentInfo:
    return AppointmentInfo(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=display_name(patient),
        patient_phone=patient.phone,
        patient_birth_date=patient.date_of_birth,
        provider_id=row.provider_id,
        room_id=row.room_id,
        type_id=row.type_id,
        type_name=kind.name if kind else "",
        colour=kind.colour if kind else "#B0BEC5",
        starts_at=row.starts_at,
        minutes=row.minutes,
        notes=row.notes,
        status=VisitStatus(row.status),
        series_id=row.series_id,
        booked_over=row.booked_over,
        confirmed_via=row.confirmed_via,
        arrived_at=row.arrived_at,
        seated_at=row.seated_at,
        completed_at=row.completed_at,
        cancel_reason=row.cancel_reason,
    )


def history_line(row: AppointmentEvent) -> HistoryLine:
    return HistoryLine(row.at, row.username, row.kind, row.summary)
