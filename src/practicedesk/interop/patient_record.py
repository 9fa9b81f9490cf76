"""One patient's record as the FHIR export takes it: plain values, no database rows.

services/chart/record_export.py fills it from the chart; interop/fhir_export.py maps it. Times are
timezone-aware instants and statuses are the program's own codes: turning them into FHIR's
codes is the export's job, so the mapping lives in one place.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from practicedesk.domain.visit_status import VisitStatus


@dataclass(frozen=True, slots=True)
class RecordPhone:
    kind: str  # mobile, home, work, other
    number: str  # E.164
    is_primary: bool = False


@dataclass(frozen=True, slots=True)
class RecordAlert:
    id: uuid.UUID
    kind: str  # allergy, medication, condition, premedication, alert
    text: str
    severity: str  # info, warning, critical
    notes: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class RecordPolicy:
    id: uuid.UUID
    rank: int  # 1 primary, 2 secondary…
    carrier_name: str
    member_id: str
    carrier_phone: str = ""
    plan: str = ""
    group_number: str = ""
    subscriber_name: str = ""
    subscriber_relationship: str = "self"  # self, spouse, child, other
    effective_on: date | None = None
    ends_on: date | None = None
    copay_cents: int | None = None
    deductible_cents: int | None = None


@dataclass(frozen=True, slots=True)
class RecordAppointment:
    id: uuid.UUID
    starts_at: datetime
    minutes: int
    status: VisitStatus
    provider: str
    chair: str = ""
    kind: str = ""
    notes: str = ""
    cancel_reason: str = ""


@dataclass(frozen=True, slots=True)
class RecordDocument:
    id: uuid.UUID
    title: str
    category: str
    media_type: str
    added_at: datetime
    content: bytes


@dataclass(frozen=True, slots=True)
class PatientRecord:
    id: uuid.UUID
    chart_system: str  # the URI that makes chart numbers unique to this practice
    chart_number: int | None
    first_name: str
    last_name: str
    middle_name: str = ""
    suffix: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""  # female, male, intersex, unknown, or not given
    email: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    preferred_language: str = ""
    deceased: bool = False
    emergency_name: str = ""
    emergency_phone: str = ""
    emergency_relationship: str = ""
    phones: list[RecordPhone] = field(default_factory=list)
    alerts: list[RecordAlert] = field(default_factory=list)
    policies: list[RecordPolicy] = field(default_factory=list)
    appointments: list[RecordAppointment] = field(default_factory=list)
    documents: list[RecordDocument] = field(default_factory=list)
