"""Patients: finding them (the search box), listing, adding, likely duplicates, merging.

The search runs on an FTS5 index inside the encrypted database (domain/search_terms.py
decides what is indexed and how a query is read). Lists are filtered, sorted and paged in
SQL, never in Python, so 20,000 patients stay quick. The chart's details live in chart.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from practicedesk.domain.hlc import HybridClock
from practicedesk.domain.new_patient import NewPatient
from practicedesk.domain.phones import BadPhoneNumber, display, normalize
from practicedesk.domain.search_terms import leading_name, patient_terms, query_terms
from practicedesk.errors import InvalidInput, NotFound
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.patients import chart_numbers
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Patient, PatientPhone, RecentPatient
from practicedesk.store.models.base import utcnow

RECENT_KEPT = 15
_INSERT_BATCH = 2000


@dataclass(frozen=True, slots=True)
class PatientSummary:
    id: uuid.UUID
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date | None
    phone: str
    email: str
    chart_number: int | None = None
    status: str = "active"
    former_chart_numbers: tuple[int, ...] = ()  # before the owner renumbered the chart

    @property
    def display_name(self) -> str:
        preferred = f" ({self.preferred_name})" if self.preferred_name else ""
        return f"{self.last_name}, {self.first_name}{preferred}"

    @property
    def chart_label(self) -> str:
        """ "#57 (formerly #12)", "#57", or "" for a chart whose number is still to come."""
        if self.chart_number is None:
            return ""
        former = ", ".join(f"#{n}" for n in self.former_chart_numbers)
        return f"#{self.chart_number}" + (f" (formerly {former})" if former else "")


class PatientService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- finding ------------------------------------------------------------------------------

    def count(self, text: str = "") -> int:
        with self._ctx.db.reading() as session:
            terms = query_terms(text)
            if terms:
                return session.execute(_SEARCH_COUNT, {"match": " AND ".join(terms)}).scalar_one()
            return session.scalar(select(func.count(Patient.id)).where(_listed())) or 0

    def page(self, text: str = "", *, offset: int = 0, limit: int = 100) -> list[PatientSummary]:
        """Everyone by name, or, with `text`, the best matches first."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            terms = query_terms(text)
            if terms:
                ids = (
                    session.execute(
                        _SEARCH,
                        {
                            "match": " AND ".join(terms),
                            "lead": leading_name(text),
                            "limit": limit,
                            "offset": offset,
                        },
                    )
                    .scalars()
                    .all()
                )
                rows = {
                    row.id: row
                    for row in session.scalars(select(Patient).where(Patient.id.in_(ids)))
                }
                return [summary(rows[i]) for i in ids if i in rows]
            query = (
                select(Patient)
                .where(_listed())
                .order_by(Patient.last_name, Patient.first_name, Patient.id)
                .offset(offset)
                .limit(limit)
            )
            return [summary(row) for row in session.scalars(query)]

    def search(self, text: str, limit: int = 20) -> list[PatientSummary]:
        return self.page(text, limit=limit) if text.strip() else []

    def get(self, patient_id: uuid.UUID) -> PatientSummary:
        """One patient by id, as the lists show them: a call list hands the booking its
        patient this way."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            row = session.get(Patient, patient_id)
            if row is None or row.deleted_at is not None or row.merged_into is not None:
                raise NotFound("That patient no longer exists; search for them again.")
            return summary(row)

    def recent(self, limit: int = RECENT_KEPT) -> list[PatientSummary]:
        """The patients this user opened lately, on this PC, newest first."""
        with self._ctx.db.reading() as session:
            rows = session.execute(
                select(Patient)
                .join(RecentPatient, RecentPatient.patient_id == Patient.id)
                .where(RecentPatient.user_id == self._ctx.actor.user_id, _listed())
                .order_by(RecentPatient.opened_at.desc())
                .limit(limit)
            ).scalars()
            return [summary(row) for row in rows]

    def likely_duplicates(
        self, candidate: NewPatient, exclude: uuid.UUID | None = None
    ) -> list[PatientSummary]:
        """Same birth date and a similar name, or the same phone or e-mail."""
        from practicedesk.domain.duplicates import similar_names

        with self._ctx.db.reading() as session:
            found: dict[uuid.UUID, Patient] = {}
            if candidate.date_of_birth:
                for row in session.scalars(
                    select(Patient).where(
                        _listed(), Patient.date_of_birth == candidate.date_of_birth
                    )
                ):
                    if similar_names(
                        (candidate.first_name, candidate.last_name), (row.first_name, row.last_name)
                    ) or similar_names(
                        (candidate.preferred_name or candidate.first_name, candidate.last_name),
                        (row.preferred_name or row.first_name, row.last_name),
                    ):
                        found[row.id] = row
            phone = _e164_or_none(candidate.phone)
            if phone:
                for row in session.scalars(
                    select(Patient)
                    .join(PatientPhone, PatientPhone.patient_id == Patient.id)
                    .where(
                        _listed(), PatientPhone.number == phone, PatientPhone.deleted_at.is_(None)
                    )
                ):
                    found[row.id] = row
            email = candidate.email.strip().casefold()
            if email:
                for row in session.scalars(
                    select(Patient).where(_listed(), func.lower(Patient.email) == email)
                ):
                    found[row.id] = row
            found.pop(exclude, None)  # type: ignore[arg-type]
            return [summary(row) for row in found.values()]

    # -- adding -------------------------------------------------------------------------------

    def add(self, patient: NewPatient) -> PatientSummary:
        self._ctx.require(Permission.EDIT_CHART)
        first, last = patient.first_name.strip(), patient.last_name.strip()
        if not first or not last:
            raise InvalidInput("A patient needs a first and a last name.")
        phone = _checked_phone(patient.phone)
        with self._ctx.db.writing() as session:
            if patient.date_of_birth and patient.date_of_birth > practice_today(session):
                raise InvalidInput("The date of birth is in the future.")
            [number] = chart_numbers.take(session, self._ctx.db.clock.device)
            row = Patient(
                chart_number=number,
                first_name=first,
                middle_name=patient.middle_name.strip(),
                last_name=last,
                preferred_name=patient.preferred_name.strip(),
                date_of_birth=patient.date_of_birth,
                phone=display(phone) if phone else "",
                email=patient.email.strip(),
                street=patient.street.strip(),
                city=patient.city.strip(),
                region=patient.region.strip(),
                postal_code=patient.postal_code.strip(),
            )
            # Known before the first flush, so the change log gets one insert, not an
            # insert followed by an update of the search words.
            row.search_text = patient_terms(
                first=row.first_name, middle=row.middle_name, last=row.last_name,
                preferred=row.preferred_name, born=row.date_of_birth,
                phones=[phone] if phone else [], chart_number=row.chart_number, email=row.email,
            )  # fmt: skip
            session.add(row)
            session.flush()
            if phone:
                session.add(
                    PatientPhone(
                        patient_id=row.id,
                        kind="mobile",
                        number=phone,
                        is_primary=True,
                        may_text=patient.may_text,
                    )
                )
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.PATIENT_ADDED,
                f"chart {row.chart_number}" if row.chart_number else "chart number to come",
                subject_type="patient",
                subject_id=str(row.id),
                patient_id=row.id,
            )
            result = summary(row)
        self._ctx.announce(Area.PATIENTS)
        return result

    def add_many(
        self,
        patients: Sequence[NewPatient],
        *,
        reason: str,
        progress: Progress = NO_PROGRESS,
    ) -> list[uuid.UUID]:
        """Bulk insert (imports, the demo): one transaction, one audit entry for the batch.
        Phones must already be valid (importers check them first). Returns the new ids.
        Cancelled between batches, the transaction is rolled back: nobody is added."""
        self._ctx.require(Permission.IMPORT_PATIENTS)
        with self._ctx.db.writing() as session:
            ids = insert_patients(session, self._ctx.db.clock, patients, progress)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.PATIENT_ADDED,
                f"{len(ids)} patients: {reason}",
            )
        self._ctx.announce(Area.PATIENTS)
        return ids

    def opened(self, patient_id: uuid.UUID) -> None:
        """Remember a chart was opened, for the recent list (this PC only, not synced)."""
        with self._ctx.db.writing() as session:
            remember_opened(session, self._ctx.actor.user_id, patient_id)


# Ranked by FTS5's bm25, then by name so equal scores read alphabetically.
_SEARCH = text(
    "SELECT patient.id FROM patient_fts JOIN patient ON patient.rowid = patient_fts.rowid "
    "WHERE patient_fts MATCH :match AND patient.deleted_at IS NULL "
    "AND patient.merged_into IS NULL "
    "ORDER BY CASE WHEN :lead != '' AND substr(folded(patient.last_name), 1, length(:lead)) "
    "= :lead THEN 0 ELSE 1 END, bm25(patient_fts), patient.last_name, patient.first_name "
    "LIMIT :limit OFFSET :offset"
).columns(Patient.__table__.c.id)
_SEARCH_COUNT = text(
    "SELECT count(*) FROM patient_fts JOIN patient ON patient.rowid = patient_fts.rowid "
    "WHERE patient_fts MATCH :match AND patient.deleted_at IS NULL "
    "AND patient.merged_into IS NULL"
)


def _listed() -> Any:
    return (Patient.deleted_at.is_(None)) & (Patient.merged_into.is_(None))


def insert_patients(
    session: Session,
    clock: HybridClock,
    patients: Sequence[NewPatient],
    progress: Progress = NO_PROGRESS,
) -> list[uuid.UUID]:
    """Insert new patients with their chart numbers and search words; returns their ids.
    Rows go in in batches: 100,000 patients built as one list of rows took 700 MB. Between
    batches the work may be cancelled (`Cancelled`: the caller's transaction rolls back)."""
    numbers = chart_numbers.take(session, clock.device, len(patients))
    ids: list[uuid.UUID] = []
    for start in range(0, len(patients), _INSERT_BATCH):
        progress.report(start, len(patients), "Adding the new patients…")
        stop_if_cancelled(progress)
        rows, phones = [], []
        for offset, patient in enumerate(patients[start : start + _INSERT_BATCH]):
            first, last = patient.first_name.strip(), patient.last_name.strip()
            if not first or not last:
                raise InvalidInput("A patient needs a first and a last name.")
            patient_id = uuid.uuid4()
            phone = _checked_phone(patient.phone)
            fields = {
                "id": patient_id,
                "chart_number": numbers[start + offset],
                "first_name": first,
                "middle_name": patient.middle_name.strip(),
                "last_name": last,
                "preferred_name": patient.preferred_name.strip(),
                "date_of_birth": patient.date_of_birth,
                "phone": display(phone) if phone else "",
                "email": patient.email.strip(),
                "street": patient.street.strip(),
                "city": patient.city.strip(),
                "region": patient.region.strip(),
                "postal_code": patient.postal_code.strip(),
                "legacy_id": patient.legacy_id.strip() or None,
            }
            fields["search_text"] = patient_terms(
                first=first, middle=patient.middle_name.strip(), last=last,
                preferred=patient.preferred_name.strip(), born=patient.date_of_birth,
                phones=[phone] if phone else [], chart_number=numbers[start + offset],
                email=patient.email.strip(),
            )  # fmt: skip
            rows.append(fields)
            if phone:
                phones.append(
                    {"patient_id": patient_id, "kind": "mobile", "number": phone,
                     "is_primary": True, "may_text": patient.may_text}
                )  # fmt: skip
        ids += insert_rows(session, clock, Patient, rows)
        insert_rows(session, clock, PatientPhone, phones)
    return ids


def remember_opened(session: Session, user_id: uuid.UUID, patient_id: uuid.UUID) -> None:
    """Put the patient at the top of this user's recent list (this PC only, not synced)."""
    row = session.get(RecentPatient, (user_id, patient_id))
    if row is None:
        session.add(RecentPatient(user_id=user_id, patient_id=patient_id, opened_at=utcnow()))
    else:
        row.opened_at = utcnow()
    session.flush()
    stale = session.scalars(
        select(RecentPatient)
        .where(RecentPatient.user_id == user_id)
        .order_by(RecentPatient.opened_at.desc())
        .offset(RECENT_KEPT)
    ).all()
    for old in stale:
        session.delete(old)


def summary(row: Patient) -> PatientSummary:
    return PatientSummary(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        preferred_name=row.preferred_name,
        date_of_birth=row.date_of_birth,
        phone=row.phone,
        email=row.email,
        chart_number=row.chart_number,
        status=row.status,
        former_chart_numbers=tuple(chart_numbers.former_numbers(row.former_chart_numbers)),
    )


def refresh_search_text(session: Session, row: Patient) -> None:
    """Recompute the words the search finds this patient by (the FTS index follows). The
    phones are read without flushing first, so an edit and its search words go into the
    change log as one update rather than two."""
    with session.no_autoflush:
        phones = session.scalars(
            select(PatientPhone.number).where(
                PatientPhone.patient_id == row.id, PatientPhone.deleted_at.is_(None)
            )
        ).all()
    row.search_text = patient_terms(
        first=row.first_name,
        middle=row.middle_name,
        last=row.last_name,
        preferred=row.preferred_name,
        born=row.date_of_birth,
        phones=phones,
        chart_number=row.chart_number,
        email=row.email,
        former_numbers=chart_numbers.former_numbers(row.former_chart_numbers),
    )


def _checked_phone(typed: str) -> str:
    if not typed.strip():
        return ""
    try:
        return normalize(typed)
    except BadPhoneNumber as exc:
        raise InvalidInput(str(exc)) from None


def _e164_or_none(typed: str) -> str | None:
    try:
        return normalize(typed) if typed.strip() else None
    except BadPhoneNumber:
        return None
