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
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from practicedesk.domain.duplicates import similar_names
from practicedesk.domain.search_terms import patient_terms
from practicedesk.store.models import (
    Appointment,
    Patient,
    PatientPhone,
    Provider,
    Room,
    Task,
)
from practicedesk.store.sync_log import RowKey, synced_tables

_TABLES = synced_tables()

Problem = tuple[str, tuple[uuid.UUID, ...], uuid.UUID | None]  # task title, rows, patient
_INACTIVE = ("cancelled", "no-show")  # VisitStatus values that hold no time
_NAMESPACE = uuid.UUID("6f1c2a4e-2b7d-4d0e-9a51-7c3f5e8b9d10")


def after_merge(session: Session, written: set[RowKey]) -> list[str]:
    """Recompute derived fields and make tasks for the problems; returns the problems."""
    patients = {uuid.UUID(row) for table, row in written if table == "patient"}
    phones = [uuid.UUID(row) for table, row in written if table == "patient_phone"]
    if phones:
        owners = select(PatientPhone.patient_id).where(PatientPhone.id.in_(phones))
        patients |= {owner for owner in session.scalars(owners) if owner is not None}
    _refresh_search_words(session, patients)
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
                    # The same on every PC that notices it, whichever visit it took in.
                    min((visit, other), key=lambda booked: booked.id).patient_id,
                )
            )
    return found


def _duplicate_patients(session: Session, patients: set[uuid.UUID]) -> list[Problem]:
    """Pairs alike in name and birth date, and chart numbers given twice, among the patients
    that just arrived and those already here (read in bulk: a round may bring thousands)."""
    active = (Patient.deleted_at.is_(None), Patient.merged_into.is_(None))
    arrived = _patients(session, patients, *active)
    births = sorted({row.date_of_birth for row in arrived if row.date_of_birth is not None})
    numbers = sorted({row.chart_number for row in arrived if row.chart_number is not None})
    by_birth: dict[object, list[Patient]] = {}
    for start in range(0, len(births), 400):
        chunk = births[start : start + 400]
        for row in session.scalars(
            select(Patient).where(Patient.date_of_birth.in_(chunk), *active)
        ):
            by_birth.setdefault(row.date_of_birth, []).append(row)
    by_number: dict[int, list[Patient]] = {}
    for start in range(0, len(numbers), 400):
        numbered = numbers[start : start + 400]
        for row in session.scalars(
            select(Patient).where(Patient.chart_number.in_(numbered), *active)
        ):
            by_number.setdefault(row.chart_number or 0, []).append(row)
    found: list[Problem] = []
    for row in arrived:
        for other in by_birth.get(row.date_of_birth, []) if row.date_of_birth else []:
            if other.id != row.id and similar_names(
                (row.first_name, row.last_name), (other.first_name, other.last_name)
            ):
                # In id order, so every PC that notices the pair writes the same task.
                one, two = sorted((row, other), key=lambda patient: patient.id)
                found.append(
                    (
                        f"Possibly one patient registered twice: {one.first_name} "
                        f"{one.last_name} (chart {one.chart_number}) and {two.first_name} "
                        f"{two.last_name} (chart {two.chart_number}) — compare and merge "
                        "them in Patients",
                        (one.id, two.id),
                        one.id,
                    )
                )
        twins = [other for other in by_number.get(row.chart_number or 0, []) if other.id != row.id]
        if row.chart_number is not None and twins:
            found.append(
                (
                    f"Two patients have chart number {row.chart_number} (made on two PCs) — "
                    "give one a new number in its chart",
                    (row.id, twins[0].id, uuid.UUID(int=row.chart_number)),
                    min(row.id, twins[0].id),
                )
            )
    return found


def _patients(session: Session, ids: set[uuid.UUID], *where: Any) -> list[Patient]:
    wanted = sorted(ids)
    found: list[Patient] = []
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        found += session.scalars(select(Patient).where(Patient.id.in_(chunk), *where))
    return found


def _refresh_search_words(session: Session, ids: set[uuid.UUID]) -> None:
    """Each PC works out search words itself; written with Core, as derived data, unlogged."""
    rows = _patients(session, ids)
    phones: dict[uuid.UUID, list[str]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        numbers = select(PatientPhone.patient_id, PatientPhone.number).where(
            PatientPhone.patient_id.in_(chunk), PatientPhone.deleted_at.is_(None)
        )
        for patient_id, number in session.execute(numbers):
            phones.setdefault(patient_id, []).append(number)
    updates = []
    for row in rows:
        words = patient_terms(
            first=row.first_name,
            middle=row.middle_name,
            last=row.last_name,
            preferred=row.preferred_name,
            born=row.date_of_birth,
            phones=phones.get(row.id, []),
            chart_number=row.chart_number,
            email=row.email,
        )
        if words != row.search_text:
            updates.append({"key": row.id, "words": words})
    if updates:
        table = cast(Table, Patient.__table__)
        statement = (
            update(table)
            .where(table.c.id == bindparam("key"))
            .values(search_text=bindparam("words"))
        )
        session.connection().execute(statement, updates)
        session.expire_all()


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
    named = _TABLES.get(table)
    if named is not None:  # a chair, a provider, a user, a visit type: by its name
        for column in ("name", "display_name", "title"):
            if column in named.c:
                name = session.scalar(select(named.c[column]).where(named.c.id == row_id))
                if name:
                    return str(name)
    return f"{table.replace('_', ' ').capitalize()} record"
