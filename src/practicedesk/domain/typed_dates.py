"""A day as a coordinator types it to jump the book there: the forms the patient search reads
(12/15/2026, 2026-12-15, 12152026), the short ones people use for the weeks ahead (12/15,
12/15/26), and steps from today (+7, -1, "today", "tomorrow")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from practicedesk.domain.search_terms import parse_birth_date

_MONTH_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}))?$")
_STEP = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwm]?)$")
_REACH_DAYS = 3660  # ten years either way: further is a typing slip
_WORDS = {"t": 0, "today": 0, "tomorrow": 1, "tm": 1, "yesterday": -1}


def parse_day(typed: str, today: date) -> date | None:
    """The day meant, or None when the text is not a day. A month and day without a year is
    the nearest such day (in December, 1/5 is next January's and 12/3 this week's)."""
    text = typed.strip().lower()
    if text in _WORDS:
        return today + timedelta(days=_WORDS[text])
    step = _STEP.match(text)
    if step:
        sign, count, unit = step.groups()
        days = int(count) * {"": 1, "d": 1, "w": 7, "m": 30}[unit]
        if days > _REACH_DAYS:
            return None
        return today + timedelta(days=days if sign == "+" else -days)
    full = parse_birth_date(text)
    if full is not None:
        return full
    short = _MONTH_DAY.match(text)
    if not short:
        return None
    month, day, year = int(short[1]), int(short[2]), short[3]
    try:
        if year is not None:
            return date(2000 + int(year), month, day)
        date(2000, month, day)  # a day some year has (2/29 too)
    except ValueError:
        return None
    candidates = []
    for near in range(today.year - 1, today.year + 4):  # four years ahead find a 2/29
        try:
            candidates.append(date(near, month, day))
        except ValueError:
            continue  # 2/29 in a year without it
    return min(candidates, key=lambda candidate: abs((candidate - today).days))
