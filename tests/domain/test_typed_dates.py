"""Jumping the book to a typed day: every form the search box reads, and the short ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.typed_dates import parse_day

TODAY = date(2026, 12, 4)  # a Friday


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12/15/2026", date(2026, 12, 15)),
        ("2026-12-15", date(2026, 12, 15)),
        ("12152026", date(2026, 12, 15)),
        ("12/15", date(2026, 12, 15)),
        ("1/5", date(2027, 1, 5)),  # in December, January is next year's
        ("12/4", date(2026, 12, 4)),
        ("12/3", date(2026, 12, 3)),  # yesterday, not a year ahead
        ("6/1", date(2027, 6, 1)),
        ("7/1", date(2026, 7, 1)),
        ("2/29", date(2028, 2, 29)),
        ("12/15/26", date(2026, 12, 15)),
        ("12.15.2026", date(2026, 12, 15)),
        ("+7", date(2026, 12, 11)),
        ("+ 2w", date(2026, 12, 18)),
        ("-1", date(2026, 12, 3)),
        ("today", TODAY),
        (" Tomorrow ", date(2026, 12, 5)),
    ],
)
def test_the_forms_a_coordinator_types_land_on_the_day_meant(typed: str, meant: date) -> None:
    assert parse_day(typed, TODAY) == meant


@pytest.mark.parametrize("typed", ["12", "", "2/30", "13/1/2026", "next week", "+99999", "1/2/3/4"])
def test_what_is_not_a_day_is_refused_not_guessed(typed: str) -> None:
    assert parse_day(typed, TODAY) is None


@given(st.text(max_size=20), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)))
def test_any_text_gives_a_day_or_none_and_never_raises(typed: str, today: date) -> None:
    assert parse_day(typed, today) is None or isinstance(parse_day(typed, today), date)
