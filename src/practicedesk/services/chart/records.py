"""What the chart services hand out and take in: plain frozen values."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from practicedesk.services.patients.listing import PatientSummary


@dataclass(frozen=True, slots=True)
class PhoneEntry:
    kind: str  # mobile, home, work, other
    number: str  # as typed, or E.164 when read back
    is_primary: bool = False
    may_text: bool = False
    display: str = ""


@dataclass(frozen=True, slots=True)
class PatientDetails:
    """Everything on the Demographics tab."""

    first_name: str
    last_name: str
    middle_name: str = ""
    suffix: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    gender_identity: str = ""
    pronouns: str = ""
    email: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    preferred_language: str = ""
    preferred_contact: str = ""
    email_reminders: bool = False  # agreed to appointment reminders by e-mail
    responsible_type: str = "self"  # self, patient, person
    responsible_patient_id: uuid.UUID | None = None
    responsible_name: str = ""
    responsible_phone: str = ""
    responsible_relationship: str = ""
    emergency_name: str = ""
    emergency_phone: str = ""
    emergency_relationship: str = ""
    status: str = "active"  # active, inactive, deceased
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AlertInfo:
    id: uuid.UUID
    kind: str  # allergy, medication, condition, premedication, alert
    text: str
    severity: str  # info, warning, critical
    notes: str
    active: bool


@dataclass(frozen=True, slots=True)
class VerificationInfo:
    id: uuid.UUID
    verified_at: datetime
    username: str
    method: str
    result: str
    reference: str
    remaining_cents: int | None
    notes: str
    deductible_left_cents: int | None = None
    verified_on: date | None = None  # the practice's day of `verified_at`, for one-line labels
    spoken_to: str = ""
    frequency_limits: str = ""
    cost_share: str = ""


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    id: uuid.UUID
    carrier_id: uuid.UUID
    carrier_name: str
    carrier_phone: str
    rank: int
    plan: str
    member_id: str
    group_number: str
    subscriber_name: str
    subscriber_relationship: str
    subscriber_birth_date: date | None
    effective_on: date | None
    ends_on: date | None
    copay_cents: int | None
    deductible_cents: int | None
    annual_max_cents: int | None
    verifications: list[VerificationInfo] = field(default_factory=list)
    verification_due: bool = False
    covers_preventive: int | None = None  # percent of the allowed fee the plan pays
    covers_basic: int | None = None
    covers_major: int | None = None

    @property
    def last_verified(self) -> VerificationInfo | None:
        return self.verifications[0] if self.verifications else None


@dataclass(frozen=True, slots=True)
class AuthorizationInfo:
    id: uuid.UUID
    procedure: str
    payer: str
    status: str  # draft, submitted, approved, denied, expired
    submitted_on: date | None
    number: str
    valid_from: date | None
    valid_to: date | None
    notes: str
    policy_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ContactInfo:
    id: uuid.UUID
    name: str
    organization: str
    specialty: str
    phone: str
    fax: str
    email: str
    address: str


@dataclass(frozen=True, slots=True)
class ReferralInfo:
    id: uuid.UUID
    direction: str  # incoming, outgoing
    contact: ContactInfo | None
    reason: str
    status: str  # requested, sent, received, scheduled, completed
    requested_on: date | None
    sent_on: date | None
    received_on: date | None
    scheduled_on: date | None
    completed_on: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: uuid.UUID
    category: str
    title: str
    file_name: str
    media_type: str
    size: int
    added_by: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class CommunicationInfo:
    id: uuid.UUID
    at: datetime
    kind: str
    direction: str
    summary: str
    username: str
    follow_up_on: date | None


@dataclass(frozen=True, slots=True)
class TaskInfo:
    id: uuid.UUID
    title: str
    due_on: date | None
    patient_id: uuid.UUID | None
    patient_name: str
    assignee_id: uuid.UUID | None
    assignee_name: str
    created_by: str
    done_at: datetime | None
    notes: str
    overdue: bool = False
    kind: str = ""  # what the program made it about ("chart-number"); "" for a person's own


@dataclass(frozen=True, slots=True)
class RenumberChoice:
    """For the owner's "give this chart a new number" dialog."""

    patient: PatientSummary
    sharing: tuple[PatientSummary, ...]  # other live charts with the same number
    suggested: int | None  # the number this PC gives next; None when it has none in hand


@dataclass(frozen=True, slots=True)
class Chart:
    """What the chart window shows, read in one go."""

    summary: PatientSummary
    details: PatientDetails
    age: int | None
    phones: list[PhoneEntry]
    alerts: list[AlertInfo]
    policies: list[PolicyInfo]
    authorizations: list[AuthorizationInfo]
    referrals: list[ReferralInfo]
    documents: list[DocumentInfo]
    communications: list[CommunicationInfo]
    tasks: list[TaskInfo]
    next_visit: datetime | None
    next_visit_label: str
    responsible_label: str

    @property
    def active_alerts(self) -> list[AlertInfo]:
        return [alert for alert in self.alerts if alert.active]

    @property
    def open_tasks(self) -> list[TaskInfo]:
        return [task for task in self.tasks if task.done_at is None]

    @property
    def insurance_status(self) -> str:
        """One line for the header: the primary plan and whether it needs verifying."""
        if not self.policies:
            return "No insurance on file"
        primary = self.policies[0]
        if primary.verification_due:
            return f"{primary.carrier_name}: verification due"
        last = primary.last_verified
        if last is None:
            return f"{primary.carrier_name}: not verified"
        day = last.verified_on or last.verified_at.date()
        return f"{primary.carrier_name}: verified {day:%m/%d/%Y} ({last.result})"
