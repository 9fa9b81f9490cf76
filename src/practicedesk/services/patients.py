"""Patients, as far as the schedule needs them: name, date of birth, phone, e-mail.

The patient chart extends this service; until then it lists, counts and adds. Lists are
filtered, sorted and paged in SQL, never in Python, so 20,000 patients stay quick.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select

from practicedesk.errors import InvalidInput
from practicedesk.services import audit
from practicedesk.services.context import Context
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Patient


@dataclass(frozen=True, slots=True)
class PatientSummary:
    id: uuid.UUID
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date | None
    phone: str
    email: str

    @property
    def display_name(self) -> str:
        preferred = f" ({self.preferred_name})" if self.preferred_name else ""
        return f"{self.last_name}, {self.first_name}{preferred}"


@dataclass(frozen=True, slots=True)
class NewPatient:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    preferred_name: str = ""


class PatientService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def count(self, text: str = "") -> int:
        query = self._filtered(select(func.count(Patient.id)), text)
        with self._ctx.db.reading() as session:
            return session.scalar(query) or 0

    def page(self, text: str = "", *, offset: int = 0, limit: int = 100) -> list[PatientSummary]:
        query = self._filtered(select(Patient), text)
        query = query.order_by(Patient.last_name, Patient.first_name, Patient.id)
        with self._ctx.db.reading() as session:
            rows = session.scalars(query.offset(offset).limit(limit))
            return [_summary(row) for row in rows]

    def add(self, patient: NewPatient) -> PatientSummary:
        first, last = patient.first_name.strip(), patient.last_name.strip()
        if not first or not last:
            raise InvalidInput("A patient needs a first and a last name.")
        if patient.date_of_birth and patient.date_of_birth > date.today():
            raise InvalidInput("The date of birth is in the future.")
        with self._ctx.db.writing() as session:
            row = Patient(
                first_name=first,
                last_name=last,
                preferred_name=patient.preferred_name.strip(),
                date_of_birth=patient.date_of_birth,
                phone=patient.phone.strip(),
                email=patient.email.strip(),
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.PATIENT_ADDED,
                subject_type="patient",
                subject_id=str(row.id),
                patient_id=row.id,
            )
            summary = _summary(row)
        self._ctx.announce("patients")
        return summary

    def add_many(self, patients: list[NewPatient], *, reason: str) -> list[uuid.UUID]:
        """Bulk insert (imports, the demo): one transaction, one audit entry for the batch.
        Returns the new patients' ids, in the order given."""
        rows = []
        for patient in patients:
            first, last = patient.first_name.strip(), patient.last_name.strip()
            if not first or not last:
                raise InvalidInput("A patient needs a first and a last name.")
            rows.append(
                {
                    "first_name": first,
                    "last_name": last,
                    "preferred_name": patient.preferred_name.strip(),
                    "date_of_birth": patient.date_of_birth,
                    "phone": patient.phone.strip(),
                    "email": patient.email.strip(),
                }
            )
        with self._ctx.db.writing() as session:
            ids = insert_rows(session, self._ctx.db.clock, Patient, rows)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.PATIENT_ADDED,
                f"{len(rows)} patients: {reason}",
            )
        self._ctx.announce("patients")
        return ids

    @staticmethod
    def _filtered(query: Select[Any], text: str) -> Select[Any]:
        query = query.where(Patient.deleted_at.is_(None))
        for word in text.split():
            pattern = _escape_like(word) + "%"
            query = query.where(
                or_(
                    Patient.last_name.ilike(pattern, escape="\\"),
                    Patient.first_name.ilike(pattern, escape="\\"),
                    Patient.preferred_name.ilike(pattern, escape="\\"),
                )
            )
        return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _summary(row: Patient) -> PatientSummary:
    return PatientSummary(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        preferred_name=row.preferred_name,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        email=row.email,
    )
