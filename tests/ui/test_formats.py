"""Dates at the front desk always carry a four-digit year."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale

from practicedesk.ui.widgets.formats import format_date


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_US", "7/16/1910"), ("en_GB", "16/07/1910"), ("de_DE", "16.07.1910")],
)
def test_birth_dates_are_never_ambiguous_about_the_century(locale: str, expected: str) -> None:
    assert format_date(date(1910, 7, 16), QLocale(locale)) == expected


def test_a_missing_date_shows_as_empty() -> None:
    assert format_date(None) == ""
