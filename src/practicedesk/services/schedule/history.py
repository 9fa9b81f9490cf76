"""What a change to a visit leaves behind, in words: a line in the visit's own history (the
appointment dialog shows it) and an entry in the audit log, naming the time, provider and
chair, and any conflict that was booked over.

Writes inside the caller's transaction; the caller has checked the permission.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from practicedesk.domain.scheduling import Conflict
from practicedesk.services import audit
from practicedesk.services.context import Actor
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import Appointment, AppointmentEvent, Provider, Room
from practicedesk.store.models.base import utcnow


def add_event(session: Session, actor: Actor, row: Appointment, kind: str, summary: str) -> None:
    session.add(
        AppointmentEvent(
            appointment_id=row.id,
            at=utcnow(),
            username=actor.username,
            kind=kind,
            summary=summary,
        )
    )


def audit_visit(
    session: Session, actor: Actor, action: str, row: Appointment, summary: str
) -> None:
    audit.record(
        session,
        actor,
        action,
        summary,
        subject_type="appointment",
        subject_id=str(row.id),
        patient_id=row.patient_id,
    )


def describe(session: Session, row: Appointment) -> str:
    """When (local time), how long, with whom and where. `ScheduleService.move` compares the
    part before " with " to tell a resize from a move, so the time comes first."""
    zone = practice_zone(session)
    local = row.starts_at.astimezone(zone)
    provider = session.get(Provider, row.provider_id)
    room = session.get(Room, row.room_id) if row.room_id else None
    where = f" in {room.name}" if room else ""
    when = local.strftime("%a %b %d %I:%M %p").replace(" 0", " ")
    return f"{when} ({row.minutes} min) with {provider.name if provider else '?'}{where}"


def conflict_text(conflicts: list[Conflict]) -> str:
    return " ".join(c.message for c in conflicts)


def booked_over_note(conflicts: list[Conflict]) -> str:
    return f"; booked anyway over: {conflict_text(conflicts)}" if conflicts else ""
