"""Closed days: which day each ledger entry counts on, the same on every PC.

Closing a day locks its report (the deposit slip has gone to the bank). With two PCs, one may
post a payment to a day that the other has closed meanwhile; the entry must not be lost, nor
slipped into a report already printed. So a close records *which entries it covered* (those
the closing PC had for that day), and an entry counts on the first day, from the day it was
posted, that is either still open or closed with the entry among those covered. An entry
moved this way is flagged for the owner.

Closes made on several PCs for one day are merged by the union of what they covered, so the
answer depends only on what every PC has received, never on the order it arrived in. Pure:
the caller reads the close rows and hands them over.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

Closes = Mapping[date, frozenset[uuid.UUID]]
"""Per closed day, the entries its closes covered."""


@dataclass(frozen=True, slots=True)
class DayClose:
    """One PC's close of one day."""

    day: date
    covers: frozenset[uuid.UUID]


def merge_closes(closes: Iterable[DayClose]) -> dict[date, frozenset[uuid.UUID]]:
    """Every closed day with the union of what its closes covered."""
    merged: dict[date, frozenset[uuid.UUID]] = {}
    for close in closes:
        merged[close.day] = merged.get(close.day, frozenset()) | close.covers
    return merged


def effective_day(entry_id: uuid.UUID, posted_on: date, closes: Closes) -> tuple[date, bool]:
    """The day the entry counts on, and whether it was moved there from `posted_on`."""
    day = posted_on
    while day in closes and entry_id not in closes[day]:
        day += timedelta(days=1)
    return day, day != posted_on


def posting_day(today: date, closed_days: Collection[date]) -> date:
    """The day a new entry is posted to: `today`, or the next open day if today is closed
    (a correction to a closed day goes on an open one, never into the closed report)."""
    day = today
    while day in closed_days:
        day += timedelta(days=1)
    return day


def covered_by_close(
    day: date, entries: Iterable[tuple[uuid.UUID, date]], closes: Closes
) -> frozenset[uuid.UUID]:
    """What a close of `day` made now covers: the entries (id, day posted) counting on it."""
    return frozenset(
        entry_id
        for entry_id, posted_on in entries
        if effective_day(entry_id, posted_on, closes)[0] == day
    )


def counted_in_two_closes(closes: Closes) -> dict[uuid.UUID, tuple[date, ...]]:
    """Entries that closes of different days both covered, with those days.

    It happens when two PCs close the same day before they meet, one with a late entry and
    one without: the second moves the entry on and may close the next day with it too. The
    entry counts once (on the first of those days), but the later day's printed report
    included it, so the owner is shown these.
    """
    days: dict[uuid.UUID, list[date]] = {}
    for day in sorted(closes):
        for entry_id in closes[day]:
            days.setdefault(entry_id, []).append(day)
    return {entry_id: tuple(found) for entry_id, found in days.items() if len(found) > 1}
