"""Every script prints: DejaVu for what it covers, Droid Sans Fallback for Chinese, Japanese
and Korean (documents/fonts.py), in paragraphs and in text drawn on the canvas."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from practicedesk.documents.chart_summary import ChartSummary, SummaryAlert, render_chart_summary
from practicedesk.documents.day_sheet import (
    CardDetails,
    SheetLine,
    SheetSection,
    render_appointment_card,
    render_day_sheet,
)
from practicedesk.documents.fonts import (
    CJK,
    SANS,
    SANS_BOLD,
    draw,
    markup,
    register_fonts,
    runs,
    text_width,
)
from practicedesk.documents.pages import Letterhead

CHINESE, JAPANESE, KOREAN = "王小明", "さくら歯科", "김민준"
LETTERHEAD = Letterhead("さくら歯科 Sakura Dental", ["12 Quay Street"], "(603) 436-2200")


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _embedded(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_runs_send_only_what_dejavu_lacks_to_the_fallback() -> None:
    assert runs("Zoë Øster") == [("Zoë Øster", SANS)]
    assert runs(f"Dr. {CHINESE} (Ωμέγα)") == [
        ("Dr. ", SANS),
        (CHINESE, CJK),
        (" (Ωμέγα)", SANS),
    ]
    assert runs(KOREAN, SANS_BOLD) == [(KOREAN, CJK)]
    assert runs("") == []


def test_a_character_neither_font_has_stays_in_the_main_font() -> None:
    rare = "\U0001f9b7"  # TOOTH: in neither font; it prints as DejaVu's box, not vanishes
    assert runs(f"a{rare}") == [(f"a{rare}", SANS)]


def test_markup_escapes_keeps_line_breaks_and_marks_cjk_runs() -> None:
    assert markup("A & B <b>\nC") == "A &amp; B &lt;b&gt;<br/>C"
    assert markup(f"<{JAPANESE}>") == f'&lt;<font face="{CJK}">{JAPANESE}</font>&gt;'


def test_drawn_text_is_measured_across_its_fonts() -> None:
    register_fonts()
    mixed = f"Kim {KOREAN}"
    expected = stringWidth("Kim ", SANS, 10) + stringWidth(KOREAN, CJK, 10)
    assert text_width(mixed, SANS, 10) == pytest.approx(expected)
    assert text_width(mixed, SANS, 10) != pytest.approx(stringWidth(mixed, SANS, 10))


def test_right_aligned_text_ends_at_the_margin() -> None:
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out)
    draw(canvas, 300, 100, f"Dr. {CHINESE}", SANS, 10, align="right")
    canvas.showPage()
    canvas.save()
    text = _text(out.getvalue())
    assert f"Dr. {CHINESE}" in text.replace("\n", "")
    assert {SANS, CJK} <= _embedded(out.getvalue())


def test_a_chart_summary_prints_names_and_alerts_in_any_script() -> None:
    summary = ChartSummary(
        name=f"{CHINESE} (Wang Xiaoming)",
        born="03/04/1979",
        chart_number="C-88",
        alerts=[SummaryAlert("Allergy", "ペニシリン", "critical", notes=KOREAN)],
    )
    pdf = render_chart_summary(LETTERHEAD, summary)
    text = _text(pdf)
    for expected in (CHINESE, "ペニシリン", KOREAN, "さくら歯科"):
        assert expected in text
    assert CJK in _embedded(pdf)


def test_the_day_sheet_and_appointment_card_print_cjk_names() -> None:
    line = SheetLine(
        "9:00 AM", 30, f"{KOREAN} Kim", "01/02/1990", "", "Cleaning", "Chair 1", "", JAPANESE
    )
    sheet = _text(render_day_sheet(LETTERHEAD, "Monday", [SheetSection(CHINESE, [line])]))
    for expected in (KOREAN, JAPANESE, CHINESE, "1 visit\n"):
        assert expected in sheet + "\n"
    card = _text(
        render_appointment_card(
            LETTERHEAD, CardDetails(CHINESE, "Monday at 9:00 AM", KOREAN, "Cleaning", 30)
        )
    )
    for expected in (CHINESE, KOREAN, "さくら歯科"):
        assert expected in card
