"""Python dates and times into Qt's and back, as values the type checker can follow.

PySide6 accepts a `datetime.date` where a `QDate` is wanted and gives one back from
`toPython()`, but its stubs declare neither (`toPython()` returns `object`), so every value
that crossed that way went unchecked. These build the same values from their parts, as PySide6
does: naive wall-clock times (milliseconds, as Qt keeps them); turning a wall-clock time into
an instant is the practice's zone's business, in services/.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_qtime(moment: time) -> QTime:
    return QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000)


def to_qdatetime(moment: datetime) -> QDateTime:
    """In this PC's local time, as Qt reads a naive wall-clock time."""
    return QDateTime(to_qdate(moment.date()), to_qtime(moment.time()))


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute(), value.second(), value.msec() * 1000)


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.combine(from_qdate(value.date()), from_qtime(value.time()))
