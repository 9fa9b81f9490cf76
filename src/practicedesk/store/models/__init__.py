"""Every table of the practice database. Import models from here so all are registered."""

from practicedesk.store.models.base import Base, Synced
from practicedesk.store.models.forms import OwnPacket, OwnTemplate, PatientForm
from practicedesk.store.models.local import (
    AuditEntry,
    ChangeEntry,
    LocalMeta,
    RecentPatient,
    SyncConflict,
    SyncPeer,
)
from practicedesk.store.models.patients import (
    Authorization,
    Carrier,
    Communication,
    Document,
    Patient,
    PatientAlert,
    PatientPhone,
    Policy,
    Referral,
    ReferralContact,
    Task,
    Verification,
)
from practicedesk.store.models.practice import ChartNumberBlock, Practice, Setting
from practicedesk.store.models.readiness import ReadinessTick
from practicedesk.store.models.schedule import (
    Appointment,
    AppointmentEvent,
    AppointmentSeries,
    AppointmentType,
    ScheduleException,
    WaitlistEntry,
    WorkingHours,
)
from practicedesk.store.models.staff import AppUser, KeySlot, Provider, Room

__all__ = [
    "AppUser",
    "Appointment",
    "AppointmentEvent",
    "AppointmentSeries",
    "AppointmentType",
    "AuditEntry",
    "Authorization",
    "Base",
    "Carrier",
    "ChangeEntry",
    "ChartNumberBlock",
    "Communication",
    "Document",
    "KeySlot",
    "LocalMeta",
    "OwnPacket",
    "OwnTemplate",
    "Patient",
    "PatientAlert",
    "PatientForm",
    "PatientPhone",
    "Policy",
    "Practice",
    "Provider",
    "ReadinessTick",
    "RecentPatient",
    "Referral",
    "ReferralContact",
    "Room",
    "ScheduleException",
    "Setting",
    "SyncConflict",
    "SyncPeer",
    "Synced",
    "Task",
    "Verification",
    "WaitlistEntry",
    "WorkingHours",
]
