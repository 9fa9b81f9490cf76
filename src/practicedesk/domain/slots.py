"""Finding free times: every start on the grid where provider, chair and patient are all free
and everyone is working, within the days and hours the patient prefers.

The caller passes the working spans already resolved for the search window
(domain/hours.py) and the bookings in it; this module only searches. Candidate starts lie on
the practice's grid (every `step_minutes` from local midnight), so answers look like times a
person would offer.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from practicedesk.domain.scheduling import Booking
from practicedesk.domain.spans import Span


@dataclass(frozen=True, slots=True)
class SlotRequest:
    minutes: int
    providers: Sequence[uuid.UUID]  # in order of preference; "any" is all that may take it
    rooms: Sequence[uuid.UUID]  # empty: no chair needed
    window: Span
    zone: ZoneInfo
    patient_id: uuid.UUID | None = None
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(7)))
    earliest: time | None = None  # local time of day the visit may start
    latest_end: time | None = None  # local time of day the visit must end by
    step_minutes: int = 15
    limit: int = 50


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    start: datetime
    provider_id: uuid.UUID
    room_id: uuid.UUID | None
    minutes: int

    @property
    def span(self) -> Span:
        return Span.of(self.start, self.minutes)


class _Busy:
    """Booked spans of one resource as sorted epoch seconds, for fast overlap questions."""

    def __init__(self, spans: Iterable[Span]) -> None:
        pairs = sorted((span.start.timestamp(), span.end.timestamp()) for span in spans)
        self._starts = [start for start, _ in pairs]
        self._ends = [end for _, end in pairs]
        self._longest = max((end - start for start, end in pairs), default=0.0)

    def is_free(self, start: float, end: float) -> bool:
        # Only bookings starting before `end`, and not too long before `start`, can overlap:
        # look at that short stretch of the sorted list.
        high = bisect.bisect_left(self._starts, end)
        low = bisect.bisect_left(self._starts, start - self._longest)
        return not any(self._ends[i] > start for i in range(low, high))


def free_slots(
    request: SlotRequest,
    bookings: Iterable[Booking],
    provider_hours: Mapping[uuid.UUID, list[Span]],
    room_hours: Mapping[uuid.UUID, list[Span]],
    now: datetime,
) -> list[Slot]:
    """The earliest free slots, soonest first, at most `request.limit` of them."""
    bookings = list(bookings)
    provider_busy = {
        p: _Busy(b.span for b in bookings if b.provider_id == p) for p in request.providers
    }
    room_busy = {r: _Busy(b.span for b in bookings if b.room_id == r) for r in request.rooms}
    patient_busy = _Busy(
        b.span for b in bookings if request.patient_id and b.patient_id == request.patient_id
    )
    # Day by day, every provider at once: once a day ends with `limit` slots found, no later
    # day can offer an earlier one, so the search stops there instead of combing N weeks.
    by_day: dict[object, list[tuple[uuid.UUID, Span]]] = {}
    for provider in request.providers:
        for working in provider_hours.get(provider, []):
            by_day.setdefault(working.start.astimezone(request.zone).date(), []).append(
                (provider, working)
            )
    found: list[Slot] = []
    for day in sorted(by_day):  # type: ignore[type-var]
        for provider, working in by_day[day]:
            for start in _grid_starts(working, request, now):
                begins = start.timestamp()
                ends = begins + request.minutes * 60
                if not provider_busy[provider].is_free(begins, ends):
                    continue
                if not patient_busy.is_free(begins, ends):
                    continue
                room = _free_room(
                    Span.of(start, request.minutes), request.rooms, room_hours, room_busy
                )
                if request.rooms and room is None:
                    continue
                found.append(Slot(start, provider, room, request.minutes))
        if len(found) >= request.limit:
            break
    found.sort(key=lambda slot: (slot.start, request.providers.index(slot.provider_id)))
    return found[: request.limit]


def _free_room(
    span: Span,
    rooms: Sequence[uuid.UUID],
    room_hours: Mapping[uuid.UUID, list[Span]],
    room_busy: Mapping[uuid.UUID, _Busy],
) -> uuid.UUID | None:
    begins, ends = span.start.timestamp(), span.end.timestamp()
    for room in rooms:
        if any(hours.contains(span) for hours in room_hours.get(room, [])) and room_busy[
            room
        ].is_free(begins, ends):
            return room
    return None


def _grid_starts(working: Span, request: SlotRequest, now: datetime) -> Iterable[datetime]:
    """Grid-aligned starts inside `working`, the request's window, days and hours."""
    first = max(working.start, request.window.start, now)
    last = min(working.end, request.window.end)
    step = timedelta(minutes=request.step_minutes)
    local = first.astimezone(request.zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    offset = (local - midnight) % step
    start = first if not offset else first + (step - offset)
    duration = timedelta(minutes=request.minutes)
    while start + duration <= last:
        local = start.astimezone(request.zone)
        if local.weekday() in request.weekdays and _within_hours(local, duration, request):
            yield start
        start += step


def _within_hours(local: datetime, duration: timedelta, request: SlotRequest) -> bool:
    if request.earliest is not None and local.time() < request.earliest:
        return False
    if request.latest_end is not None:
        end = (local + duration).time()
        if end > request.latest_end or (local + duration).date() != local.date():
            return False
    return True
