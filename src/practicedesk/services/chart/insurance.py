"""Insurance: carriers, each patient's policies in order, and the verification log.

Money is integer cents. A verification records when, by whom, how, the result, who at the
payer said so, the payer's reference number, the remaining benefits and deductible, the plan's
frequency limits and the co-pay or coinsurance (those two as typed: plans word them freely).
The chart says "verification due" when the next visit is near and the last check is older
than the practice's window (domain/chart_rules.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import patient_row, verification_info
from practicedesk.services.chart.records import VerificationInfo
from practicedesk.services.context import Context
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import Carrier, Policy, Verification
from practicedesk.store.models.base import utcnow

RELATIONSHIPS = ("self", "spouse", "child", "other")
METHODS = ("phone", "portal", "fax", "electronic")
RESULTS = ("active", "inactive", "needs information")


@dataclass(frozen=True, slots=True)
class CarrierInfo:
    id: uuid.UUID
    name: str
    phone: str
    payer_id: str


@dataclass(frozen=True, slots=True)
class PolicyChange:
    carrier_id: uuid.UUID
    member_id: str
    rank: int = 1
    plan: str = ""
    group_number: str = ""
    subscriber_name: str = ""
    subscriber_relationship: str = "self"
    subscriber_birth_date: date | None = None
    effective_on: date | None = None
    ends_on: date | None = None
    copay_cents: int | None = None
    deductible_cents: int | None = None
    annual_max_cents: int | None = None
    # What the plan pays of the allowed fee by category, in percent (None: not known).
    covers_preventive: int | None = None
    covers_basic: int | None = None
    covers_major: int | None = None


@dataclass(frozen=True, slots=True)
class VerificationEntry:
    method: str
    result: str
    reference: str = ""
    remaining_cents: int | None = None
    notes: str = ""
    deductible_left_cents: int | None = None
    spoken_to: str = ""  # the payer's representative, for the next call's "who told you?"
    frequency_limits: str = ""  # as said: "cleaning 2/yr, last 06/12; BWX 1/yr"
    cost_share: str = ""  # the co-pay or coinsurance, as said: "$25 exams, 20% basic"


def check_policy(change: PolicyChange) -> None:
    """Refuse, in a sentence, a policy the chart must not hold (typed or imported)."""
    if not change.member_id.strip():
        raise InvalidInput("The policy needs the member id from the insurance card.")
    if change.subscriber_relationship not in RELATIONSHIPS:
        raise InvalidInput(f"The subscriber is one of: {', '.join(RELATIONSHIPS)}.")
    if not 1 <= change.rank <= 4:
        raise InvalidInput("Policies are primary, secondary, third or fourth.")
    if change.effective_on and change.ends_on and change.ends_on < change.effective_on:
        raise InvalidInput("The policy cannot end before it starts.")
    for label, cents in (
        ("co-pay", change.copay_cents),
        ("deductible", change.deductible_cents),
        ("annual maximum", change.annual_max_cents),
    ):
        if cents is not None and cents < 0:
            raise InvalidInput(f"The {label} cannot be negative.")
    for label, percent in (
        ("preventive", change.covers_preventive),
        ("basic", change.covers_basic),
        ("major", change.covers_major),
    ):
        if percent is not None and not 0 <= percent <= 100:
            raise InvalidInput(f"What the plan covers of {label} care is 0 to 100 percent.")


class InsuranceService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def carriers(self) -> list[CarrierInfo]:
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(Carrier)
                .where(Carrier.deleted_at.is_(None), Carrier.active.is_(True))
                .order_by(Carrier.name)
            )
            return [CarrierInfo(r.id, r.name, r.phone, r.payer_id) for r in rows]

    def add_carrier(self, name: str, phone: str = "", payer_id: str = "") -> CarrierInfo:
        self._ctx.require(Permission.EDIT_CHART)
        name = " ".join(name.split())
        if not name:
            raise InvalidInput("The insurance company needs a name.")
        with self._ctx.db.writing() as session:
            if session.scalar(
                select(Carrier.id).where(
                    func.lower(Carrier.name) == name.casefold(), Carrier.deleted_at.is_(None)
                )
            ):
                raise InvalidInput(f"{name} is already in the list of insurance companies.")
            row = Carrier(name=name, phone=phone.strip(), payer_id=payer_id.strip())
            session.add(row)
            session.flush()
            info = CarrierInfo(row.id, row.name, row.phone, row.payer_id)
        self._ctx.announce(Area.PATIENTS)
        return info

    def save_policy(
        self, patient_id: uuid.UUID, change: PolicyChange, policy_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        self._ctx.require(Permission.EDIT_CHART)
        check_policy(change)
        with self._ctx.db.writing() as session:
            patient_row(session, patient_id)
            if session.get(Carrier, change.carrier_id) is None:
                raise NotFound("That insurance company is no longer in the list.")
            if policy_id is None:
                row = Policy(patient_id=patient_id)
                session.add(row)
            else:
                found = session.get(Policy, policy_id)
                if found is None or found.patient_id != patient_id or found.deleted_at is not None:
                    raise NotFound("That policy is no longer in this chart.")
                row = found
            for name in PolicyChange.__dataclass_fields__:
                value = getattr(change, name)
                setattr(row, name, value.strip() if isinstance(value, str) else value)
            session.flush()
            self._audit(session, patient_id, "insurance policy saved", audit.Action.CHART_CHANGED)
            saved = row.id
        self._ctx.announce(Area.PATIENTS)
        return saved

    def remove_policy(self, patient_id: uuid.UUID, policy_id: uuid.UUID) -> None:
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            row = session.get(Policy, policy_id)
            if row is None or row.patient_id != patient_id or row.deleted_at is not None:
                raise NotFound("That policy is no longer in this chart.")
            row.active = False
            row.deleted_at = utcnow()
            self._audit(session, patient_id, "insurance policy removed", audit.Action.CHART_CHANGED)
        self._ctx.announce(Area.PATIENTS)

    def last_verification(
        self, patient_id: uuid.UUID, policy_id: uuid.UUID
    ) -> VerificationInfo | None:
        """The policy's newest check, whose answers a new call mostly repeats (the plan's
        limits and what is left change little from one call to the next): the verify dialog
        offers them, so a call that changed nothing is recorded without retyping."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            policy = session.get(Policy, policy_id)
            if policy is None or policy.patient_id != patient_id or policy.deleted_at is not None:
                raise NotFound("That policy is no longer in this chart.")
            row = session.scalars(
                select(Verification)
                .where(Verification.policy_id == policy_id, Verification.deleted_at.is_(None))
                .order_by(Verification.verified_at.desc())
                .limit(1)
            ).first()
            return None if row is None else verification_info(row, practice_zone(session))

    def verify(self, patient_id: uuid.UUID, policy_id: uuid.UUID, entry: VerificationEntry) -> None:
        """Record a check with the payer, made now by the signed-in user."""
        self._ctx.require(Permission.EDIT_CHART)
        if entry.method not in METHODS:
            raise InvalidInput(f"Verified by one of: {', '.join(METHODS)}.")
        if entry.result not in RESULTS:
            raise InvalidInput(f"The result is one of: {', '.join(RESULTS)}.")
        for label, text, longest in (
            ("who was spoken to", entry.spoken_to, 80),
            ("co-pay or coinsurance", entry.cost_share, 120),
        ):
            if len(text.strip()) > longest:
                raise InvalidInput(f"Keep {label} to {longest} characters.")
        with self._ctx.db.writing() as session:
            policy = session.get(Policy, policy_id)
            if policy is None or policy.patient_id != patient_id or policy.deleted_at is not None:
                raise NotFound("That policy is no longer in this chart.")
            session.add(
                Verification(
                    policy_id=policy_id,
                    verified_at=utcnow(),
                    username=self._ctx.actor.username,
                    method=entry.method,
                    result=entry.result,
                    reference=entry.reference.strip(),
                    remaining_cents=entry.remaining_cents,
                    deductible_left_cents=entry.deductible_left_cents,
                    notes=entry.notes.strip(),
                    spoken_to=entry.spoken_to.strip(),
                    frequency_limits=entry.frequency_limits.strip(),
                    cost_share=entry.cost_share.strip(),
                )
            )
            self._audit(
                session,
                patient_id,
                f"verified by {entry.method}: {entry.result}",
                audit.Action.INSURANCE_VERIFIED,
            )
        self._ctx.announce(Area.PATIENTS)

    def _audit(self, session: Session, patient_id: uuid.UUID, summary: str, action: str) -> None:
        audit.record(
            session,
            self._ctx.actor,
            action,
            summary,
            subject_type="patient",
            subject_id=str(patient_id),
            patient_id=patient_id,
        )
