"""Aging from stored lines, the settled past left out or carried: the same answer as aging
every entry, to the cent, for any ledger a busy office can have."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from practicedesk.domain.aging import Line, Past, age, age_lines, settled_past
from practicedesk.domain.ledger import (
    ClaimEstimate,
    Entry,
    EntryKind,
    pending_insurance,
    reversal_of,
)
from tests.domain.ledger_fixtures import ACCOUNT, PATIENTS

AS_OF = date(2026, 9, 30)
CREDITS = (EntryKind.PAYMENT, EntryKind.ADJUSTMENT, EntryKind.INSURANCE_PAYMENT)


def line_of(entry: Entry) -> Line:
    return Line(
        entry.id, entry.patient_id, entry.kind.value, entry.amount, entry.posted_on,
        entry.claim_id, entry.reverses,
    )  # fmt: skip


@st.composite
def busy_ledgers(draw: st.DrawFn) -> tuple[list[Entry], list[ClaimEstimate]]:
    """An account's visits over a year or so, each charged (often on a claim) and paid in
    full, in part, not at all or too much, by the patient, the insurer and write-offs, on
    later days; then refunds (to the insurer too), late charges on a claim, balances brought
    forward and corrections anywhere, some
    entries after `AS_OF`. Claims open and closed; ids sort in no relation to dates."""
    entries: list[Entry] = []
    claims: list[ClaimEstimate] = []
    used: set[int] = {0}

    def new_id() -> uuid.UUID:
        number = draw(st.integers(1, 2**64).filter(lambda n: n not in used))
        used.add(number)
        return uuid.UUID(int=number)

    def post(kind: EntryKind, amount: int, day: date, claim: uuid.UUID | None = None) -> None:
        patient = draw(st.sampled_from(PATIENTS))
        entries.append(Entry(new_id(), ACCOUNT, patient, kind, amount, day, claim))

    day = AS_OF - timedelta(days=draw(st.integers(0, 500)))
    for _ in range(draw(st.integers(0, 6))):
        day += timedelta(days=draw(st.integers(0, 90)))
        claim = new_id() if draw(st.booleans()) else None
        owed = 0
        for _ in range(draw(st.integers(1, 3))):
            fee = draw(st.integers(1, 40_000))
            post(EntryKind.CHARGE, fee, day, claim)
            owed += fee
        if claim is not None:
            estimate = draw(st.integers(0, owed))
            claims.append(ClaimEstimate(claim, estimate, closed=draw(st.booleans())))
        to_pay = draw(st.sampled_from([owed, owed, owed, owed // 2, 0, owed + 500]))
        paid_on = day
        while to_pay > 0:
            kind = draw(st.sampled_from(CREDITS))
            amount = draw(st.integers(1, to_pay)) if draw(st.booleans()) else to_pay
            paid_on += timedelta(days=draw(st.integers(0, 40)))
            on_claim = claim if kind is not EntryKind.PAYMENT and draw(st.booleans()) else None
            post(kind, -amount, paid_on, on_claim)
            to_pay -= amount
    for _ in range(draw(st.integers(0, 3))):
        extra = draw(st.sampled_from(["refund", "brought forward", "reversal", "claim"]))
        when = AS_OF + timedelta(days=draw(st.integers(-500, 10)))
        if extra == "refund":
            post(EntryKind.REFUND, draw(st.integers(1, 5_000)), when)
        elif extra == "claim" and claims:  # money sent back to the insurer, a late charge
            kind = draw(st.sampled_from([EntryKind.REFUND, EntryKind.CHARGE]))
            post(kind, draw(st.integers(1, 5_000)), when, draw(st.sampled_from(claims)).claim_id)
        elif extra == "brought forward":
            post(EntryKind.BROUGHT_FORWARD, draw(st.integers(-5_000, 5_000).filter(bool)), when)
        else:
            targets = [e for e in entries if e.kind is not EntryKind.REVERSAL]
            if targets:
                target = draw(st.sampled_from(targets))
                entries.append(reversal_of(target, new_id=new_id(), posted_on=when))
    return entries, claims


@settings(max_examples=400)
@given(busy_ledgers(), st.randoms(use_true_random=False), st.integers(-30, 200))
def test_aging_from_lines_gives_every_bucket_credit_and_last_payment_of_aging_every_entry(
    ledger: tuple[list[Entry], list[ClaimEstimate]], rnd: random.Random, days_back: int
) -> None:
    entries, claims = ledger
    as_of = AS_OF - timedelta(days=days_back)
    stored = list(entries)
    rnd.shuffle(stored)
    stored.sort(key=lambda e: e.posted_on)  # by day, as read; within a day in any order
    from_lines = age_lines([line_of(e) for e in stored], as_of, claims)
    assert from_lines == age(entries, as_of, pending_insurance(claims, entries))


def _day(days_ago: int) -> date:
    return AS_OF - timedelta(days=days_ago)


def test_a_year_paid_off_is_left_out_and_an_old_unpaid_balance_carried() -> None:
    """The fast path: only the entries after the settled past need to be made and aged."""
    claim = uuid.UUID(int=77)
    paid_off = [
        Entry(uuid.UUID(int=n + 1), ACCOUNT, PATIENTS[0], kind, amount, _day(days), c)
        for n, (kind, amount, days, c) in enumerate(
            [
                (EntryKind.CHARGE, 10_000, 300, claim),
                (EntryKind.INSURANCE_PAYMENT, -7_000, 270, claim),
                (EntryKind.PAYMENT, -3_000, 250, None),
                (EntryKind.CHARGE, 4_000, 120, None),  # never paid: 91+ days old
                (EntryKind.CHARGE, 2_500, 20, None),
            ]
        )
    ]
    lines = [line_of(e) for e in paid_off]
    assert settled_past(lines, AS_OF) == 4
    closed_claim = [ClaimEstimate(claim, 7_000, closed=True)]
    aged = age_lines(lines, AS_OF, closed_claim)
    assert [b.patient for b in aged.buckets] == [2_500, 0, 0, 4_000]
    assert aged.last_payment == _day(250) and aged.last_insurance_payment == _day(270)


def test_a_past_with_a_claim_still_paid_later_is_not_left_out() -> None:
    claim = uuid.UUID(int=78)
    entries = [
        Entry(uuid.UUID(int=1), ACCOUNT, PATIENTS[0], EntryKind.CHARGE, 10_000, _day(200), claim),
        Entry(uuid.UUID(int=2), ACCOUNT, PATIENTS[0], EntryKind.CHARGE, 3_000, _day(150), None),
        Entry(uuid.UUID(int=3), ACCOUNT, PATIENTS[0], EntryKind.INSURANCE_PAYMENT, -8_000,
              _day(10), claim),
    ]  # fmt: skip
    assert settled_past([line_of(e) for e in entries], AS_OF) == 0


@settings(max_examples=300)
@given(busy_ledgers(), st.integers(-30, 200))
def test_a_past_summed_up_before_the_lines_gives_the_aging_of_every_entry(
    ledger: tuple[list[Entry], list[ClaimEstimate]], days_back: int
) -> None:
    """What the A/R report does: everything in the oldest bucket summed up (`Past`) when
    nothing in the account is a correction and no claim has entries on both sides of it."""
    entries, claims = ledger
    as_of = AS_OF - timedelta(days=days_back)
    cut = as_of - timedelta(days=91)
    standing_ = [e for e in entries if e.posted_on <= as_of]
    old = [e for e in standing_ if e.posted_on <= cut]
    old_claims = {e.claim_id for e in old}
    split = any(e.claim_id in old_claims for e in standing_ if e.posted_on > cut)
    assume(not split and all(e.reverses is None for e in standing_))
    old_lines = [line_of(e) for e in sorted(old, key=lambda e: e.posted_on)]
    past = Past().then(old_lines)
    later = [line_of(e) for e in sorted(standing_, key=lambda e: e.posted_on) if e.posted_on > cut]
    aged = age_lines(later, as_of, claims, past)
    assert aged == age(standing_, as_of, pending_insurance(claims, standing_))


def test_a_past_summed_up_is_not_left_out_with_a_later_day_that_adds_up_to_zero() -> None:
    """A later visit paid in full must not be taken, with the past, for a settled past that
    adds up to zero: the past still owes, and its debt is the oldest."""
    old_charge = Entry(uuid.UUID(int=1), ACCOUNT, PATIENTS[0], EntryKind.CHARGE, 4_000, _day(200))
    past = Past().then([line_of(old_charge)])
    later = [
        Entry(uuid.UUID(int=2), ACCOUNT, PATIENTS[0], EntryKind.CHARGE, 1_000, _day(20)),
        Entry(uuid.UUID(int=3), ACCOUNT, PATIENTS[0], EntryKind.PAYMENT, -1_000, _day(20)),
    ]
    assert settled_past([line_of(e) for e in later], AS_OF, past.amount) == 0
    aged = age_lines([line_of(e) for e in later], AS_OF, [], past)
    assert [b.patient for b in aged.buckets] == [1_000, 0, 0, 3_000]
    assert aged.last_payment == _day(20)
