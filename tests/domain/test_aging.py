"""A/R aging: oldest debts paid first, buckets that add up, and no order of arrival matters."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.aging import BUCKET_DAYS, age
from practicedesk.domain.ledger import (
    ClaimEstimate,
    Entry,
    EntryKind,
    account_balance,
    balance,
    pending_insurance,
    reversal_of,
)
from tests.domain.ledger_fixtures import (
    ACCOUNT,
    CLAIMS,
    PATIENTS,
    claim_lists,
    ledgers,
    shuffled_with_repeats,
)

AS_OF = date(2026, 9, 30)


def posted(kind: EntryKind, amount: int, days_ago: int, claim: uuid.UUID | None = None) -> Entry:
    return Entry(
        uuid.uuid4(), ACCOUNT, PATIENTS[0], kind, amount, AS_OF - timedelta(days=days_ago), claim
    )


def totals(entries: list[Entry], pending: dict[uuid.UUID, int] | None = None) -> list[int]:
    return [bucket.total for bucket in age(entries, AS_OF, pending or {}).buckets]


@given(ledgers(), claim_lists)
def test_the_buckets_add_up_to_the_balance_or_the_account_shows_a_credit(
    entries: list[Entry], claims: list[ClaimEstimate]
) -> None:
    aging = age(entries, AS_OF, pending_insurance(claims, entries))
    assert aging.total == balance(entries)
    assert all(bucket.insurance >= 0 and bucket.patient >= 0 for bucket in aging.buckets)
    if aging.credit:
        assert aging.credit > 0 and all(bucket.total == 0 for bucket in aging.buckets)


@given(ledgers(), claim_lists, st.randoms(use_true_random=False))
def test_any_order_and_repeated_batches_give_the_same_aging(
    entries: list[Entry], claims: list[ClaimEstimate], rnd: random.Random
) -> None:
    pending = pending_insurance(claims, entries)
    assert age(shuffled_with_repeats(entries, rnd), AS_OF, pending) == age(entries, AS_OF, pending)


@given(ledgers(), claim_lists, st.data())
def test_an_entry_a_day_older_never_makes_the_account_look_younger(
    entries: list[Entry], claims: list[ClaimEstimate], data: st.DataObject
) -> None:
    if not entries:
        return
    index = data.draw(st.integers(0, len(entries) - 1))
    older = list(entries)
    older[index] = replace(entries[index], posted_on=entries[index].posted_on - timedelta(days=1))
    pending = pending_insurance(claims, entries)
    before, after = totals(entries, pending), totals(older, pending)
    for first in range(len(BUCKET_DAYS)):
        assert sum(after[first:]) >= sum(before[first:])


@given(ledgers(), claim_lists)
def test_insurance_in_the_buckets_is_never_more_than_the_claims_still_expect(
    entries: list[Entry], claims: list[ClaimEstimate]
) -> None:
    pending = pending_insurance(claims, entries)
    aging = age(entries, AS_OF, pending)
    assert sum(bucket.insurance for bucket in aging.buckets) <= sum(pending.values())


@pytest.mark.parametrize(
    ("days_ago", "bucket"), [(-3, 0), (0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3)]
)
def test_a_charge_is_aged_by_whole_days_since_it_was_posted(days_ago: int, bucket: int) -> None:
    aged = totals([posted(EntryKind.CHARGE, 1_000, days_ago)])
    assert aged[bucket] == 1_000 and sum(aged) == 1_000


def test_a_payment_pays_the_oldest_charge_first() -> None:
    entries = [
        posted(EntryKind.CHARGE, 5_000, 100),
        posted(EntryKind.CHARGE, 3_000, 45),
        posted(EntryKind.CHARGE, 2_000, 5),
        posted(EntryKind.PAYMENT, -6_000, 1),
    ]
    assert totals(entries) == [2_000, 2_000, 0, 0]


def test_an_eob_pays_its_own_claims_charge_not_an_older_patient_balance() -> None:
    claim = CLAIMS[0]
    entries = [
        posted(EntryKind.CHARGE, 4_000, 80),  # the patient's, never paid
        posted(EntryKind.CHARGE, 10_000, 10, claim),
        posted(EntryKind.INSURANCE_PAYMENT, -8_000, 2, claim),
    ]
    aging = age(entries, AS_OF, {claim: 0})
    assert [bucket.patient for bucket in aging.buckets] == [2_000, 0, 4_000, 0]
    assert aging.last_insurance_payment == AS_OF - timedelta(days=2)


def test_what_a_claim_should_still_pay_is_insurance_the_rest_is_the_patients() -> None:
    claim = CLAIMS[0]
    entries = [
        posted(EntryKind.CHARGE, 6_000, 70, claim),
        posted(EntryKind.CHARGE, 4_000, 40, claim),
        posted(EntryKind.PAYMENT, -1_000, 20),
    ]
    estimate = ClaimEstimate(claim, 5_500)
    aging = age(entries, AS_OF, pending_insurance([estimate], entries))
    by_bucket = [(b.insurance, b.patient) for b in aging.buckets]
    assert by_bucket == [(0, 0), (500, 3_500), (5_000, 0), (0, 0)]
    assert aging.last_payment == AS_OF - timedelta(days=20)


def test_a_wrong_charge_taken_back_leaves_no_trace_in_the_buckets() -> None:
    old = posted(EntryKind.CHARGE, 5_000, 100)
    wrong = posted(EntryKind.CHARGE, 3_000, 10)
    fixed = reversal_of(wrong, new_id=uuid.uuid4(), posted_on=AS_OF)
    assert totals([old, wrong, fixed]) == [0, 0, 0, 5_000]


def test_a_bounced_check_is_not_the_last_payment_and_the_debt_ages_again() -> None:
    charge = posted(EntryKind.CHARGE, 5_000, 100)
    good = posted(EntryKind.PAYMENT, -1_000, 50)
    bounced = posted(EntryKind.PAYMENT, -4_000, 20)
    returned = reversal_of(bounced, new_id=uuid.uuid4(), posted_on=AS_OF)
    aging = age([charge, good, bounced, returned], AS_OF, {})
    assert [b.total for b in aging.buckets] == [0, 0, 0, 4_000]
    assert aging.last_payment == AS_OF - timedelta(days=50)


def test_an_account_in_credit_shows_the_credit_and_empty_buckets() -> None:
    aging = age(
        [posted(EntryKind.CHARGE, 1_000, 100), posted(EntryKind.PAYMENT, -1_500, 1)], AS_OF, {}
    )
    assert aging.credit == 500 and aging.total == -500
    assert [b.label for b in aging.buckets] == ["0–30", "31–60", "61–90", "91+"]
    assert all(b.total == 0 for b in aging.buckets)


@given(ledgers(), claim_lists)
def test_the_patients_part_of_the_buckets_is_what_the_account_asks_the_guarantor_for(
    entries: list[Entry], claims: list[ClaimEstimate]
) -> None:
    aging = age(entries, AS_OF, pending_insurance(claims, entries))
    due = account_balance(entries, claims)
    assert sum(bucket.patient for bucket in aging.buckets) == due.patient_due


def test_insurance_expected_after_the_patient_paid_its_visit_covers_the_older_balance() -> None:
    """The patient's $60 paid the insured visit first (it is the oldest); the claim's $80,
    when it comes, pays the rest of it and then the younger $50. The statement must not ask
    for $50 while the chart says $10 is owed."""
    claim = CLAIMS[0]
    entries = [
        posted(EntryKind.CHARGE, 10_000, 70, claim),
        posted(EntryKind.CHARGE, 5_000, 40),
        posted(EntryKind.PAYMENT, -6_000, 20),
    ]
    aging = age(entries, AS_OF, pending_insurance([ClaimEstimate(claim, 8_000)], entries))
    by_bucket = [(b.insurance, b.patient) for b in aging.buckets]
    assert by_bucket == [(0, 0), (4_000, 1_000), (4_000, 0), (0, 0)]
