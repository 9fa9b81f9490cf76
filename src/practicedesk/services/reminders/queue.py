"""The reminder queue kept in step with the book: one row per visit and rule, made, moved on,
cancelled or brought back as the visits change, on whichever PC they changed.

The sending PC runs `reconcile` before every batch, so a visit booked, moved or cancelled on
another PC is seen as soon as sync brings it, and a restart or a crash loses nothing: the
queue is rows in the practice database, and working it out again is harmless. A row's id
is made from the visit and the rule (`message_id`), so a visit's reminders are the same
rows whatever PC makes them. Only the PC allowed to send calls this (services/reminders/
setup.py), so only one PC writes a row's status at a time.

Patients without an address, or who did not agree to e-mail, get a row too, "skipped": the
worklist lists their visits for a call instead.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from practicedesk.domain.reminder_text import rule_text
from practicedesk.domain.reminders import ReminderRule, send_times
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.store.models import Appointment, Patient, ReminderMessage

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
SKIPPED, CANCELLED, UNSURE = "skipped", "cancelled", "unsure"
PENDING = (QUEUED, FAILED, SKIPPED, UNSURE)  # not yet out, and not given up for good
REMINDED = (VisitStatus.SCHEDULED.value, VisitStatus.CONFIRMED.value)
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CHUNK = 500
LOOK_AHEAD_DAYS = 8  # a week of visits beyond the earliest reminder is queued, to be seen


@dataclass(frozen=True, slots=True)
class QueueReport:
    queued: int = 0  # new rows to send
    skipped: int = 0  # new rows for a call instead
    changed: int = 0  # rows moved on, brought back or switched between send and call
    cancelled: int = 0


def message_id(appointment_id: uuid.UUID, rule: ReminderRule) -> uuid.UUID:
    return uuid.uuid5(appointment_id, rule_text(rule))


def valid_address(text: str) -> bool:
    return bool(_ADDRESS.fullmatch(text))


def reachable(patient: Patient) -> bool:
    """A reminder may go by e-mail: an address, and the patient agreed."""
    return bool(patient.email_reminders and valid_address(patient.email or ""))


def reconcile(
    session: Session, rules: Sequence[ReminderRule], zone: ZoneInfo, now: datetime
) -> QueueReport:
    if not rules:
        return QueueReport()
    horizon = now + timedelta(days=max(rule.days_before for rule in rules) + LOOK_AHEAD_DAYS)
    visits = session.execute(
        select(Appointment, Patient)
        .join(Patient, Patient.id == Appointment.patient_id)
        .where(
            Appointment.deleted_at.is_(None),
            Appointment.status.in_(REMINDED),
            Appointment.starts_at > now,
            Appointment.starts_at <= horizon,
            Patient.deleted_at.is_(None),
            Patient.merged_into.is_(None),
            Patient.status != "deceased",
        )
    ).all()
    rows = _rows(session, [visit.id for visit, _ in visits])
    counts = {"queued": 0, "skipped": 0, "changed": 0, "cancelled": 0}
    for visit, patient in visits:
        targets = dict(send_times(visit.starts_at, rules, zone, now))
        ok = reachable(patient)
        status, address = (QUEUED, patient.email) if ok else (SKIPPED, "")
        for index, rule in enumerate(rules):
            row = rows.pop(message_id(visit.id, rule), None)
            if row is None:
                if index in targets:
                    session.add(
                        ReminderMessage(
                            id=message_id(visit.id, rule), appointment_id=visit.id,
                            patient_id=patient.id, rule=rule_text(rule), channel="email",
                            send_at=targets[index], to_address=address, status=status,
                            visit_starts_at=visit.starts_at,
                        )
                    )  # fmt: skip
                    counts["queued" if ok else "skipped"] += 1
            elif row.visit_starts_at != visit.starts_at or row.status == CANCELLED:
                if index in targets:
                    _start_over(row, status, address, targets[index], visit.starts_at)
                    counts["changed"] += 1
                elif row.status in PENDING:
                    _cancel(row, "The visit moved; this reminder's time had passed.")
                    counts["cancelled"] += 1
            elif _follow_chart(row, status, address):
                counts["changed"] += 1
    for row in rows.values():
        if row.status in PENDING:
            _cancel(row, "The visit was cancelled, moved or has begun.")
            counts["cancelled"] += 1
    return QueueReport(**counts)


def _rows(session: Session, visit_ids: list[uuid.UUID]) -> dict[uuid.UUID, ReminderMessage]:
    """The rows still waiting, and every row of the visits in view."""
    found: dict[uuid.UUID, ReminderMessage] = {}
    for chunk in _chunks(visit_ids) or [[]]:
        for row in session.scalars(
            select(ReminderMessage).where(
                ReminderMessage.deleted_at.is_(None),
                or_(
                    ReminderMessage.status.in_(PENDING),
                    ReminderMessage.appointment_id.in_(chunk),
                ),
            )
        ):
            found[row.id] = row
    return found


def _chunks(ids: list[uuid.UUID]) -> list[list[uuid.UUID]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


def _start_over(
    row: ReminderMessage, status: str, address: str, send_at: datetime, starts_at: datetime
) -> None:
    """A visit moved (or booked again): its reminder speaks of the new time, from scratch."""
    row.status, row.to_address, row.send_at, row.visit_starts_at = (
        status, address, send_at, starts_at,
    )  # fmt: skip
    row.attempts, row.last_error, row.sent_at, row.next_try_at, row.device = 0, "", None, None, ""


def _cancel(row: ReminderMessage, why: str) -> None:
    row.status, row.last_error, row.next_try_at = CANCELLED, why, None


def _follow_chart(row: ReminderMessage, status: str, address: str) -> bool:
    """A waiting row follows the chart: an address added, consent given or withdrawn. A
    failed one tries again when the address it failed on was corrected."""
    if row.status in (QUEUED, SKIPPED) and (row.status, row.to_address) != (status, address):
        row.status, row.to_address = status, address
        return True
    if row.status == FAILED and (status == SKIPPED or address != row.to_address):
        row.status, row.to_address, row.next_try_at = status, address, None
        return True
    return False
