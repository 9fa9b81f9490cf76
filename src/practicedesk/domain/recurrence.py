"""Recurring visits: every N weeks at the same local time, N times or until a date.

Occurrences keep the wall-clock time in the practice's zone, so a 9:00 hygiene visit stays at
9:00 across daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.hours import local_instant

MAX_OCCURRENCES = 104  # two years of weekly visits


@dataclass(frozen=True, slots=True)
class Recurrence:
    every_weeks: int
    count: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.every_weeks <= 52:
            raise ValueError("repeat every 1 to 52 weeks")
        if (self.count is None) == (self.until is None):
            raise ValueError("give either a number of visits or an end date")
        if self.count is not None and not 1 <= self.count <= MAX_OCCURRENCES:
            raise ValueError(f"between 1 and {MAX_OCCURRENCES} visits")


def occurrences(first: datetime, rule: Recurrence, zone: ZoneInfo) -> list[datetime]:
    """The instants of every visit in the series, the first included, in UTC."""
    local = first.astimezone(zone)
    wall_time = local.time().replace(tzinfo=None)
    result: list[datetime] = []
    day = local.date()
    while len(result) < (rule.count or MAX_OCCURRENCES):
        if rule.until is not None and day > rule.until:
            break
        result.append(local_instant(day, wall_time, zone))
        day += timedelta(weeks=rule.every_weeks)
    return result
