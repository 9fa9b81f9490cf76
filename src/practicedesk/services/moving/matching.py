"""Finding what an export's rows name: the patient (by the old system's id, or by name and
birth date), and the provider, chair, appointment type or recall its words or numbers mean.

Read once per import, into memory, so that 50,000 rows are matched without a query each. A
patient merged into another is found as the one they were merged into. A row is never matched
on a guess: two patients with one name and birth date, or a name without a birth date, is a
reason the row is left out, in words the office can act on.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.duplicates import fold
from practicedesk.interop.moving.rows import PatientRef
from practicedesk.store.models import Patient


@dataclass(frozen=True, slots=True)
class Found:
    patient_id: uuid.UUID
    name: str  # "Last, First", for a report line
    by_name: bool  # matched by name and birth date, not by the old system's id


class PatientFinder:
    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(
                Patient.id, Patient.legacy_id, Patient.first_name, Patient.last_name,
                Patient.date_of_birth, Patient.chart_number, Patient.merged_into,
                Patient.responsible_type, Patient.responsible_patient_id,
            ).where(Patient.deleted_at.is_(None))
        ).all()  # fmt: skip
        merged = {row.id: row.merged_into for row in rows if row.merged_into is not None}
        self._names = {row.id: f"{row.last_name}, {row.first_name}" for row in rows}
        self._charts = {row.id: row.chart_number for row in rows}
        self._legacy: dict[str, uuid.UUID] = {}
        self._born: dict[tuple[str, str, object], list[uuid.UUID]] = defaultdict(list)
        live = {row.id for row in rows if row.merged_into is None}
        self._responsible = {
            row.id: row.responsible_patient_id
            for row in rows
            if row.responsible_type == "patient" and row.responsible_patient_id in live
        }
        for row in rows:
            survivor = _survivor(row.id, merged)
            if row.legacy_id:
                self._legacy.setdefault(row.legacy_id, survivor)
            if row.merged_into is None and row.date_of_birth is not None:
                key = (fold(row.first_name), fold(row.last_name), row.date_of_birth)
                self._born[key].append(row.id)

    def find(self, ref: PatientRef) -> Found | str:
        """The patient, or the reason none is found."""
        if ref.legacy_id and ref.legacy_id in self._legacy:
            patient_id = self._legacy[ref.legacy_id]
            return Found(patient_id, self._names[patient_id], False)
        if ref.last_name and ref.born is not None:
            ids = self._born.get((fold(ref.first_name), fold(ref.last_name), ref.born), [])
            if len(ids) == 1:
                return Found(ids[0], self._names[ids[0]], True)
            if ids:
                charts = ", ".join(str(self._charts[i]) for i in ids if self._charts[i])
                return (
                    f"{len(ids)} patients are named {ref.name} and born {ref.born:%m/%d/%Y}"
                    f"{f' (charts {charts})' if charts else ''}: merge them, or give the row "
                    "the old system's patient id."
                )
        if ref.legacy_id:
            return (
                f"No patient has the old system's id {ref.legacy_id}: import the patient list "
                "with its id column (PatNum, Patient ID) first."
            )
        if ref.last_name and ref.born is None:
            return (
                f"The row has no date of birth, so {ref.name} cannot be told from another "
                "patient of that name: add the old system's patient id or the birth date."
            )
        return f"No patient named {ref.name} born {ref.born:%m/%d/%Y} is in PracticeDesk."

    def account_of(self, patient_id: uuid.UUID) -> uuid.UUID:
        """The guarantor whose account the patient's money goes to (money/accounts.py)."""
        return self._responsible.get(patient_id) or patient_id

    def name(self, patient_id: uuid.UUID) -> str:
        return self._names.get(patient_id, "")


def _survivor(patient_id: uuid.UUID, merged: Mapping[uuid.UUID, uuid.UUID]) -> uuid.UUID:
    seen = {patient_id}
    while patient_id in merged and merged[patient_id] not in seen:
        patient_id = merged[patient_id]
        seen.add(patient_id)
    return patient_id


class Names:
    """PracticeDesk's providers (or chairs, types, recalls) by name, and what the mapping
    says the old system's values are. A value the mapping does not name is matched to the
    one of the same name, if any."""

    def __init__(
        self, what: str, named: Iterable[tuple[uuid.UUID, str]], given: Mapping[str, str]
    ) -> None:
        self.what = what  # "provider", "chair"…
        self._names = dict(named)
        self._ids = {fold(name): item_id for item_id, name in self._names.items()}
        self._given = {old.strip().casefold(): new for old, new in given.items()}
        self.unmatched: set[str] = set()  # the old values asked for that have no match

    def match(self, old: str) -> uuid.UUID | str | None:
        """The id, None for "none" (the mapping leaves it out), or the reason it has none."""
        text = old.strip()
        chosen = self._given.get(text.casefold())
        if chosen is not None:
            if not chosen.strip():
                return None
            found = self._ids.get(fold(chosen))
            if found is None:
                return (
                    f"The mapping matches the old system's {self.what} {text} to {chosen}, "
                    f"who is not a {self.what} in PracticeDesk."
                )
            return found
        found = self._ids.get(fold(text))
        if found is None:
            self.unmatched.add(text)
            return f"The old system's {self.what} {text} is not matched to a PracticeDesk one."
        return found

    def name(self, item_id: uuid.UUID | None) -> str:
        return self._names.get(item_id, "") if item_id else ""

    def names(self) -> list[str]:
        return list(self._names.values())

    def still_to_match(self) -> str:
        """A sentence for the report: the old values met without a match, if any."""
        if not self.unmatched:
            return ""
        shown = sorted(self.unmatched, key=lambda v: (len(v), v))
        more = f" and {len(shown) - 20} more" if len(shown) > 20 else ""
        return (
            f"Not matched yet: the old system's {self.what} {', '.join(shown[:20])}{more}. "
            "Match them under Match values (or in the mapping file); the match is remembered."
        )
