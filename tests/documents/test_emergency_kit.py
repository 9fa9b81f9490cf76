"""The Emergency Kit PDF: everything the owner needs on one page, in any script."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from practicedesk.documents.emergency_kit import EmergencyKit, render_emergency_kit
from practicedesk.security.recovery import new_recovery_code

CODE = new_recovery_code()


def _kit(name: str = "Zoë Øster-Ślusarczyk Dental 診療所") -> EmergencyKit:
    return EmergencyKit(
        practice_name=name,
        practice_address=["12 Quay Street", "Portsmouth, NH 03801"],
        data_folder="C:\\Users\\Front Desk\\AppData\\Local\\PracticeDesk\\practice",
        owner_username="olive",
        recovery_code=CODE,
        created=date(2026, 11, 24),
    )


def test_the_kit_carries_the_code_the_practice_and_the_folder() -> None:
    reader = PdfReader(BytesIO(render_emergency_kit(_kit())))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (CODE, "olive", "PracticeDesk\\practice", "November 24, 2026", "recovery code"):
        assert expected in text


def test_names_in_any_script_are_printed_with_the_embedded_font() -> None:
    reader = PdfReader(BytesIO(render_emergency_kit(_kit())))
    text = reader.pages[0].extract_text()
    assert "Øster-Ślusarczyk" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in font for font in fonts)


def test_markup_in_a_name_is_printed_as_text() -> None:
    text = PdfReader(BytesIO(render_emergency_kit(_kit("A & B <b>Dental</b>")))).pages[0]
    assert "A & B <b>Dental</b>" in text.extract_text()
