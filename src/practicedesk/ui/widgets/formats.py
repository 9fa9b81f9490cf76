"""Dates and times shown the way this PC's locale writes them, with four-digit years; money;
and the one line that tells two patients apart.

A birth date of 7/16/10 could be 1910 or 2010; at a front desk that ambiguity is a safety
problem, so years are always written in full.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QTime

from practicedesk.ui.widgets.qt_dates import to_qdate

if TYPE_CHECKING:  # the services (and SQLAlchemy) are not loaded before sign-in
    from practicedesk.services.patients.listing import PatientSummary


def full_year_date_format(locale: QLocale | None = None) -> str:
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def format_date(value: date | None, locale: QLocale | None = None) -> str:
    if value is None:
        return ""
    locale = locale or QLocale()
    return locale.toString(to_qdate(value), full_year_date_format(locale))


def format_money(cents: int, locale: QLocale | None = None) -> str:
    """Dollars and cents, grouped the way this PC's locale groups digits ("$1,234.56",
    "-$5.00"). Made from the whole cents, never through a float, so what the screen shows is
    exactly what was posted."""
    locale = locale or QLocale()
    dollars, rest = divmod(abs(cents), 100)
    sign = locale.negativeSign() if cents < 0 else ""
    return f"{sign}${locale.toString(dollars)}{locale.decimalPoint()}{rest:02d}"


def visit_time(moment: datetime, zone: ZoneInfo) -> str:
    """A visit's day and time on the practice's clocks, "Tue 12/08 9:30 AM": on a call
    list the day matters as much as the hour."""
    return f"{moment.astimezone(zone):%a %m/%d %I:%M %p}".replace(" 0", " ")


def practice_time(moment: datetime, zone: tzinfo) -> str:
    """A moment on the practice's clocks, in this PC's locale with the year in full. Every
    list that shows when something happened (backups, the audit log, a verification) goes
    through here, so it agrees with the book and the printouts whatever this PC's clock is
    set to."""
    local = moment.astimezone(zone)
    clock = QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{format_date(local.date())} {clock}"


def practice_date(moment: datetime, zone: ZoneInfo) -> str:
    """The practice's day of a moment: late evening in the practice is already tomorrow in UTC."""
    return format_date(moment.astimezone(zone).date())


def describe_patient(patient: PatientSummary) -> str:
    """Name, birth date, phone and chart number: enough to choose the right one of two charts
    of one person (merging, renumbering)."""
    parts = [patient.display_name, format_date(patient.date_of_birth), patient.phone]
    if patient.chart_number:
        parts.append(f"chart {patient.chart_label}")
    return ", ".join(p for p in parts if p)
