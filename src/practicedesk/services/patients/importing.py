"""Importing patients from another system's CSV export: what is new, what is already here.

Reading and checking the file is interop/csv_import.py's job; here its rows meet the practice.
A row with the same name and birth date as a patient (without a birth date: the same name,
phone and e-mail) is already here and skipped, so running a file twice adds nobody twice.
A row that only resembles a patient, by PatientService.likely_duplicates' rule, or resembles
an earlier row of the file by name and birth date, is reported as a possible duplicate and not
added: adding one patient by hand is easier than merging two records later. Earlier rows are
not compared by phone or e-mail, because families in one file share them.

A phone number or e-mail address that does not read does not keep a patient out: the patient
is added with the value as typed on the chart (not as a phone to call or text) and an open
task, "Check this phone number: …", on the chart and in the worklist; the report lists these
rows as warnings.

The old system's patient id (a `legacy_id` column: PatNum, Patient ID…) is kept on each new
patient, so that the visits, insurance, recalls and balances exported from that system find
them (services/moving/). A row whose id a patient already has is already here; a row that is
already here by name and birth date lends its id to that patient if they have none yet
(*linked*), so a patient list imported once without the ids and again with them links them;
an id given twice in one file is refused on its second line.

Everything new is added in one transaction (PatientService.add_many), so a failure leaves
nothing behind. The audit entry holds the file's name and the counts, never a patient's data.
A run can be cancelled (through its `Progress`) until that transaction commits: then nobody
is added and nothing is audited, as if it had never started.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.duplicates import fold
from practicedesk.domain.name_index import SimilarNameIndex
from practicedesk.interop.csv_import import PREVIEW_ROWS, CsvPreview, PatientFile
from practicedesk.interop.csv_import import preview as preview_file
from practicedesk.interop.csv_reading import FirstLines, first_lines
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.patients.listing import NewPatient, insert_patients
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.models import Patient, PatientPhone, Task

CHECK_CONTACT_TASK = "check-contact"  # Task.kind of "check this number", from an import
_WHAT = {"phone": "phone number", "email": "e-mail address"}


@dataclass(frozen=True, slots=True)
class RejectedRow:
    line: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ValueToCheck:
    """A row imported with a value to check: the patient is in, the value is flagged."""

    line: int
    name: str  # the row's "Last, First"
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    line: int
    name: str  # the row's "Last, First"
    reason: str  # what it resembles, in words: "Same phone as chart 12 (Smith, John)."
    patient_ids: tuple[uuid.UUID, ...]  # the patients it resembles; none for earlier rows


@dataclass(frozen=True, slots=True)
class ImportReport:
    file_name: str
    encoding: str
    delimiter: str
    dry_run: bool  # True: `added` counts the patients a real run would add
    added: int
    skipped_lines: tuple[int, ...]  # the patient is already in the practice
    rejected: tuple[RejectedRow, ...]
    possible_duplicates: tuple[PossibleDuplicate, ...]
    warnings: tuple[ValueToCheck, ...] = ()  # added, with a phone or e-mail to check
    linked: int = 0  # patients already here given the old system's id from their row

    @property
    def skipped(self) -> int:
        return len(self.skipped_lines)


@dataclass(frozen=True, slots=True)
class _Person:
    first: str
    last: str
    preferred: str
    line: int = 0  # a row of this file, or:
    chart_number: int | None = None
    patient_id: uuid.UUID | None = None  # a patient of the practice

    @property
    def where(self) -> str:
        if self.patient_id is None:
            return f"line {self.line}"
        return f"chart {self.chart_number} ({self.last}, {self.first})"


class _Known:
    """The patients a row is compared with: the practice's, then the file's rows kept so far.

    People born on one day are found by name through indexes rather than a scan of that day,
    which an export with a placeholder birth date for thousands of rows made quadratic: one
    index by first and last name, one by the name the person goes by, as the rule compares
    both (PatientService.likely_duplicates).
    """

    def __init__(self) -> None:
        self._present: dict[tuple[object, ...], tuple[uuid.UUID, str | None]] = {}
        self.legacy: dict[str, uuid.UUID] = {}  # the old system's ids patients already have
        self.legacy_lines: dict[str, int] = {}  # …and the file's rows, where they were first
        self._earlier: dict[tuple[object, ...], _Person] = {}
        self._named: SimilarNameIndex[tuple[int, _Person]] = SimilarNameIndex()
        self._called: SimilarNameIndex[tuple[int, _Person]] = SimilarNameIndex()
        self._born_count = 0  # orders what both indexes find as one list
        self._phones: dict[str, list[_Person]] = defaultdict(list)
        self._emails: dict[str, list[_Person]] = defaultdict(list)

    def add_patient(
        self,
        person: _Person,
        born: date | None,
        phones: list[str],
        email: str,
        legacy_id: str | None = None,
    ) -> None:
        assert person.patient_id is not None  # the practice's patients have ids
        for phone in phones or [""]:
            key = _key(person.first, person.last, born, phone, email)
            self._present.setdefault(key, (person.patient_id, legacy_id))
        if legacy_id:
            self.legacy.setdefault(legacy_id, person.patient_id)
        if born:
            self._add_born(born, person)
        for phone in phones:
            self._phones[phone].append(person)
        if email.strip():
            self._emails[email.strip().casefold()].append(person)

    def add_row(self, row: NewPatient, line: int) -> None:
        person = _Person(row.first_name, row.last_name, row.preferred_name, line=line)
        self._earlier.setdefault(_row_key(row), person)
        if row.date_of_birth:
            self._add_born(row.date_of_birth, person)

    def _add_born(self, born: date, person: _Person) -> None:
        entry = (self._born_count, person)
        self._born_count += 1
        self._named.add(born, (person.first, person.last), entry)
        self._called.add(born, (person.preferred or person.first, person.last), entry)

    def present(self, row: NewPatient) -> tuple[uuid.UUID, str | None] | None:
        """The patient already here by name and birth date, and the old id they have."""
        return self._present.get(_row_key(row))

    def resembling(self, row: NewPatient) -> dict[str, list[_Person]]:
        """Why → whom: an earlier row exactly, or PatientService.likely_duplicates' rule."""
        found: dict[str, list[_Person]] = {}
        earlier = self._earlier.get(_row_key(row))
        if earlier:
            same = "name and birth date" if row.date_of_birth else "name, phone and e-mail"
            found[f"Same {same} as"] = [earlier]
        if born := row.date_of_birth:
            called = row.preferred_name or row.first_name
            alike = dict(self._named.similar(born, (row.first_name, row.last_name)))
            alike.update(self._called.similar(born, (called, row.last_name)))
            similar = [alike[n] for n in sorted(alike) if alike[n] is not earlier]
            if similar:
                found["Same birth date and a similar name as"] = similar
        if row.phone and row.phone in self._phones:
            found["Same phone as"] = self._phones[row.phone]
        email = row.email.casefold()
        if email and email in self._emails:
            found["Same e-mail as"] = self._emails[email]
        return found


def _row_key(row: NewPatient) -> tuple[object, ...]:
    return _key(row.first_name, row.last_name, row.date_of_birth, row.phone, row.email)


def _key(first: str, last: str, born: date | None, phone: str, email: str) -> tuple[object, ...]:
    """Exactly the same patient: the name and birth date, or without one the name and contacts."""
    if born:
        return (fold(first), fold(last), born)
    return (fold(first), fold(last), None, phone, email.strip().casefold())


class PatientImportService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def _today(self) -> date:
        """Birth dates after the practice's today are refused, as when typed in a chart."""
        with self._ctx.db.reading() as session:
            return practice_today(session)

    def first_lines(self, data: bytes, *, encoding: str | None = None) -> FirstLines:
        """The file's first lines as decoded, shown even when its columns cannot be matched,
        so that a wrong encoding is seen before anything is imported."""
        self._ctx.require(Permission.IMPORT_PATIENTS)
        return first_lines(data, encoding)

    def preview(
        self,
        data: bytes,
        mapping: Mapping[str, str | None] | None = None,
        *,
        day_first: bool = False,
        rows: int = PREVIEW_ROWS,
        encoding: str | None = None,
    ) -> CsvPreview:
        """The columns as read and the first rows as they would be imported; nothing stored.
        `encoding` names the file's encoding (text_encodings.ENCODINGS); None finds it."""
        self._ctx.require(Permission.IMPORT_PATIENTS)
        return preview_file(
            data, mapping, day_first=day_first, rows=rows, today=self._today(), encoding=encoding
        )

    def run(
        self,
        data: bytes,
        mapping: Mapping[str, str | None] | None = None,
        *,
        dry_run: bool,
        day_first: bool = False,
        file_name: str = "",
        encoding: str | None = None,
        progress: Progress = NO_PROGRESS,
    ) -> ImportReport:
        """Add every new, valid row at once, or (dry run) say what that would do."""
        self._ctx.require(Permission.IMPORT_PATIENTS)
        opened = PatientFile(
            data, mapping, day_first=day_first, today=self._today(), encoding=encoding
        )
        progress.report(0, 0, "Reading the practice's patients…")
        known = self._existing()
        lines = opened.line_count
        new: list[NewPatient] = []
        unchecked: list[tuple[tuple[str, str], ...]] = []  # by new patient
        warnings: list[ValueToCheck] = []
        skipped: list[int] = []
        rejected: list[RejectedRow] = []
        duplicates: list[PossibleDuplicate] = []
        links: dict[uuid.UUID, str] = {}
        for result in opened.rows():
            progress.report(min(result.line, lines), lines, "Checking the file's rows…")
            stop_if_cancelled(progress)
            row = result.patient
            if row is None:
                rejected.append(RejectedRow(result.line, result.problems))
                continue
            legacy = row.legacy_id
            if legacy and legacy in known.legacy_lines:
                first = known.legacy_lines[legacy]
                rejected.append(
                    RejectedRow(
                        result.line,
                        (f"The old system's patient id {legacy} is on line {first} already.",),
                    )
                )
                continue
            if legacy:
                known.legacy_lines[legacy] = result.line
            present = known.present(row)
            if legacy and legacy in known.legacy:
                skipped.append(result.line)
            elif present is not None:
                skipped.append(result.line)
                patient_id, has = present
                if legacy and not has and patient_id not in links:
                    links[patient_id] = legacy
            elif resembling := known.resembling(row):
                duplicates.append(_possible_duplicate(result.line, row, resembling))
            else:
                known.add_row(row, result.line)
                new.append(row)
                unchecked.append(result.unchecked)
                if result.warnings:
                    who = f"{row.last_name}, {row.first_name}"
                    warnings.append(ValueToCheck(result.line, who, result.warnings))
        name = PurePath(file_name).name[:200] or "a CSV file"
        report = ImportReport(
            file_name=name,
            encoding=opened.encoding,
            delimiter=opened.delimiter,
            dry_run=dry_run,
            added=len(new),
            skipped_lines=tuple(skipped),
            rejected=tuple(rejected),
            possible_duplicates=tuple(duplicates),
            warnings=tuple(warnings),
            linked=len(links),
        )
        # The rows were read and checked before: the write lock is held for the insert only.
        with self._ctx.db.writing() as session:
            if new and not dry_run:
                ids = insert_patients(session, self._ctx.db.clock, new, progress)
                audit.record(
                    session,
                    self._ctx.actor,
                    audit.Action.PATIENT_ADDED,
                    f"{len(ids)} patients: imported from {name}",
                )
                _flag_unchecked(session, self._ctx.actor.username, name, ids, unchecked)
            if links and not dry_run:
                _link(session, links)
            audit.record(session, self._ctx.actor, audit.Action.PATIENTS_IMPORTED, _counts(report))
        if (new or links) and not dry_run:
            self._ctx.announce(Area.PATIENTS)
        return report

    def _existing(self) -> _Known:
        known = _Known()
        listed = (Patient.deleted_at.is_(None), Patient.merged_into.is_(None))
        with self._ctx.db.reading() as session:
            phones: dict[uuid.UUID, list[str]] = defaultdict(list)
            for patient_id, number in session.execute(
                select(PatientPhone.patient_id, PatientPhone.number)
                .join(Patient, Patient.id == PatientPhone.patient_id)
                .where(PatientPhone.deleted_at.is_(None), *listed)
            ):
                phones[patient_id].append(number)
            for row in session.execute(
                select(
                    Patient.id, Patient.chart_number, Patient.first_name, Patient.last_name,
                    Patient.preferred_name, Patient.date_of_birth, Patient.email,
                    Patient.legacy_id,
                ).where(*listed)
            ):  # fmt: skip
                person = _Person(
                    row.first_name, row.last_name, row.preferred_name,
                    chart_number=row.chart_number, patient_id=row.id,
                )  # fmt: skip
                known.add_patient(
                    person, row.date_of_birth, phones.get(row.id, []), row.email, row.legacy_id
                )
        return known


def _link(session: Session, links: dict[uuid.UUID, str]) -> None:
    """Give patients already here the old system's ids their rows carry, through the ORM so
    that the change reaches the other PCs."""
    for patient in session.scalars(select(Patient).where(Patient.id.in_(list(links)))):
        patient.legacy_id = links[patient.id]
    session.flush()


def _possible_duplicate(
    line: int, row: NewPatient, resembling: dict[str, list[_Person]]
) -> PossibleDuplicate:
    reasons = [
        f"{why} {', '.join(dict.fromkeys(person.where for person in people))}."
        for why, people in resembling.items()
    ]
    ids = {p.patient_id: None for people in resembling.values() for p in people if p.patient_id}
    return PossibleDuplicate(
        line, f"{row.last_name}, {row.first_name}", " ".join(reasons), tuple(ids)
    )


def _flag_unchecked(
    session: Session,
    username: str,
    file_name: str,
    ids: list[uuid.UUID],
    unchecked: list[tuple[tuple[str, str], ...]],
) -> None:
    """The value as typed goes on the chart where a person sees it (the patient's phone or
    e-mail line, never a number the program would call or text), with a task to check it,
    due today, which the worklist and the chart's Tasks tab show."""
    today = practice_today(session)
    for patient_id, values in zip(ids, unchecked, strict=True):
        if not values:
            continue
        patient = session.get(Patient, patient_id)
        assert patient is not None  # inserted in this transaction
        for kind, typed in values:
            if kind == "phone":
                patient.phone = typed[:40]
            else:
                patient.email = typed[:200]
            session.add(
                Task(
                    kind=CHECK_CONTACT_TASK,
                    patient_id=patient_id,
                    title=f"Check this {_WHAT[kind]}: {typed}"[:300],
                    due_on=today,
                    created_by=username,
                    notes=f"Imported from {file_name} as typed; it does not read as a "
                    f"{_WHAT[kind]}. Put it right in Demographics, then mark this task done.",
                )
            )


def _counts(report: ImportReport) -> str:
    added = "would add" if report.dry_run else "added"
    prefix = "dry run of " if report.dry_run else ""
    linked = f", {report.linked} linked to the old system's ids" if report.linked else ""
    return (
        f"{prefix}{report.file_name}: {added} {report.added}, {report.skipped} already present"
        f"{linked}, {len(report.possible_duplicates)} possible duplicates, "
        f"{len(report.rejected)} rejected, {len(report.warnings)} with a value to check"
    )
