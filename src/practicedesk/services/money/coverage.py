"""What a patient's insurance is expected to pay, worked out from the chart: the primary
policy in force, its co-pay or percentages by category, and what its last verification said
is left of the deductible and the annual maximum. The arithmetic is domain/estimates.py."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from practicedesk.domain.estimates import Coverage, ProcedureCategory
from practicedesk.domain.money import format_cents
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import Carrier, Policy, Verification


def primary_policy(session: Session, patient_id: uuid.UUID, day: date) -> Policy | None:
    """The first-ranked active policy in force on `day`."""
    return session.scalar(
        select(Policy)
        .where(
            Policy.patient_id == patient_id,
            Policy.deleted_at.is_(None),
            Policy.active.is_(True),
            or_(Policy.effective_on.is_(None), Policy.effective_on <= day),
            or_(Policy.ends_on.is_(None), Policy.ends_on >= day),
        )
        .order_by(Policy.rank)
        .limit(1)
    )


def coverage_of(session: Session, policy: Policy | None) -> tuple[Coverage | None, str, str]:
    """The coverage to estimate with, a sentence saying how it was found, and the plan's name.
    None when nothing is known to estimate with: the patient's portion is then the whole fee,
    and the sentence says what to enter to do better."""
    if policy is None:
        return None, "No insurance on file: the patient pays the fees.", ""
    carrier = session.get(Carrier, policy.carrier_id)
    plan = " ".join(p for p in ((carrier.name if carrier else ""), policy.plan) if p)
    verified = session.scalar(
        select(Verification)
        .where(Verification.policy_id == policy.id, Verification.deleted_at.is_(None))
        .order_by(Verification.verified_at.desc())
        .limit(1)
    )
    if policy.copay_cents is not None:
        note = f"Co-pay plan: the patient pays {format_cents(policy.copay_cents)} per visit."
        return Coverage(copay=policy.copay_cents), note, plan
    percents = {
        ProcedureCategory.PREVENTIVE.value: policy.covers_preventive,
        ProcedureCategory.BASIC.value: policy.covers_basic,
        ProcedureCategory.MAJOR.value: policy.covers_major,
    }
    if all(value is None for value in percents.values()):
        note = (
            "What the plan covers is not on file (Insurance tab: covers preventive, basic, "
            "major), so the estimate leaves the fees to the patient."
        )
        return None, note, plan
    deductible = _known(verified.deductible_left_cents if verified else None,
                        policy.deductible_cents)  # fmt: skip
    maximum = _known(verified.remaining_cents if verified else None, policy.annual_max_cents)
    coverage = Coverage(
        percent_by_category={k: v for k, v in percents.items() if v is not None},
        deductible_left=deductible or 0,
        annual_max_left=maximum,
    )
    source = (
        f"verified {verified.verified_at.astimezone(practice_zone(session)):%m/%d/%Y}"
        if verified
        else "the policy (not verified)"
    )
    shown = "/".join(f"{v if v is not None else '?'}%" for v in percents.values())
    note = (
        f"Plan pays {shown} (preventive/basic/major); deductible left "
        f"{format_cents(deductible or 0)}, maximum left "
        f"{format_cents(maximum) if maximum is not None else 'none'}, from {source}."
    )
    return coverage, note, plan


def _known(verified: int | None, policy: int | None) -> int | None:
    return verified if verified is not None else policy
