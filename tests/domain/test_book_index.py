"""The book index finds exactly the visits the brute force would compare a proposal with."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.book_index import BookIndex
from practicedesk.domain.scheduling import Booking
from practicedesk.domain.spans import Span

START = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)  # evenings cross midnight in UTC
PEOPLE = [uuid.UUID(int=n) for n in range(1, 4)]
CHAIRS = [None, uuid.UUID(int=11), uuid.UUID(int=12)]


@st.composite
def bookings(draw: st.DrawFn, number: int) -> Booking:
    start = START + timedelta(minutes=15 * draw(st.integers(0, 400)))
    return Booking(
        uuid.UUID(int=1000 + number),
        draw(st.sampled_from(PEOPLE)),
        draw(st.sampled_from(PEOPLE)),
        draw(st.sampled_from(CHAIRS)),
        Span.of(start, draw(st.integers(5, 12 * 60))),
    )


@given(st.integers(0, 30).flatmap(lambda n: st.tuples(*[bookings(i) for i in range(n)])),
       bookings(9999), st.lists(st.integers(0, 29), max_size=5))  # fmt: skip
def test_near_finds_every_overlapping_visit_sharing_a_provider_chair_or_patient(
    book: tuple[Booking, ...], proposal: Booking, removed: list[int]
) -> None:
    index = BookIndex()
    for booking in book:
        index.add(booking)
    gone = {book[i].id for i in removed if i < len(book)}
    for booking_id in gone:
        assert booking_id is not None
        index.remove(booking_id)
    expected = {
        b.id
        for b in book
        if b.id not in gone
        and b.span.overlaps(proposal.span)
        and (b.provider_id == proposal.provider_id or b.patient_id == proposal.patient_id
             or (b.room_id is not None and b.room_id == proposal.room_id))
    }  # fmt: skip
    assert {b.id for b in index.near(proposal)} == expected
