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
    """Due when the next visit is within `window_days` and the policy was not verified in the
    `window_days` before it (never verified counts as not verified). A visit further off is
    not due yet: a check made now would be stale by then, so asking for it only adds noise."""
    if next_visit is None or next_visit < today:
        return False
    opens = next_visit - timedelta(days=window_days)
    if today < opens:
        return False
    return last_verified is None or last_verified < opens


def overdue(due_on: date | None, done: bool, today: date) -> bool:
    return due_on is not None and not done and due_on < today
