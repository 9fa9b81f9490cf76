"""What waits for a person in Worklists → Reminders: reminders that failed (with the mail
server's reason), those that may or may not have gone (the program stopped while sending),
and the visits of patients who get no e-mail, to call instead.

A visit to call leaves the list once a call about it is logged (a confirmation or reminder
call), once it is confirmed, or once it has begun.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.reminders import queue
from practicedesk.store.models import Appointment, Communication, Patient, ReminderMessage

FAILED, UNSURE, TO_CALL = "failed", "unsure", "to call"
CALL_TOPICS = ("confirmation", "reminder")


@dataclass(frozen=True, slots=True)
class ReminderProblem:
    kind: str  # failed, unsure, to call
    message_id: uuid.UUID
    appointment_id: uuid.UUID
    patient_id: uuid.UUID
    name: str  # "Last, First"
    phone: str
    starts_at: datetime
    rule: str  # "2 days before at 10:00"
    reason: str  # the server's words, or why no e-mail goes
    attempts: int
    next_try_at: datetime | None  # when a failed one goes again by itself; None: not


def read_problems(session: Session, now: datetime) -> list[ReminderProblem]:
    rows = session.execute(
        select(ReminderMessage, Patient, Appointment.status)
        .join(Patient, Patient.id == ReminderMessage.patient_id)
        .join(Appointment, Appointment.id == ReminderMessage.appointment_id)
        .where(
            ReminderMessage.deleted_at.is_(None),
            ReminderMessage.status.in_([queue.FAILED, queue.UNSURE, queue.SKIPPED]),
            ReminderMessage.visit_starts_at > now,
            Appointment.starts_at == ReminderMessage.visit_starts_at,
            Appointment.deleted_at.is_(None),
            Appointment.status.in_(queue.REMINDED),
        )
        .order_by(ReminderMessage.visit_starts_at, ReminderMessage.send_at)
    ).all()
    called = _called(session, [row.appointment_id for row, _, _ in rows])
    found, listed = [], set()
    for row, patient, status in rows:
        if row.status == queue.SKIPPED:
            if (row.appointment_id in listed or row.appointment_id in called
                    or status == VisitStatus.CONFIRMED.value):  # fmt: skip
                continue
            listed.add(row.appointment_id)
            kind = TO_CALL
            reason = (
                "Has not agreed to e-mail reminders"
                if queue.valid_address(patient.email or "")
                else "No e-mail address"
            )
        else:
            kind, reason = (FAILED if row.status == queue.FAILED else UNSURE), row.last_error
        found.append(
            ReminderProblem(
                kind, row.id, row.appointment_id, patient.id,
                f"{patient.last_name}, {patient.first_name}", patient.phone,
                row.visit_starts_at or now, row.rule, reason, row.attempts, row.next_try_at,
            )
        )  # fmt: skip
    return found


def _called(session: Session, appointment_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(appointment_ids), 500):
        found.update(
            visit_id
            for (visit_id,) in session.execute(
                select(Communication.appointment_id).where(
                    Communication.deleted_at.is_(None),
                    Communication.kind == "call",
                    Communication.topic.in_(CALL_TOPICS),
                    Communication.appointment_id.in_(appointment_ids[start : start + 500]),
                )
            )
            if visit_id is not None
        )
    return found
