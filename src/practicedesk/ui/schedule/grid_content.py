"""What the time grid draws: columns (a provider, a chair, or a day of one of them) and the
visits placed in them. Built from the services' plain values; the grid only paints."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.spans import Span
from practicedesk.services.schedule.records import AppointmentInfo


@dataclass(frozen=True, slots=True)
class GridColumn:
    key: uuid.UUID  # the provider or chair this column books into
    title: str
    colour: str
    day: date
    working: list[Span] = field(default_factory=list)
    is_provider: bool = True


@dataclass(frozen=True, slots=True)
class GridBlock:
    appointment: AppointmentInfo
    column: int
    unconfirmed: bool = False  # on the confirmation list: the coming days, not confirmed yet


@dataclass
class GridContent:
    zone: ZoneInfo
    columns: list[GridColumn]
    blocks: list[GridBlock]
    first_minute: int = 7 * 60  # local minutes from midnight shown at the top
    last_minute: int = 18 * 60
    step: int = 15

    def local_minutes(self, moment: datetime) -> int:
        local = moment.astimezone(self.zone)
        return local.hour * 60 + local.minute

    def instant(self, column: int, minutes: int) -> datetime:
        """The instant at `minutes` past local midnight on the column's day."""
        from practicedesk.domain.hours import local_instant

        day = self.columns[column].day
        return (
            local_instant(day, time(minutes // 60, minutes % 60), self.zone)
            if minutes < 1440
            else (local_instant(day + timedelta(days=1), time(0), self.zone))
        )


def visible_range(
    columns: list[GridColumn], zone: ZoneInfo, blocks: list[GridBlock]
) -> tuple[int, int]:
    """From an hour before the earliest work (or visit) to an hour after the latest."""
    starts, ends = [], []
    for column in columns:
        for span in column.working:
            starts.append(_minutes(span.start, zone))
            ends.append(_minutes(span.end, zone) or 1440)
    for block in blocks:
        starts.append(_minutes(block.appointment.starts_at, zone))
        ends.append(_minutes(block.appointment.ends_at, zone) or 1440)
    if not starts:
        return 7 * 60, 18 * 60
    first = max(0, (min(starts) // 60 - 1) * 60)
    last = min(24 * 60, (-(-max(ends) // 60) + 1) * 60)
    return first, max(last, first + 4 * 60)


def _minutes(moment: datetime, zone: ZoneInfo) -> int:
    local = moment.astimezone(zone)
    return local.hour * 60 + local.minute
