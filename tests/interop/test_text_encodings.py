"""Files from other systems in other encodings come in with their names intact: certain where
the bytes say so, guessed where they do not, and read as the person says when the guess is
wrong. Files of made-up people only (Faker, fixed seeds)."""

from __future__ import annotations

import codecs
import random
from datetime import date
from pathlib import Path

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.errors import InvalidInput
from practicedesk.interop.csv_import import PatientFile
from practicedesk.interop.text_encodings import ENCODINGS, decode, find
from tests.interop.patient_csv import csv_bytes

TODAY = date(2026, 3, 17)
HEADER = ("First Name", "Last Name", "DOB", "City")


def _people(locale: str, count: int = 30, seed: int = 3) -> list[tuple[str, ...]]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return [(fake.first_name(), fake.last_name(), "1/2/1980", fake.city()) for _ in range(count)]


def _imported_names(data: bytes, encoding: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    opened = PatientFile(data, today=TODAY, encoding=encoding)
    names = []
    for row in opened.rows():
        assert row.patient is not None, row.problems
        names.append((row.patient.first_name, row.patient.last_name))
    return opened.encoding, names


@pytest.mark.parametrize(
    ("locale", "codec", "found"),
    [
        ("ja_JP", "shift_jis", "Shift-JIS"),
        ("ja_JP", "cp932", "Shift-JIS"),
        ("en_US", "utf-16-le", "UTF-16 LE"),
        ("ja_JP", "utf-16-le", "UTF-16 LE"),
        ("de_DE", "utf-16-be", "UTF-16 BE"),
        ("de_DE", "cp1252", "Windows-1252"),
        ("fr_FR", "cp1252", "Windows-1252"),
        ("ru_RU", "cp1251", "Windows-1251"),
    ],
)
def test_a_file_without_a_byte_order_mark_is_read_in_the_encoding_it_was_written_in(
    locale: str, codec: str, found: str
) -> None:
    people = _people(locale)
    encoding, names = _imported_names(csv_bytes(people, HEADER, encoding=codec))
    assert encoding == found
    assert names == [(first, last) for first, last, *_ in people]


def test_a_latin_1_file_keeps_its_accents() -> None:
    people = _people("es_ES")
    assert any(not name.isascii() for person in people for name in person)
    encoding, names = _imported_names(csv_bytes(people, HEADER, encoding="latin-1"))
    assert encoding in ("Latin-1", "Windows-1252")  # the same letters for these names
    assert names == [(first, last) for first, last, *_ in people]


def test_a_named_encoding_is_used_even_where_a_guess_would_fail() -> None:
    people = _people("pl_PL", count=2)  # two Polish names: Windows-1252 reads them as well
    data = csv_bytes(people, HEADER, encoding="cp1250")
    encoding, names = _imported_names(data, "Windows-1250")
    assert encoding == "Windows-1250"
    assert names == [(first, last) for first, last, *_ in people]


def test_a_file_that_is_not_in_the_named_encoding_is_refused_with_its_line() -> None:
    data = csv_bytes(_people("ja_JP", count=3), HEADER, encoding="shift_jis")
    with pytest.raises(InvalidInput) as refused:
        PatientFile(data, today=TODAY, encoding="UTF-8")
    assert refused.value.message.startswith("The file is not UTF-8 text (line 2 holds bytes")
    assert "choose the encoding it was saved in" in refused.value.message


def test_an_unknown_encoding_name_is_refused_with_the_names_that_work() -> None:
    with pytest.raises(InvalidInput, match=r"does not know the encoding 'klingon'; use one of UTF"):
        find("klingon")


@pytest.mark.parametrize("typed", ["Shift-JIS", "shift_jis", "SHIFTJIS", "cp932", "sjis"])
def test_an_encoding_is_found_by_any_of_its_usual_names(typed: str) -> None:
    assert find(typed).name == "Shift-JIS"


def test_every_offered_encoding_is_one_python_reads() -> None:
    for encoding in ENCODINGS:
        assert codecs.lookup(encoding.codec)._is_text_encoding  # type: ignore[attr-defined]
        assert find(encoding.name) == encoding


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(random.Random(1).choices(range(256), k=900)),
        b"%PDF-1.7\n\x00\x00" + bytes(random.Random(2).choices(range(256), k=3000)),
        bytes(random.Random(3).choices(range(256), k=4096)),
    ],
)
def test_a_binary_file_is_still_refused_in_one_sentence(data: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        PatientFile(data, today=TODAY)
    assert refused.value.message == "The file holds binary data, not text; it is not a CSV file."


def test_utf32_with_its_byte_order_mark_is_read() -> None:
    text, encoding = decode("First,Last\r\nZoë,Müller\r\n".encode("utf-32"))
    assert (text, encoding) == ("First,Last\r\nZoë,Müller\r\n", "UTF-32")


@given(st.text().filter(lambda t: "\x00" not in t))
def test_utf8_text_is_always_read_as_utf8_first(text: str) -> None:
    assert decode(text.encode("utf-8")) == (text, "UTF-8")


@given(st.binary(max_size=400))
def test_any_bytes_are_read_as_text_or_refused_in_one_sentence(data: bytes) -> None:
    try:
        text, _ = decode(data)
    except InvalidInput as refused:
        assert "\n" not in refused.message and refused.message.endswith(".")
    else:
        assert "\x00" not in text


def test_the_guide_lists_every_encoding_a_person_may_choose() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "patient-import.md").read_text("utf-8")
    section = guide[guide.index("## Which encoding") : guide.index("## Column names recognized")]
    listed = {
        name.strip()
        for line in section.splitlines()
        if line.startswith("| ")
        for name in line.split("|")[1].split(",")
    }
    assert {encoding.name for encoding in ENCODINGS} <= listed
