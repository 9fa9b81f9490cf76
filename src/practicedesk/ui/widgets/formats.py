"""Dates shown the way this PC's locale writes them, with four-digit years; and money.

A birth date of 7/16/10 could be 1910 or 2010; at a front desk that ambiguity is a safety
problem, so years are always written in full.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale

from practicedesk.ui.widgets.qt_dates import to_qdate


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
