"""Amounts as typed at the desk, as printed, and as split between lines or people."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.money import MAX_CENTS, allocate, format_cents, parse_cents, percent_of
from practicedesk.errors import InvalidAmount, InvalidInput

cents = st.integers(-MAX_CENTS, MAX_CENTS)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("$12.50", 1250),
        ("1,234.56", 123456),
        (" 12.50 ", 1250),
        ("$ 7.05", 705),
        (".5", 50),
        ("12.", 1200),
        ("1,000,000", 100_000_000),
        ("10,000,000.00", MAX_CENTS),
    ],
)
def test_amounts_typed_the_usual_ways_are_read_to_the_cent(typed: str, expected: int) -> None:
    assert parse_cents(typed) == expected


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("", "Type an amount"),
        ("   ", "Type an amount"),
        ("$", "Type an amount"),
        ("twelve", "only digits"),
        ("12a", "only digits"),
        ("1 234.50", "only digits"),
        ("12.505", "at most two digits after the point"),
        ("1,234.567", "at most two digits after the point"),
        ("1.2.3", "one decimal point"),
        ("1,23", "groups of three"),
        ("12,34.00", "groups of three"),
        (",123", "groups of three"),
        ("0", "more than zero"),
        ("0.00", "more than zero"),
        ("-5", "cannot be negative"),
        ("10,000,000.01", "above $10,000,000.00"),
    ],
)
def test_a_mistyped_amount_is_refused_with_the_rule_it_breaks(typed: str, rule: str) -> None:
    with pytest.raises(InvalidAmount, match=rule.replace("$", r"\$").replace(".", r"\.")) as err:
        parse_cents(typed)
    assert isinstance(err.value, InvalidInput)


def test_zero_and_negative_amounts_are_read_where_the_caller_allows_them() -> None:
    assert parse_cents("0.00", allow_zero=True) == 0
    assert parse_cents("-$5.00", allow_negative=True) == -500
    assert parse_cents("$-5.00", allow_negative=True) == -500
    assert parse_cents("\u22125", allow_negative=True) == -500
    with pytest.raises(InvalidAmount, match="more than zero"):
        parse_cents("-0", allow_negative=True)


@given(cents)
def test_a_printed_amount_reads_back_as_the_same_cents(amount: int) -> None:
    assert parse_cents(format_cents(amount), allow_zero=True, allow_negative=True) == amount


@given(st.integers(0, MAX_CENTS), st.integers(0, 9))
def test_a_third_decimal_is_never_rounded_away(amount: int, third: int) -> None:
    with pytest.raises(InvalidAmount, match="two digits"):
        parse_cents(f"{amount // 100}.{amount % 100:02d}{third}")


@given(st.text(max_size=20))
def test_any_text_is_either_an_amount_within_bounds_or_refused_in_words(text: str) -> None:
    try:
        amount = parse_cents(text, allow_zero=True, allow_negative=True)
    except InvalidAmount as refused:
        assert refused.message.endswith(".")
    else:
        assert abs(amount) <= MAX_CENTS


def test_amounts_print_with_a_dollar_sign_thousands_and_two_decimals() -> None:
    assert format_cents(123456) == "$1,234.56"
    assert format_cents(-500) == "-$5.00"
    assert format_cents(7) == "$0.07"
    assert format_cents(0) == "$0.00"


@given(cents, st.integers(0, 100))
def test_a_percentage_rounds_half_a_cent_away_from_zero(amount: int, percent: int) -> None:
    exact = Decimal(amount) * percent / 100
    assert percent_of(amount, percent) == int(exact.quantize(Decimal(1), ROUND_HALF_UP))


def test_a_percentage_of_a_few_cents_rounds_as_on_paper() -> None:
    assert percent_of(5, 50) == 3
    assert percent_of(5, 80) == 4
    assert percent_of(-5, 50) == -3
    assert percent_of(10_000, 80) == 8_000


weights = st.lists(st.integers(0, 10_000), min_size=1, max_size=8).filter(any)


@given(cents, weights)
def test_a_split_adds_up_to_the_total_exactly(total: int, shares_by: list[int]) -> None:
    assert sum(allocate(total, shares_by)) == total


@given(cents, weights)
def test_every_share_is_within_a_cent_of_its_exact_part(total: int, shares_by: list[int]) -> None:
    whole = sum(shares_by)
    for share, weight in zip(allocate(total, shares_by), shares_by, strict=True):
        assert abs(share - Fraction(total * weight, whole)) < 1


@given(st.integers(0, MAX_CENTS), weights)
def test_a_heavier_weight_never_gets_a_smaller_share(total: int, shares_by: list[int]) -> None:
    split = allocate(total, shares_by)
    for i, heavier in enumerate(shares_by):
        for j, lighter in enumerate(shares_by):
            if heavier > lighter:
                assert split[i] >= split[j]
            if heavier == 0:
                assert split[i] == 0


def test_cents_left_over_go_to_the_earlier_of_equal_shares() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(-100, [1, 1, 1]) == [-34, -33, -33]
    assert allocate(2, [1, 1, 1]) == [1, 1, 0]
    assert allocate(0, [0, 0]) == [0, 0]
