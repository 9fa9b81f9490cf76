"""The patient and the chart around them: phones, alerts, insurance, authorizations,
referrals, documents, the communication log and tasks."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class Patient(Synced, Base):
    __tablename__ = "patient"

    chart_number: Mapped[int | None] = mapped_column(index=True, default=None)
    # Numbers the chart had before the owner renumbered it ("12 57"): still found by search,
    # never given to anyone else.
    former_chart_numbers: Mapped[str] = mapped_column(Text, default="")
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    suffix: Mapped[str] = mapped_column(String(20), default="")
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date | None] = mapped_column(default=None)
    sex: Mapped[str] = mapped_column(String(20), default="")
    gender_identity: Mapped[str] = mapped_column(String(60), default="")
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # the primary one, formatted
    email: Mapped[str] = mapped_column(String(200), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    street2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    preferred_language: Mapped[str] = mapped_column(String(40), default="")
    preferred_contact: Mapped[str] = mapped_column(String(20), default="")
    # Agreed to appointment reminders by e-mail (services/reminders): without it, or without
    # an address, a reminder is not sent and the visit is listed for a call instead.
    email_reminders: Mapped[bool] = mapped_column(default=False)
    responsible_type: Mapped[str] = mapped_column(String(10), default="self")
    responsible_patient_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    responsible_name: Mapped[str] = mapped_column(String(200), default="")
    responsible_phone: Mapped[str] = mapped_column(String(40), default="")
    responsible_relationship: Mapped[str] = mapped_column(String(40), default="")
    emergency_name: Mapped[str] = mapped_column(String(200), default="")
    emergency_phone: Mapped[str] = mapped_column(String(40), default="")
    emergency_relationship: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default="active")
    notes: Mapped[str] = mapped_column(Text, default="")
    merged_into: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # The patient's id in the system the practice moved from (PatNum, account number): how
    # that system's later exports (visits, insurance, recalls, balances) find the patient.
    # One patient per id, kept by the imports rather than a unique index, which two PCs
    # importing before they sync would turn into a row that can never arrive.
    legacy_id: Mapped[str | None] = mapped_column(String(60), default=None, index=True)
    # Words the search index holds: names, dates of birth as digits, phone digits, the chart
    # number; kept by services/chart_search.py, indexed by the patient_fts table (FTS5).
    search_text: Mapped[str] = mapped_column(Text, default="")


class PatientPhone(Synced, Base):
    __tablename__ = "patient_phone"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # mobile, home, work, other
    number: Mapped[str] = mapped_column(String(20))  # E.164
    is_primary: Mapped[bool] = mapped_column(default=False)
    may_text: Mapped[bool] = mapped_column(default=False)


class PatientAlert(Synced, Base):
    """An allergy, medication, condition, premedication need or other alert."""

    __tablename__ = "patient_alert"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    severity: Mapped[str] = mapped_column(String(10), default="warning")  # info, warning, critical
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)


class Carrier(Synced, Base):
    __tablename__ = "carrier"

    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    payer_id: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(default=True)


class Policy(Synced, Base):
    __tablename__ = "policy"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    carrier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("carrier.id"))
    rank: Mapped[int] = mapped_column(default=1)  # 1 primary, 2 secondary, ...
    plan: Mapped[str] = mapped_column(String(200), default="")
    member_id: Mapped[str] = mapped_column(String(60))
    group_number: Mapped[str] = mapped_column(String(60), default="")
    subscriber_name: Mapped[str] = mapped_column(String(200), default="")
    subscriber_relationship: Mapped[str] = mapped_column(String(20), default="self")
    subscriber_birth_date: Mapped[date | None]
    effective_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    copay_cents: Mapped[int | None]
    deductible_cents: Mapped[int | None]
    annual_max_cents: Mapped[int | None]
    # What the plan pays of the allowed fee, in percent, by procedure category (None: not
    # known; the estimate then leaves it to the patient until the plan is verified).
    covers_preventive: Mapped[int | None]
    covers_basic: Mapped[int | None]
    covers_major: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    legacy_id: Mapped[str | None] = mapped_column(String(60), default=None, index=True)


class Verification(Synced, Base):
    """One check of a policy with the payer: when, by whom, how, and what it said."""

    __tablename__ = "verification"

    policy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("policy.id"), index=True)
    verified_at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(20))  # phone, portal, fax, electronic
    result: Mapped[str] = mapped_column(String(20))  # active, inactive, needs information
    reference: Mapped[str] = mapped_column(String(60), default="")
    remaining_cents: Mapped[int | None]
    deductible_left_cents: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    spoken_to: Mapped[str] = mapped_column(String(80), default="", server_default="")
    # As the payer said them: "cleaning 2/yr, last 06/12; BWX 1/yr".
    frequency_limits: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The co-pay or coinsurance, as typed: "$25 exams, 20% basic".
    cost_share: Mapped[str] = mapped_column(String(120), default="", server_default="")


class Authorization(Synced, Base):
    """A pre-authorization for a procedure."""

    __tablename__ = "authorization"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    policy_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("policy.id"))
    procedure: Mapped[str] = mapped_column(String(200))
    payer: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    submitted_on: Mapped[date | None]
    number: Mapped[str] = mapped_column(String(60), default="")
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class ReferralContact(Synced, Base):
    """A referring or receiving provider in the practice's directory."""

    __tablename__ = "referral_contact"

    name: Mapped[str] = mapped_column(String(200))
    organization: Mapped[str] = mapped_column(String(200), default="")
    specialty: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    fax: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")


class Referral(Synced, Base):
    __tablename__ = "referral"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))  # incoming, outgoing
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referral_contact.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="requested")
    requested_on: Mapped[date | None]
    sent_on: Mapped[date | None]
    received_on: Mapped[date | None]
    scheduled_on: Mapped[date | None]
    completed_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class Document(Synced, Base):
    """A scan or file in the chart, kept inside the encrypted database like everything else."""

    __tablename__ = "document"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(40), default="")


class Communication(Synced, Base):
    __tablename__ = "communication"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(10))  # call, email, letter, text
    direction: Mapped[str] = mapped_column(String(3))  # in, out
    summary: Mapped[str] = mapped_column(Text)
    username: Mapped[str] = mapped_column(String(40))
    follow_up_on: Mapped[date | None]
    # What the contact was about and how it went, for the worklists that count attempts:
    # topic "recall", "confirmation", "reminder", "balance"; outcome "booked", "left
    # message", "no answer", "will call back", "declined", "wrong number", "confirmed".
    topic: Mapped[str] = mapped_column(String(20), default="", index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(index=True)


class Task(Synced, Base):
    __tablename__ = "task"

    # What the task is about when the program made it and can offer its remedy
    # ("chart-number": give one of two charts a new number); "" for a person's own task.
    kind: Mapped[str] = mapped_column(String(20), default="")
    patient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("patient.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(index=True)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_by: Mapped[str] = mapped_column(String(40), default="")
    done_at: Mapped[datetime | None]
    done_by: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    communication_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("communication.id"))
