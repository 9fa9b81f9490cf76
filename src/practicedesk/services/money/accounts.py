"""Accounts and their entries, read and posted inside a use case's transaction.

An account is the guarantor's: a patient whose responsible party is another patient (a child,
a spouse) posts to that patient's account, so a family shares one. Entries are posted here and
nowhere else, each checked first by the ledger's rules (domain/ledger.py) against what the
account already holds, and dated on the first day that is not closed (domain/day_close.py).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain import day_close, ledger
from practicedesk.domain.ledger import Balance, ClaimEstimate, Entry, EntryKind
from practicedesk.errors import InvalidInput, NotFound
from practicedesk.store.models import Claim, DayClose, LedgerEntry, Patient


@dataclass(frozen=True, slots=True)
class Posting:
    """What a use case asks to post; the account, day and id are worked out when posted."""

    patient_id: uuid.UUID
    kind: EntryKind
    amount: int  # signed cents, domain/ledger.py
    description: str = ""
    claim_id: uuid.UUID | None = None
    reverses: uuid.UUID | None = None
    appointment_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    procedure_code: str = ""
    tooth: str = ""
    method: str = ""
    reference: str = ""
    reason: str = ""
    entry_id: uuid.UUID | None = None  # made by the caller so a second Enter posts nothing


@dataclass(frozen=True, slots=True)
class EntryLine:
    """One entry as the ledger tab and the receipts show it."""

    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    kind: EntryKind
    amount: int
    posted_on: date
    counts_on: date  # a late entry that arrived for a closed day counts on the next open one
    moved: bool
    description: str
    procedure_code: str
    tooth: str
    method: str
    reference: str
    reason: str
    claim_id: uuid.UUID | None
    reverses: uuid.UUID | None
    reversed: bool  # a later reversal corrects it
    posted_by: str


def guarantor_of(session: Session, patient_id: uuid.UUID) -> uuid.UUID:
    """The account a patient's charges go to; a merged patient's are refused (nothing is
    posted to a chart that no longer stands on its own)."""
    row = session.get(Patient, patient_id)
    if row is not None and row.merged_into is not None:
        raise InvalidInput(
            "That chart was merged into another; post to the chart it was merged into."
        )
    if row is None or row.deleted_at is not None:
        raise NotFound("That patient is no longer on file.")
    if row.responsible_type == "patient" and row.responsible_patient_id is not None:
        guarantor = session.get(Patient, row.responsible_patient_id)
        if guarantor is not None and guarantor.deleted_at is None and guarantor.merged_into is None:
            return guarantor.id
    return row.id


def read_entries(session: Session, account_id: uuid.UUID) -> list[Entry]:
    rows = session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.account_id == account_id, LedgerEntry.deleted_at.is_(None)
        )
    )
    return [entry_of(row) for row in rows]


def read_claims(session: Session, account_id: uuid.UUID) -> list[ClaimEstimate]:
    rows = session.scalars(
        select(Claim).where(Claim.account_id == account_id, Claim.deleted_at.is_(None))
    )
    return [claim_estimate(row) for row in rows]


def read_balance(session: Session, account_id: uuid.UUID) -> Balance:
    return ledger.account_balance(
        read_entries(session, account_id), read_claims(session, account_id)
    )


def read_closes(session: Session) -> day_close.Closes:
    """Every live close, merged per day (two PCs may close one day), read as it is needed."""
    return StoredCloses(session)


def read_closed_days(session: Session) -> frozenset[date]:
    return frozenset(
        session.scalars(select(DayClose.day).where(DayClose.deleted_at.is_(None)).distinct())
    )


class StoredCloses(Mapping[date, frozenset[uuid.UUID]]):
    """The closed days at once, and what a day's closes covered only when that day is asked.

    A close lists every entry it counted, so a practice's closes hold every entry id it ever
    posted: reading them all to post one payment took longer than the payment. Most questions
    (is today closed? where does this entry count?) need the days and one or two days' lists.
    It reads through `session`, so it lives only inside that session's transaction.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._days = read_closed_days(session)
        self._covers: dict[date, frozenset[uuid.UUID]] = {}

    def __getitem__(self, day: date) -> frozenset[uuid.UUID]:
        if day not in self._days:
            raise KeyError(day)
        if day not in self._covers:
            lists = self._session.scalars(
                select(DayClose.covers).where(DayClose.day == day, DayClose.deleted_at.is_(None))
            )
            closes = [
                day_close.DayClose(day, frozenset(uuid.UUID(i) for i in json.loads(text)))
                for text in lists
            ]
            self._covers[day] = day_close.merge_closes(closes)[day]
        return self._covers[day]

    def __contains__(self, day: object) -> bool:
        return day in self._days

    def __iter__(self) -> Iterator[date]:
        return iter(self._days)

    def __len__(self) -> int:
        return len(self._days)


def post(session: Session, posting: Posting, today: date, by: str) -> LedgerEntry:
    """Post one entry after the ledger's checks; a repeated post of the same entry id (a
    second press of Enter) returns the entry already there and adds nothing."""
    return post_all(session, [posting], today, by)[0]


def post_all(
    session: Session, postings: Sequence[Posting], today: date, by: str
) -> list[LedgerEntry]:
    """Post entries in order, each as `post` does, checked against the account's entries
    and those posted before it here. The accounts and the closed days are read once: a
    check-out posts eight or more entries to one account, and reading a family's two years
    of entries again for each was most of a check-out's time."""
    day: date | None = None
    known: dict[uuid.UUID, list[Entry]] = {}
    added: dict[uuid.UUID, LedgerEntry] = {}
    posted = []
    for posting in postings:
        if posting.entry_id is not None:
            existing = added.get(posting.entry_id) or session.get(LedgerEntry, posting.entry_id)
            if existing is not None:
                posted.append(existing)
                continue
        if day is None:
            day = day_close.posting_day(today, read_closed_days(session))
        account = guarantor_of(session, posting.patient_id)
        if account not in known:
            known[account] = read_entries(session, account)
        entry = Entry(
            id=posting.entry_id or uuid.uuid4(),
            account_id=account,
            patient_id=posting.patient_id,
            kind=posting.kind,
            amount=posting.amount,
            posted_on=day,
            claim_id=posting.claim_id,
            reverses=posting.reverses,
        )
        ledger.check_new_entry(entry, known[account])
        known[account].append(entry)
        row = LedgerEntry(
            id=entry.id,
            account_id=account,
            patient_id=posting.patient_id,
            kind=posting.kind.value,
            amount_cents=posting.amount,
            posted_on=day,
            claim_id=posting.claim_id,
            reverses=posting.reverses,
            appointment_id=posting.appointment_id,
            provider_id=posting.provider_id,
            procedure_code=posting.procedure_code.strip()[:20],
            tooth=posting.tooth.strip()[:40],
            description=posting.description.strip()[:200],
            method=posting.method,
            reference=posting.reference.strip()[:60],
            reason=posting.reason.strip()[:80],
            posted_by=by,
        )
        session.add(row)
        session.flush()  # each its own moment (created_at), so lines keep the order posted
        added[entry.id] = row
        posted.append(row)
    return posted


def entry_of(row: LedgerEntry) -> Entry:
    return Entry(
        id=row.id,
        account_id=row.account_id,
        patient_id=row.patient_id,
        kind=EntryKind(row.kind),
        amount=row.amount_cents,
        posted_on=row.posted_on,
        claim_id=row.claim_id,
        reverses=row.reverses,
    )


def claim_estimate(row: Claim) -> ClaimEstimate:
    return ClaimEstimate(row.id, row.estimate_cents, closed=row.status in CLOSED_CLAIMS)


# Settled claims: the insurer is expected to pay nothing more on them.
CLOSED_CLAIMS = frozenset({"paid", "partly paid", "denied"})


def written_order(row: LedgerEntry) -> tuple[date, str, uuid.UUID]:
    """Entries as they were posted: by day, then by their stamp, which each PC gives in the
    order it writes and sync carries along. Not `created_at`: rows written in one batch (an
    import, the demo's books) share one, and their random ids then shuffled a day's entries."""
    return (row.posted_on, row.hlc, row.id)


def entry_lines(
    session: Session, rows: Sequence[LedgerEntry], closes: day_close.Closes
) -> list[EntryLine]:
    """The rows as the screens show them, oldest first, with the day each counts on."""
    names = _names(session, {row.patient_id for row in rows})
    reversed_ids = {row.reverses for row in rows if row.reverses is not None}
    lines = []
    for row in sorted(rows, key=written_order):
        counts_on, moved = day_close.effective_day(row.id, row.posted_on, closes)
        lines.append(
            EntryLine(
                row.id, row.patient_id, names.get(row.patient_id, ""), EntryKind(row.kind),
                row.amount_cents, row.posted_on, counts_on, moved, row.description,
                row.procedure_code, row.tooth, row.method, row.reference, row.reason,
                row.claim_id, row.reverses, row.id in reversed_ids, row.posted_by,
            )
        )  # fmt: skip
    return lines


def _names(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Patient.id, Patient.first_name, Patient.last_name).where(Patient.id.in_(wanted))
    )
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}
