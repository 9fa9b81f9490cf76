"""What a receipt says, read from the ledger: the entries of one check-out or payment, the
claim their charges went on, and the account's balance when it is printed.

The receipt is read back from the entries themselves rather than from what the check-out
dialog showed, so a receipt printed again next week says what was posted, not what was on a
screen. Only the estimate the insurer should pay is taken from the claim: the ledger holds
charges and payments, the claim holds what insurance is expected to pay of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.documents.receipt import Receipt, ReceiptMoney, ReceiptProcedure
from practicedesk.domain.ledger import EntryKind
from practicedesk.errors import InvalidInput, NotFound
from practicedesk.services.money import accounts
from practicedesk.services.money.wording import CONTRACTUAL, describe, how_paid
from practicedesk.store.models import Carrier, Claim, LedgerEntry, Patient, Policy, Provider


def read_receipt(
    session: Session, entry_ids: Collection[uuid.UUID], today: date
) -> tuple[Receipt, uuid.UUID]:
    """The receipt for `entry_ids`, all of one account, and whose visit or payment it is;
    refused with a sentence otherwise."""
    wanted = set(entry_ids)
    if not wanted:
        raise InvalidInput("Choose the payment or the check-out to print a receipt for.")
    rows = session.scalars(
        select(LedgerEntry).where(LedgerEntry.id.in_(wanted), LedgerEntry.deleted_at.is_(None))
    ).all()
    if len(rows) != len(wanted):
        raise NotFound("An entry to print on the receipt is no longer on file.")
    if len({row.account_id for row in rows}) != 1:
        raise InvalidInput("A receipt is for one account; these entries are on several.")
    lines = accounts.entry_lines(session, rows, accounts.read_closes(session))
    charges = [line for line in lines if line.kind is EntryKind.CHARGE]
    patient_id = (charges or lines)[0].patient_id
    patient = session.get(Patient, patient_id)
    account_id = rows[0].account_id
    guarantor = session.get(Patient, account_id) if account_id != patient_id else None
    write_off = -sum(
        line.amount
        for line in lines
        if line.kind is EntryKind.ADJUSTMENT and line.reason == CONTRACTUAL and line.amount < 0
    )
    other = [
        ReceiptMoney(describe(line), line.amount)
        for line in lines
        if line.kind in (EntryKind.ADJUSTMENT, EntryKind.REVERSAL, EntryKind.INSURANCE_PAYMENT)
        and not (line.reason == CONTRACTUAL and line.amount < 0)
    ]
    payments = [
        ReceiptMoney(_paid_label(line.kind, line.method, line.reference), line.amount)
        for line in lines
        if line.kind in (EntryKind.PAYMENT, EntryKind.REFUND)
    ]
    estimate, plan = _claims(session, {line.claim_id for line in charges if line.claim_id})
    balance = accounts.read_balance(session, account_id)
    providers = {row.provider_id for row in rows if row.provider_id is not None}
    provider = session.get(Provider, min(providers)) if len(providers) == 1 else None
    receipt = Receipt(
        patient=_name(patient),
        born=f"{patient.date_of_birth:%m/%d/%Y}" if patient and patient.date_of_birth else "",
        account=_name(guarantor) if guarantor is not None else "",
        day=min(line.posted_on for line in lines),
        provider=provider.name if provider is not None else "",
        procedures=tuple(
            ReceiptProcedure(line.procedure_code, line.description, line.tooth, line.amount)
            for line in charges
        ),
        write_off=write_off,
        plan=plan,
        insurance_estimate=estimate,
        other=tuple(other),
        payments=tuple(payments),
        balance=balance.total,
        insurance_pending=balance.insurance_pending,
        balance_day=today,
    )
    return receipt, patient_id


def _paid_label(kind: EntryKind, method: str, reference: str) -> str:
    paid = how_paid(method, reference)
    return ("Refund, " if kind is EntryKind.REFUND else "") + paid[:1].upper() + paid[1:]


def _claims(session: Session, claim_ids: set[uuid.UUID]) -> tuple[int, str]:
    """What the claims of the receipt's charges expect insurance to pay, and the plan."""
    if not claim_ids:
        return 0, ""
    claims = session.scalars(select(Claim).where(Claim.id.in_(claim_ids))).all()
    plans = []
    for claim in claims:
        carrier = session.get(Carrier, claim.carrier_id) if claim.carrier_id else None
        policy = session.get(Policy, claim.policy_id) if claim.policy_id else None
        parts = (carrier.name if carrier else "", policy.plan if policy else "")
        plans.append(" ".join(part for part in parts if part))
    return sum(claim.estimate_cents for claim in claims), ", ".join(sorted(set(plans)))


def _name(row: Patient | None) -> str:
    return f"{row.first_name} {row.last_name}" if row is not None else ""
