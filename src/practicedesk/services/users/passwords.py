"""The password rule as the UI sees it: a verdict to show while the user types."""

from __future__ import annotations

from collections.abc import Iterable

from practicedesk.errors import WeakPassword
from practicedesk.security.passwords import MIN_LENGTH, check_new_password

__all__ = ["MIN_LENGTH", "password_problem"]


def password_problem(password: str, context: Iterable[str] = ()) -> str | None:
    """Why this password would be refused, or None if it is acceptable."""
    try:
        check_new_password(password, context)
    except WeakPassword as exc:
        return exc.message
    return None
