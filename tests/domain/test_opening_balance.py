"""Balances brought from the old system as dated amounts that age on as it aged them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.aging import age
from practicedesk.domain.ledger import Entry, EntryKind
from practicedesk.domain.opening_balance import AgingDoesNotAddUp, OldBalance, dated_amounts

ACCOUNT = uuid.UUID(int=1)
days = st.dates(date(2015, 1, 1), date(2040, 12, 31))
parts = st.tuples(*[st.integers(0, 5_000_000)] * 4)


def _entries(balance: OldBalance) -> list[Entry]:
    return [
        Entry(uuid.UUID(int=100 + n), ACCOUNT, ACCOUNT, EntryKind.BROUGHT_FORWARD, cents, day)
        for n, (day, cents) in enumerate(dated_amounts(balance))
    ]


@given(days, parts, st.integers(0, 400))
def test_the_old_aging_is_what_practicedesk_ages_on_the_export_day_and_moves_on_from(
    as_of: date, buckets: tuple[int, ...], later: int
) -> None:
    balance = OldBalance(as_of, sum(buckets), buckets)
    aged = age(_entries(balance), as_of, {})
    assert tuple(bucket.total for bucket in aged.buckets) == buckets
    # Any number of days on, each part is as old as it was plus those days.
    moved = age(_entries(balance), as_of + timedelta(days=later), {})
    assert moved.total == sum(buckets)
    assert moved.buckets[-1].total >= buckets[-1]


@given(days, st.integers(-5_000_000, 5_000_000))
def test_a_balance_without_its_parts_is_one_amount_on_the_export_day(
    as_of: date, total: int
) -> None:
    found = dated_amounts(OldBalance(as_of, total))
    assert found == ([(as_of, total)] if total else [])


def test_a_credit_is_brought_as_a_credit() -> None:
    balance = OldBalance(date(2026, 6, 30), -2500)
    aged = age(_entries(balance), date(2026, 6, 30), {})
    assert (aged.credit, aged.total) == (2500, -2500)


def test_parts_that_do_not_make_the_total_are_refused_with_both_amounts() -> None:
    with pytest.raises(AgingDoesNotAddUp, match=r"add up to \$10\.00 but its total is \$11\.00"):
        dated_amounts(OldBalance(date(2026, 6, 30), 1100, (1000, 0, 0, 0)))
