"""What a guarantor's statement says, read inside the printing use case's transaction: who it
goes to and where, the account's activity since the last statement (or the last 90 days),
the balance brought forward, the aging of what is owed, and the amount due by when.

A statement shows every entry that counts towards the balance, corrections too (a guarantor
who was charged twice should see the charge taken back), so the balance brought forward plus
the lines is the account's balance to the cent. The amount due is the balance less what
insurance is still expected to pay, and its aging buckets add up to it (domain/aging.py).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.documents.statement import Statement, StatementLine
from practicedesk.domain import aging, day_close, ledger
from practicedesk.errors import NotFound
from practicedesk.services.money import accounts
from practicedesk.services.money.claims import insurer_names
from practicedesk.services.money.wording import describe
from practicedesk.store.models import LedgerEntry, Patient, StatementSent

ACTIVITY_DAYS = 90
"""Without an earlier statement, the activity shown starts this many days back."""


def read_statement(
    session: Session,
    account_id: uuid.UUID,
    today: date,
    due_days: int,
    closes: day_close.Closes | None = None,
) -> Statement:
    """`closes` (`accounts.read_closes`) is shared by a batch: it reads each closed day's
    list once, and a batch's statements show the same few months of days."""
    guarantor = read_guarantor(session, account_id)
    account_id = guarantor.id
    rows = session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.account_id == account_id, LedgerEntry.deleted_at.is_(None)
        )
    ).all()
    entries = [accounts.entry_of(row) for row in rows]
    claims = accounts.read_claims(session, account_id)
    balance = ledger.account_balance(entries, claims)
    aged = aging.age(entries, today, ledger.pending_insurance(claims, entries))
    since = _last_statement(session, account_id, today) or today - timedelta(days=ACTIVITY_DAYS)
    counted = ledger.counted(entries)
    shown = {e.id for e in counted if e.posted_on >= since}
    lines = accounts.entry_lines(
        session,
        [row for row in rows if row.id in shown],
        accounts.read_closes(session) if closes is None else closes,
    )
    insurers = insurer_names(session, (line.claim_id for line in lines))
    addressee, mailing = mailing_address(guarantor)
    return Statement(
        addressee=addressee,
        mailing=mailing,
        account=str(guarantor.chart_number) if guarantor.chart_number else "",
        patients=tuple(_members(session, account_id)),
        statement_date=today,
        due_date=today + timedelta(days=due_days),
        since=since,
        balance_forward=sum(e.amount for e in counted if e.posted_on < since),
        lines=tuple(
            StatementLine(
                line.posted_on,
                line.patient_name,
                describe(line, insurers.get(line.claim_id, "") if line.claim_id else ""),
                line.amount,
            )
            for line in lines
        ),
        buckets=tuple((f"{b.label} days", b.patient) for b in aged.buckets),
        balance=balance.total,
        insurance_pending=balance.insurance_pending,
        amount_due=balance.patient_due,
    )


def read_guarantor(session: Session, patient_id: uuid.UUID) -> Patient:
    """The chart of the guarantor whose account `patient_id` (a guarantor or a member of
    the family) posts to."""
    guarantor = session.get(Patient, accounts.guarantor_of(session, patient_id))
    if guarantor is None:
        raise NotFound("That account's guarantor is no longer on file.")
    return guarantor


def mailing_address(person: Patient) -> tuple[str, tuple[str, ...]]:
    """Who the envelope goes to and the lines under the name. A chart whose responsible party
    is not a patient (a parent, say) is billed to that person at the chart's address."""
    name = f"{person.first_name} {person.last_name}"
    if person.responsible_type == "person" and person.responsible_name.strip():
        name = person.responsible_name.strip()
    place = " ".join(part for part in (person.region, person.postal_code) if part.strip())
    city = ", ".join(part for part in (person.city.strip(), place) if part)
    lines = tuple(line.strip() for line in (person.street, person.street2, city) if line.strip())
    return name, lines if person.street.strip() or city else ()


def _last_statement(session: Session, account_id: uuid.UUID, today: date) -> date | None:
    """The last statement sent before today: printing today's again shows the same lines."""
    return session.scalar(
        select(func.max(StatementSent.sent_on)).where(
            StatementSent.account_id == account_id,
            StatementSent.deleted_at.is_(None),
            StatementSent.sent_on < today,
        )
    )


def _members(session: Session, account_id: uuid.UUID) -> list[str]:
    rows = session.execute(
        select(Patient.first_name, Patient.last_name)
        .where(
            Patient.deleted_at.is_(None),
            Patient.merged_into.is_(None),
            (Patient.id == account_id) | (Patient.responsible_patient_id == account_id),
        )
        .order_by(Patient.last_name, Patient.first_name)
    )
    return [f"{row.first_name} {row.last_name}" for row in rows]
