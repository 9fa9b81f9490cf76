"""One export of the old system, opened: its encoding, its columns, and its rows as text.

Every kind of export (visits, insurance, recalls, balances) is read the same way as the
patient list (interop/csv_reading.py and csv_fields.py): a row comes back with the text of
each field it fills, or with the reasons it cannot be read at all (too many values, a value
far too long, a quote left open). What the text means is the kind's own reader's business.
Rows name their patient by the old system's id, or by name and birth date
(`PATIENT_FIELDS`, shared by every kind), read here into a `PatientRef`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import TypeVar

from practicedesk.errors import InvalidInput
from practicedesk.interop import csv_values
from practicedesk.interop.csv_fields import ColumnMapping, Field, FieldSet
from practicedesk.interop.csv_files import CsvFile, row_text
from practicedesk.interop.csv_values import BadValue

PREVIEW_ROWS = 20

PATIENT_FIELDS = (
    Field("patient_id", "the old system's patient id", 60,
          ("PatNum", "Patient ID", "Patient Number", "Legacy ID", "Old ID", "Old System ID",
           "External ID", "Account Number", "Guarantor ID", "GuarantorNum")),
    Field("patient_name", "the patient's name", 200,
          ("Patient", "Patient Name", "Name", "Full Name", "Guarantor", "Guarantor Name")),
    Field("first_name", "the first name", 100, ("First Name", "FirstName", "First", "FName")),
    Field("last_name", "the last name", 100, ("Last Name", "LastName", "Last", "LName")),
    Field("date_of_birth", "the date of birth", 40,
          ("Date of Birth", "DOB", "Birthdate", "Birth Date", "Birthday")),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PatientRef:
    """Who a row is about, as the file says: the old system's id, or a name and birth date."""

    legacy_id: str = ""
    first_name: str = ""
    last_name: str = ""
    born: date | None = None

    @property
    def name(self) -> str:
        return f"{self.last_name}, {self.first_name}" if self.last_name else ""


@dataclass(frozen=True, slots=True)
class Refused:
    """A row not imported, and why: a problem to fix, or (`left_out`) a row that is not one
    of the things imported, such as a planned visit with no time or a balance of nothing."""

    line: int
    reasons: tuple[str, ...]
    left_out: bool = False


@dataclass(frozen=True, slots=True)
class RawRow:
    line: int  # where the row starts, as an editor numbers lines (the header is line 1)
    values: Mapping[str, str]  # field → the text in the file, trimmed
    problems: tuple[str, ...]  # why the row cannot be read at all


class LegacyFile(CsvFile):
    """An opened export of one kind: how it is written, which column is which, its rows."""

    def __init__(
        self,
        data: bytes,
        fields: FieldSet,
        columns: Mapping[str, str | None] | None = None,
        *,
        encoding: str | None = None,
    ) -> None:
        super().__init__(data, encoding)
        self.fields = fields
        self.mapping: ColumnMapping = fields.resolve(self.headers, columns)
        if not any(self.mapping.header(name) for name in ("patient_id", "patient_name")) and (
            self.mapping.header("last_name") is None
        ):
            raise InvalidInput(
                f"No column says whose row it is: {fields.what} needs the old system's patient "
                "id (PatNum, Patient ID) or the patient's name and date of birth. Name the "
                'column in the mapping, e.g. {"patient_id": "PatNum"}.'
            )

    def rows(self) -> Iterator[RawRow]:
        """Every row after the header, read afresh from the text on each call."""
        for line, values in self.records():
            raw, problems = row_text(self.fields, self.mapping, values)
            yield RawRow(line, raw, tuple(problems))

    def preview(self, count: int = PREVIEW_ROWS) -> tuple[RawRow, ...]:
        return tuple(islice(self.rows(), count))


def headers_of(data: bytes, encoding: str | None = None) -> tuple[str, ...]:
    """The header row as written, to see which of a mapping's columns a file has."""
    return tuple(header.strip() for header in CsvFile(data, encoding).headers)


_DIGITS = re.compile(r"\d+")


def patient_ref(values: Mapping[str, str], problems: list[str], *, day_first: bool) -> PatientRef:
    """The row's patient: the old id, and the name (one column "Last, First" or "First
    Last", or two) with the birth date. A name column holding only digits is an id: the old
    system's reports put the guarantor's number where a name might be."""
    legacy = values.get("patient_id", "")
    first, last = values.get("first_name", ""), values.get("last_name", "")
    whole = values.get("patient_name", "")
    if whole and _DIGITS.fullmatch(whole) and not legacy:
        legacy, whole = whole, ""
    if whole and not last:
        first, last = split_name(whole)
    born = None
    if typed := values.get("date_of_birth", ""):
        try:
            born = csv_values.calendar_date(typed, day_first=day_first, what="The date of birth")
        except BadValue as exc:
            problems.append(str(exc))
    if not legacy and not (first and last):
        problems.append("The row does not say whose it is: the patient's id and name are empty.")
    return PatientRef(legacy, first, last, born)


def split_name(whole: str) -> tuple[str, str]:
    """ "Park, Ana B" → ("Ana B", "Park"); "Ana Park" → ("Ana", "Park")."""
    if "," in whole:
        last, _, first = whole.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    parts = whole.split()
    if len(parts) < 2:
        return "", whole.strip()
    return " ".join(parts[:-1]), parts[-1]


T = TypeVar("T")


def optional(read: Callable[[], T], problems: list[str]) -> T | None:
    """`read()`, or None with its reason added to `problems` when the value is bad."""
    try:
        return read()
    except BadValue as exc:
        problems.append(str(exc))
        return None
