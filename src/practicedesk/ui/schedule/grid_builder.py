"""Turning the services' days into grid content: one column per provider or chair for a day,
or one column per day for one provider or chair in a week. Visits on the confirmation list
(`unconfirmed`) are marked so the book shows them."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from practicedesk.services.practice.staff import ProviderInfo, RoomInfo
from practicedesk.services.schedule.records import AppointmentInfo, DaySchedule
from practicedesk.ui.schedule.grid_content import GridBlock, GridColumn, GridContent, visible_range


def _shown(visit: AppointmentInfo, show_cancelled: bool) -> bool:
    return show_cancelled or visit.status.holds_time


def day_content(
    day: DaySchedule,
    zone: ZoneInfo,
    providers: list[ProviderInfo],
    rooms: list[RoomInfo],
    *,
    by_room: bool,
    step: int,
    show_cancelled: bool,
    unconfirmed: frozenset[uuid.UUID] = frozenset(),
) -> GridContent:
    if by_room:
        columns = [
            GridColumn(
                room.id,
                room.name,
                room.colour,
                day.day,
                day.room_hours.get(room.id, []),
                is_provider=False,
            )
            for room in rooms
        ]
    else:
        columns = [
            GridColumn(p.id, p.name, p.colour, day.day, day.provider_hours.get(p.id, []))
            for p in providers
        ]
    index = {column.key: i for i, column in enumerate(columns)}
    blocks = []
    for visit in day.appointments:
        key = visit.room_id if by_room else visit.provider_id
        if key in index and _shown(visit, show_cancelled):
            blocks.append(GridBlock(visit, index[key], visit.id in unconfirmed))
    first, last = visible_range(columns, zone, blocks)
    return GridContent(zone, columns, blocks, first, last, step)


def week_content(
    days: list[DaySchedule],
    zone: ZoneInfo,
    resource: ProviderInfo | RoomInfo,
    *,
    is_provider: bool,
    step: int,
    show_cancelled: bool,
    unconfirmed: frozenset[uuid.UUID] = frozenset(),
) -> GridContent:
    columns = []
    for day in days:
        hours = (day.provider_hours if is_provider else day.room_hours).get(resource.id, [])
        columns.append(
            GridColumn(
                resource.id, _day_title(day.day), resource.colour, day.day, hours, is_provider
            )
        )
    blocks = []
    for index, day in enumerate(days):
        for visit in day.appointments:
            key = visit.provider_id if is_provider else visit.room_id
            if key == resource.id and _shown(visit, show_cancelled):
                blocks.append(GridBlock(visit, index, visit.id in unconfirmed))
    first, last = visible_range(columns, zone, blocks)
    return GridContent(zone, columns, blocks, first, last, step)


def _day_title(day: date) -> str:
    return day.strftime("%a %m/%d").replace(" 0", " ")


def column_target(
    content: GridContent, column: int, visit: AppointmentInfo
) -> tuple[uuid.UUID, uuid.UUID | None]:
    """Which provider and chair a visit dropped in `column` gets: the column's own resource,
    and the visit's other one unchanged."""
    target = content.columns[column]
    if target.is_provider:
        return target.key, visit.room_id
    return visit.provider_id, target.key
