"""The bookings near a proposed visit, found without looking at every visit in the book.

Checking 50,000 imported visits against a book of thousands, each against all, would take
minutes; `find_conflicts` (domain/scheduling.py) only needs the visits that could overlap
the proposed one and share its provider, chair or patient. They are filed by day here: a
visit is found under each day its time touches, and a proposal looks under its own days. The
rule is the same as the brute force's (a property test holds them together); only the
search is shorter.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, timedelta

from practicedesk.domain.scheduling import Booking
from practicedesk.domain.spans import Span


class BookIndex:
    def __init__(self) -> None:
        self._by_id: dict[uuid.UUID, Booking] = {}
        self._filed: dict[tuple[str, uuid.UUID, date], set[uuid.UUID]] = defaultdict(set)

    def add(self, booking: Booking) -> None:
        """File a booking; it needs an id (a proposal checked and then kept gets one)."""
        if booking.id is None:
            raise ValueError("a booking in the index needs an id")
        self.remove(booking.id)
        self._by_id[booking.id] = booking
        for key in _keys(booking):
            self._filed[key].add(booking.id)

    def remove(self, booking_id: uuid.UUID) -> None:
        """Take a booking out (a visit moved by the import is filed again where it went)."""
        old = self._by_id.pop(booking_id, None)
        if old is not None:
            for key in _keys(old):
                self._filed[key].discard(booking_id)

    def near(self, proposal: Booking) -> list[Booking]:
        """Every filed booking that overlaps `proposal` and shares its provider, chair or
        patient, in no particular order; a booking with the proposal's own id is not one."""
        found: set[uuid.UUID] = set()
        for key in _keys(proposal):
            found |= self._filed.get(key, set())
        if proposal.id is not None:
            found.discard(proposal.id)
        return [
            booking
            for booking in (self._by_id[i] for i in found)
            if booking.span.overlaps(proposal.span)
        ]


def _keys(booking: Booking) -> list[tuple[str, uuid.UUID, date]]:
    keys = []
    for day in _days(booking.span):
        keys.append(("provider", booking.provider_id, day))
        keys.append(("patient", booking.patient_id, day))
        if booking.room_id is not None:
            keys.append(("room", booking.room_id, day))
    return keys


def _days(span: Span) -> list[date]:
    """The UTC days the span touches (a visit is at most 12 hours long: one or two)."""
    first = span.start.astimezone(UTC).date()
    last = (span.end - timedelta(microseconds=1)).astimezone(UTC).date()
    days = [first]
    while days[-1] < last:
        days.append(days[-1] + timedelta(days=1))
    return days
