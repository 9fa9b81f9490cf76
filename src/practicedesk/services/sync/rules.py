"""What a merge may break across rows, found after it and handed to a person as a task.

Two PCs booking one chair (or one provider) at one time, or registering one patient twice,
merge into both records; here each such pair becomes a task in the practice's task list,
never a silent merge or deletion. The task's id is derived from the pair, so the two PCs that
both notice it make one task between them, not two. Search words, which each PC works out
itself, are recomputed here for every patient whose name, birth date or phones arrived.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from practicedesk.domain.duplicates import similar_names
from practicedesk.domain.search_terms import patient_terms
from practicedesk.services.patients.chart_numbers import CHART_NUMBER_TASK, former_numbers
from practicedesk.services.schedule.setup import practice_zone
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

# Task title, the rows it is about, the patient it is filed under, and its kind (Task.kind).
Problem = tuple[str, tuple[uuid.UUID, ...], uuid.UUID | None, str]
_INACTIVE = ("cancelled", "no-show")  # VisitStatus values that hold no time
_NAMESPACE = uuid.UUID("6f1c2a4e-2b7d-4d0e-9a51-7c3f5e8b9d10")
_CHUNK = 400  # ids in one query
_LOOK_BACK = timedelta(hours=12)  # a visit that starts longer before is not compared
_VISIT = (
    Appointment.id,
    Appointment.patient_id,
    Appointment.provider_id,
    Appointment.room_id,
    Appointment.starts_at,
    Appointment.minutes,
    Appointment.status,
    Appointment.booked_over,
    Appointment.deleted_at,
)
_PATIENT = (
    Patient.id,
    Patient.first_name,
    Patient.middle_name,
    Patient.last_name,
    Patient.preferred_name,
    Patient.date_of_birth,
    Patient.chart_number,
    Patient.former_chart_numbers,
    Patient.email,
    Patient.search_text,
    Patient.deleted_at,
    Patient.merged_into,
)


def after_merge(session: Session, written: set[RowKey]) -> list[str]:
    """Recompute derived fields and make tasks for the problems; returns the problems."""
    patients = {uuid.UUID(row) for table, row in written if table == "patient"}
    phones = [uuid.UUID(row) for table, row in written if table == "patient_phone"]
    if phones:
        owners = select(PatientPhone.patient_id).where(PatientPhone.id.in_(phones))
        patients |= {owner for owner in session.scalars(owners) if owner is not None}
    arrived = _patients(session, patients)
    _refresh_search_words(session, arrived)
    visits = {uuid.UUID(row) for table, row in written if table == "appointment"}
    active = [row for row in arrived if row.deleted_at is None and row.merged_into is None]
    problems = _double_bookings(session, visits) + _duplicate_patients(session, active)
    made: list[str] = []
    taken: set[uuid.UUID] = set()
    for title, ids, about, kind in problems:
        task_id = uuid.uuid5(_NAMESPACE, "|".join(sorted(map(str, ids))))
        if task_id not in taken and session.get(Task, task_id) is None:
            taken.add(task_id)
            session.add(
                Task(
                    id=task_id,
                    kind=kind,
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


def _double_bookings(session: Session, visits: set[uuid.UUID]) -> list[Problem]:
    """Active visits overlapping in one chair or with one provider, for the visits just
    written: read in bulk (a round may bring years of them), then compared one by one."""
    wanted = sorted(visits)
    rows: list[Any] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows += session.execute(select(*_VISIT).where(Appointment.id.in_(chunk)))
    booked = sorted(
        (row for row in rows if row.deleted_at is None and row.status not in _INACTIVE),
        key=lambda row: (row.starts_at, row.id),
    )
    found: list[Problem] = []
    for near in _overlapping_runs(booked):
        others = _bookings_around(session, near)
        starts = [other.starts_at for other in others]
        for visit in near:
            # Only the bookings that start in the visit's window, found by halving.
            after = bisect.bisect_right(starts, visit.starts_at - _LOOK_BACK)
            before = bisect.bisect_left(starts, _ends(visit))
            found += _clashes(session, visit, others[after:before])
    return found


def _overlapping_runs(visits: list[Any]) -> Iterator[list[Any]]:
    """The visits (in start order) in runs whose windows, from `_LOOK_BACK` before the start
    to the end, overlap: one query a run, about one a day when a round brings years of them
    (and a run no longer than `_CHUNK` visits, should a practice book around the clock)."""
    run: list[Any] = []
    run_ends = datetime.min.replace(tzinfo=UTC)
    for visit in visits:
        if run and (len(run) >= _CHUNK or visit.starts_at - _LOOK_BACK >= run_ends):
            yield run
            run = []
        run_ends = max(run_ends, _ends(visit)) if run else _ends(visit)
        run.append(visit)
    if run:
        yield run


def _bookings_around(session: Session, near: list[Any]) -> list[Any]:
    """Every active visit a visit of `near` might clash with (`_clashes` says which do)."""
    providers = sorted({visit.provider_id for visit in near})
    rooms = sorted({visit.room_id for visit in near if visit.room_id is not None})
    same_place = [Appointment.provider_id.in_(providers), Appointment.room_id.in_(rooms)]
    return list(
        session.execute(
            select(*_VISIT)
            .where(
                Appointment.deleted_at.is_(None),
                Appointment.status.not_in(_INACTIVE),
                Appointment.starts_at < max(_ends(visit) for visit in near),
                Appointment.starts_at > near[0].starts_at - _LOOK_BACK,
                or_(*same_place),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
    )


def _clashes(session: Session, visit: Any, others: list[Any]) -> list[Problem]:
    """The problems of one visit with the bookings that start in its window."""
    found: list[Problem] = []
    for other in others:
        # Visits without a chair share no chair: only their provider can clash.
        same_room = visit.room_id is not None and visit.room_id == other.room_id
        if (
            other.id == visit.id
            or not (same_room or other.provider_id == visit.provider_id)
            or _ends(other) <= visit.starts_at
        ):
            continue
        if visit.booked_over or other.booked_over:
            continue  # someone booked over it knowingly
        where = (
            _name(session, Room, visit.room_id)
            if same_room
            else _name(session, Provider, visit.provider_id)
        )
        first = min(visit.starts_at, other.starts_at).astimezone(practice_zone(session))
        found.append(
            (
                f"Double booking from two PCs: {where} at {first:%H:%M} on "
                f"{first:%d %b %Y} — move one visit in the appointment book",
                (visit.id, other.id),
                # The same on every PC that notices it, whichever visit it took in.
                min((visit, other), key=lambda booked: booked.id).patient_id,
                "double-booking",
            )
        )
    return found


def _ends(visit: Any) -> datetime:
    return visit.starts_at + timedelta(minutes=visit.minutes)


def _duplicate_patients(session: Session, arrived: list[Any]) -> list[Problem]:
    """Pairs alike in name and birth date, and chart numbers given twice, among the patients
    that just arrived (still active) and those already here (read in bulk: a round may bring
    thousands)."""
    active = (Patient.deleted_at.is_(None), Patient.merged_into.is_(None))
    births = sorted({row.date_of_birth for row in arrived if row.date_of_birth is not None})
    numbers = sorted({row.chart_number for row in arrived if row.chart_number is not None})
    by_birth: dict[object, list[Any]] = {}
    for start in range(0, len(births), _CHUNK):
        chunk = births[start : start + _CHUNK]
        for row in session.execute(
            select(*_PATIENT).where(Patient.date_of_birth.in_(chunk), *active)
        ):
            by_birth.setdefault(row.date_of_birth, []).append(row)
    by_number: dict[int, list[Any]] = {}
    for start in range(0, len(numbers), _CHUNK):
        numbered = numbers[start : start + _CHUNK]
        for row in session.execute(
            select(*_PATIENT).where(Patient.chart_number.in_(numbered), *active)
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
                        "duplicate-patient",
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
                    CHART_NUMBER_TASK,
                )
            )
    return found


def _patients(session: Session, ids: set[uuid.UUID]) -> list[Any]:
    """The patients' columns the checks and search words use, as plain rows: thousands of
    ORM objects would cost more to build than the checks themselves."""
    wanted = sorted(ids)
    found: list[Any] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found += session.execute(select(*_PATIENT).where(Patient.id.in_(chunk)))
    return found


def _refresh_search_words(session: Session, rows: list[Any]) -> None:
    """Each PC works out search words itself; written with Core, as derived data, unlogged."""
    phones: dict[uuid.UUID, list[str]] = {}
    wanted = sorted(row.id for row in rows)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
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
            former_numbers=former_numbers(row.former_chart_numbers),
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
            when = visit.starts_at.astimezone(practice_zone(session))
            return f"Visit of {who} on {when:%d %b %Y %H:%M}"
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
