"""Values as practice-management systems export them, beyond a patient's: a visit's day and
time, its length, amounts of money, percentages, recall intervals and insurance relations.

Each reader returns the value or raises `BadValue` with the sentence a person fixing the file
needs, as interop/csv_values.py does for dates of birth (whose date reader this reuses).
Open Dental's own forms are read as well: a visit's length as its time pattern ("//XX//", one
character a 5-minute step), an interval as its packed whole number, a relationship by its
number, and "0001-01-01" as no date at all.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

from practicedesk.domain.money import MAX_CENTS
from practicedesk.interop.csv_values import BadValue, calendar_date

NO_DATE_YEARS = frozenset({1, 1753, 1800, 1899, 1900})  # what exports write for "never"
PATTERN_STEP_MINUTES = 5  # Open Dental stores a visit's time pattern in 5-minute steps

_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.]?(?P<minute>\d{2}))?(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<half>[AaPp]\.?[Mm]\.?)?"
)
_DATE_AND_TIME = re.compile(
    r"(?P<date>.*?\d{4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[T\s]+(?P<time>.+))?"
)
_PATTERN = re.compile(r"[X/|x.\\-]+")
_CLOCK_LENGTH = re.compile(r"(\d{1,2}):(\d{2})")
_WORDS_LENGTH = re.compile(
    r"(?:(?P<hours>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<minutes>\d+)\s*(?:m|min|mins|minute|minutes)?)?"
)
_INTERVAL_PART = re.compile(r"(\d+)\s*([a-z]+)")
_INTERVAL_UNITS = {
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
    "m": "months", "mo": "months", "mos": "months", "month": "months", "months": "months",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "d": "days", "day": "days", "days": "days",
}  # fmt: skip


def is_no_date(text: str) -> bool:
    """ "", "0001-01-01 00:00:00", "01/01/1900": a date the old system leaves unset."""
    stripped = text.strip()
    if not stripped:
        return True
    match = re.search(r"\d{4}", stripped)
    return (
        match is not None
        and int(match.group()) in NO_DATE_YEARS
        and (stripped.startswith(match.group()) or "1/1/" in stripped or "01/01/" in stripped)
    )


def day(typed: str, *, day_first: bool, what: str) -> date:
    return calendar_date(typed, day_first=day_first, what=what)


def wall_time(typed: str, *, what: str) -> time:
    """ "8:30", "08:30:00", "2:15 PM", "14.15": a time of day."""
    text = typed.strip()
    match = _TIME.fullmatch(text)
    if match is None:
        raise BadValue(f"{what} {text} is not a time of day PracticeDesk can read.")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if half := match["half"]:
        if not 1 <= hour <= 12:
            raise BadValue(f"{what} {text} is not a real time.")
        hour = hour % 12 + (12 if half[0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadValue(f"{what} {text} is not a real time.")
    return time(hour, minute)


def day_and_time(
    date_text: str, time_text: str, *, day_first: bool, what: str, time_what: str = "The time"
) -> tuple[date, time | None]:
    """A day with the time written after it ("2026-07-31 08:30:00", "7/31/2026 8:30 AM") or
    in a column of its own; the time is None when neither gives one. `what` and `time_what`
    name the two in a reason: "The visit's date", "The visit's time"."""
    text = date_text.strip()
    match = _DATE_AND_TIME.fullmatch(text)
    date_part, time_part = (match["date"], match["time"]) if match else (text, None)
    found = calendar_date(date_part, day_first=day_first, what=what)
    typed_time = time_text.strip() or (time_part or "").strip()
    if not typed_time:
        return found, None
    return found, wall_time(typed_time, what=time_what)


def minutes(typed: str, *, what: str = "The visit's length") -> int:
    """ "30", "30 min", "1:30", "1h 30m", "1.5 hours", or a time pattern "//XXXX//" (5
    minutes a character): the length in minutes."""
    text = typed.strip()
    if _PATTERN.fullmatch(text) and not text.isdigit():
        return len(text) * PATTERN_STEP_MINUTES
    if match := _CLOCK_LENGTH.fullmatch(text):
        return int(match[1]) * 60 + int(match[2])
    match = _WORDS_LENGTH.fullmatch(text.casefold())
    if match and (match["hours"] or match["minutes"]):
        hours = Decimal(match["hours"] or 0)
        return int(hours * 60) + int(match["minutes"] or 0)
    raise BadValue(f"{what} {text} is not a number of minutes (such as 30, 1:30 or 45 min).")


def cents(typed: str, *, what: str) -> int:
    """An amount of money as exports write it: "1,234.50", "$-12", "(12.00)" (a negative in
    accounting style), "33.330000" (a database's double): cents, never a float. More than
    two decimals are refused unless they are zeros: money is not rounded on a guess."""
    text = typed.strip().replace("$", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if text.startswith(("-", "−")):
        negative, text = not negative, text[1:]
    if text.endswith("-"):  # "12.00-", as some older reports print credits
        negative, text = not negative, text[:-1]
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"{what} {typed.strip()} is not an amount of money.") from None
    if not value.is_finite():
        raise BadValue(f"{what} {typed.strip()} is not an amount of money.")
    amount = value * 100
    if amount != amount.to_integral_value():
        raise BadValue(f"{what} {typed.strip()} has more than two digits after the point.")
    result = int(amount) * (-1 if negative else 1)
    if abs(result) > MAX_CENTS:
        raise BadValue(f"{what} {typed.strip()} is more than PracticeDesk accepts.")
    return result


def percent(typed: str, *, what: str) -> int:
    """ "80", "80%", "0.8" (a fraction, as spreadsheets keep percentages): 0 to 100."""
    text = typed.strip().removesuffix("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadValue(f"{what} {typed.strip()} is not a percentage.") from None
    if not value.is_finite():
        raise BadValue(f"{what} {typed.strip()} is not a percentage.")
    if "%" not in typed and Decimal(0) < value <= Decimal(1) and "." in text:
        value *= 100
    if value != value.to_integral_value() or not 0 <= value <= 100:
        raise BadValue(f"{what} {typed.strip()} is not a whole percentage from 0 to 100.")
    return int(value)


def interval(typed: str, *, what: str = "The recall interval") -> tuple[int, int]:
    """(months, days) from "6 months", "6m1d", "1 year", "3" (months), or Open Dental's
    packed number (days, weeks, months and years in its four bytes)."""
    text = typed.strip().casefold()
    if text.isdigit():
        number = int(text)
        if number <= 120:
            return _checked_interval(number, 0, typed, what)
        years, months = number >> 24 & 0xFF, number >> 16 & 0xFF
        weeks, days = number >> 8 & 0xFF, number & 0xFF
        return _checked_interval(years * 12 + months, weeks * 7 + days, typed, what)
    totals = {"years": 0, "months": 0, "weeks": 0, "days": 0}
    rest = text.replace(",", " ").replace("and", " ").replace("+", " ")
    parts = _INTERVAL_PART.findall(rest)
    if not parts or re.sub(r"\s+", "", rest) != "".join(n + u for n, u in parts):
        raise BadValue(f"{what} {typed.strip()} is not an interval (such as 6 months or 1 year).")
    for number, unit in parts:
        if unit not in _INTERVAL_UNITS:
            raise BadValue(f"{what} {typed.strip()} has a unit PracticeDesk does not know.")
        totals[_INTERVAL_UNITS[unit]] += int(number)
    months = totals["years"] * 12 + totals["months"]
    return _checked_interval(months, totals["weeks"] * 7 + totals["days"], typed, what)


def _checked_interval(months: int, days: int, typed: str, what: str) -> tuple[int, int]:
    if not (months or days) or months > 120 or days > 120:
        raise BadValue(
            f"{what} {typed.strip()} is not an interval PracticeDesk keeps (a day to 10 years)."
        )
    return months, days


_RELATIONS = {
    "self": "self", "patient": "self", "insured": "self", "subscriber": "self", "same": "self",
    "spouse": "spouse", "husband": "spouse", "wife": "spouse", "partner": "spouse",
    "lifepartner": "spouse", "domesticpartner": "spouse",
    "child": "child", "son": "child", "daughter": "child", "dependent": "child",
    "dependant": "child", "handicapdep": "child", "stepchild": "child",
    "employee": "other", "signifother": "other", "injuredplaintiff": "other", "other": "other",
    "parent": "other", "guardian": "other",
}  # fmt: skip
# Open Dental's Relat numbers: Self, Spouse, Child, Employee, HandicapDep, SignifOther,
# InjuredPlaintiff, LifePartner, Dependent.
_RELATION_NUMBERS = ("self", "spouse", "child", "other", "child", "other", "other", "spouse",
                     "child")  # fmt: skip


def relationship(typed: str) -> str:
    """The patient's relation to the subscriber as PracticeDesk keeps it: self, spouse, child
    or other. Empty is self: the patient holds the policy."""
    text = typed.strip()
    if not text:
        return "self"
    if text.isdigit():
        number = int(text)
        if number < len(_RELATION_NUMBERS):
            return _RELATION_NUMBERS[number]
        raise BadValue(f"The relationship {text} is not one of the old system's numbers (0–8).")
    key = "".join(ch for ch in text.casefold() if ch.isalpha())
    if key in _RELATIONS:
        return _RELATIONS[key]
    raise BadValue(
        f"The relationship {text} is not one PracticeDesk knows (self, spouse, child, other)."
    )


_RANKS = {"primary": 1, "secondary": 2, "tertiary": 3, "third": 3, "quaternary": 4,
          "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}  # fmt: skip


def rank(typed: str) -> int:
    """Which policy it is: 1 (primary) to 4; empty is primary."""
    text = typed.strip().casefold()
    if not text:
        return 1
    number = int(text) if text.isdigit() else _RANKS.get(text)
    if number is None or not 1 <= number <= 4:
        raise BadValue(
            f"The policy's order {typed.strip()} is not primary, secondary, third or fourth "
            "(1 to 4)."
        )
    return number


def moment(typed: str, *, day_first: bool, what: str) -> tuple[date, time] | None:
    """A stamped moment (checked in at, seated at); None when the old system left it unset."""
    if is_no_date(typed):
        return None
    found, at = day_and_time(typed, "", day_first=day_first, what=what, time_what=what)
    return (found, at) if at is not None else None
