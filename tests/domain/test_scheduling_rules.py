"""Conflicts and free slots, checked against brute force on random schedules."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from practicedesk.domain.hours import DailyHours, working_spans
from practicedesk.domain.recurrence import Recurrence, occurrences
from practicedesk.domain.scheduling import Booking, ConflictKind, ScheduleContext, find_conflicts
from practicedesk.domain.slots import SlotRequest, free_slots
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus, can_move, next_steps

ZONE = ZoneInfo("America/Chicago")
MONDAY = date(2026, 3, 2)
PROVIDERS = [uuid.UUID(int=i) for i in range(1, 3)]
ROOMS = [uuid.UUID(int=i) for i in range(11, 13)]
PATIENTS = [uuid.UUID(int=i) for i in range(21, 25)]
NOW = datetime(2026, 3, 1, tzinfo=UTC)
DAY_START = datetime.combine(MONDAY, time(8), tzinfo=ZONE).astimezone(UTC)
WEEKLY = [DailyHours(d, time(8), time(12)) for d in range(5)] + [
    DailyHours(d, time(13), time(17)) for d in range(5)
]


def _hours() -> dict[uuid.UUID, list[Span]]:
    spans = working_spans(WEEKLY, MONDAY, MONDAY + timedelta(days=1), ZONE)
    return dict.fromkeys([*PROVIDERS, *ROOMS], spans)


bookings = st.builds(
    lambda provider, room, patient, start, length: Booking(
        uuid.uuid4(),
        patient,
        provider,
        room,
        Span.of(DAY_START + timedelta(minutes=15 * start), 15 * length),
    ),
    st.sampled_from(PROVIDERS),
    st.sampled_from(ROOMS),
    st.sampled_from(PATIENTS),
    st.integers(0, 40),
    st.integers(1, 6),
)


def _context() -> ScheduleContext:
    hours = _hours()
    return ScheduleContext(
        zone=ZONE,
        provider_hours={p: hours[p] for p in PROVIDERS},
        room_hours={r: hours[r] for r in ROOMS},
    )


@given(bookings, st.lists(bookings, max_size=12))
def test_conflicts_agree_with_brute_force(candidate: Booking, others: list[Booking]) -> None:
    kinds = {c.kind for c in find_conflicts(candidate, others, _context(), NOW)}
    clash = [o for o in others if o.span.overlaps(candidate.span)]
    assert (ConflictKind.PROVIDER_BUSY in kinds) == any(
        o.provider_id == candidate.provider_id for o in clash
    )
    assert (ConflictKind.ROOM_BUSY in kinds) == any(o.room_id == candidate.room_id for o in clash)
    assert (ConflictKind.PATIENT_BUSY in kinds) == any(
        o.patient_id == candidate.patient_id for o in clash
    )
    working = _hours()[candidate.provider_id]
    inside = any(w.contains(candidate.span) for w in working)
    assert (ConflictKind.PROVIDER_NOT_WORKING in kinds) == (not inside)


def test_conflicts_are_explained_in_words() -> None:
    patient, other_patient = PATIENTS[0], PATIENTS[1]
    existing = Booking(
        uuid.uuid4(),
        other_patient,
        PROVIDERS[0],
        ROOMS[0],
        Span.of(DAY_START + timedelta(hours=1), 60),
        "Okafor, Bruno",
    )
    candidate = Booking(
        None,
        patient,
        PROVIDERS[0],
        ROOMS[0],
        Span.of(DAY_START + timedelta(hours=1, minutes=30), 30),
    )
    context = ScheduleContext(
        zone=ZONE,
        provider_hours=_context().provider_hours,
        room_hours=_context().room_hours,
        provider_names={PROVIDERS[0]: "Dr. Park"},
        room_names={ROOMS[0]: "Chair 1"},
    )
    messages = [c.message for c in find_conflicts(candidate, [existing], context, NOW)]
    assert "Dr. Park already sees Okafor, Bruno at 9 AM–10 AM." in messages
    assert "Chair 1 is taken by Okafor, Bruno at 9 AM–10 AM." in messages


def test_moving_a_visit_does_not_conflict_with_itself_and_the_past_is_flagged() -> None:
    visit = Booking(uuid.uuid4(), PATIENTS[0], PROVIDERS[0], ROOMS[0], Span.of(DAY_START, 30))
    moved = Booking(
        visit.id,
        visit.patient_id,
        visit.provider_id,
        visit.room_id,
        Span.of(DAY_START + timedelta(minutes=15), 30),
    )
    assert find_conflicts(moved, [visit], _context(), NOW) == []
    late = find_conflicts(moved, [visit], _context(), DAY_START + timedelta(hours=5))
    assert [c.kind for c in late] == [ConflictKind.IN_THE_PAST]


def _request(**changes: object) -> SlotRequest:
    values: dict[str, object] = {
        "minutes": 45,
        "providers": PROVIDERS,
        "rooms": ROOMS,
        "window": Span(DAY_START - timedelta(hours=2), DAY_START + timedelta(days=2)),
        "zone": ZONE,
        "patient_id": PATIENTS[0],
        "step_minutes": 15,
        "limit": 10_000,
    }
    values.update(changes)
    return SlotRequest(**values)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.lists(bookings, max_size=15), st.sampled_from([15, 30, 45, 60, 90]))
def test_every_slot_is_free_and_no_free_slot_is_missed(taken: list[Booking], minutes: int) -> None:
    hours = _hours()
    request = _request(minutes=minutes)
    found = free_slots(
        request, taken, {p: hours[p] for p in PROVIDERS}, {r: hours[r] for r in ROOMS}, NOW
    )
    context = _context()
    for slot in found:  # each answer is genuinely free
        booking = Booking(None, PATIENTS[0], slot.provider_id, slot.room_id, slot.span)
        assert find_conflicts(booking, taken, context, NOW) == []
    # brute force: every grid start, every provider, any room
    expected = set()
    start = request.window.start
    while start < request.window.end:
        for provider in PROVIDERS:
            for room in ROOMS:
                booking = Booking(None, PATIENTS[0], provider, room, Span.of(start, minutes))
                if not find_conflicts(booking, taken, context, NOW):
                    expected.add((start, provider))
                    break
        start += timedelta(minutes=15)
    assert {(slot.start, slot.provider_id) for slot in found} == expected


def test_slots_respect_preferred_days_and_times() -> None:
    hours = _hours()
    request = _request(weekdays=frozenset({1}), earliest=time(14), latest_end=time(16), limit=100)
    found = free_slots(
        request, [], {p: hours[p] for p in PROVIDERS}, {r: hours[r] for r in ROOMS}, NOW
    )
    assert found
    for slot in found:
        local = slot.start.astimezone(ZONE)
        assert local.weekday() == 1 and local.time() >= time(14)
        assert (slot.start + timedelta(minutes=45)).astimezone(ZONE).time() <= time(16)
    assert found == sorted(found)


def test_weekly_visits_keep_their_local_time_across_the_spring_change() -> None:
    first = datetime(2026, 2, 24, 9, 0, tzinfo=ZONE)  # a Tuesday before the change
    visits = occurrences(first, Recurrence(every_weeks=1, count=4), ZONE)
    assert [v.astimezone(ZONE).strftime("%m-%d %H:%M") for v in visits] == [
        "02-24 09:00", "03-03 09:00", "03-10 09:00", "03-17 09:00",
    ]  # fmt: skip
    assert visits[1] - visits[0] == timedelta(weeks=1)
    assert visits[2] - visits[1] == timedelta(weeks=1, hours=-1)


def test_recurrence_until_a_date_and_every_n_weeks() -> None:
    first = datetime(2026, 1, 6, 10, tzinfo=ZONE)
    visits = occurrences(first, Recurrence(every_weeks=2, until=date(2026, 3, 3)), ZONE)
    assert [v.astimezone(ZONE).date() for v in visits] == [
        date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3), date(2026, 2, 17), date(2026, 3, 3),
    ]  # fmt: skip


def test_the_visit_lifecycle() -> None:
    assert next_steps(VisitStatus.SCHEDULED) == [
        VisitStatus.CONFIRMED, VisitStatus.ARRIVED, VisitStatus.NO_SHOW, VisitStatus.CANCELLED,
    ]  # fmt: skip
    assert can_move(VisitStatus.ARRIVED, VisitStatus.SEATED)
    assert can_move(VisitStatus.SEATED, VisitStatus.COMPLETED)
    assert not can_move(VisitStatus.COMPLETED, VisitStatus.CANCELLED)
    assert can_move(VisitStatus.CANCELLED, VisitStatus.SCHEDULED)
    assert not VisitStatus.CANCELLED.holds_time and VisitStatus.SEATED.holds_time
