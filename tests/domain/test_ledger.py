"""The append-only ledger: what may be posted, and balances that no order of arrival changes."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.ledger import (
    Balance,
    ClaimEstimate,
    Entry,
    EntryKind,
    account_balance,
    balance,
    check_new_entry,
    extra_reversals,
    paid_in,
    pending_insurance,
    reversal_of,
    running_balances,
)
from practicedesk.errors import InvalidAmount, InvalidInput
from tests.domain.ledger_fixtures import (
    ACCOUNT,
    CLAIMS,
    DAY0,
    OTHER_ACCOUNT,
    PATIENTS,
    SIGNS,
    claim_lists,
    ledgers,
    shuffled_with_repeats,
)


def entry(
    kind: EntryKind, amount: int, day: int = 0, claim: uuid.UUID | None = None, n: int = 0
) -> Entry:
    return Entry(
        uuid.uuid4() if not n else uuid.UUID(int=n),
        ACCOUNT,
        PATIENTS[0],
        kind,
        amount,
        DAY0 + timedelta(days=day),
        claim,
    )


def post(ledger: list[Entry], new: Entry) -> list[Entry]:
    check_new_entry(new, ledger)
    return [*ledger, new]


# -- sums that hold however sync delivers the entries ----------------------------------------


@given(ledgers(), claim_lists, st.randoms(use_true_random=False))
def test_any_order_and_repeated_batches_give_the_same_balance(
    entries: list[Entry], claims: list[ClaimEstimate], rnd: random.Random
) -> None:
    delivered = shuffled_with_repeats(entries, rnd)
    assert account_balance(delivered, claims) == account_balance(entries, claims)
    assert pending_insurance(claims, delivered) == pending_insurance(claims, entries)
    assert extra_reversals(delivered) == extra_reversals(entries)


@given(ledgers(), claim_lists)
def test_what_the_patient_owes_is_the_balance_less_pending_insurance(
    entries: list[Entry], claims: list[ClaimEstimate]
) -> None:
    result = account_balance(entries, claims)
    pending = pending_insurance(claims, entries)
    assert result.insurance_pending == sum(pending.values())
    assert all(
        0 <= amount <= claim.estimate for claim in claims for amount in [pending[claim.claim_id]]
    )
    assert result.patient_due >= 0 and result.credit >= 0
    if result.total >= 0:
        assert result.credit == 0
        assert result.patient_due + min(result.total, result.insurance_pending) == result.total
    else:
        assert (result.patient_due, result.credit) == (0, -result.total)


@given(ledgers(), claim_lists, st.data())
def test_a_reversal_takes_its_entry_back_out_of_every_sum(
    entries: list[Entry], claims: list[ClaimEstimate], data: st.DataObject
) -> None:
    reversed_ids = {e.reverses for e in entries}
    targets = [e for e in entries if e.kind is not EntryKind.REVERSAL and e.id not in reversed_ids]
    if not targets:
        return
    target = data.draw(st.sampled_from(targets))
    without = [e for e in entries if e != target]
    corrected = [*entries, reversal_of(target, new_id=uuid.uuid4(), posted_on=DAY0)]
    assert account_balance(corrected, claims) == account_balance(without, claims)
    assert paid_in(corrected) == paid_in(without)


@given(st.randoms(use_true_random=False))
def test_one_entry_reversed_on_two_pcs_before_they_met_is_corrected_once(
    rnd: random.Random,
) -> None:
    payment = entry(EntryKind.PAYMENT, -5_000)
    charge = entry(EntryKind.CHARGE, 12_000)
    on_front = reversal_of(payment, new_id=uuid.UUID(int=7), posted_on=DAY0 + timedelta(days=1))
    on_hygiene = reversal_of(payment, new_id=uuid.UUID(int=8), posted_on=DAY0 + timedelta(days=1))
    merged = shuffled_with_repeats([payment, charge, on_front, on_hygiene], rnd)
    assert balance(merged) == 12_000
    assert extra_reversals(merged) == [on_hygiene]


# -- what may be posted --------------------------------------------------------------------


@given(
    ledgers(max_size=8),
    st.lists(
        st.tuples(st.sampled_from(list(EntryKind)), st.integers(1, 60_000), st.integers(0, 99)),
        max_size=25,
    ),
)
def test_postings_that_pass_the_checks_never_refund_more_than_was_paid(
    start: list[Entry], attempts: list[tuple[EntryKind, int, int]]
) -> None:
    """Brute force alongside: refunds standing never exceed payments standing, and no entry
    is corrected twice, whatever a coordinator tries."""
    ledger = [e for e in start if e.kind is not EntryKind.REFUND and e.reverses is None]
    for kind, amount, pick in attempts:
        if kind is EntryKind.REVERSAL:
            if not ledger:
                continue
            attempt = reversal_of(ledger[pick % len(ledger)], new_id=uuid.uuid4(), posted_on=DAY0)
        else:
            signed = amount * SIGNS[kind][pick % len(SIGNS[kind])]
            attempt = entry(kind, signed, claim=CLAIMS[0])
        try:
            ledger = post(ledger, attempt)
        except InvalidInput:
            continue
        reversed_ids = [e.reverses for e in ledger if e.reverses is not None]
        assert len(reversed_ids) == len(set(reversed_ids))
        gone = set(reversed_ids) | {e.id for e in ledger if e.reverses is not None}
        paid = -sum(
            e.amount
            for e in ledger
            if e.id not in gone and e.kind in (EntryKind.PAYMENT, EntryKind.INSURANCE_PAYMENT)
        )
        refunded = sum(e.amount for e in ledger if e.id not in gone and e.kind is EntryKind.REFUND)
        if attempt.kind is EntryKind.REFUND:
            assert refunded <= paid


def test_a_second_press_of_enter_posts_the_payment_once() -> None:
    charge = entry(EntryKind.CHARGE, 10_000)
    payment = entry(EntryKind.PAYMENT, -4_000)
    ledger = post([charge], payment)
    check_new_entry(payment, ledger)
    assert balance([*ledger, payment]) == 6_000


@pytest.mark.parametrize(
    ("kind", "amount", "claim", "rule"),
    [
        (EntryKind.PAYMENT, 0, None, "more than zero"),
        (EntryKind.ADJUSTMENT, 0, None, "more than zero"),
        (EntryKind.PAYMENT, 2_000, None, "wrong sign"),
        (EntryKind.CHARGE, -2_000, None, "wrong sign"),
        (EntryKind.REFUND, -2_000, None, "wrong sign"),
        (EntryKind.INSURANCE_PAYMENT, 2_000, CLAIMS[0], "wrong sign"),
        (EntryKind.INSURANCE_PAYMENT, -2_000, None, "against the claim"),
    ],
)
def test_an_entry_with_a_wrong_amount_is_refused(
    kind: EntryKind, amount: int, claim: uuid.UUID | None, rule: str
) -> None:
    with pytest.raises(InvalidInput, match=rule):
        check_new_entry(entry(kind, amount, claim=claim), [entry(EntryKind.CHARGE, 10_000)])


def test_a_refund_may_return_what_was_paid_and_not_a_cent_more() -> None:
    ledger = [entry(EntryKind.CHARGE, 10_000), entry(EntryKind.PAYMENT, -12_000)]
    ledger = post(ledger, entry(EntryKind.REFUND, 2_000))
    with pytest.raises(InvalidAmount, match="refund cannot be more"):
        check_new_entry(entry(EntryKind.REFUND, 10_001), ledger)
    ledger = post(ledger, entry(EntryKind.REFUND, 10_000))
    assert balance(ledger) == 10_000


def test_a_refund_counts_only_payments_still_standing_on_this_account() -> None:
    payment = entry(EntryKind.PAYMENT, -5_000)
    elsewhere = Entry(uuid.uuid4(), OTHER_ACCOUNT, PATIENTS[1], EntryKind.PAYMENT, -9_000, DAY0)
    bounced = reversal_of(payment, new_id=uuid.uuid4(), posted_on=DAY0)
    with pytest.raises(InvalidAmount):
        check_new_entry(entry(EntryKind.REFUND, 100), [payment, bounced, elsewhere])
    check_new_entry(entry(EntryKind.REFUND, 5_000), [payment, elsewhere])


def test_corrections_name_an_entry_of_this_account_once_and_for_its_exact_amount() -> None:
    charge = entry(EntryKind.CHARGE, 10_000)
    stranger = Entry(uuid.uuid4(), OTHER_ACCOUNT, PATIENTS[1], EntryKind.CHARGE, 100, DAY0)
    fix = reversal_of(charge, new_id=uuid.uuid4(), posted_on=DAY0)
    with pytest.raises(InvalidInput, match="not on this account"):
        check_new_entry(fix, [])
    with pytest.raises(InvalidInput, match="not on this account"):
        check_new_entry(
            Entry(
                uuid.uuid4(),
                ACCOUNT,
                PATIENTS[0],
                EntryKind.REVERSAL,
                -100,
                DAY0,
                reverses=stranger.id,
            ),
            [charge, stranger],
        )
    half = Entry(
        uuid.uuid4(), ACCOUNT, PATIENTS[0], EntryKind.REVERSAL, -5_000, DAY0, reverses=charge.id
    )
    with pytest.raises(InvalidAmount, match="exactly the amount"):
        check_new_entry(half, [charge])
    ledger = post([charge], fix)
    with pytest.raises(InvalidInput, match="already been corrected"):
        check_new_entry(reversal_of(charge, new_id=uuid.uuid4(), posted_on=DAY0), ledger)
    with pytest.raises(InvalidInput, match="cannot be corrected"):
        check_new_entry(reversal_of(fix, new_id=uuid.uuid4(), posted_on=DAY0), ledger)
    assert balance(ledger) == 0


# -- insurance pending and the patient's part --------------------------------------------------


def test_a_visit_through_check_out_and_the_eob_shows_the_right_amounts_due() -> None:
    """$100 fee, $80 allowed: insurance expected to pay $64, the patient $16."""
    claim = CLAIMS[0]
    ledger = [
        entry(EntryKind.CHARGE, 10_000, claim=claim),
        entry(EntryKind.ADJUSTMENT, -2_000),  # contractual write-off at check-out
    ]
    estimate = ClaimEstimate(claim, 6_400)
    assert account_balance(ledger, [estimate]) == Balance(total=8_000, insurance_pending=6_400)
    assert account_balance(ledger, [estimate]).patient_due == 1_600
    ledger = post(ledger, entry(EntryKind.PAYMENT, -1_600))
    assert account_balance(ledger, [estimate]).patient_due == 0
    ledger = post(ledger, entry(EntryKind.INSURANCE_PAYMENT, -5_000, claim=claim))
    assert pending_insurance([estimate], ledger) == {claim: 1_400}
    ledger = post(ledger, entry(EntryKind.ADJUSTMENT, -400, claim=claim))  # the EOB's write-off
    assert pending_insurance([estimate], ledger) == {claim: 1_000}
    closed = ClaimEstimate(claim, 6_400, closed=True)
    assert account_balance(ledger, [closed]) == Balance(total=1_000, insurance_pending=0)
    assert account_balance(ledger, [closed]).patient_due == 1_000


def test_an_insurance_payment_taken_back_is_expected_again() -> None:
    claim = CLAIMS[1]
    paid = entry(EntryKind.INSURANCE_PAYMENT, -3_000, claim=claim)
    ledger = [entry(EntryKind.CHARGE, 5_000, claim=claim), paid]
    estimate = ClaimEstimate(claim, 3_000)
    assert pending_insurance([estimate], ledger) == {claim: 0}
    ledger = post(ledger, reversal_of(paid, new_id=uuid.uuid4(), posted_on=DAY0))
    assert pending_insurance([estimate], ledger) == {claim: 3_000}


def test_an_overpaid_account_shows_a_credit_and_nothing_due() -> None:
    ledger = [entry(EntryKind.CHARGE, 3_000), entry(EntryKind.PAYMENT, -5_000)]
    result = account_balance(ledger, [])
    assert (result.total, result.credit, result.patient_due) == (-2_000, 2_000, 0)


def test_two_different_entries_with_one_id_are_a_bug_not_a_sum() -> None:
    first = entry(EntryKind.CHARGE, 1_000, n=99)
    with pytest.raises(ValueError, match="share the id"):
        balance([first, entry(EntryKind.CHARGE, 2_000, n=99)])


@given(ledgers(), st.randoms(use_true_random=False))
def test_the_running_balance_ends_at_the_balance_and_moves_only_by_entries_that_count(
    entries: list[Entry], rnd: random.Random
) -> None:
    delivered = shuffled_with_repeats(entries, rnd)
    running = running_balances(delivered)
    assert len(running) == len(delivered)
    assert running[-1:] == ([balance(entries)] if delivered else [])
    extra = {e.id for e in extra_reversals(entries)}
    seen: set[uuid.UUID] = set()
    before = 0
    for entry, after in zip(delivered, running, strict=True):
        counts = entry.id not in seen and entry.id not in extra
        seen.add(entry.id)
        assert after - before == (entry.amount if counts else 0)
        before = after
