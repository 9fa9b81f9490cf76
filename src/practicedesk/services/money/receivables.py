"""What is owed to the practice: A/R aging by guarantor (patient and insurance apart), the
"balances to collect" worklist, statements due, and the owner's weekly summary.

Aging is worked out from the entries each time (domain/aging.py: credits pay the oldest debts
first), never kept as a total two PCs could overwrite. SQLite picks the accounts not settled
and sums each one's oldest bucket as its settled past where it can, so that only the last 90
days of most accounts are read and aged: two years of a busy office (300,000 entries) take
about 0.7 s (docs/decisions/0027, 0029, 0030; benchmarks/README.md).
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from practicedesk.domain import aging
from practicedesk.domain.ledger import (
    SETTLES_CLAIM,
    ClaimEstimate,
    EntryKind,
    extra_reversals,
)
from practicedesk.domain.money import format_cents
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.money.accounts import entry_of
from practicedesk.services.practice.settings import (
    STATEMENT_EVERY_DAYS,
    STATEMENT_MINIMUM_CENTS,
    read_setting,
)
from practicedesk.services.schedule.setup import practice_today, practice_zone
from practicedesk.store.models import Claim, Communication, LedgerEntry, Patient, StatementSent


@dataclass(frozen=True, slots=True)
class AgingRow:
    account_id: uuid.UUID
    guarantor: str  # "Last, First"
    phone: str
    aging: aging.Aging
    last_contact: date | None  # the newest communication with the guarantor
    last_statement: date | None

    @property
    def patient_due(self) -> int:
        return sum(b.patient for b in self.aging.buckets)

    @property
    def insurance_pending(self) -> int:
        return sum(b.insurance for b in self.aging.buckets)

    @property
    def oldest_days(self) -> int:
        """The first day of the oldest bucket the guarantor owes something in."""
        owed = [b.first_day for b in self.aging.buckets if b.patient > 0]
        return max(owed, default=0)


@dataclass(frozen=True, slots=True)
class ArReport:
    as_of: date
    rows: tuple[AgingRow, ...]  # guarantors who owe or are owed, largest balance first

    def bucket_totals(self) -> list[tuple[str, int, int]]:
        """Per bucket: its label, what patients owe, what insurers should pay."""
        if not self.rows:
            return []
        labels = [b.label for b in self.rows[0].aging.buckets]
        return [
            (
                label,
                sum(r.aging.buckets[i].patient for r in self.rows),
                sum(r.aging.buckets[i].insurance for r in self.rows),
            )
            for i, label in enumerate(labels)
        ]

    @property
    def total(self) -> int:
        return sum(r.aging.total for r in self.rows)

    @property
    def credits(self) -> int:
        return sum(r.aging.credit for r in self.rows)


@dataclass(frozen=True, slots=True)
class WeeklySummary:
    now: ArReport
    week_ago_total: int
    largest: tuple[AgingRow, ...]  # the five largest patient balances
    oldest: tuple[AgingRow, ...]  # the five oldest

    @property
    def change(self) -> int:
        return self.now.total - self.week_ago_total


class ReceivablesService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def aging(self, as_of: date | None = None) -> ArReport:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return read_aging(session, as_of or practice_today(session))

    def to_collect(self) -> list[AgingRow]:
        """Guarantors who owe something themselves: the oldest debts first, then the largest."""
        report = self.aging()
        owing = [row for row in report.rows if row.patient_due > 0]
        return sorted(owing, key=lambda r: (-r.oldest_days, -r.patient_due, r.guarantor))

    def statements_due(self) -> list[AgingRow]:
        """Owing more than the practice's minimum and not sent a statement lately."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            today = practice_today(session)
            minimum = read_setting(session, STATEMENT_MINIMUM_CENTS)
            every = read_setting(session, STATEMENT_EVERY_DAYS)
            report = read_aging(session, today)
        return [
            row
            for row in report.rows
            if row.patient_due > minimum
            and (row.last_statement is None or (today - row.last_statement).days >= every)
        ]

    def record_statements(self, sent: Iterable[tuple[uuid.UUID, int]]) -> int:
        """Note that statements went out: (account, amount due) each; returns how many."""
        self._ctx.require(Permission.TAKE_PAYMENTS)
        listed = list(sent)
        if not listed:
            raise InvalidInput("No statement was printed.")
        with self._ctx.db.writing() as session:
            record_sent(session, listed, practice_today(session), self._ctx.actor.username)
            audit.record(
                session, self._ctx.actor, audit.Action.STATEMENT_PRINTED,
                f"{len(listed)} statement(s), {format_cents(sum(d for _, d in listed))} due",
            )  # fmt: skip
        self._ctx.announce(Area.MONEY)
        return len(listed)

    def weekly_summary(self) -> WeeklySummary:
        """For the owner: totals, the change from a week ago, the largest and oldest."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            today = practice_today(session)
            return read_weekly_summary(session, read_aging(session, today))

    def owed(self, as_of: date | None = None) -> int:
        """What the practice is owed in all at the end of `as_of` (credits netted): the A/R
        report's total, without ageing a single account."""
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return read_owed(session, as_of or practice_today(session))


def record_sent(
    session: Session, sent: Iterable[tuple[uuid.UUID, int]], today: date, by: str
) -> None:
    """Note statements as sent today, (account, amount due) each: the account is not due
    another until the practice's interval has passed (statements_due)."""
    for account_id, due in sent:
        session.add(
            StatementSent(account_id=account_id, sent_on=today, amount_due_cents=due, sent_by=by)
        )


def read_weekly_summary(session: Session, now: ArReport) -> WeeklySummary:
    """The week's summary around an A/R report: the total a week before it, and the five
    largest and five oldest of what guarantors owe themselves."""
    before = read_owed(session, now.as_of - timedelta(days=7))
    owing = [r for r in now.rows if r.patient_due > 0]
    largest = sorted(owing, key=lambda r: -r.patient_due)[:5]
    oldest = sorted(owing, key=lambda r: (-r.oldest_days, -r.patient_due))[:5]
    return WeeklySummary(now, before, tuple(largest), tuple(oldest))


def read_owed(session: Session, as_of: date) -> int:
    """The sum of every account's balance on `as_of`, which is the aging's total: an account's
    buckets less its credit always add up to its balance. Summed by SQLite, less the second
    corrections of one entry (two PCs corrected it before they met: only the first counts,
    `ledger.extra_reversals`), of which there are only a few to read.

    The whole ledger is summed (a scan of a covering index) less what was posted
    after `as_of` (a few days, found by date): asking for the entries up to `as_of` made SQLite
    fetch nearly every row from the table by the date index, ten times slower."""
    live = LedgerEntry.deleted_at.is_(None)
    summed = func.coalesce(func.sum(LedgerEntry.amount_cents), 0)
    total = session.scalar(select(summed).where(live))
    later = session.scalar(select(summed).where(live, LedgerEntry.posted_on > as_of))
    # `> ''` rather than IS NOT NULL: SQLite then reads the few corrections by their index;
    # IS NOT NULL made it read every row of the table (0.27 s on two years of books).
    reversals = [
        entry_of(row)
        for row in session.scalars(
            select(LedgerEntry).where(live, _text(LedgerEntry.reverses) > "")
        )
        if row.posted_on <= as_of
    ]
    extra = sum(entry.amount for entry in extra_reversals(reversals))
    return int(total or 0) - int(later or 0) - extra


def read_aging(session: Session, as_of: date) -> ArReport:
    """Every account's aging as of the end of `as_of` (entries posted after it left out).

    Most accounts are settled, and a settled account has no row, so SQLite picks the accounts
    whose entries do not add up to zero or hold a correction (a second correction of one
    entry, made on another PC, counts for nothing, so their plain sum can mislead). Of most
    of those, everything in the oldest bucket is a settled past (`aging.Past`) that SQLite
    sums up, and only the entries of the last 90 days are read. An account with a claim
    that has entries on both sides of that line is summed up to the day before that claim's
    first entry instead; one with a correction, or with another claim across that day too,
    is read whole and its settled past found in Python (`aging.age_lines`). The entries
    come from one index that holds every column aging needs in account and day order
    (migration 0020) and are aged as stored lines, ids as their text (docs/decisions/0029).
    Only the claims still open on `as_of` are read: a closed claim expects nothing.
    """
    cut = as_of - timedelta(days=aging.BUCKET_DAYS[-1][0])  # the newest day in the oldest bucket
    live = LedgerEntry.deleted_at.is_(None)
    account = _text(LedgerEntry.account_id)
    corrections: dict[str, int] = dict(
        session.execute(
            select(account, func.count(LedgerEntry.reverses))
            .where(live, LedgerEntry.posted_on <= as_of)
            .group_by(LedgerEntry.account_id)
            .having(
                (func.sum(LedgerEntry.amount_cents) != 0) | (func.count(LedgerEntry.reverses) > 0)
            )
        ).all()
    )
    # An account whose claim crosses the line is summed up to the day before that claim's
    # first entry instead, unless another claim crosses that day too: then it is read whole.
    firsts = _split_by(session, cut, as_of, corrections)
    whole = {text for text, count in corrections.items() if count}
    whole |= _split_at(session, as_of, {t: day for t, day in firsts.items() if t not in whole})
    cuts = dict.fromkeys(corrections.keys() - whole - firsts.keys(), cut)
    earlier = {text: day - timedelta(days=1) for text, day in firsts.items() if text not in whole}
    cuts |= earlier
    # Only the claims still open on `as_of`: a closed one expects nothing, as one not listed,
    # and its entries are no part of what a past settled on open claims (`aging.Past`).
    claims_of: defaultdict[str, list[ClaimEstimate]] = defaultdict(list)
    for claim_id, account_id, estimate in session.execute(
        select(_text(Claim.id), _text(Claim.account_id), Claim.estimate_cents)
        .where(Claim.deleted_at.is_(None), _among(Claim.account_id, corrections),
               Claim.closed_on.is_(None) | (Claim.closed_on > as_of))
    ):  # fmt: skip
        claims_of[account_id].append(ClaimEstimate(claim_id, estimate))
    pasts = _pasts(session, cuts, [c.claim_id for a in cuts for c in claims_of[a]])
    before_cut = _lines_between(session, earlier, cut)
    aged_of: dict[str, aging.Aging] = {}
    seen: set[str] = set()

    def age(text: str, lines: list[aging.Line]) -> None:
        seen.add(text)
        aged = aging.age_lines(lines, as_of, claims_of[text], pasts.get(text, _NO_PAST))
        if aged.total != 0 or aged.credit != 0:
            aged_of[text] = aged

    columns = (*_line_columns(), account)
    in_order = (LedgerEntry.account_id, LedgerEntry.posted_on)
    # Two reads, not one with `posted_on > cut OR account IN whole`: with the OR, SQLite read
    # every account's whole history from the index and dropped most of it.
    recent = (
        select(*columns)
        .where(live, _among(LedgerEntry.account_id, corrections.keys() - whole),
               LedgerEntry.posted_on > cut, LedgerEntry.posted_on <= as_of)
        .order_by(*in_order)
    )  # fmt: skip
    entire = (
        select(*columns)
        .where(live, _among(LedgerEntry.account_id, whole), LedgerEntry.posted_on <= as_of)
        .order_by(*in_order)
    )
    # Streamed an account at a time and let go once aged: holding every row at once made the
    # garbage collector walk them again and again, a third of the report's time.
    for entries in (recent, entire):
        for text, group in itertools.groupby(session.connection().execute(entries), itemgetter(7)):
            age(text, before_cut.pop(text, []) + [aging.Line(*row[:7]) for row in group])
    for text in (pasts.keys() | before_cut.keys()) - seen:  # nothing in the last 90 days
        age(text, before_cut.get(text, []))
    return ArReport(as_of, tuple(_rows(session, aged_of)))


_NO_PAST = aging.Past()


def _split_by(session: Session, cut: date, as_of: date, accounts: Iterable[str]) -> dict[str, date]:
    """The accounts among `accounts` with a claim that has entries on both sides of the end
    of `cut` (their oldest bucket is not a settled past: a claim's credits pay its own
    charges first), each with the first day of the earliest such claim."""
    earlier = aliased(LedgerEntry)
    query = (
        select(_text(LedgerEntry.account_id), func.min(earlier.posted_on))
        .join(earlier, earlier.claim_id == LedgerEntry.claim_id)
        .where(
            LedgerEntry.deleted_at.is_(None), LedgerEntry.posted_on > cut,
            LedgerEntry.posted_on <= as_of, LedgerEntry.claim_id.is_not(None),
            _among(LedgerEntry.account_id, accounts),
            earlier.deleted_at.is_(None), earlier.posted_on <= cut,
        )
        .group_by(LedgerEntry.account_id)
    )  # fmt: skip
    return dict(session.execute(query).all())


def _split_at(session: Session, as_of: date, firsts: dict[str, date]) -> set[str]:
    """The accounts of `firsts` with a claim that has entries both before and on or after
    the account's day: nothing of theirs can be summed, they are read whole."""
    days = _by_account({text: day.isoformat() for text, day in firsts.items()})
    earlier = aliased(LedgerEntry)
    query = (
        select(days.c.key).distinct().select_from(days)
        .join(LedgerEntry, LedgerEntry.account_id == days.c.key)
        .where(
            LedgerEntry.deleted_at.is_(None), LedgerEntry.posted_on >= days.c.value,
            LedgerEntry.posted_on <= as_of, LedgerEntry.claim_id.is_not(None),
            select(earlier.id).where(
                earlier.claim_id == LedgerEntry.claim_id, earlier.deleted_at.is_(None),
                earlier.posted_on < days.c.value,
            ).exists(),
        )
    )  # fmt: skip
    return set(session.scalars(query)) if firsts else set()


def _line_columns() -> tuple[Any, ...]:
    """An entry's columns in the order of `aging.Line`, ids as their stored text."""
    return (
        _text(LedgerEntry.id), _text(LedgerEntry.patient_id), LedgerEntry.kind,
        LedgerEntry.amount_cents, LedgerEntry.posted_on, _text(LedgerEntry.claim_id),
        _text(LedgerEntry.reverses),
    )  # fmt: skip


def _lines_between(
    session: Session, lasts: dict[str, date], cut: date
) -> dict[str, list[aging.Line]]:
    """Per account of `lasts`, its lines after its own last day of the past and up to the
    end of `cut`, in day order (the lines after `cut` are read with every account's)."""
    if not lasts:
        return {}
    days = _by_account({text: day.isoformat() for text, day in lasts.items()})
    query = (
        select(*_line_columns(), days.c.key)
        .select_from(days)
        .join(LedgerEntry, LedgerEntry.account_id == days.c.key)
        .where(
            LedgerEntry.deleted_at.is_(None), LedgerEntry.posted_on > days.c.value,
            LedgerEntry.posted_on <= cut,
        )
        .order_by(LedgerEntry.account_id, LedgerEntry.posted_on)
    )  # fmt: skip
    found: defaultdict[str, list[aging.Line]] = defaultdict(list)
    for row in session.execute(query):
        found[row[7]].append(aging.Line(*row[:7]))
    return dict(found)


def _pasts(
    session: Session, lasts: dict[str, date], open_claims: Iterable[Hashable]
) -> dict[str, aging.Past]:
    """Each account's entries up to the end of its last day in `lasts` summed up as its
    settled past, as `aging.Past.then` would sum them: what they leave owed, their last day
    and payments, and what they settled on each of `open_claims` (ids as stored)."""
    if not lasts:
        return {}
    account = _text(LedgerEntry.account_id)
    live = LedgerEntry.deleted_at.is_(None)

    def last(kind: EntryKind) -> Any:
        return func.max(case((LedgerEntry.kind == kind.value, LedgerEntry.posted_on)))

    on_claims: defaultdict[str, dict[Hashable, int]] = defaultdict(dict)
    for text, claim_id, posted_on, amount in session.execute(
        select(account, _text(LedgerEntry.claim_id), LedgerEntry.posted_on,
               LedgerEntry.amount_cents)
        .where(_among(LedgerEntry.claim_id, open_claims), live,
               LedgerEntry.posted_on <= max(lasts.values()),
               LedgerEntry.kind.in_([k.value for k in SETTLES_CLAIM]))
    ):  # fmt: skip
        if text in lasts and posted_on <= lasts[text]:
            settled = on_claims[text]
            settled[claim_id] = settled.get(claim_id, 0) - amount
    days = _by_account({text: day.isoformat() for text, day in lasts.items()})
    return {
        text: aging.Past(int(amount), last_day, payment, insurance, on_claims.get(text, {}))
        for text, amount, last_day, payment, insurance in session.execute(
            select(
                account, func.sum(LedgerEntry.amount_cents), func.max(LedgerEntry.posted_on),
                last(EntryKind.PAYMENT), last(EntryKind.INSURANCE_PAYMENT),
            )
            .select_from(days)
            .join(LedgerEntry, LedgerEntry.account_id == days.c.key)
            .where(live, LedgerEntry.posted_on <= days.c.value)
            .group_by(LedgerEntry.account_id)
        )
    }  # fmt: skip


def _rows(session: Session, aged_of: dict[str, aging.Aging]) -> list[AgingRow]:
    """The report's rows: each aged account with its guarantor's name and phone, the last
    contact and the last statement; the largest balance first."""
    people = {
        text: (first, last, phone)
        for text, first, last, phone in session.execute(
            select(_text(Patient.id), Patient.first_name, Patient.last_name, Patient.phone)
            .where(_among(Patient.id, aged_of))
        )
    }  # fmt: skip
    # When the contact happened, on the practice's calendar: not when its row was written (a
    # call logged afterwards, the demo's history), nor the day in UTC (an evening's call).
    zone = practice_zone(session)
    contacts = _latest(session, Communication.patient_id, Communication.at, aged_of)
    statements = _latest(session, StatementSent.account_id, StatementSent.sent_on, aged_of)
    report = []
    for text, aged in aged_of.items():
        first, last, phone = people.get(text, ("", "", ""))
        contact = contacts.get(text)
        report.append(
            AgingRow(
                uuid.UUID(text), f"{last}, {first}" if text in people else "", phone, aged,
                contact.astimezone(zone).date() if contact is not None else None,
                statements.get(text),
            )
        )  # fmt: skip
    report.sort(key=lambda r: (-r.aging.total, r.guarantor))
    return report


def _text(column: Any) -> Any:
    """An id column as the text it is stored as (store/models/base.py: `Uuid` is CHAR(32))."""
    return type_coerce(column, String)


def _among(column: Any, ids: Iterable[Any]) -> Any:
    """`column IN ids`, the ids (as stored text) bound as one JSON array that SQLite unpacks
    (`json_each`): thousands of ids bound one by one took SQLAlchemy 0.1 s to compile."""
    listed = func.json_each(json.dumps(sorted(ids))).table_valued("value")
    return column.in_(select(listed.c.value))


def _by_account(values: dict[str, str]) -> Any:
    """A table of (key, value) from an account's stored id to a value, bound as one JSON
    object that SQLite unpacks (`json_each`), to join on."""
    return func.json_each(json.dumps(dict(sorted(values.items())))).table_valued("key", "value")


def _latest(session: Session, key: Any, when: Any, accounts: Iterable[str]) -> dict[str, Any]:
    """Per account (its id as stored text), the newest value of `when` among the rows whose
    `key` is that account."""
    query = (
        select(_text(key), func.max(when))
        .where(_among(key, accounts), key.table.c.deleted_at.is_(None))
        .group_by(key)
    )
    return dict(session.execute(query).all())
