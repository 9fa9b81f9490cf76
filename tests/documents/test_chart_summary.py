"""The printed chart summary: the whole record readable on paper, alerts first, every page
saying whose it is, long histories running on over pages with nothing cut off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pytest
from pypdf import PdfReader

from practicedesk.documents.chart_summary import (
    ChartSummary,
    SummaryAlert,
    SummaryCommunication,
    SummaryVisit,
    render_chart_summary,
)
from practicedesk.documents.pages import Letterhead
from tests.conftest import make_practice
from tests.services.record_fixtures import build_full_record

LETTERHEAD = Letterhead("Harbor Test Dental", ["12 Quay Street"], "(603) 436-2200")


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    """Text as read, with the line breaks that wrapping put in taken out again."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """A full record, printed once through the service for the whole module."""
    created = make_practice(tmp_path_factory.mktemp("summary") / "practice")
    with created.session as session:
        record = build_full_record(session)
        patient_id = session.record_export.find_by_chart_number(record.chart_number)
        yield _pages(session.record_export.summary_pdf(patient_id))


def test_the_summary_holds_the_whole_record(printed: list[str]) -> None:
    text = _flat(" ".join(printed))
    for expected in (
        "Ana Beatriz Alvarez",
        "DOB 06/09/1984",
        "44 Lantern Lane",
        "Tomas Alvarez (brother)",
        "(503) 234-1111",
        "Gull Mutual Dental",
        "GM-5521-07",
        "Co-pay $25.00",
        "by portal: active; reference V-31",
        "Dr. Ada Park",
        "Hal Hughes",
        "No-show",
        "Checked out",
        "Cancelled: moving away for a month",
        "third molars",
        "Implant #19",
        "Gull card",
        "Asked whether implants are covered",
        "Send the implant estimate",
    ):
        assert expected in text, expected


def test_active_alerts_come_first_with_their_severity(printed: list[str]) -> None:
    first = _flat(printed[0])
    assert "Medical alerts (2 active)" in first
    assert first.index("CRITICAL Allergy: Penicillin hives") < first.index(
        "WARNING Premedication: Amoxicillin"
    )
    assert first.index("Premedication") < first.index("No longer active Condition: Sprained wrist")
    assert first.index("Medical alerts") < first.index("Demographics")


def test_every_page_names_the_patient_and_counts_the_pages(printed: list[str]) -> None:
    total = len(printed)
    for number, text in enumerate(printed, start=1):
        assert "Ana Beatriz Alvarez · DOB 06/09/1984" in text
        assert f"Page {number} of {total}" in text


def test_a_long_history_flows_over_pages_and_nothing_is_cut_off() -> None:
    visits = [
        SummaryVisit(f"Mon 01/{n % 28 + 1:02d}/2024 9:00 AM", 30, "Dr. Ada Park", "Cleaning",
                     "Chair 1", "Checked out", f"visit note {n}")
        for n in range(120)
    ]  # fmt: skip
    ramble = " ".join(f"word{n}" for n in range(2500)) + " END-OF-CALL"
    summary = ChartSummary(
        "Ana Alvarez", "06/09/1984", "7",
        alerts=[SummaryAlert("Allergy", "Latex", "critical")],
        past=visits,
        communications=[SummaryCommunication("01/02/2024 9:00 AM", "Call, incoming", ramble,
                                             "olive")],
    )  # fmt: skip
    pages = _pages(render_chart_summary(LETTERHEAD, summary))
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Ana Alvarez · DOB 06/09/1984" in text
    text = _flat(" ".join(pages))
    assert all(f"visit note {n} " in text + " " for n in range(120))
    words = re.findall(r"word\d+", text)
    assert words == [f"word{n}" for n in range(2500)], "a word of the long call went missing"
    assert "END-OF-CALL" in text
    assert sum("Summary" in page for page in pages) >= 3  # the heading row repeats on each page


def test_names_in_any_script_print_in_the_embedded_unicode_font() -> None:
    name = "Zoë Ødegaard-Łukasiewicz Ζωή Зоя"
    summary = ChartSummary(name, "", "12", alerts=[SummaryAlert("Allergy", "Ibuprofène", "info")])
    pdf = render_chart_summary(LETTERHEAD, summary)
    [text] = _pages(pdf)
    assert name in text and "Ibuprofène" in text
    fonts = set()

    def note_font(text: str, cm: object, tm: object, font: dict | None, size: float) -> None:
        if text.strip():
            fonts.add(str(font["/BaseFont"]).split("+")[-1] if font else "none")

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=note_font)
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}, "text drawn in a font without these letters"


def test_an_empty_chart_says_so_rather_than_leaving_gaps() -> None:
    [text] = _pages(render_chart_summary(LETTERHEAD, ChartSummary("Ben Brooks", "", "")))
    assert "No medical alerts on file." in text and "No chart number" in text
    assert text.count("None on file.") == 10  # every other section says so once
