"""Money at the desk: procedures and fees, the append-only ledger, claims to follow, closed
days, statements sent, and treatment plans (domain/ledger.py says what the amounts mean).

Ledger entries are inserted and never changed: a correction is a new entry that names the one
it reverses (store/database.py refuses any update or delete of an entry), so two PCs'
entries merge through sync as inserts and a balance is a sum, never a stored total. Everything
else here (a claim's status, a procedure's fee) is an ordinary row that syncs field by field.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class Procedure(Synced, Base):
    """A procedure the office performs, with its own fee: the office's fee schedule."""

    __tablename__ = "procedure"

    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(12))  # domain/estimates.py ProcedureCategory
    fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class PlanFee(Synced, Base):
    """A plan's allowed fee for a procedure (a PPO's contracted fee); the difference from the
    office's fee is the contractual write-off. A plan is its carrier and plan name."""

    __tablename__ = "plan_fee"
    __table_args__ = (Index("ix_plan_fee_plan", "carrier_id", "plan", "code"),)

    carrier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("carrier.id"))
    plan: Mapped[str] = mapped_column(String(200), default="")
    code: Mapped[str] = mapped_column(String(20))
    allowed_cents: Mapped[int] = mapped_column(Integer)


class LedgerEntry(Synced, Base):
    """One charge, payment, insurance payment, adjustment, refund or reversal. Never updated."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        Index("ix_ledger_entry_posted", "posted_on"),
        # The A/R report's: the accounts not settled found and their entries read from the
        # index alone, in account and day order (docs/decisions/0027).
        Index(
            "ix_ledger_entry_aging",
            "account_id", "posted_on", "deleted_at", "id", "kind", "amount_cents", "claim_id",
            "reverses", "patient_id",
        ),
        # A claim's entries, and for the A/R report what each settled and when, from the
        # index alone (docs/decisions/0029).
        Index(
            "ix_ledger_entry_claim",
            "claim_id", "posted_on", "deleted_at", "kind", "amount_cents", "account_id",
        ),
    )  # fmt: skip

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"))  # the guarantor
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # domain/ledger.py EntryKind
    amount_cents: Mapped[int] = mapped_column(Integer)  # signed, see domain/ledger.py
    posted_on: Mapped[date]
    claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claim.id"))
    reverses: Mapped[uuid.UUID | None] = mapped_column(index=True)
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("appointment.id"), index=True
    )
    provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("provider.id"))
    procedure_code: Mapped[str] = mapped_column(String(20), default="")
    tooth: Mapped[str] = mapped_column(String(40), default="")  # teeth or area, as typed
    description: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(String(12), default="")  # cash, check, card, other
    reference: Mapped[str] = mapped_column(String(60), default="")  # check no., card's last 4
    reason: Mapped[str] = mapped_column(String(80), default="")  # an adjustment's reason
    posted_by: Mapped[str] = mapped_column(String(40), default="")  # the user name


class Claim(Synced, Base):
    """What one visit's charges ask of one insurer, and how far it got."""

    __tablename__ = "claim"
    # The A/R report's: an account's claims and when each closed, from the index alone.
    __table_args__ = (
        Index("ix_claim_aging", "account_id", "deleted_at", "closed_on", "id", "estimate_cents"),
    )

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"))
    policy_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("policy.id"))
    carrier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("carrier.id"))
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment.id"))
    provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("provider.id"))
    service_on: Mapped[date]
    billed_cents: Mapped[int] = mapped_column(Integer)  # the office's fees on the claim
    estimate_cents: Mapped[int] = mapped_column(Integer)  # what the insurer should pay
    status: Mapped[str] = mapped_column(String(12), default="to send", index=True)
    sent_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")  # follow-up calls, in order


class DayClose(Synced, Base):
    """A closed business day and the entries it counted (domain/day_close.py): an entry that
    arrives later through sync counts on the next open day, flagged, never lost. A reopened
    day is a tombstoned close."""

    __tablename__ = "day_close"

    day: Mapped[date] = mapped_column(index=True)
    closed_by: Mapped[str] = mapped_column(String(40))
    covers: Mapped[str] = mapped_column(Text)  # JSON list of ledger entry ids
    counted_cash_cents: Mapped[int | None]  # what the drawer held, counted at the close
    note: Mapped[str] = mapped_column(Text, default="")


class StatementSent(Synced, Base):
    """A statement printed for a guarantor: statements go again after 30 days, not sooner."""

    __tablename__ = "statement_sent"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    sent_on: Mapped[date]
    amount_due_cents: Mapped[int] = mapped_column(Integer)
    sent_by: Mapped[str] = mapped_column(String(40), default="")


class TreatmentPlan(Synced, Base):
    __tablename__ = "treatment_plan"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    presented_on: Mapped[date | None]
    signed_form_id: Mapped[uuid.UUID | None]  # the patient's signature, sealed like a form
    notes: Mapped[str] = mapped_column(Text, default="")


class PlanItem(Synced, Base):
    """One planned procedure; accepted ones are booked from the plan."""

    __tablename__ = "plan_item"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("treatment_plan.id"), index=True)
    phase: Mapped[int] = mapped_column(default=1)
    code: Mapped[str] = mapped_column(String(20))
    tooth: Mapped[str] = mapped_column(String(40), default="")
    fee_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    # When the patient accepted or declined it: `updated_at` moves with every later change
    # (booked, edited, a field synced), and the worklist is oldest decision first.
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment.id"))
    sort_order: Mapped[int] = mapped_column(default=0)
