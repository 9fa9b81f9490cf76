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
from practicedesk.store.models.money import (
    Claim,
    DayClose,
    LedgerEntry,
    PlanFee,
    PlanItem,
    Procedure,
    StatementSent,
    TreatmentPlan,
)
from practicedesk.store.models.moving import ImportMapping
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
from practicedesk.store.models.recall import (
    FollowUpRule,
    PatientRecall,
    RecallType,
    ReminderMessage,
)
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
    "Claim",
    "Communication",
    "DayClose",
    "Document",
    "FollowUpRule",
    "ImportMapping",
    "KeySlot",
    "LedgerEntry",
    "LocalMeta",
    "OwnPacket",
    "OwnTemplate",
    "Patient",
    "PatientAlert",
    "PatientForm",
    "PatientPhone",
    "PatientRecall",
    "PlanFee",
    "PlanItem",
    "Policy",
    "Practice",
    "Procedure",
    "Provider",
    "ReadinessTick",
    "RecallType",
    "RecentPatient",
    "Referral",
    "ReferralContact",
    "ReminderMessage",
    "Room",
    "ScheduleException",
    "Setting",
    "StatementSent",
    "SyncConflict",
    "SyncPeer",
    "Synced",
    "Task",
    "TreatmentPlan",
    "Verification",
    "WaitlistEntry",
    "WorkingHours",
]
