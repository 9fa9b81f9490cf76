"""Patients from another system's CSV export, read, mapped and checked row by row.

Pure: no database, no Qt. The service (services/patients/importing.py) decides which rows are
already in the practice and adds the rest. Each row comes back either as a `NewPatient` ready
to add (trimmed, the birth date read, the phone in E.164) or with the reasons, in plain words,
why it cannot be; the file as a whole is refused (`InvalidInput`) only when it is not a
patient list at all. Only what makes the patient doubtful (a missing name, an impossible or
future birth date) refuses a row: an old system's phone numbers and e-mail addresses are
often typed loosely, so one that does not read is left out of the new patient, kept as typed
in `unchecked` and said in `warnings`, for the service to flag for a person to check.

Rows are read one at a time, so a 100,000-row file is never held as 100,000 parsed rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice

from practicedesk.domain.new_patient import NewPatient
from practicedesk.domain.phones import BadPhoneNumber, normalize
from practicedesk.interop import csv_values
from practicedesk.interop.csv_fields import PATIENTS, ColumnMapping, field, resolve
from practicedesk.interop.csv_files import CsvFile, row_text, sentence
from practicedesk.interop.csv_values import BadValue

PREVIEW_ROWS = 20


@dataclass(frozen=True, slots=True)
class RowResult:
    line: int  # where the row starts in the file, as an editor numbers lines
    values: Mapping[str, str]  # field → the text in the file
    patient: NewPatient | None  # None when the row has problems
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # a phone or e-mail that does not read; imported anyway
    unchecked: tuple[tuple[str, str], ...] = ()  # ("phone" or "email", the text as typed)


@dataclass(frozen=True, slots=True)
class CsvPreview:
    encoding: str
    delimiter: str  # "comma", "semicolon" or "tab"
    mapping: ColumnMapping
    rows: tuple[RowResult, ...]


class PatientFile(CsvFile):
    """An opened export: how it is written, which column is which, and its rows on demand."""

    def __init__(
        self,
        data: bytes,
        mapping: Mapping[str, str | None] | None = None,
        *,
        day_first: bool = False,
        today: date | None = None,
        encoding: str | None = None,
    ) -> None:
        super().__init__(data, encoding)
        self._day_first = day_first
        self._today = today or date.today()
        self.mapping = resolve(self.headers, mapping)

    def rows(self) -> Iterator[RowResult]:
        """Every row after the header, read afresh from the text on each call."""
        for line, values in self.records():
            yield self._checked(line, values)

    def _checked(self, line: int, values: list[str]) -> RowResult:
        raw, problems = row_text(PATIENTS, self.mapping, values)
        if problems:
            return RowResult(line, raw, None, tuple(problems))
        for name in ("first_name", "last_name"):
            if not raw[name]:
                problems.append(f"{sentence(field(name).label)} is missing.")
        born = self._birth_date(problems, raw.get("date_of_birth", ""))
        warnings: list[str] = []
        typed_phone = raw.get("phone", "") or raw.get("mobile_phone", "")
        phone = _phone(warnings, typed_phone)
        email = _email(warnings, raw.get("email", ""))
        may_text = _may_text(problems, raw.get("may_text", ""))
        if problems:
            return RowResult(line, raw, None, tuple(problems + warnings))
        unchecked: tuple[tuple[str, str], ...] = (
            (("phone", typed_phone),) if typed_phone and not phone else ()
        )
        if raw.get("email") and not email:
            unchecked += (("email", raw["email"]),)
        patient = NewPatient(
            first_name=raw["first_name"],
            last_name=raw["last_name"],
            date_of_birth=born,
            phone=phone,
            email=email,
            preferred_name=raw.get("preferred_name", ""),
            middle_name=raw.get("middle_name", ""),
            street=raw.get("street", ""),
            city=raw.get("city", ""),
            region=raw.get("region", ""),
            postal_code=raw.get("postal_code", ""),
            may_text=may_text,
            legacy_id=raw.get("legacy_id", ""),
        )
        return RowResult(line, raw, patient, (), tuple(warnings), unchecked)

    def _birth_date(self, problems: list[str], typed: str) -> date | None:
        if not typed:
            return None
        try:
            return csv_values.birth_date(typed, day_first=self._day_first, today=self._today)
        except BadValue as exc:
            problems.append(str(exc))
            return None


def preview(
    data: bytes,
    mapping: Mapping[str, str | None] | None = None,
    *,
    day_first: bool = False,
    rows: int = PREVIEW_ROWS,
    today: date | None = None,
    encoding: str | None = None,
) -> CsvPreview:
    """The first rows as they would be imported, for the person to check the columns and
    that the names read right (a wrong encoding shows as garbled letters)."""
    opened = PatientFile(data, mapping, day_first=day_first, today=today, encoding=encoding)
    return CsvPreview(
        opened.encoding, opened.delimiter, opened.mapping, tuple(islice(opened.rows(), rows))
    )


def _phone(problems: list[str], typed: str) -> str:
    if not typed:
        return ""
    try:
        return normalize(typed)
    except BadPhoneNumber as exc:
        problems.append(str(exc))
        return ""


def _email(problems: list[str], typed: str) -> str:
    try:
        return csv_values.email(typed)
    except BadValue as exc:
        problems.append(str(exc))
        return ""


def _may_text(problems: list[str], typed: str) -> bool:
    try:
        return csv_values.yes_no(typed, "May text")
    except BadValue as exc:
        problems.append(str(exc))
        return False
