"""Every table of the practice database. Import models from here so all are registered."""

from practicedesk.store.models.base import Base, Synced
from practicedesk.store.models.local import AuditEntry, ChangeEntry, LocalMeta
from practicedesk.store.models.patients import Patient
from practicedesk.store.models.practice import Practice, Setting
from practicedesk.store.models.schedule import (
    Appointment,
    AppointmentEvent,
    AppointmentSeries,
    AppointmentType,
    ScheduleException,
    WaitlistEntry,
    WorkingHours,
)
from practicedesk.store.models.staff import AppUser, Provider, Room

__all__ = [
    "AppUser",
    "Appointment",
    "AppointmentEvent",
    "AppointmentSeries",
    "AppointmentType",
    "AuditEntry",
    "Base",
    "ChangeEntry",
    "LocalMeta",
    "Patient",
    "Practice",
    "Provider",
    "Room",
    "ScheduleException",
    "Setting",
    "Synced",
    "WaitlistEntry",
    "WorkingHours",
]
