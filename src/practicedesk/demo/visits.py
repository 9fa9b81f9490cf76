"""The demo practice's visits: a believable past year and the months ahead.

Each provider's working day is filled from its start with visits of the types they take,
leaving a gap before about a fifth of them so the book is about 85% full. Past visits mostly
ended in check-out, some in a no-show or a cancellation; near-future ones are partly
confirmed; today's show a live front desk (done, seated, waiting, expected). A share of the
patients are newcomers who first come some time during the period, so new patients arrive
month by month rather than all on its first day. Patients wait longer in the late morning and
late afternoon, when the day's delays have built up. Everything comes from the given random
generator, so a seed gives the same practice.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import NewAppointment, RecordedVisit

_CANCEL_REASONS = (
    "patient called, ill",
    "patient called, work conflict",
    "rescheduled by the office",
    "transport problem",
    "family emergency",
)
_CONFIRM_BY = ("text", "phone", "email")


@dataclass(frozen=True, slots=True)
class Column:
    """A provider, the chair they work in, and the visit types they take with their weights."""

    provider_id: uuid.UUID
    room_id: uuid.UUID
    types: Sequence[tuple[uuid.UUID, int, int]]  # (type id, minutes, weight)


def generate_visits(
    rng: random.Random,
    columns: Sequence[Column],
    working: dict[uuid.UUID, list[Span]],
    patients: Sequence[uuid.UUID],
    now: datetime,
    *,
    fill: float = 0.8,
    step_minutes: int = 15,
    newcomers: float = 0.3,
    joined: dict[uuid.UUID, datetime] | None = None,
    confirm_until: datetime | None = None,
) -> list[RecordedVisit]:
    """The visits; `joined` says when each newcomer joins (the demo plans its registrations),
    or else `newcomers` of the patients join at some moment of the period. Most visits that
    start before `confirm_until` (by default three days from `now`) are confirmed already:
    the desk confirms the next working days, which after a Friday or before a holiday lie
    further off."""
    confirm_until = confirm_until or now + timedelta(days=3)
    visits: list[RecordedVisit] = []
    patient_busy: dict[uuid.UUID, list[Span]] = {}
    starts = [span.start for spans in working.values() for span in spans]
    first = min(starts, default=now)
    reach = max(now - first, timedelta(0))
    # A newcomer's first visit may not come before the day they join.
    if joined is None:
        joined = {
            patient: first + reach * rng.random()
            for patient in patients
            if rng.random() < newcomers
        }
    for column in columns:
        weights = [weight for _, _, weight in column.types]
        for span in working.get(column.provider_id, []):
            cursor = span.start
            while cursor < span.end:
                if rng.random() > fill:  # an empty slot
                    cursor += timedelta(minutes=step_minutes * rng.choice((1, 1, 2)))
                    continue
                type_id, minutes, _ = rng.choices(column.types, weights)[0]
                visit_span = Span.of(cursor, minutes)
                if visit_span.end > span.end:
                    break
                patient = _free_patient(rng, patients, patient_busy, visit_span, joined)
                if patient is not None:
                    visit = NewAppointment(
                        patient, column.provider_id, column.room_id, cursor, minutes, type_id
                    )
                    late = _running_late(visit_span.start - span.start)
                    visits.append(_outcome(rng, visit, visit_span, now, late, confirm_until))
                cursor = visit_span.end
    return visits


def _free_patient(
    rng: random.Random,
    patients: Sequence[uuid.UUID],
    busy: dict[uuid.UUID, list[Span]],
    span: Span,
    joined: dict[uuid.UUID, datetime],
) -> uuid.UUID | None:
    for _ in range(6):
        patient = rng.choice(patients)
        if patient in joined and joined[patient] > span.start:
            continue
        taken = busy.setdefault(patient, [])
        if not any(other.overlaps(span) for other in taken[-4:]):
            taken.append(span)
            return patient
    return None


def _running_late(into_session: timedelta) -> int:
    """The most minutes a patient waits past their time: little first thing in a morning
    or an afternoon, more as its delays build up."""
    return 5 + round(4 * into_session.total_seconds() / 3600)


def _outcome(
    rng: random.Random,
    visit: NewAppointment,
    span: Span,
    now: datetime,
    late: int,
    confirm_until: datetime,
) -> RecordedVisit:
    booked_ahead = span.start - timedelta(days=rng.randint(2, 60))
    minute = timedelta(minutes=1)
    if span.end <= now:  # the past
        roll = rng.random()
        if roll < 0.05:
            return RecordedVisit(visit, VisitStatus.NO_SHOW, no_show_at=span.start + 15 * minute)
        if roll < 0.12:
            cancelled = span.start - timedelta(hours=rng.randint(2, 96))
            return RecordedVisit(
                visit,
                VisitStatus.CANCELLED,
                cancelled_at=max(cancelled, booked_ahead),
                cancel_reason=rng.choice(_CANCEL_REASONS),
            )
        arrived = span.start + rng.randint(-10, 8) * minute
        seated = max(arrived, span.start) + rng.randint(0, late) * minute
        return RecordedVisit(
            visit,
            VisitStatus.COMPLETED,
            confirmed_at=span.start - timedelta(days=1, hours=rng.randint(0, 8)),
            confirmed_via=rng.choice(_CONFIRM_BY),
            arrived_at=arrived,
            seated_at=seated,
            completed_at=min(span.end + rng.randint(-5, 10) * minute, now),
        )
    if span.start <= now:  # in the chair right now
        arrived = span.start - rng.randint(0, 10) * minute
        return RecordedVisit(
            visit,
            VisitStatus.SEATED,
            arrived_at=arrived,
            seated_at=min(span.start + rng.randint(0, 6) * minute, now),
        )
    if span.start - now < timedelta(minutes=20) and rng.random() < 0.6:  # in the waiting room
        return RecordedVisit(
            visit, VisitStatus.ARRIVED, arrived_at=now - rng.randint(1, 15) * minute
        )
    if rng.random() < 0.03:
        return RecordedVisit(
            visit, VisitStatus.CANCELLED, cancelled_at=now - timedelta(days=1),
            cancel_reason=rng.choice(_CANCEL_REASONS),
        )  # fmt: skip
    if span.start < confirm_until and rng.random() < 0.65:
        return RecordedVisit(
            visit,
            VisitStatus.CONFIRMED,
            confirmed_at=now - timedelta(hours=rng.randint(1, 30)),
            confirmed_via=rng.choice(_CONFIRM_BY),
        )
    return RecordedVisit(visit)
