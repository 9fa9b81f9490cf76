"""Weekly working hours in the practice's local time, turned into real instants.

Hours are kept as wall-clock times per weekday ("Tuesday 08:00–12:00, 13:00–17:00") and
converted day by day in the practice's time zone, so 8:00 stays 8:00 across a daylight-saving
change. Exceptions (time off, holidays, closures) are instants and are cut out afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.spans import Span, merge, subtract


@dataclass(frozen=True, slots=True)
class DailyHours:
    weekday: int  # Monday is 0, as date.weekday()
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
        if self.end <= self.start:
            raise ValueError("working hours must end after they start")


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a wall clock in `zone` shows `at` on `day`.

    In the skipped hour of a spring change the clock jumps: 2:30 becomes 3:30. In the
    repeated hour of an autumn change the first (summer-time) occurrence is meant.
    """
    naive = datetime.combine(day, at)
    instant = naive.replace(tzinfo=zone, fold=0)
    round_trip = instant.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:  # a time that does not exist that day
        instant = (naive + timedelta(hours=1)).replace(tzinfo=zone, fold=0)
    return instant.astimezone(ZoneInfo("UTC"))


def clock_words(moment: datetime, zone: ZoneInfo) -> str:
    """ "9:00 AM": a moment's time of day where the practice is, as printed pages say it."""
    return moment.astimezone(zone).strftime("%I:%M %p").lstrip("0")


def day_span(day: date, zone: ZoneInfo) -> Span:
    """The whole local day, which may be 23 or 25 hours long."""
    return Span(
        local_instant(day, time(0), zone), local_instant(day + timedelta(days=1), time(0), zone)
    )


def working_spans(
    weekly: Sequence[DailyHours],
    first_day: date,
    last_day: date,
    zone: ZoneInfo,
    exceptions: Iterable[Span] = (),
) -> list[Span]:
    """Every span worked between two local dates (inclusive), minus the exceptions."""
    by_weekday: dict[int, list[DailyHours]] = {}
    for hours in weekly:
        by_weekday.setdefault(hours.weekday, []).append(hours)
    spans = []
    day = first_day
    while day <= last_day:
        for hours in by_weekday.get(day.weekday(), []):
            spans.append(
                Span(local_instant(day, hours.start, zone), local_instant(day, hours.end, zone))
            )
        day += timedelta(days=1)
    return subtract(merge(spans), exceptions)
