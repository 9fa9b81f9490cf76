"""Values as other systems export them: dates (of birth, of a visit…), e-mail addresses, yes/no
flags.

Each reader returns the value or raises `BadValue` with the sentence a person fixing the file
needs. Numeric dates are month first (US) unless the file is read day first: 01/02/1980 is
2 January in one and 1 February in the other, and nothing in the date itself can tell.
"""

from __future__ import annotations

import re
from datetime import date

OLDEST_AGE_YEARS = 120
_BIRTH = "The date of birth"

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
# Spreadsheets add a time to dates ("1980-01-02 00:00:00", "1/2/1980 0:00"): ignored.
_TIME = r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?"
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_NUMERIC = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){_TIME}")
_DIGITS = re.compile(r"\d{8}")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[-\s/.]+([A-Za-z]{3,9})\.?[-\s/.,]+(\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.?[-\s/.]+(\d{1,2})(?:st|nd|rd|th)?,?[-\s/.,]+(\d{4})")
_SHORT_YEAR = re.compile(r".*[-/.\s,]\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_YES = frozenset({"yes", "y", "true", "t", "1", "x", "ok", "on"})
_NO = frozenset({"no", "n", "false", "f", "0", "off", ""})


class BadValue(ValueError):
    """A value that cannot be imported; the message says why and, where it can, how to fix it."""


def birth_date(typed: str, *, day_first: bool, today: date) -> date:
    """A date of birth in any of the usual forms, checked to be in a person's lifetime."""
    text = typed.strip()
    born = calendar_date(text, day_first=day_first, what=_BIRTH)
    if born > today:
        raise BadValue(f"The date of birth {text} is in the future.")
    if born.year < today.year - OLDEST_AGE_YEARS:
        raise BadValue(f"The date of birth {text} is more than {OLDEST_AGE_YEARS} years ago.")
    return born


def calendar_date(typed: str, *, day_first: bool, what: str) -> date:
    """A date in any of the usual forms (a time after it is ignored); `what` names it in a
    reason, as a sentence starts: "The date of birth", "The visit's date"."""
    text = typed.strip()
    order = "day first" if day_first else "month first"
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return _checked(text, year, month, day, "", what)
    if match := _NUMERIC.fullmatch(text):
        a, b, year = (int(part) for part in match.groups())
        month, day = (b, a) if day_first else (a, b)
        return _checked(text, year, month, day, order, what)
    if _DIGITS.fullmatch(text):
        return _eight_digits(text, day_first, order, what)
    if match := _DAY_MONTH.fullmatch(text):
        day_digits, name, year_digits = match.groups()
        return _checked(text, int(year_digits), _month(text, name, what), int(day_digits), "", what)
    if match := _MONTH_DAY.fullmatch(text):
        name, day_digits, year_digits = match.groups()
        return _checked(text, int(year_digits), _month(text, name, what), int(day_digits), "", what)
    if _SHORT_YEAR.fullmatch(text):
        raise BadValue(
            f"{what} {text} has a two-digit year; the file must give the whole year (1980, not 80)."
        )
    raise BadValue(f"{what} {text} is not a date PracticeDesk can read.")


def _eight_digits(text: str, day_first: bool, order: str, what: str) -> date:
    """19800102 (year first, as databases export) or 01021980 (month or day first)."""
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    if text[:2] in ("19", "20") and 1 <= month <= 12:
        return _checked(text, year, month, day, "", what)
    a, b, year = int(text[:2]), int(text[2:4]), int(text[4:])
    month, day = (b, a) if day_first else (a, b)
    return _checked(text, year, month, day, order, what)


def _month(text: str, name: str, what: str) -> int:
    number = _MONTHS.get(name.casefold())
    if number is None:
        raise BadValue(f"{what} {text} has a month PracticeDesk does not know.")
    return number


def _checked(text: str, year: int, month: int, day: int, order: str, what: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        pass
    hint = ""
    if order == "month first" and month > 12 >= day:
        hint = "; if the file writes the day first, import it with day first"
    elif order == "day first" and month > 12 >= day:
        hint = "; if the file writes the month first, import it without day first"
    read = f", read {order}" if order else ""
    raise BadValue(f"{what} {text} is not a real date{read}{hint}.")


def email(typed: str) -> str:
    text = typed.strip()
    if text and not _EMAIL.fullmatch(text):
        raise BadValue(
            f"The e-mail address {text} is not one (it needs one @ and a domain such as "
            "example.com)."
        )
    return text


def yes_no(typed: str, label: str) -> bool:
    text = typed.strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise BadValue(f"{label} must be yes or no, not {typed.strip()}.")
