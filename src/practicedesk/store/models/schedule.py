"""The appointment book: hours, exceptions, appointment types, appointments and their history,
series and the waitlist. Times are UTC instants; hours are local wall times (domain/hours.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class WorkingHours(Synced, Base):
    """One stretch of a weekday a provider works or a chair is open, in local time."""

    __tablename__ = "working_hours"

    resource_type: Mapped[str] = mapped_column(String(10))  # "provider" or "room"
    resource_id: Mapped[uuid.UUID] = mapped_column(index=True)
    weekday: Mapped[int]  # Monday is 0
    start_time: Mapped[time]
    end_time: Mapped[time]


class ScheduleException(Synced, Base):
    """Time off for a provider, a chair out of service, or the whole practice closed."""

    __tablename__ = "schedule_exception"

    resource_type: Mapped[str] = mapped_column(String(10))  # "provider", "room", "practice"
    resource_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(20))  # "time off", "holiday", "closed"
    note: Mapped[str] = mapped_column(Text, default="")


class AppointmentType(Synced, Base):
    __tablename__ = "appointment_type"

    name: Mapped[str] = mapped_column(String(80))
    minutes: Mapped[int]
    colour: Mapped[str] = mapped_column(String(7))
    provider_kinds: Mapped[str] = mapped_column(Text, default="[]")  # JSON; [] means any
    surgical: Mapped[bool] = mapped_column(default=False)
    packet: Mapped[str] = mapped_column(String(60), default="")
    # The usual procedures, by code ("D0120 D1110 D0274"): a visit of this type arrives at
    # check-out with them ready to confirm.
    procedure_codes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class AppointmentSeries(Synced, Base):
    """A recurring visit's rule; its appointments point here."""

    __tablename__ = "appointment_series"

    every_weeks: Mapped[int]
    count: Mapped[int | None]
    until: Mapped[date | None]


class Appointment(Synced, Base):
    __tablename__ = "appointment"
    __table_args__ = (
        Index("ix_appointment_provider_start", "provider_id", "starts_at"),
        Index("ix_appointment_room_start", "room_id", "starts_at"),
        Index("ix_appointment_patient_start", "patient_id", "starts_at"),
        # The recall list's last completed visit per patient and type, found by walking this
        # index in order instead of reading and sorting every visit (migration 0018;
        # docs/decisions/0024).
        Index(
            "ix_appointment_done",
            "status",
            "patient_id",
            "type_id",
            "starts_at",
            "provider_id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"))
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("provider.id"))
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("room.id"))
    type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment_type.id"))
    series_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("appointment_series.id"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(index=True)
    minutes: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    booked_by: Mapped[str] = mapped_column(String(40), default="")
    booked_over: Mapped[str] = mapped_column(Text, default="")  # conflicts accepted, in words
    confirmed_at: Mapped[datetime | None]
    confirmed_via: Mapped[str] = mapped_column(String(20), default="")
    confirmed_by: Mapped[str] = mapped_column(String(40), default="")
    arrived_at: Mapped[datetime | None]
    seated_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    no_show_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[str] = mapped_column(String(40), default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # The visit's id in the system the practice moved from: a later export updates it.
    legacy_id: Mapped[str | None] = mapped_column(String(60), default=None, index=True)


class AppointmentEvent(Synced, Base):
    """A line of an appointment's history: booked, moved from … to …, confirmed by phone…"""

    __tablename__ = "appointment_event"

    appointment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appointment.id"), index=True)
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")


class WaitlistEntry(Synced, Base):
    """A patient who wants an earlier time, and what would suit them."""

    __tablename__ = "waitlist_entry"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment.id"))
    type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment_type.id"))
    provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("provider.id"))
    minutes: Mapped[int]
    weekdays: Mapped[str] = mapped_column(String(20), default="0123456")
    earliest_time: Mapped[time | None]
    latest_time: Mapped[time | None]
    until: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
