"""Undoable changes to the book (QUndoStack): move, stretch, status, cancellation.

Each command knows how to do and undo itself through the services; the page runs them on the
database worker and shows any refusal (the slot was taken meanwhile) in the usual way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtGui import QUndoCommand

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession

Runner = Callable[[Callable[[], Any]], None]


class ScheduleCommand(QUndoCommand):
    def __init__(self, text: str, run: Runner, do: Callable[[], Any], undo: Callable[[], Any]):
        super().__init__(text)
        self._run, self._do, self._undo = run, do, undo

    def redo(self) -> None:
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)


def move_command(
    session: PracticeSession,
    run: Runner,
    visit: AppointmentInfo,
    *,
    starts_at: datetime,
    provider_id: uuid.UUID,
    room_id: uuid.UUID | None,
    minutes: int,
    book_anyway: bool,
) -> ScheduleCommand:
    """Where the visit was is read when the move runs, not when it was dragged, so undo puts
    it back where it really was even if the view was a moment out of date."""
    schedule = session.schedule
    before: dict[str, AppointmentInfo] = {}

    def do() -> Any:
        before["visit"] = schedule.get(visit.id)
        return schedule.move(
            visit.id, starts_at=starts_at, provider_id=provider_id, room_id=room_id,
            minutes=minutes, book_anyway=book_anyway,
        )  # fmt: skip

    def undo() -> Any:
        old = before["visit"]
        return schedule.move(
            old.id, starts_at=old.starts_at, provider_id=old.provider_id, room_id=old.room_id,
            minutes=old.minutes,
        )  # fmt: skip

    resized = starts_at == visit.starts_at and minutes != visit.minutes
    return ScheduleCommand("Change length" if resized else "Move visit", run, do, undo)


def status_command(
    session: PracticeSession,
    run: Runner,
    visit: AppointmentInfo,
    status: VisitStatus,
    *,
    via: str = "",
    reason: str = "",
) -> ScheduleCommand:
    schedule = session.schedule
    before: dict[str, VisitStatus] = {}

    def do() -> Any:
        before["status"] = schedule.get(visit.id).status
        return schedule.set_status(visit.id, status, via=via, reason=reason)

    def undo() -> Any:
        return schedule.revert_status(visit.id, before["status"])

    return ScheduleCommand(f"{status.label}: {visit.patient_name}", run, do, undo)
