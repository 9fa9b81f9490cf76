"""Money on screen: shown from whole cents in the locale's digits, typed and read strictly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale

from practicedesk.domain.money import MAX_CENTS, parse_cents
from practicedesk.errors import InvalidAmount
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.money_edit import MoneyEdit, plain_amount


@pytest.mark.parametrize(
    ("cents", "locale", "shown"),
    [
        (123_456, "en_US", "$1,234.56"),
        (-500, "en_US", "-$5.00"),
        (7, "en_US", "$0.07"),
        (0, "en_US", "$0.00"),
        (123_456, "de_DE", "$1.234,56"),
        (1_000_000_000, "en_US", "$10,000,000.00"),
    ],
)
def test_amounts_show_every_cent_grouped_as_the_locale_groups_digits(
    cents: int, locale: str, shown: str
) -> None:
    assert format_money(cents, QLocale(locale)) == shown


@given(st.integers(-MAX_CENTS, MAX_CENTS).filter(lambda c: c != 0))
def test_an_amount_put_in_a_field_reads_back_to_the_same_cents(cents: int) -> None:
    assert parse_cents(plain_amount(cents), allow_negative=True) == cents


def test_the_field_refuses_what_is_not_an_amount_with_a_sentence(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = MoneyEdit(4_500)
    qtbot.addWidget(field)
    assert field.text() == "45.00" and field.cents() == 4_500
    for typed, why in (("12.505", "two digits"), ("ten", "only digits"), ("0", "more than zero")):
        field.setText(typed)
        with pytest.raises(InvalidAmount, match=why):
            field.cents()
    field.setText("  ")
    assert field.optional_cents() is None
    assert MoneyEdit(0, allow_zero=True).cents() == 0
