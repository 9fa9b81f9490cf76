"""Recall: when a patient is due back, and where they stand on the coordinator's call list.

A recall is due its interval after the last completed visit of a type that satisfies it
("hygiene every 6 months" is satisfied by a cleaning, whether booked as a hygiene visit or a
new-patient exam). Months are calendar months, clamped to the month's end: a cleaning on
31 August is due again on the last day of February, not in March. A patient's own interval
(the owner's override) replaces the recall type's. A due date *carried over* from the system
the practice moved from stands until a satisfying visit is completed after the day that system
gave it: the old system knew visits PracticeDesk may never be told of. Pure: the caller reads
the visits.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), or the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class RecallRule:
    interval_months: int
    interval_days: int = 0

    def __post_init__(self) -> None:
        if self.interval_months < 0 or self.interval_days < 0:
            raise ValueError("a recall interval is never negative")
        if not (self.interval_months or self.interval_days):
            raise ValueError("a recall interval is at least a day")

    def after(self, day: date) -> date:
        return add_months(day, self.interval_months) + timedelta(days=self.interval_days)


@dataclass(frozen=True, slots=True)
class CarriedDue:
    """The due date another system gave, and the day it gave it (its export's day)."""

    due: date
    as_of: date


def due_date(
    last_done: date | None,
    rule: RecallRule,
    override: RecallRule | None = None,
    first_due: date | None = None,
    carried: CarriedDue | None = None,
) -> date | None:
    """When the recall is next due; for a patient who never had such a visit, `first_due`
    (say, the day they registered), and None when there is neither. A `carried` due date
    wins until a satisfying visit is completed after its day."""
    if carried is not None and (last_done is None or last_done <= carried.as_of):
        return carried.due
    if last_done is None:
        return first_due
    return (override or rule).after(last_done)


def last_satisfying(
    visits: Iterable[tuple[date, uuid.UUID, bool]], satisfying: frozenset[uuid.UUID]
) -> date | None:
    """The day of the latest completed visit (day, appointment type, completed) whose type
    satisfies the recall. A booked or missed visit does not count."""
    return max(
        (day for day, type_id, completed in visits if completed and type_id in satisfying),
        default=None,
    )


class RecallState(StrEnum):
    OFF = "off"  # turned off for this patient: moved away, sees another dentist
    SCHEDULED = "scheduled"  # a satisfying visit is booked today or later
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    DUE = "due"
    OVERDUE = "overdue"


def recall_state(
    due: date | None,
    *,
    today: date,
    booked_on: date | None,
    turned_off: bool,
    soon_days: int = 30,
    overdue_after_days: int = 0,
) -> RecallState:
    """Where a recall stands today, each state a row on the recall list or none.

    In order: off wins over everything; a booked visit (today or later) makes it scheduled;
    then by the due date: *overdue* when it passed more than `overdue_after_days` ago; *due*
    when it is in the grace, today, or later this calendar month (the coordinator calls
    "due this month" patients now); *due soon* when it is within `soon_days` of today; else
    *not due*. A recall with no due date is not due. A booked visit in the past (missed,
    never checked out) does not count as scheduled.
    """
    if turned_off:
        return RecallState.OFF
    if booked_on is not None and booked_on >= today:
        return RecallState.SCHEDULED
    if due is None:
        return RecallState.NOT_DUE
    if (today - due).days > overdue_after_days:
        return RecallState.OVERDUE
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if due <= month_end:
        return RecallState.DUE
    if (due - today).days <= soon_days:
        return RecallState.DUE_SOON
    return RecallState.NOT_DUE
