"""The scripting entry point: open a practice and use its services from Python.

    from practicedesk.api import open_practice

    with open_practice("/path/to/data", "maria", password) as practice:
        for user in practice.users.list():
            print(user.username, user.role)

`open_practice` returns a `PracticeSession`; its attributes are the services (`practice`,
`users`, `audit`, `settings`, `staff`, `patients`…), which check the signed-in user's role,
write the audit log and return plain dataclasses. See docs/API.md.

Every type those calls take or return is imported here and named in `__all__`, so a script
imports what it needs from one place instead of reading annotations to find where it lives;
tests/test_api.py checks the calls, the exports and docs/API.md agree.
"""

from __future__ import annotations

from pathlib import Path

from practicedesk.backup.reading import MasterKey, OwnerPassword, RecoveryCode
from practicedesk.domain.aging import Aging, Bucket
from practicedesk.domain.backup_rotation import Rotation, StatusLine
from practicedesk.domain.estimates import ProcedureCategory
from practicedesk.domain.hours import DailyHours
from practicedesk.domain.ledger import Balance, EntryKind
from practicedesk.domain.readiness import Checklist, Colour, Item, Key, State
from practicedesk.domain.recall import RecallState
from practicedesk.domain.recurrence import Recurrence
from practicedesk.domain.reminders import ReminderRule
from practicedesk.domain.report_model import ChartKind, Figure, Report, ReportChart, Series, Table
from practicedesk.domain.scheduling import Conflict, ConflictKind
from practicedesk.domain.slots import Slot
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.forms.answers import Signature, YesNo
from practicedesk.forms.chart_updates import ProposedAlert
from practicedesk.forms.model import Field, FieldType, FormTemplate, Section
from practicedesk.forms.packets import (
    Audience,
    CoverLetter,
    FillMode,
    LetterDetail,
    PacketDefinition,
    PacketError,
    PacketForm,
    PacketSet,
)
from practicedesk.forms.safe_yaml import TemplateError
from practicedesk.forms.templates import TemplateSet
from practicedesk.interop.csv_fields import ColumnMapping
from practicedesk.interop.csv_import import CsvPreview, RowResult
from practicedesk.interop.csv_reading import FirstLines
from practicedesk.interop.csv_writing import csv_bytes
from practicedesk.interop.smtp_channel import Security
from practicedesk.progress import NO_PROGRESS, Cancelled, Progress
from practicedesk.security.audit import ChainBreak
from practicedesk.security.kdf import KdfParams
from practicedesk.security.roles import Permission, Role
from practicedesk.services.audit import AuditFilter, AuditRecord, Verification
from practicedesk.services.backup.drill import DrillResult, DrillStatus
from practicedesk.services.backup.files import (
    BackupInfo,
    RestoreInfo,
    read_backup_header,
    restore_backup,
    verify_backup,
)
from practicedesk.services.backup.schedule import (
    BackupRun,
    BackupSchedule,
    BackupStatus,
    ListedBackup,
    PlaceListing,
    PlaceResult,
)
from practicedesk.services.chart.documents import DocumentContent
from practicedesk.services.chart.insurance import CarrierInfo, PolicyChange, VerificationEntry
from practicedesk.services.chart.items import AlertChange, AuthorizationChange, ReferralChange
from practicedesk.services.chart.records import (
    AlertInfo,
    AuthorizationInfo,
    Chart,
    CommunicationInfo,
    ContactInfo,
    DocumentInfo,
    PatientDetails,
    PhoneEntry,
    PolicyInfo,
    ReferralInfo,
    RenumberChoice,
    TaskInfo,
    VerificationInfo,
)
from practicedesk.services.chart.tasks import NewCommunication, NewTask
from practicedesk.services.chart.worklists import VerifyItem, WaitingItem
from practicedesk.services.context import Actor
from practicedesk.services.forms.filling import FilledForm, FormInfo
from practicedesk.services.forms.readiness import BoardRow
from practicedesk.services.joining import join_practice
from practicedesk.services.money.accounts import EntryLine
from practicedesk.services.money.claims import ClaimInfo, Eob
from practicedesk.services.money.closing import DayReport
from practicedesk.services.money.desk import (
    AccountView,
    CheckOut,
    CheckOutDraft,
    CheckOutLine,
    CheckOutResult,
    NewAdjustment,
    NewPayment,
    OwnerApproval,
    ToCollect,
)
from practicedesk.services.money.plan_records import (
    ItemStatus,
    NewPlanItem,
    PlanItemView,
    PlanStatus,
    PlanSummary,
    PlanView,
    UnbookedItem,
)
from practicedesk.services.money.pricing import PricedLine
from practicedesk.services.money.printing import StatementBatch
from practicedesk.services.money.procedures import PlanFeeInfo, ProcedureInfo
from practicedesk.services.money.receivables import AgingRow, ArReport, WeeklySummary
from practicedesk.services.moving.imports import (
    FoundValue,
    MovePreview,
    MoveReport,
    PreviewRow,
    ReportLine,
    describe,
)
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.opening import NewOwner, NewPractice, recover_access
from practicedesk.services.opening import create_practice as _create_practice
from practicedesk.services.opening import open_practice as _open_practice
from practicedesk.services.patients.importing import (
    ImportReport,
    PossibleDuplicate,
    RejectedRow,
    ValueToCheck,
)
from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.practice.details import PracticeDetails
from practicedesk.services.practice.settings import (
    CONSENT_WITHIN_DAYS,
    GRID_MINUTES,
    HISTORY_WITHIN_DAYS,
    IDLE_LOCK_MINUTES,
    VERIFY_WITHIN_DAYS,
    IntSetting,
)
from practicedesk.services.practice.staff import ProviderInfo, ProviderKind, RoomInfo
from practicedesk.services.recall.calls import ConfirmRow, UnscheduledRow
from practicedesk.services.recall.lists import RecallFilter, RecallInfo, RecallRow
from practicedesk.services.recall.printing import RecallMailing
from practicedesk.services.recall.types import RecallTypeInfo
from practicedesk.services.reminders.queue import QueueReport
from practicedesk.services.reminders.sending import SendReport
from practicedesk.services.reminders.setup import ReminderSetup, SenderState
from practicedesk.services.reminders.worklist import ReminderProblem
from practicedesk.services.reports.catalog import Filter, ReportKind
from practicedesk.services.reports.period import Period
from practicedesk.services.schedule.booking import ChangeResult
from practicedesk.services.schedule.follow_ups import FollowUpRuleInfo
from practicedesk.services.schedule.records import (
    AppointmentInfo,
    AppointmentTypeInfo,
    DaySchedule,
    HistoryLine,
    NewAppointment,
    RecordedVisit,
    SlotQuery,
)
from practicedesk.services.schedule.setup import ExceptionInfo
from practicedesk.services.schedule.waitlist import WaitlistInfo, WaitlistWish
from practicedesk.services.session import PracticeSession
from practicedesk.services.sync.conflicts import ConflictView
from practicedesk.services.sync.rounds import PeerView, RoundReport, SyncSettings, SyncStatus
from practicedesk.services.users.accounts import UserInfo

__all__ = [
    "CONSENT_WITHIN_DAYS",
    "GRID_MINUTES",
    "HISTORY_WITHIN_DAYS",
    "IDLE_LOCK_MINUTES",
    "NO_PROGRESS",
    "VERIFY_WITHIN_DAYS",
    "AccountView",
    "Actor",
    "Aging",
    "AgingRow",
    "AlertChange",
    "AlertInfo",
    "AppointmentInfo",
    "AppointmentTypeInfo",
    "ArReport",
    "Audience",
    "AuditFilter",
    "AuditRecord",
    "AuthorizationChange",
    "AuthorizationInfo",
    "BackupInfo",
    "BackupRun",
    "BackupSchedule",
    "BackupStatus",
    "Balance",
    "BoardRow",
    "Bucket",
    "Cancelled",
    "CarrierInfo",
    "ChainBreak",
    "ChangeResult",
    "Chart",
    "ChartKind",
    "CheckOut",
    "CheckOutDraft",
    "CheckOutLine",
    "CheckOutResult",
    "Checklist",
    "ClaimInfo",
    "Colour",
    "ColumnMapping",
    "CommunicationInfo",
    "ConfirmRow",
    "Conflict",
    "ConflictKind",
    "ConflictView",
    "ContactInfo",
    "CoverLetter",
    "CsvPreview",
    "DailyHours",
    "DayReport",
    "DaySchedule",
    "DocumentContent",
    "DocumentInfo",
    "DrillResult",
    "DrillStatus",
    "EntryKind",
    "EntryLine",
    "Eob",
    "ExceptionInfo",
    "Field",
    "FieldType",
    "Figure",
    "FillMode",
    "FilledForm",
    "Filter",
    "FirstLines",
    "FollowUpRuleInfo",
    "FormInfo",
    "FormTemplate",
    "FoundValue",
    "HistoryLine",
    "ImportReport",
    "IntSetting",
    "Item",
    "ItemStatus",
    "KdfParams",
    "Key",
    "LetterDetail",
    "ListedBackup",
    "MasterKey",
    "MoveMapping",
    "MovePreview",
    "MoveReport",
    "NewAdjustment",
    "NewAppointment",
    "NewCommunication",
    "NewOwner",
    "NewPatient",
    "NewPayment",
    "NewPlanItem",
    "NewPractice",
    "NewTask",
    "OwnerApproval",
    "OwnerPassword",
    "PacketDefinition",
    "PacketError",
    "PacketForm",
    "PacketSet",
    "PatientDetails",
    "PatientSummary",
    "PeerView",
    "Period",
    "Permission",
    "PhoneEntry",
    "PlaceListing",
    "PlaceResult",
    "PlanFeeInfo",
    "PlanItemView",
    "PlanStatus",
    "PlanSummary",
    "PlanView",
    "PolicyChange",
    "PolicyInfo",
    "PossibleDuplicate",
    "PracticeDetails",
    "PracticeSession",
    "PreviewRow",
    "PricedLine",
    "ProcedureCategory",
    "ProcedureInfo",
    "Progress",
    "ProposedAlert",
    "ProviderInfo",
    "ProviderKind",
    "QueueReport",
    "RecallFilter",
    "RecallInfo",
    "RecallMailing",
    "RecallRow",
    "RecallState",
    "RecallTypeInfo",
    "RecordedVisit",
    "RecoveryCode",
    "Recurrence",
    "ReferralChange",
    "ReferralInfo",
    "RejectedRow",
    "ReminderProblem",
    "ReminderRule",
    "ReminderSetup",
    "RenumberChoice",
    "Report",
    "ReportChart",
    "ReportKind",
    "ReportLine",
    "RestoreInfo",
    "Role",
    "RoomInfo",
    "Rotation",
    "RoundReport",
    "RowResult",
    "Section",
    "Security",
    "SendReport",
    "SenderState",
    "Series",
    "Signature",
    "Slot",
    "SlotQuery",
    "Span",
    "State",
    "StatementBatch",
    "StatusLine",
    "SyncSettings",
    "SyncStatus",
    "Table",
    "TaskInfo",
    "TemplateError",
    "TemplateSet",
    "ToCollect",
    "UnbookedItem",
    "UnscheduledRow",
    "UserInfo",
    "ValueToCheck",
    "Verification",
    "VerificationEntry",
    "VerificationInfo",
    "VerifyItem",
    "VisitStatus",
    "WaitingItem",
    "WaitlistInfo",
    "WaitlistWish",
    "WeeklySummary",
    "YesNo",
    "create_practice",
    "csv_bytes",
    "describe",
    "join_practice",
    "open_practice",
    "read_backup_header",
    "recover_access",
    "restore_backup",
    "verify_backup",
]


def open_practice(
    data_dir: str | Path, username: str, password: str, *, check_integrity: bool = True
) -> PracticeSession:
    """Sign in to the practice in `data_dir`; close the session (or use `with`) when done.

    Every page of the database is checked first (a fraction of a second), so a damaged file
    is refused with `DamagedDatabase`, naming the backup to restore, before a script reads
    half of it. `check_integrity=False` skips that, to read what is left of a damaged
    file; nothing can be written to it once damage is found."""
    session = _open_practice(Path(data_dir), username, password)
    if check_integrity:
        try:
            session.check_integrity()
        except BaseException:
            session.close()
            raise
    return session


def create_practice(
    data_dir: str | Path,
    details: PracticeDetails,
    owner: NewOwner,
    *,
    kdf_params: KdfParams | None = None,
) -> NewPractice:
    """Make a new practice; keep `.recovery_code` safe (print the Emergency Kit)."""
    return _create_practice(Path(data_dir), details, owner, kdf_params=kdf_params)
