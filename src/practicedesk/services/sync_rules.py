"""What a merge may break across rows, found after it and handed to a person as a task.

Two PCs booking one chair (or one provider) at one time, or registering one patient twice,
merge into both records; here each such pair becomes a task in the practice's task list,
never a silent merge or deletion. The task's id is derived from the pair, so the two PCs that
both notice it make one task between them, not two. Search words, which each PC works out
itself, are recomputed here for every patient whose name, birth date or phones arrived.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.duplicates import similar_names
from practicedesk.services.patients import refresh_search_text
from practicedesk.store.models import (
    Appointment,
    Patient,
    PatientPhone,
    Provider,
    Room,
    Task,
)
from practicedesk.store.sync_log import RowKey

Problem = tuple[str, tuple[uuid.UUID, ...], uuid.UUID | None]  # task title, rows, patient
_INACTIVE = ("cancelled", "no_show")
_NAMESPACE = uuid.UUID("6f1c2a4e-2b7d-4d0e-9a51-7c3f5e8b9d10")


def after_merge(session: Session, written: set[RowKey]) -> list[str]:
    """Recompute derived fields and make tasks for the problems; returns the problems."""
    patients = {uuid.UUID(row) for table, row in written if table == "patient"}
    phones = [uuid.UUID(row) for table, row in written if table == "patient_phone"]
    if phones:
        owners = select(PatientPhone.patient_id).where(PatientPhone.id.in_(phones))
        patients |= {owner for owner in session.scalars(owners) if owner is not None}
    for patient_id in patients:
        patient = session.get(Patient, patient_id)
        if patient is not None:
            refresh_search_text(session, patient)
    visits = [uuid.UUID(row) for table, row in written if table == "appointment"]
    problems = _double_bookings(session, visits) + _duplicate_patients(session, patients)
    made: list[str] = []
    taken: set[uuid.UUID] = set()
    for title, ids, about in problems:
        task_id = uuid.uuid5(_NAMESPACE, "|".join(sorted(map(str, ids))))
        if task_id not in taken and session.get(Task, task_id) is None:
            taken.add(task_id)
            session.add(
                Task(
                    id=task_id,
                    patient_id=about,
                    title=title,
                    due_on=None,
                    assignee_id=None,
                    created_by="sync",
                    done_at=None,
                    done_by="",
                    notes="Found when the practice's PCs shared their changes.",
                )
            )
            made.append(title)
    session.flush()
    return made


def _double_bookings(session: Session, visits: Iterable[uuid.UUID]) -> list[Problem]:
    found: list[Problem] = []
    for visit_id in visits:
        visit = session.get(Appointment, visit_id)
        if visit is None or visit.deleted_at is not None or visit.status in _INACTIVE:
            continue
        ends = visit.starts_at + timedelta(minutes=visit.minutes)
        others = session.scalars(
            select(Appointment).where(
                Appointment.id != visit.id,
                Appointment.deleted_at.is_(None),
                Appointment.status.not_in(_INACTIVE),
                Appointment.starts_at < ends,
                Appointment.starts_at > visit.starts_at - timedelta(hours=12),
                (Appointment.room_id == visit.room_id)
                | (Appointment.provider_id == visit.provider_id),
            )
        )
        for other in others:
            if other.starts_at + timedelta(minutes=other.minutes) <= visit.starts_at:
                continue
            if visit.booked_over or other.booked_over:
                continue  # someone booked over it knowingly
            same_room = visit.room_id is not None and visit.room_id == other.room_id
            where = (
                _name(session, Room, visit.room_id)
                if same_room
                else _name(session, Provider, visit.provider_id)
            )
            first = min(visit.starts_at, other.starts_at).astimezone()
            found.append(
                (
                    f"Double booking from two PCs: {where} at {first:%H:%M} on "
                    f"{first:%d %b %Y} — move one visit in the appointment book",
                    (visit.id, other.id),
                    visit.patient_id,
                )
            )
    return found


def _duplicate_patients(session: Session, patients: Iterable[uuid.UUID]) -> list[Problem]:
    found: list[Problem] = []
    for patient_id in patients:
        row = session.get(Patient, patient_id)
        if row is None or row.deleted_at is not None or row.merged_into is not None:
            continue
        alike = session.scalars(
            select(Patient).where(
                Patient.id != row.id,
                Patient.deleted_at.is_(None),
                Patient.merged_into.is_(None),
                Patient.date_of_birth == row.date_of_birth,
            )
        )
        for other in alike:
            if row.date_of_birth is None:
                break
            if similar_names((row.first_name, row.last_name), (other.first_name, other.last_name)):
                found.append(
                    (
                        f"Possibly one patient registered twice: {row.first_name} "
                        f"{row.last_name} (chart {row.chart_number}) and {other.first_name} "
                        f"{other.last_name} (chart {other.chart_number}) — compare and merge "
                        "them in Patients",
                        (row.id, other.id),
                        row.id,
                    )
                )
        if row.chart_number is not None:
            twin = session.scalar(
                select(Patient).where(
                    Patient.id != row.id,
                    Patient.chart_number == row.chart_number,
                    Patient.deleted_at.is_(None),
                )
            )
            if twin is not None:
                found.append(
                    (
                        f"Two patients have chart number {row.chart_number} (made on two "
                        "PCs) — give one a new number in its chart",
                        (row.id, twin.id, uuid.UUID(int=row.chart_number)),
                        row.id,
                    )
                )
    return found


def _name(session: Session, model: type[Room] | type[Provider], row_id: uuid.UUID | None) -> str:
    name = session.scalar(select(model.name).where(model.id == row_id)) if row_id else None
    return name or "a chair"


def describe_row(session: Session, table: str, row_id: uuid.UUID) -> str:
    """The record a conflict is on, as the front desk would name it."""
    if table == "patient":
        row = session.get(Patient, row_id)
        if row is not None:
            return f"Patient {row.first_name} {row.last_name} (chart {row.chart_number})"
    if table == "appointment":
        visit = session.get(Appointment, row_id)
        if visit is not None:
            patient = session.get(Patient, visit.patient_id)
            who = f"{patient.first_name} {patient.last_name}" if patient else "a patient"
            return f"Visit of {who} on {visit.starts_at.astimezone():%d %b %Y %H:%M}"
    record: PatientPhone | Task | None = None
    if table == "patient_phone":
        record = session.get(PatientPhone, row_id)
    elif table == "task":
        record = session.get(Task, row_id)
    patient = session.get(Patient, record.patient_id) if record and record.patient_id else None
    if patient is not None:
        kind = "Phone" if table == "patient_phone" else "Task"
        return f"{kind} of {patient.first_name} {patient.last_name}"
    return f"{table.replace('_', ' ').capitalize()} record"
