"""The Emergency Kit PDF: everything the owner needs on one page, in any script."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from practicedesk.documents.emergency_kit import EmergencyKit, render_emergency_kit
from practicedesk.security.recovery import new_recovery_code

CODE = new_recovery_code()
FOLDER = "C:\\Users\\Front Desk\\AppData\\Local\\PracticeDesk\\practice"


def _kit(
    name: str = "Harbor Test Dental",
    owner: str = "olive",
    folder: str = FOLDER,
    address: tuple[str, ...] = ("12 Quay Street", "Portsmouth, NH 03801"),
) -> EmergencyKit:
    return EmergencyKit(
        practice_name=name,
        practice_address=list(address),
        data_folder=folder,
        owner_username=owner,
        recovery_code=CODE,
        created=date(2026, 11, 4),
    )


def _read(kit: EmergencyKit) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(render_emergency_kit(kit)))
    assert len(reader.pages) == 1, "the kit must stay on one sheet"
    return reader, reader.pages[0].extract_text()


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    return [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]


def test_the_kit_carries_the_practice_the_code_the_folder_and_the_owner() -> None:
    _, text = _read(_kit())
    for expected in (
        "Harbor Test Dental",
        CODE,
        FOLDER,
        "olive",
        "12 Quay Street, Portsmouth, NH 03801",
        "November 4, 2026",
    ):
        assert expected in text


def test_the_kit_says_what_to_do_in_each_emergency() -> None:
    _, text = _read(_kit())
    for heading in (
        "If the owner's password is lost",
        "If an account is locked after too many attempts",
        "If this computer breaks or is stolen",
        "Keep this page in a locked drawer",
    ):
        assert heading in text


def test_a_practice_without_an_address_shows_a_dash() -> None:
    _, text = _read(_kit(address=()))
    assert "Address\n—" in text


def test_names_in_other_latin_scripts_print_with_the_embedded_font() -> None:
    reader, text = _read(_kit(name="Zoë Øster-Ślusarczyk Dental", owner="zoë.øster"))
    assert "Zoë Øster-Ślusarczyk Dental" in text
    assert "zoë.øster" in text
    dejavu = [font for font in _fonts(reader) if "DejaVu" in str(font["/BaseFont"])]
    assert dejavu, "the text must use the DejaVu font shipped with the program"
    for font in dejavu:
        assert "/FontFile2" in font["/FontDescriptor"], "the font must travel inside the PDF"


@pytest.mark.parametrize(
    "name", ["Клиника Ивановой", "Οδοντιατρείο Παπαδόπουλου", "Nha khoa Đức Trí"]
)
def test_names_in_cyrillic_greek_and_vietnamese_print(name: str) -> None:
    _, text = _read(_kit(name=name))
    assert name in text


def test_names_in_chinese_or_japanese_print() -> None:
    _, text = _read(_kit(name="Zoë Øster-Ślusarczyk Dental 診療所"))
    assert "診療所" in text


def test_markup_in_a_name_is_printed_as_text() -> None:
    _, text = _read(_kit(name="A & B <b>Dental</b>"))
    assert "A & B <b>Dental</b>" in text


def test_long_values_wrap_and_stay_on_one_page() -> None:
    folder = (
        "\\\\fileserver-main-office.internal.example\\SharedDocuments\\"
        "FrontDeskApplications\\PracticeDesk\\practice-data-2026"
    )
    name = (
        "The Very Long Named Family and Cosmetic Dentistry Practice of Doctors "
        "Abernathy-Vandersloot and Associates"
    )
    _, text = _read(_kit(name=name, folder=folder))
    assert " ".join(name.split()) in " ".join(text.split())
    assert folder in "".join(text.split())
    assert CODE in text


def test_a_long_folder_path_breaks_only_after_a_separator_and_says_so() -> None:
    folder = (
        "\\\\fileserver-main-office.internal.example\\SharedDocuments\\"
        "FrontDeskApplications\\PracticeDesk\\practice-data-2026"
    )
    _, text = _read(_kit(folder=folder))
    lines = [line for line in text.splitlines() if "\\" in line and line in folder]
    assert "".join(lines) == folder
    assert len(lines) > 1
    assert all(line.endswith("\\") for line in lines[:-1])
    assert f"{len(lines)} lines on paper: type them as one, without spaces" in text


def test_a_short_folder_path_stays_on_one_line_without_a_note() -> None:
    _, text = _read(_kit(folder="C:\\PracticeDesk"))
    assert "C:\\PracticeDesk" in text.splitlines()
    assert "lines on paper" not in text


def test_the_code_is_printed_once_and_not_in_the_document_properties() -> None:
    reader, text = _read(_kit())
    assert text.count(CODE) == 1
    assert CODE not in str(reader.metadata)
