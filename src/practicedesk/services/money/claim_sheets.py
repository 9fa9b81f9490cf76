"""What a claim summary says, read from the claim, its policy and carrier, the patient's
chart, the treating provider and the practice: the facts an insurer asks for when a claim is
mailed, faxed or read over the phone.

The procedures are the claim's charges still standing (a charge corrected since is left
out, its correction with it); the total billed is the claim's own, so a difference between
the two shows on the paper rather than being smoothed over.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.documents.claim_summary import ClaimProcedure, ClaimSheet
from practicedesk.domain import ledger
from practicedesk.domain.ledger import EntryKind
from practicedesk.services.money import accounts
from practicedesk.services.practice.details import read_details
from practicedesk.store.models import Carrier, Claim, LedgerEntry, Patient, Policy, Provider

_RANKS = {1: "primary", 2: "secondary", 3: "tertiary"}


def read_claim_sheet(session: Session, claim: Claim) -> ClaimSheet:
    patient = session.get(Patient, claim.patient_id)
    policy = session.get(Policy, claim.policy_id) if claim.policy_id else None
    carrier = session.get(Carrier, claim.carrier_id) if claim.carrier_id else None
    provider = session.get(Provider, claim.provider_id) if claim.provider_id else None
    practice = read_details(session)
    rows = session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.claim_id == claim.id, LedgerEntry.deleted_at.is_(None)
        )
    ).all()
    standing = {e.id for e in ledger.standing(accounts.entry_of(row) for row in rows)}
    charges = sorted(
        (r for r in rows if r.id in standing and r.kind == EntryKind.CHARGE.value),
        key=accounts.written_order,
    )
    name = f"{patient.first_name} {patient.last_name}" if patient else ""
    born = _day(patient.date_of_birth) if patient else ""
    status = f"sent on {_day(claim.sent_on)}" if claim.sent_on else claim.status
    return ClaimSheet(
        patient_name=name,
        patient_born=born,
        service_on=claim.service_on,
        status=status,
        patient=(
            ("Name", name),
            ("Date of birth", born),
            ("Sex", patient.sex if patient else ""),
            ("Address", _address(patient)),
            ("Phone", patient.phone if patient else ""),
        ),
        subscriber=(
            ("Subscriber", (policy.subscriber_name or name) if policy else ""),
            ("Relationship to patient", policy.subscriber_relationship if policy else ""),
            ("Subscriber's date of birth", _day(policy.subscriber_birth_date) if policy else ""),
            ("Member id", policy.member_id if policy else ""),
            ("Group number", policy.group_number if policy else ""),
            ("Plan", policy.plan if policy else ""),
            ("Coverage", _RANKS.get(policy.rank, f"rank {policy.rank}") if policy else ""),
        ),
        insurer=(
            ("Insurer", carrier.name if carrier else ""),
            ("Payer id", carrier.payer_id if carrier else ""),
            ("Insurer's phone", carrier.phone if carrier else ""),
        ),
        provider=(
            ("Treating provider", provider.name if provider else ""),
            ("Billing office", practice.name),
            ("Office address", ", ".join(practice.address_lines)),
            ("Office phone", practice.phone),
        ),
        procedures=tuple(
            ClaimProcedure(row.procedure_code, row.description, row.tooth, row.amount_cents)
            for row in charges
        ),
        billed=claim.billed_cents,
    )


def _day(value: object) -> str:
    return f"{value:%m/%d/%Y}" if value is not None else ""


def _address(patient: Patient | None) -> str:
    if patient is None:
        return ""
    place = " ".join(part for part in (patient.region, patient.postal_code) if part)
    parts = (patient.street, patient.street2, patient.city, place)
    return ", ".join(part for part in parts if part)
