"""Which column of another system's export holds which field.

Exports name their columns in many ways ("First Name", "FirstName", "Given Name",
"PATIENT_FIRST_NAME"); header names are compared with case, spaces, punctuation, a leading
"patient" and a trailing "(MM/DD/YYYY)" ignored. A mapping ({"field": "CSV header"}, from a
JSON file or the import screen) overrides the guess for the fields it names; mapping a field
to "" or null leaves it out. Nothing here reads the rows. The patient list's fields are here;
a `FieldSet` holds another kind's (interop/moving/*_rows.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from practicedesk.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str  # as a sentence names it: "the first name"
    max_length: int
    headers: tuple[str, ...]  # the header names recognized, as exports write them


FIELDS = (
    Field("first_name", "the first name", 100,
          ("First Name", "FirstName", "First", "Given Name", "Forename", "FName")),
    Field("last_name", "the last name", 100,
          ("Last Name", "LastName", "Last", "Surname", "Family Name", "LName")),
    Field("middle_name", "the middle name", 100,
          ("Middle Name", "MiddleName", "Middle", "Middle Initial", "MI")),
    Field("preferred_name", "the preferred name", 100,
          ("Preferred Name", "Preferred", "Nickname", "Nick Name", "Goes By", "Known As")),
    Field("date_of_birth", "the date of birth", 40,
          ("Date of Birth", "DOB", "Birthdate", "Birth Date", "Birthday", "Born")),
    Field("phone", "the phone number", 40,
          ("Phone", "Home Phone", "Phone Number", "Telephone", "Tel", "Primary Phone",
           "Phone 1")),
    Field("mobile_phone", "the mobile number", 40,
          ("Mobile", "Mobile Phone", "Cell", "Cell Phone", "Cellular", "Mobile Number",
           "Cell Number")),
    Field("email", "the e-mail address", 200,
          ("Email", "E-mail", "Email Address", "E-mail Address")),
    Field("street", "the street address", 200,
          ("Address", "Address 1", "Address Line 1", "Street", "Street Address", "Street 1",
           "Addr1")),
    Field("city", "the city", 100, ("City", "Town")),
    Field("region", "the state", 100,
          ("State", "Province", "Region", "State/Province")),
    Field("postal_code", "the ZIP code", 20,
          ("Zip", "Zip Code", "ZIP/Postal Code", "Postal Code", "Postcode", "Post Code")),
    Field("may_text", "May text", 10,
          ("May Text", "Text OK", "OK to Text", "SMS OK", "Text Consent", "SMS Consent",
           "Allow Text")),
    Field("legacy_id", "the old system's patient id", 60,
          ("PatNum", "Patient ID", "Patient Number", "Legacy ID", "Old ID", "Old System ID",
           "External ID")),
)  # fmt: skip
FIELD_NAMES = tuple(field.name for field in FIELDS)


def header_key(header: str) -> str:
    """ "Date of Birth (MM/DD/YYYY)", "date_of_birth", "DATE-OF-BIRTH" → "dateofbirth"."""
    without_note = re.sub(r"\(.*?\)", "", header)
    return "".join(ch for ch in without_note.casefold() if ch.isalnum())


class FieldSet:
    """The fields one kind of export fills, which of them a file must have, and how their
    columns are found: the patient list here, the other kinds in interop/moving/*_rows.py."""

    def __init__(
        self, what: str, fields: tuple[Field, ...], required: tuple[str, ...], example: str
    ) -> None:
        self.what = what  # "a patient list", "an appointment list"…
        self.fields = fields
        self.names = tuple(f.name for f in fields)
        self.required = required
        self.example = example  # the header row a file without one is pointed to
        self._by_name = {f.name: f for f in fields}
        self._by_key = {header_key(h): f.name for f in fields for h in f.headers}

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def guess(self, header: str) -> str | None:
        key = header_key(header)
        for prefix in ("", "patient", "pt"):
            if key.startswith(prefix) and key[len(prefix) :] in self._by_key:
                return self._by_key[key[len(prefix) :]]
        return None

    def resolve(
        self, headers: Sequence[str], given: Mapping[str, str | None] | None
    ) -> ColumnMapping:
        """The columns to read: `given` first, then header names for the fields it leaves
        out."""
        headers = tuple(header.strip() for header in headers)
        given = dict(given or {})
        self.check_names(given)
        chosen: dict[str, int] = {}
        for name, wanted in given.items():
            if wanted:
                chosen[name] = _column_named(headers, name, wanted)
        taken = set(chosen.values())
        for column, header in enumerate(headers):
            guessed = self.guess(header)
            if guessed and guessed not in given and guessed not in chosen and column not in taken:
                chosen[guessed] = column
                taken.add(column)
        _check_distinct(headers, chosen)
        for name in self.required:
            if name not in chosen:
                self._refuse_missing(headers, name, guessed=any(self.guess(h) for h in headers))
        return ColumnMapping(headers, tuple((n, chosen[n]) for n in self.names if n in chosen))

    def check_names(self, mapping: Mapping[str, object]) -> None:
        for name in mapping:
            if name not in self._by_name:
                raise InvalidInput(
                    f"The mapping names a field {name!r} that PracticeDesk does not have; the "
                    f"fields are: {', '.join(self.names)}."
                )

    def _refuse_missing(self, headers: tuple[str, ...], name: str, *, guessed: bool) -> None:
        if not guessed and _looks_like_data(headers):
            raise InvalidInput(
                "The first line of the file holds data, not column names: the file needs a "
                f"header row naming its columns ({self.example}…)."
            )
        raise InvalidInput(
            f"No column holds {self.field(name).label}; the file's columns are: "
            f'{_listed(headers)}. Name it in a mapping, e.g. {{"{name}": "{headers[0]}"}}.'
        )


PATIENTS = FieldSet(
    "a patient list", FIELDS, ("first_name", "last_name"), "First Name, Last Name, Date of Birth"
)


def field(name: str) -> Field:
    return PATIENTS.field(name)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The file's header row and, for each field imported, the column that holds it."""

    headers: tuple[str, ...]
    columns: tuple[tuple[str, int], ...]  # (field name, column index), in the fields' order

    def header(self, name: str) -> str | None:
        for field_name, column in self.columns:
            if field_name == name:
                return self.headers[column]
        return None

    def as_dict(self) -> dict[str, str]:
        """{"field": "CSV header"}: what a mapping file would say to read the file this way."""
        return {name: self.headers[column] for name, column in self.columns}

    @property
    def unused_headers(self) -> tuple[str, ...]:
        used = {column for _, column in self.columns}
        return tuple(h for i, h in enumerate(self.headers) if i not in used and h.strip())


def resolve(headers: Sequence[str], given: Mapping[str, str | None] | None) -> ColumnMapping:
    """The patient list's columns to read (`PATIENTS.resolve`)."""
    return PATIENTS.resolve(headers, given)


def check_field_names(mapping: Mapping[str, object]) -> None:
    PATIENTS.check_names(mapping)


def load_mapping(data: bytes, fields: FieldSet = PATIENTS) -> dict[str, str | None]:
    """A mapping file: one JSON object, {"field": "CSV header"}, checked field by field."""
    loaded = load_json_object(data, "mapping file", '{"first_name": "Given Name"}')
    fields.check_names(loaded)
    for name, header in loaded.items():
        if header is not None and not isinstance(header, str):
            raise InvalidInput(
                f"In the mapping file, {name} must be a column's header in quotes (or null)."
            )
    return cast(dict[str, str | None], loaded)


def load_json_object(data: bytes, what: str, example: str) -> dict[str, object]:
    """One JSON object from a UTF-8 file a person wrote or saved; refused in a sentence."""
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(f"The {what} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"The {what} is not valid JSON (line {exc.lineno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise InvalidInput(f"The {what} is nested too deeply to be a mapping.") from None
    if not isinstance(loaded, dict):
        raise InvalidInput(f"The {what} must hold one JSON object, like {example}.")
    return loaded


def _column_named(headers: tuple[str, ...], name: str, wanted: str) -> int:
    for exact in (True, False):
        for column, header in enumerate(headers):
            if (header == wanted.strip()) if exact else (header_key(header) == header_key(wanted)):
                return column
    raise InvalidInput(
        f"The mapping gives the column {wanted!r} for {name}, but the file has no such "
        f"column; its columns are: {_listed(headers)}."
    )


def _check_distinct(headers: tuple[str, ...], chosen: dict[str, int]) -> None:
    seen: dict[int, str] = {}
    for name, column in chosen.items():
        if column in seen:
            raise InvalidInput(
                f"The column {headers[column]!r} is given for both {seen[column]} and {name}; "
                "each column can fill one field."
            )
        seen[column] = name


def _looks_like_data(headers: tuple[str, ...]) -> bool:
    """A first line with an e-mail address, a date or a phone number is data, not names."""
    return any("@" in h or sum(ch.isdigit() for ch in h) >= 4 for h in headers)


def _listed(headers: tuple[str, ...]) -> str:
    shown = [repr(h) for h in headers[:30] if h]
    more = f" and {len(headers) - 30} more" if len(headers) > 30 else ""
    return ", ".join(shown) + more if shown else "none"
