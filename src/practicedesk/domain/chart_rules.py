"""Rules the chart shows at a glance: age, whether insurance needs verifying before the next
visit, whether a task is overdue."""

from __future__ import annotations

from datetime import date, timedelta


def age_on(born: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)


def verification_due(
    next_visit: date | None, last_verified: date | None, window_days: int, today: date
) -> bool:
    """Due when a visit is coming and the policy was not verified within `window_days`
    before it (never verified counts as not verified)."""
    if next_visit is None or next_visit < today:
        return False
    if last_verified is None:
        return True
    return last_verified < next_visit - timedelta(days=window_days)


def overdue(due_on: date | None, done: bool, today: date) -> bool:
    return due_on is not None and not done and due_on < today
