"""A/R aging: how long what an account owes has been owed, split into insurance and patient.

Payments are not tied to charges at the desk, so which charge a payment paid is a rule, and
this is it: credits pay the oldest debits first (by day posted, then id, so every PC and
every order of arrival gives the same answer). One refinement keeps the report honest: an
insurer's payments and write-offs on a claim pay *that claim's* charges first, and only what
is left over joins the other credits. Without it, an EOB for last week's visit would pay off a
patient's 80-day-old balance and the report would send the coordinator after the wrong money.

A reversal and the entry it corrects cancel out before aging, so a wrong charge taken back
leaves no trace in the buckets. What open claims should still pay is the insurance part,
on each claim's own charges first; what they expect beyond those (the patient paid them
meanwhile) covers the oldest debts, so the patient's part of the buckets is always what the
account asks the guarantor for (`ledger.Balance.patient_due`): a statement's buckets and its
amount due agree, and so do the A/R report and the chart. Entries dated after `as_of`
(posted to the next open day because today was closed) count as owed today: money is never
left out of the report.

Most of a busy office's open accounts carry years of visits paid long ago. `age_lines`
ages an account from its stored lines (`Line`, ids as stored) with its *settled past*
summed up (`Past`): the oldest days, as a whole, with no correction among them or later of
them, and no claim among them with entries later. Such a past is left out when it adds up
to zero, or carried as one balance brought forward when it is all in the oldest bucket:
credits pay the oldest debits first, so its own credits pay its own debits first, and what
it leaves owed (or over) is owed (or paid) before anything after it, in the same bucket.
What its open claims still expect is counted with what it settled on them. The A/R report
has SQLite sum most accounts' oldest bucket as such a past and reads only the days after
it (docs/decisions/0027, 0029).
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from practicedesk.domain.ledger import (
    ClaimEstimate,
    EntryKind,
    Posting,
    day_and_id,
    pending_insurance,
    settled_on_claims,
    standing,
)

BUCKET_DAYS: tuple[tuple[int, int | None], ...] = ((0, 30), (31, 60), (61, 90), (91, None))
"""Days since posting, first and last; the oldest bucket has no end."""


@dataclass(frozen=True, slots=True)
class Bucket:
    first_day: int
    last_day: int | None
    insurance: int = 0  # what pending claims should still pay of it
    patient: int = 0  # the rest: the guarantor's to pay

    @property
    def total(self) -> int:
        return self.insurance + self.patient

    @property
    def label(self) -> str:
        return f"{self.first_day}–{self.last_day}" if self.last_day else f"{self.first_day}+"


_EMPTY = tuple(Bucket(first, last) for first, last in BUCKET_DAYS)


@dataclass(frozen=True, slots=True)
class Aging:
    buckets: tuple[Bucket, ...]
    credit: int  # what the account holds in its favour; then every bucket is empty
    last_payment: date | None  # the guarantor's, not counting one taken back
    last_insurance_payment: date | None

    @property
    def total(self) -> int:
        """The balance: what is owed in the buckets, or minus the credit."""
        return sum(bucket.total for bucket in self.buckets) - self.credit


def age(entries: Iterable[Posting], as_of: date, pending_by_claim: Mapping[Hashable, int]) -> Aging:
    """Age one account's entries (`Entry`s, or `Line`s as stored) on `as_of`, with what each
    open claim should still pay (`ledger.pending_insurance`)."""
    kept = standing(entries)
    last_payment = _last(kept, EntryKind.PAYMENT)
    last_insurance = _last(kept, EntryKind.INSURANCE_PAYMENT)
    total = sum(entry.amount for entry in kept)
    if total < 0:
        return Aging(_EMPTY, -total, last_payment, last_insurance)
    debits = sorted((e for e in kept if e.amount > 0), key=day_and_id)
    owed = [debit.amount for debit in debits]  # by position in `debits`, oldest first
    of_claim: dict[Hashable, list[int]] = {}
    for place, debit in enumerate(debits):
        if debit.claim_id is not None:
            of_claim.setdefault(debit.claim_id, []).append(place)
    by_claim: dict[Hashable, int] = {}
    for credit in (e for e in kept if e.amount < 0):
        by_claim[credit.claim_id] = by_claim.get(credit.claim_id, 0) - credit.amount
    pool = by_claim.pop(None, 0)
    for claim_id, paid in by_claim.items():
        pool += _pay_oldest_first(of_claim.get(claim_id, []), owed, paid)
    _pay_oldest_first(range(len(debits)), owed, pool)

    insurance_left = dict(pending_by_claim)
    insurance_of = [0] * len(debits)
    for place, debit in enumerate(debits):
        claim = debit.claim_id
        if claim is not None:
            insurance = min(owed[place], max(0, insurance_left.get(claim, 0)))
            insurance_left[claim] = insurance_left.get(claim, 0) - insurance
            insurance_of[place] = insurance
    # What a claim still expects beyond its own unpaid charges (the patient paid them
    # meanwhile) will pay the oldest debts when it comes, as any other credit does.
    beyond = sum(max(0, left) for left in insurance_left.values())
    for place in range(len(debits)):
        extra = min(beyond, owed[place] - insurance_of[place])
        insurance_of[place] += extra
        beyond -= extra
    split = [[0, 0] for _ in BUCKET_DAYS]
    for place, debit in enumerate(debits):
        bucket = split[_bucket_of((as_of - debit.posted_on).days)]
        bucket[0] += insurance_of[place]
        bucket[1] += owed[place] - insurance_of[place]
    buckets = tuple(
        Bucket(first, last, insurance, patient) if insurance or patient else empty
        for (first, last), (insurance, patient), empty in zip(
            BUCKET_DAYS, split, _EMPTY, strict=True
        )
    )  # an empty bucket shared: thousands of accounts are made in an A/R report
    return Aging(buckets, 0, last_payment, last_insurance)


class Line(NamedTuple):
    """An entry as a stored row gives it, ids as stored (`ledger.Posting`): all that aging
    needs, cheap to make for every row (making an `Entry` of each, its ids UUIDs, was a
    third of the A/R report's time)."""

    id: Hashable
    patient_id: Hashable
    kind: str  # an EntryKind's value
    amount: int
    posted_on: date
    claim_id: Hashable | None
    reverses: Hashable | None


_CARRIED = uuid.UUID(int=0)  # the settled past's balance: no entry made anywhere has this id


@dataclass(frozen=True, slots=True)
class Past:
    """An account's settled past summed up, all that aging needs of it: what it leaves owed
    (negative: over), its last day, the last payments in it (none of them is taken back),
    and what it settled on claims (`ledger.settled_on_claims`): only an open claim's is
    ever looked up, so a closed one's may be left out."""

    amount: int = 0
    last_day: date | None = None
    last_payment: date | None = None
    last_insurance_payment: date | None = None
    on_claims: Mapping[Hashable, int] = field(default_factory=dict)

    def then(self, lines: Sequence[Line]) -> Past:
        """This past with the next days of it, `lines`."""
        if not lines:
            return self
        settled = dict(self.on_claims)
        for claim_id, amount in settled_on_claims(lines).items():
            settled[claim_id] = settled.get(claim_id, 0) + amount
        return Past(
            self.amount + sum(line.amount for line in lines),
            lines[-1].posted_on,
            _later(self.last_payment, _last(lines, EntryKind.PAYMENT)),
            _later(self.last_insurance_payment, _last(lines, EntryKind.INSURANCE_PAYMENT)),
            settled,
        )


def age_lines(
    lines: Sequence[Line],
    as_of: date,
    claims: Sequence[ClaimEstimate],
    before: Past = Past(),
) -> Aging:
    """`age` of an account's entries, given as `lines` (each once, in the order of the day
    posted), its settled past summed up (`Past`) and aged as one balance brought forward.
    `claims` are the account's open claims (a closed one expects nothing, listed or not).
    `before`, when given, is a settled past of the days before `lines` already summed up (by
    SQLite, services/money/receivables.py): a past of which nothing later is a correction
    and no claim has entries later, that adds up to zero or is all in the oldest bucket."""
    start = settled_past(lines, as_of, before.amount)
    past = before.then(lines[:start])
    later: list[Line] = list(lines[start:])
    pending = pending_insurance(claims, later, past.on_claims)
    if past.amount:
        assert past.last_day is not None  # a past with an amount has days
        # Dated before every line after it, so its id is never compared with theirs.
        later.append(
            Line(_CARRIED, _CARRIED, EntryKind.BROUGHT_FORWARD, past.amount, past.last_day,
                 None, None)
        )  # fmt: skip
    aged = age(later, as_of, pending)
    return replace(
        aged,
        last_payment=_later(aged.last_payment, past.last_payment),
        last_insurance_payment=_later(aged.last_insurance_payment, past.last_insurance_payment),
    )


def settled_past(lines: Sequence[Line], as_of: date, before: int = 0) -> int:
    """How many of `lines` (in the order of the day posted) are the account's settled past on
    `as_of`: whole days, the oldest, that add up to zero or are all in the oldest bucket, with
    no reversal among them and none of them reversed later (a reversal cancels its entry
    wherever it is), and no claim among them with entries after them (its credits pay its own
    charges first). An open claim's pending insurance is the same either way: its own charges
    in the past are paid, or in the oldest bucket with the balance carried, so it pays the
    oldest debts in both. `before` is what a past already summed up of the days before
    `lines` left owed: with it, theirs adds up to zero only when both do."""
    count = len(lines)
    limit = count  # nothing from the first reversal or reversed entry on is settled
    reversed_ids = {line.reverses for line in lines if line.reverses is not None}
    first_of: dict[Hashable, int] = {}
    last_of: dict[Hashable, int] = {}
    for place, line in enumerate(lines):
        if line.reverses is not None or line.id in reversed_ids:
            limit = min(limit, place)
        if line.claim_id is not None:
            first_of.setdefault(line.claim_id, place)
            last_of[line.claim_id] = place
    splits = [0] * (count + 1)  # by where the past would end: claims it would split
    for claim, first in first_of.items():
        if last_of[claim] > first:
            splits[first + 1] += 1
            splits[last_of[claim] + 1] -= 1
    oldest_bucket = BUCKET_DAYS[-1][0]
    best = split = 0
    running = before
    for place in range(limit):
        day = lines[place].posted_on
        running += lines[place].amount
        split += splits[place + 1]
        if (place + 1 < count and lines[place + 1].posted_on == day) or split:
            continue
        if running == 0 or (as_of - day).days >= oldest_bucket:
            best = place + 1
    return best


def _pay_oldest_first(places: Iterable[int], owed: list[int], amount: int) -> int:
    """Pay `amount` into the debits at `places` (oldest first); returns what was left over."""
    for place in places:
        if amount <= 0:
            break
        paid = min(amount, owed[place])
        owed[place] -= paid
        amount -= paid
    return amount


def _bucket_of(days: int) -> int:
    for index, (_, last) in enumerate(BUCKET_DAYS):
        if last is None or days <= last:
            return index
    raise AssertionError("the oldest bucket has no end")


def _last(entries: Iterable[Posting], kind: EntryKind) -> date | None:
    return max((e.posted_on for e in entries if e.kind == kind), default=None)


def _later(first: date | None, second: date | None) -> date | None:
    return max(first, second) if first and second else first or second
