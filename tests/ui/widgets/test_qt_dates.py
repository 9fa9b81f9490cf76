"""A date, time or appointment time typed into a Qt field reaches the services as exactly the
value PySide6's own conversion gives, and the other way round: the typed conversions change
nothing but what the type checker can see."""

from __future__ import annotations

from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QApplication

from practicedesk.ui.widgets.optional_date import OptionalDateEdit
from practicedesk.ui.widgets.qt_dates import (
    from_qdate,
    from_qdatetime,
    from_qtime,
    to_qdate,
    to_qdatetime,
    to_qtime,
)

days = st.dates(min_value=date(1800, 1, 1))
moments = st.datetimes(min_value=datetime(1800, 1, 1))


@given(days)
def test_a_date_crosses_into_qt_and_back_as_pyside6_converts_it(day: date) -> None:
    assert to_qdate(day) == QDate(day)
    assert from_qdate(QDate(day)) == QDate(day).toPython() == day


@given(st.times())
def test_a_time_crosses_into_qt_and_back_as_pyside6_converts_it(moment: time) -> None:
    assert to_qtime(moment) == QTime(moment)
    assert from_qtime(QTime(moment)) == QTime(moment).toPython()
    to_the_millisecond = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert from_qtime(to_qtime(moment)) == to_the_millisecond  # as Qt keeps times


@given(moments)
def test_a_wall_clock_time_crosses_into_qt_and_back_as_pyside6_converts_it(
    moment: datetime,
) -> None:
    assert to_qdatetime(moment) == QDateTime(moment)
    assert to_qdatetime(moment).toString() == QDateTime(moment).toString()
    assert from_qdatetime(QDateTime(moment)) == QDateTime(moment).toPython()


@given(days)
def test_a_birth_date_put_in_a_date_field_comes_back_unchanged(
    qapp: QApplication, day: date
) -> None:
    edit = OptionalDateEdit(day)
    assert edit.value() == (day if day > date(1800, 1, 1) else None)  # 1 Jan 1800 means "empty"
