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


def test_an_empty_date_opens_its_calendar_on_this_month(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate, QPoint, Qt

    from practicedesk.ui.widgets.optional_date import OptionalDateEdit

    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    arrow = edit.rect().topRight() + QPoint(-6, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)  # the calendar's drop arrow
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=2_000)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert edit.value() is None
    calendar.window().hide()
