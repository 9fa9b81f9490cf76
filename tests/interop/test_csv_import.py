"""Reading other systems' patient exports: encodings, separators, header names, date forms,
bad rows reported in words, and files that are not patient lists refused in one sentence."""

from __future__ import annotations

import codecs
import random
from datetime import date
from pathlib import Path

import pytest

from practicedesk.domain.new_patient import NewPatient
from practicedesk.errors import InvalidInput
from practicedesk.interop import csv_reading
from practicedesk.interop.csv_fields import FIELDS, load_mapping, resolve
from practicedesk.interop.csv_import import PatientFile, RowResult, preview
from practicedesk.interop.csv_values import BadValue, birth_date

TODAY = date(2026, 3, 17)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "patient-import.md"
ZOE = "First Name,Last Name,DOB\r\nZoë,Müller,1/2/1980\r\n"


def _rows(data: bytes, mapping: dict[str, str | None] | None = None, **options: bool) -> list:
    return list(PatientFile(data, mapping, today=TODAY, **options).rows())


def _only(data: bytes, mapping: dict[str, str | None] | None = None, **options: bool) -> RowResult:
    [row] = _rows(data, mapping, **options)
    return row


def _patient(data: bytes, **options: bool) -> NewPatient:
    row = _only(data, **options)
    assert row.patient is not None, row.problems
    return row.patient


def _refused(data: bytes, mapping: dict[str, str | None] | None = None) -> str:
    with pytest.raises(InvalidInput) as refused:
        _rows(data, mapping)
    message = refused.value.message
    assert "\n" not in message and message.endswith(".")
    return message


# -- encodings and separators --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ZOE.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + ZOE.encode("utf-8"), "UTF-8 with BOM"),
        (ZOE.encode("cp1252"), "Windows-1252"),
        (ZOE.replace(",", "\t").encode("utf-16"), "UTF-16"),
    ],
)
def test_utf8_with_or_without_bom_windows_1252_and_utf16_read_the_same_names(
    data: bytes, encoding: str
) -> None:
    opened = PatientFile(data, today=TODAY)
    assert opened.encoding == encoding
    assert opened.mapping.header("first_name") == "First Name"  # no BOM stuck to the header
    [row] = opened.rows()
    assert row.patient == NewPatient("Zoë", "Müller", date(1980, 1, 2))


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_commas_semicolons_and_tabs_are_recognized(delimiter: str, name: str) -> None:
    text = (
        f"Last Name{delimiter}First Name{delimiter}Address{delimiter}City\r\n"
        f'Ng{delimiter}Ada{delimiter}"12 Elm St, Apt 4"{delimiter}Salem\r\n'
    )
    opened = PatientFile(text.encode(), today=TODAY)
    assert opened.delimiter == name
    [row] = opened.rows()
    assert row.patient == NewPatient("Ada", "Ng", street="12 Elm St, Apt 4", city="Salem")


# -- header names and mappings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("FirstName", "first_name"), ("Given Name", "first_name"),
        ("patient_first_name", "first_name"), ("SURNAME", "last_name"),
        ("Family Name", "last_name"), ("PATIENT-LAST-NAME", "last_name"),
        ("Middle Name", "middle_name"), ("Nickname", "preferred_name"),
        ("Preferred Name", "preferred_name"), ("DOB", "date_of_birth"),
        ("D.O.B.", "date_of_birth"), ("Birthdate", "date_of_birth"),
        ("Birth Date", "date_of_birth"), ("Date of Birth (MM/DD/YYYY)", "date_of_birth"),
        ("Home Phone", "phone"), ("Cell", "mobile_phone"), ("Cell Phone", "mobile_phone"),
        ("Mobile", "mobile_phone"), ("E-mail", "email"), ("email_address", "email"),
        ("Address 1", "street"), ("Street", "street"), ("City", "city"),
        ("State", "region"), ("Province", "region"), ("Zip Code", "postal_code"),
        ("Postal Code", "postal_code"), ("ZIP", "postal_code"), ("SMS OK", "may_text"),
    ],
)  # fmt: skip
def test_header_names_other_systems_export_are_matched(header: str, field: str) -> None:
    others = {"first_name": ["Last"], "last_name": ["First"]}.get(field, ["First", "Last"])
    mapping = resolve([*others, header], None)
    assert mapping.header(field) == header


def test_the_documentation_lists_every_header_name_recognized() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for field in FIELDS:
        assert f"| `{field.name}` | {', '.join(field.headers)} |" in text


def test_the_first_of_two_matching_columns_is_used_and_the_other_is_listed_unused() -> None:
    mapping = resolve(["Phone", "First Name", "Last Name", "Home Phone", "Notes"], None)
    assert mapping.header("phone") == "Phone"
    assert mapping.unused_headers == ("Home Phone", "Notes")


def test_the_mobile_number_is_the_phone_when_there_is_no_other() -> None:
    text = "First,Last,Phone,Cell\r\nAda,Ng,,503-234-1111\r\nBo,Ng,(971) 555-2000,503-234-1111\r\n"
    first, second = _rows(text.encode())
    assert first.patient and first.patient.phone == "+15032341111"
    assert second.patient and second.patient.phone == "+19715552000"


def test_a_mapping_names_columns_for_its_fields_and_guesses_fill_the_rest() -> None:
    text = "Vorname,Nachname,Last Name,Email\r\nAda,Ng,ignored,ada@example.com\r\n"
    given: dict[str, str | None] = {"first_name": "Vorname", "last_name": "nachname", "email": None}
    row = _only(text.encode(), given)
    assert row.patient == NewPatient("Ada", "Ng")  # the e-mail was left out on purpose


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ({"firstname": "First"}, "does not have; the fields are: first_name, last_name"),
        ({"first_name": "Given"}, "no such column; its columns are: 'First', 'Last'"),
        ({"first_name": "Last", "last_name": "Last"}, "given for both"),
        ({"first_name": "Last"}, "No column holds the last name"),
    ],
)
def test_a_mapping_with_an_unknown_field_or_header_is_refused(
    mapping: dict[str, str | None], expected: str
) -> None:
    assert expected in _refused(b"First,Last\r\nAda,Ng\r\n", mapping)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'{"first_name": "Given"', r"not valid JSON \(line 1"),
        (b'["first_name"]', "one JSON object"),
        (b'{"first_name": 3}', "first_name must be a column's header"),
        (b'{"birthday": "DOB"}', "field 'birthday' that PracticeDesk does not have"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_a_mapping_file_that_is_not_a_mapping_is_refused(text: bytes, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected):
        load_mapping(text)


def test_a_mapping_file_is_read() -> None:
    assert load_mapping(b'\xef\xbb\xbf{"first_name": "Given", "email": null}') == {
        "first_name": "Given",
        "email": None,
    }


def test_a_file_without_name_columns_says_which_columns_it_has() -> None:
    message = _refused(b"Patient,Birthday\r\nAda Ng,1/2/1980\r\n")
    assert "No column holds the first name" in message and "'Patient', 'Birthday'" in message


def test_a_file_without_a_header_row_is_refused() -> None:
    message = _refused(b"Ada,Ng,1/2/1980,ada@example.com\r\nBo,Ng,3/4/1990,bo@example.com\r\n")
    assert "header row" in message and "Ada" not in message


def test_the_preview_shows_the_first_rows_the_columns_and_what_is_left_out() -> None:
    lines = "".join(f"Name{i},Ng,{i % 12 + 1}/2/1980,x\r\n" for i in range(50))
    shown = preview(f"First Name,Last Name,DOB,Notes\r\n{lines}".encode(), rows=5, today=TODAY)
    assert (shown.encoding, shown.delimiter) == ("UTF-8", "comma")
    assert shown.mapping.as_dict() == {
        "first_name": "First Name",
        "last_name": "Last Name",
        "date_of_birth": "DOB",
    }
    assert shown.mapping.unused_headers == ("Notes",)
    assert [row.line for row in shown.rows] == [2, 3, 4, 5, 6]
    assert shown.rows[2].values["date_of_birth"] == "3/2/1980"
    assert shown.rows[2].patient and shown.rows[2].patient.date_of_birth == date(1980, 3, 2)


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "month_first", "day_first"),
    [
        ("1980-01-02", date(1980, 1, 2), date(1980, 1, 2)),
        ("1980-01-02 00:00:00", date(1980, 1, 2), date(1980, 1, 2)),
        ("1/2/1980", date(1980, 1, 2), date(1980, 2, 1)),
        ("01/02/1980", date(1980, 1, 2), date(1980, 2, 1)),
        ("1/2/1980 0:00", date(1980, 1, 2), date(1980, 2, 1)),
        ("01021980", date(1980, 1, 2), date(1980, 2, 1)),
        ("19800102", date(1980, 1, 2), date(1980, 1, 2)),
        ("1.2.1980", date(1980, 1, 2), date(1980, 2, 1)),
        ("1-2-1980", date(1980, 1, 2), date(1980, 2, 1)),
        ("2-Jan-1980", date(1980, 1, 2), date(1980, 1, 2)),
        ("02-JAN-1980", date(1980, 1, 2), date(1980, 1, 2)),
        ("2 January 1980", date(1980, 1, 2), date(1980, 1, 2)),
        ("Jan 2 1980", date(1980, 1, 2), date(1980, 1, 2)),
        ("January 2, 1980", date(1980, 1, 2), date(1980, 1, 2)),
        ("Sept. 30, 1975", date(1975, 9, 30), date(1975, 9, 30)),
        ("31/12/1980", None, date(1980, 12, 31)),
    ],
)
def test_dates_of_birth_in_the_common_forms_month_or_day_first(
    typed: str, month_first: date | None, day_first: date
) -> None:
    assert birth_date(typed, day_first=True, today=TODAY) == day_first
    if month_first is None:
        with pytest.raises(BadValue, match="if the file writes the day first"):
            birth_date(typed, day_first=False, today=TODAY)
    else:
        assert birth_date(typed, day_first=False, today=TODAY) == month_first


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1/2/80", "two-digit year"),
        ("2-Jan-80", "two-digit year"),
        ("2/30/1980", "not a real date, read month first."),
        ("4/1/2026", "in the future"),
        ("1/2/1899", "more than 120 years ago"),
        ("2 Janvier 1980", "month PracticeDesk does not know"),
        ("soon", "not a date PracticeDesk can read"),
    ],
)
def test_dates_that_cannot_be_a_birth_date_say_why(typed: str, reason: str) -> None:
    with pytest.raises(BadValue, match=reason):
        birth_date(typed, day_first=False, today=TODAY)


def test_the_day_first_option_reads_the_whole_file_day_first() -> None:
    text = b"First,Last,DOB\r\nAda,Ng,31/12/1980\r\n"
    assert _patient(text, day_first=True).date_of_birth == date(1980, 12, 31)
    assert "day first" in _only(text).problems[0]


# -- rows that cannot be imported -----------------------------------------------------------------


def test_each_bad_row_gets_every_reason_in_words_and_its_line() -> None:
    text = (
        "First Name,Last Name,DOB,Phone,Email,Text OK\r\n"
        "Ada,Ng,1/2/1980,503-234-1111,ada@example.com,yes\r\n"
        ",Ng,1/2/1980,,,\r\n"
        "Bo,,13/45/1980,123,bo@,maybe\r\n"
        "\r\n"
        '"Cy\nCyrus",Ng,1/2/1980,,,\r\n'
        "Di,Ng,,,di@example,\r\n"
    )
    rows = _rows(text.encode())
    assert [row.line for row in rows] == [2, 3, 4, 6, 8]
    good, no_first, many, multi_line, bad_email = rows
    assert good.patient == NewPatient(
        "Ada", "Ng", date(1980, 1, 2), "+15032341111", "ada@example.com", may_text=True
    )
    assert no_first.problems == ("The first name is missing.",)
    assert len(many.problems) == 5  # rejected for its name and date: every reason is said
    assert many.problems[0] == "The last name is missing."
    assert "13/45/1980 is not a real date" in many.problems[1]
    assert many.problems[2] == "May text must be yes or no, not maybe."
    assert "123 is not a valid phone number" in many.problems[3]
    assert "e-mail address bo@ is not one" in many.problems[4]
    assert multi_line.problems == (
        "The first name runs over several lines; check the quotes on this line.",
    )
    assert bad_email.patient == NewPatient("Di", "Ng")  # imported; the address is to check
    assert bad_email.problems == () and "di@example" in bad_email.warnings[0]


def test_a_doubtful_phone_or_e_mail_is_kept_as_typed_and_the_patient_imported() -> None:
    text = (
        "First,Last,DOB,Phone,Email\r\n"
        "Ada,Ng,1/2/1980,234-111,ada@example\r\n"
        "Bo,Ng,1/2/2990,234-111,\r\n"
    )
    ada, bo = _rows(text.encode())
    assert ada.patient == NewPatient("Ada", "Ng", date(1980, 1, 2))
    assert ada.problems == ()
    assert ada.unchecked == (("phone", "234-111"), ("email", "ada@example"))
    assert "234-111 is not a valid phone number" in ada.warnings[0]
    assert "ada@example" in ada.warnings[1]
    assert bo.patient is None  # a birth date in the future makes the patient doubtful
    assert "234-111" in " ".join(bo.problems)


def test_ragged_rows_short_ones_are_padded_long_ones_with_values_are_rejected() -> None:
    text = "First,Last,City\r\nAda,Ng\r\nBo,Ng,Salem,,\r\nCy,Ng,Salem,extra\r\nDi\r\n"
    short, trailing, extra, too_short = _rows(text.encode())
    assert short.patient == NewPatient("Ada", "Ng")
    assert trailing.patient == NewPatient("Bo", "Ng", city="Salem")
    assert extra.problems == ("The line has 4 values but the header names 3 columns.",)
    assert too_short.problems == ("The last name is missing.",)


def test_a_value_longer_than_its_field_rejects_the_row() -> None:
    [row] = _rows(f"First,Last\r\n{'A' * 5000},Ng\r\n".encode())
    assert row.problems == ("The first name is over 100 characters.",)


# -- files that are not patient lists --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (b"\r\n \r\n\t\r\n", "The file is empty."),
        (codecs.BOM_UTF8, "The file is empty."),
        (b",,,\r\n", "The file is empty."),
        (b"First,Last\x00\x01\x02", "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"First Last\r\nAda Ng\r\n", "only one column"),
        (
            b"First,Last\r\n" + bytes(random.Random(7).choices(range(1, 256), k=300)),
            "not text in an encoding PracticeDesk recognizes",
        ),
    ],
)
def test_files_that_are_not_csv_text_are_refused_in_one_sentence(
    data: bytes, expected: str
) -> None:
    assert expected in _refused(data)


def test_a_runaway_field_is_refused_with_its_line() -> None:
    huge = "x" * 200_000
    message = _refused(f'First,Last\r\nAda,Ng\r\nBo,"{huge}"\r\n'.encode())
    assert message.startswith("Line 3 of the file cannot be read as CSV") and huge not in message


def test_a_file_over_the_size_or_row_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reading, "MAX_FILE_BYTES", 1000)
    big = b"First,Last\r\n" + b"Ada,Ng\r\n" * 200
    assert "larger than" in _refused(big)
    (tmp_path / "big.csv").write_bytes(big)
    with pytest.raises(InvalidInput, match="larger than"):
        csv_reading.read_file(tmp_path / "big.csv")

    monkeypatch.setattr(csv_reading, "MAX_ROWS", 100)
    assert "more than 100 rows" in _refused(b"First,Last\r\n" + b"Ada,Ng\r\n" * 101)
    assert len(_rows(b"First,Last\r\n" + b"Ada,Ng\r\n" * 100)) == 100


def test_reading_a_missing_file_or_a_folder_is_refused_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="There is no file"):
        csv_reading.read_file(tmp_path / "missing.csv")
    with pytest.raises(InvalidInput, match="is a folder"):
        csv_reading.read_file(tmp_path)


def test_the_first_lines_are_shown_as_decoded_whatever_the_columns() -> None:
    text = "名,姓\r\n\r\n太郎,山田\r\n" + "x" * 400 + "\r\n" + "".join(f"{n}\r\n" for n in range(9))
    shown = csv_reading.first_lines(text.encode("cp932"), "Shift-JIS", count=4)
    assert shown.encoding == "Shift-JIS"
    assert shown.lines == ("名,姓", "太郎,山田", "x" * 300, "0")
