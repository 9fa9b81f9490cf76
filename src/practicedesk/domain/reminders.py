"""When appointment reminders go out, and which days are the next working days.

A reminder rule is a wall-clock time on a day counted back from the visit's day, both in the
practice's time zone: "two days before at 10:00" is 10:00 on the Saturday for a Monday visit
even when the clocks change on the Sunday between. A time the spring change skips moves on
by the hour skipped; a time the autumn change repeats is the first of the two.

A visit booked late misses reminders whose time has passed. Sending them all at once would
greet the patient with two messages, and sending one an hour before the visit is no help, so
the missed ones become a single reminder sent now, only when the visit is still more than
`late_notice` away and no other reminder is still to come. Pure: the caller passes the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.hours import local_instant

LOOK_AHEAD_DAYS = 366
"""How far to look for a working day: a practice with no hours set must not hang the desk."""


@dataclass(frozen=True, slots=True)
class ReminderRule:
    days_before: int
    at: time  # wall-clock time in the practice's zone

    def __post_init__(self) -> None:
        if self.days_before < 0:
            raise ValueError("a reminder goes out before the visit")
        if self.at.tzinfo is not None:
            raise ValueError("a reminder's time is a wall-clock time in the practice's zone")


def send_times(
    visit_start: datetime,
    rules: Sequence[ReminderRule],
    zone: ZoneInfo,
    now: datetime,
    *,
    late_notice: timedelta = timedelta(hours=2),
) -> list[tuple[int, datetime]]:
    """(index of the rule, the instant to send), in order of sending, for one visit.

    A rule whose time would fall at or after the visit's start is dropped: a reminder of a
    visit already begun tells nobody anything.
    """
    if visit_start.tzinfo is None or now.tzinfo is None:
        raise ValueError("reminder times are worked out from aware datetimes")
    visit_day = visit_start.astimezone(zone).date()
    planned = [
        (index, local_instant(visit_day - timedelta(days=rule.days_before), rule.at, zone))
        for index, rule in enumerate(rules)
    ]
    planned = [(index, at) for index, at in planned if at < visit_start]
    to_come = [(index, at) for index, at in planned if at >= now]
    missed = [(index, at) for index, at in planned if at < now]
    if missed and not to_come and visit_start - now > late_notice:
        latest = max(missed, key=lambda pair: (pair[1], -pair[0]))
        to_come.append((latest[0], now))
    return sorted(to_come, key=lambda pair: (pair[1], pair[0]))


def next_working_days(today: date, count: int, is_working: Callable[[date], bool]) -> list[date]:
    """The first `count` working days after `today` (fewer if a year holds fewer)."""
    found: list[date] = []
    day = today
    for _ in range(LOOK_AHEAD_DAYS):
        if len(found) >= count:
            break
        day += timedelta(days=1)
        if is_working(day):
            found.append(day)
    return found


def next_working_day(day: date, is_working: Callable[[date], bool]) -> date:
    """The first working day after `day`; the next calendar day if none comes within a year,
    so a follow-up task is never lost for want of office hours."""
    found = next_working_days(day, 1, is_working)
    return found[0] if found else day + timedelta(days=1)
