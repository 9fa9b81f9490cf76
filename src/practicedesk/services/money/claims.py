"""Claims to follow: each visit's claim to its insurer, from "to send" to paid, partly paid or
denied, with the follow-up notes of the calls about it; and the EOB posted against it.

No clearinghouse: a claim is sent by mail, fax or the insurer's portal and marked sent here.
An outside service can later plug in where `mark_sent` is called. Posting an EOB adds the
insurer's payment and its write-off as ledger entries against the claim and closes it: what
is left of the visit is the patient's to pay.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.ledger import EntryKind, pending_insurance
from practicedesk.domain.money import format_cents
from practicedesk.errors import InvalidAmount, InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.money import accounts
from practicedesk.services.money.accounts import CLOSED_CLAIMS, Posting
from practicedesk.services.practice.settings import CLAIM_FOLLOW_UP_DAYS, read_setting
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Carrier, Claim, LedgerEntry, Patient

STATUSES = ("to send", "sent", "paid", "partly paid", "denied")


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    carrier_name: str
    carrier_phone: str
    service_on: date
    billed: int
    estimate: int
    still_expected: int  # the estimate less what the insurer settled so far
    status: str
    sent_on: date | None
    days_waiting: int  # since sent (or since the visit, while not sent)
    notes: str


@dataclass(frozen=True, slots=True)
class Eob:
    """What an insurer's explanation of benefits says about one claim."""

    paid: int  # cents the insurer pays (0 for a denial)
    write_off: int = 0  # cents the office may not bill anyone (the plan's reduction)
    note: str = ""
    check_number: str = ""
    entry_id: uuid.UUID = field(default_factory=uuid.uuid4)


class ClaimService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def for_patient(self, patient_id: uuid.UUID) -> list[ClaimInfo]:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(Claim)
                .where(Claim.patient_id == patient_id, Claim.deleted_at.is_(None))
                .order_by(Claim.service_on.desc())
            ).all()
            return [_info(session, row) for row in rows]

    def to_follow(self, days: int | None = None) -> list[ClaimInfo]:
        """Open claims sent longer ago than the practice's follow-up days (or never sent),
        oldest first: the worklist of calls to insurers."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            wait = days if days is not None else read_setting(session, CLAIM_FOLLOW_UP_DAYS)
            today = practice_today(session)
            rows = session.scalars(
                select(Claim)
                .where(Claim.deleted_at.is_(None), Claim.status.not_in(CLOSED_CLAIMS))
                .order_by(Claim.service_on)
            ).all()
            found = [_info(session, row, today) for row in rows]
        return [claim for claim in found if claim.sent_on is None or claim.days_waiting >= wait]

    def mark_sent(self, claim_id: uuid.UUID, on: date | None = None) -> ClaimInfo:
        self._ctx.require(Permission.TAKE_PAYMENTS)
        with self._ctx.db.writing() as session:
            row = _claim(session, claim_id)
            if row.status in CLOSED_CLAIMS:
                raise InvalidInput("That claim is already settled.")
            row.status, row.sent_on = "sent", on or practice_today(session)
            self._audit(session, row, f"sent on {row.sent_on:%m/%d/%Y}")
            info = _info(session, row)
        self._ctx.announce(Area.MONEY)
        return info

    def add_note(self, claim_id: uuid.UUID, text: str) -> ClaimInfo:
        """A follow-up call or letter, dated, added below the earlier ones."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        text = " ".join(text.split())
        if not text:
            raise InvalidInput("Write what was said or done.")
        with self._ctx.db.writing() as session:
            row = _claim(session, claim_id)
            line = f"{practice_today(session):%m/%d/%Y} {self._ctx.actor.username}: {text}"
            row.notes = f"{row.notes}\n{line}".strip()
            self._audit(session, row, "follow-up noted")
            info = _info(session, row)
        self._ctx.announce(Area.MONEY)
        return info

    def post_eob(self, claim_id: uuid.UUID, eob: Eob) -> ClaimInfo:
        """The insurer's payment and write-off against the claim, which is then settled:
        paid, partly paid (less than expected), or denied (nothing paid)."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        if eob.paid < 0 or eob.write_off < 0:
            raise InvalidAmount("Amounts on an EOB are never below zero.")
        with self._ctx.db.writing() as session:
            row = _claim(session, claim_id)
            if row.status in CLOSED_CLAIMS:
                raise InvalidInput("That claim is already settled; correct its entries instead.")
            today, by = practice_today(session), self._ctx.actor.username
            expected = _still_expected(session, row)
            if eob.paid:
                accounts.post(
                    session,
                    Posting(
                        patient_id=row.patient_id, kind=EntryKind.INSURANCE_PAYMENT,
                        amount=-eob.paid, claim_id=row.id, method="check",
                        reference=eob.check_number, description=eob.note,
                        entry_id=eob.entry_id,
                    ),
                    today, by,
                )  # fmt: skip
            if eob.write_off:
                accounts.post(
                    session,
                    Posting(
                        patient_id=row.patient_id, kind=EntryKind.ADJUSTMENT,
                        amount=-eob.write_off, claim_id=row.id, reason="insurance write-off",
                        description=eob.note, entry_id=uuid.uuid5(eob.entry_id, "write-off"),
                    ),
                    today, by,
                )  # fmt: skip
            # Settled either way: what the insurer did not pay is the patient's.
            row.status = (
                "denied" if eob.paid == 0 else "partly paid" if eob.paid < expected else "paid"
            )
            row.closed_on = today
            if eob.note:
                row.notes = f"{row.notes}\n{today:%m/%d/%Y} {by}: EOB: {eob.note}".strip()
            self._audit(
                session,
                row,
                f"EOB: paid {format_cents(eob.paid)}, write-off {format_cents(eob.write_off)}",
            )
            info = _info(session, row)
        self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return info

    def _audit(self, session: Session, row: Claim, what: str) -> None:
        audit.record(
            session, self._ctx.actor, audit.Action.CLAIM_CHANGED, f"claim {what}",
            subject_type="claim", subject_id=str(row.id), patient_id=row.patient_id,
        )  # fmt: skip


def insurer_names(session: Session, claim_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """The insurer each claim asks, by claim: who an insurance payment came from."""
    wanted = {claim_id for claim_id in claim_ids if claim_id is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Claim.id, Carrier.name)
        .join(Carrier, Carrier.id == Claim.carrier_id)
        .where(Claim.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def _claim(session: Session, claim_id: uuid.UUID) -> Claim:
    return live_row(session, Claim, claim_id, "That claim is not on file.")


def _still_expected(session: Session, row: Claim) -> int:
    entries = [
        accounts.entry_of(entry)
        for entry in session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.claim_id == row.id, LedgerEntry.deleted_at.is_(None)
            )
        )
    ]
    return pending_insurance([accounts.claim_estimate(row)], entries).get(row.id, 0)


def _info(session: Session, row: Claim, today: date | None = None) -> ClaimInfo:
    today = today or practice_today(session)
    patient = session.get(Patient, row.patient_id)
    carrier = session.get(Carrier, row.carrier_id) if row.carrier_id else None
    since = row.sent_on or row.service_on
    return ClaimInfo(
        row.id,
        row.patient_id,
        f"{patient.first_name} {patient.last_name}" if patient else "",
        carrier.name if carrier else "",
        carrier.phone if carrier else "",
        row.service_on,
        row.billed_cents,
        row.estimate_cents,
        _still_expected(session, row),
        row.status,
        row.sent_on,
        max(0, (today - since).days) if since <= today else 0,
        row.notes,
    )
