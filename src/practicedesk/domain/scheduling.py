"""Scheduling conflicts: what is wrong with putting this visit at this time, in words.

Pure rules: the caller gathers the other bookings of the same day and the resolved working
hours, and gets back every conflict with a sentence a coordinator can act on. Booking over a
conflict is allowed only with an explicit "book anyway", which services/ records.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum

from practicedesk.domain.spans import Span, covered


@dataclass(frozen=True, slots=True)
class Booking:
    """One visit as the rules see it: who, with whom, where, when."""

    id: uuid.UUID | None
    patient_id: uuid.UUID
    provider_id: uuid.UUID
    room_id: uuid.UUID | None
    span: Span
    patient_name: str = ""


class ConflictKind(StrEnum):
    PROVIDER_BUSY = "provider busy"
    ROOM_BUSY = "room busy"
    PATIENT_BUSY = "patient busy"
    PROVIDER_NOT_WORKING = "provider not working"
    ROOM_CLOSED = "room closed"
    IN_THE_PAST = "in the past"
    WRONG_PROVIDER = "provider cannot take this type"


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    message: str
    other: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ScheduleContext:
    """What the rules need besides the other bookings; built by services/ for one query."""

    zone: tzinfo
    provider_hours: Mapping[uuid.UUID, list[Span]] = field(default_factory=dict)
    room_hours: Mapping[uuid.UUID, list[Span]] = field(default_factory=dict)
    provider_names: Mapping[uuid.UUID, str] = field(default_factory=dict)
    room_names: Mapping[uuid.UUID, str] = field(default_factory=dict)


def find_conflicts(
    candidate: Booking,
    others: Iterable[Booking],
    context: ScheduleContext,
    now: datetime,
) -> list[Conflict]:
    """Every reason this booking would be a problem; an empty list means it is fine."""
    conflicts: list[Conflict] = []
    provider = context.provider_names.get(candidate.provider_id, "The provider")
    room = context.room_names.get(candidate.room_id, "The chair") if candidate.room_id else ""
    if candidate.span.start < now:
        conflicts.append(Conflict(ConflictKind.IN_THE_PAST, "This time is already in the past."))
    for other in others:
        if other.id is not None and other.id == candidate.id:
            continue
        if not other.span.overlaps(candidate.span):
            continue
        when = _clock(other.span, context.zone)
        who = other.patient_name or "another patient"
        if other.provider_id == candidate.provider_id:
            conflicts.append(
                Conflict(
                    ConflictKind.PROVIDER_BUSY,
                    f"{provider} already sees {who} at {when}.",
                    other.id,
                )
            )
        if candidate.room_id is not None and other.room_id == candidate.room_id:
            conflicts.append(
                Conflict(ConflictKind.ROOM_BUSY, f"{room} is taken by {who} at {when}.", other.id)
            )
        if other.patient_id == candidate.patient_id:
            conflicts.append(
                Conflict(
                    ConflictKind.PATIENT_BUSY,
                    f"This patient already has a visit at {when} "
                    f"with {context.provider_names.get(other.provider_id, 'another provider')}.",
                    other.id,
                )
            )
    if not covered(candidate.span, context.provider_hours.get(candidate.provider_id, [])):
        conflicts.append(
            Conflict(
                ConflictKind.PROVIDER_NOT_WORKING,
                f"{provider} is not working then (outside working hours, or time off).",
            )
        )
    if candidate.room_id is not None and not covered(
        candidate.span, context.room_hours.get(candidate.room_id, [])
    ):
        conflicts.append(Conflict(ConflictKind.ROOM_CLOSED, f"{room} is not open then."))
    return conflicts


def _clock(span: Span, zone: tzinfo) -> str:
    start, end = span.start.astimezone(zone), span.end.astimezone(zone)
    return f"{_hm(start)}–{_hm(end)}"


def _hm(moment: datetime) -> str:
    return moment.strftime("%I:%M %p").lstrip("0").replace(":00 ", " ")
