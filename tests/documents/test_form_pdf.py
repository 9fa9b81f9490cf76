"""Forms on paper: every shipped template prints blank, pre-filled and completed with the
same layout, every page saying whose form it is and "Page N of M", long answers running on
over pages, and any name in any script printing as written."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from practicedesk.documents.form_pdf import FormMode, FormPatient, render_form
from practicedesk.documents.pages import Letterhead
from practicedesk.forms.answers import Answer, Signature, YesNo
from practicedesk.forms.bindings import prefill
from practicedesk.forms.model import FieldType, FormTemplate
from practicedesk.forms.templates import load_templates

LETTERHEAD = Letterhead("Harbor Test Dental", ["12 Quay Street", "Portsmouth"], "(603) 436-2200")
PATIENT = FormPatient("Zoë Øster-Ślusarczyk", "06/09/1984")
FACTS = {
    "patient.full_name": PATIENT.name,
    "patient.date_of_birth": PATIENT.born,
    "patient.address": "44 Lantern Lane, Portsmouth",
    "patient.phone": "(603) 555-0101",
    "insurance.primary.member_id": "GM-5521-07",
    "appointment.start": "12/03/2026 8:00 AM",
    "appointment.date": "12/03/2026",
    "appointment.provider": "Dr. Ada Park",
    "appointment.procedure": "Extraction of teeth #1 and #16",
}
TEMPLATES = load_templates().templates


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGBA", (300, 80), (20, 20, 120, 255)).save(out, "PNG")
    return out.getvalue()


def _completed(template: FormTemplate, long_text: str = "Fine.") -> dict[str, Answer]:
    values: dict[str, Answer] = {}
    for field in template.fields:
        kind = field.type
        if kind is FieldType.YES_NO:
            values[field.id] = YesNo(True, "Amoxicillin 500 mg")
        elif kind is FieldType.SIGNATURE:
            values[field.id] = Signature(PATIENT.name, "11/29/2026 3:05 PM", _png())
        elif kind in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE):
            values[field.id] = (
                field.options[0] if kind is FieldType.SINGLE_CHOICE else field.options[:2]
            )
        elif kind is FieldType.SCALE:
            values[field.id] = field.options[-1]
        elif kind is FieldType.LONG_TEXT:
            values[field.id] = long_text
        elif kind is not FieldType.PARAGRAPH:
            values[field.id] = "ZØS"
    return {**values, **prefill(template, FACTS)}


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def _render(template: FormTemplate, mode: FormMode, values: dict[str, Answer] | None) -> bytes:
    return render_form(template, LETTERHEAD, values, mode, PATIENT)


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_every_template_prints_in_all_three_modes_with_whose_it_is_on_every_page(
    template_id: str,
) -> None:
    template = TEMPLATES[template_id]
    printed = {
        FormMode.BLANK: _pages(_render(template, FormMode.BLANK, None)),
        FormMode.PREFILLED: _pages(_render(template, FormMode.PREFILLED, prefill(template, FACTS))),
        FormMode.COMPLETED: _pages(_render(template, FormMode.COMPLETED, _completed(template))),
    }
    for pages in printed.values():
        for number, text in enumerate(pages, start=1):
            assert "Zoë Øster-Ślusarczyk · DOB 06/09/1984" in text
            assert f"Page {number} of {len(pages)}" in text
            assert "Harbor Test Dental" in text
        assert template.title in pages[0]
        assert f"version {template.version}" in pages[0]
    assert len(printed[FormMode.BLANK]) == len(printed[FormMode.COMPLETED])
    completed = " ".join(printed[FormMode.COMPLETED])
    if any(f.type is FieldType.SIGNATURE for f in template.fields):
        assert "Signed on 11/29/2026 3:05 PM by Zoë Øster-Ślusarczyk" in completed
        assert "Signed on" not in " ".join(printed[FormMode.BLANK])


def test_prefilled_shows_chart_facts_and_only_those() -> None:
    template = TEMPLATES["surgical-consent"]
    values = {**_completed(template), **prefill(template, FACTS)}
    text = " ".join(_pages(_render(template, FormMode.PREFILLED, values)))
    assert "Extraction of teeth #1 and #16" in text
    assert "Dr. Ada Park" in text
    assert "Amoxicillin" not in text
    blank = " ".join(_pages(_render(template, FormMode.BLANK, values)))
    assert "Dr. Ada Park" not in blank


def test_a_blank_form_without_a_patient_leaves_lines_for_name_and_birth_date() -> None:
    pdf = render_form(TEMPLATES["hipaa-acknowledgement"], LETTERHEAD, None, FormMode.BLANK)
    for text in _pages(pdf):
        assert "Patient: ____" in text
        assert "DOB: ____" in text


def test_a_long_answer_runs_on_over_pages_and_is_never_cut() -> None:
    template = TEMPLATES["post-operative-extraction"]
    words = [f"word{n:04d}" for n in range(1800)]
    short = _pages(_render(template, FormMode.COMPLETED, _completed(template)))
    pages = _pages(_render(template, FormMode.COMPLETED, _completed(template, " ".join(words))))
    assert len(pages) > len(short)
    text = " ".join(pages)
    assert all(word in text for word in words)
    assert text.index("word0000") < text.index("word1799")


def test_the_practice_phone_is_filled_into_the_printed_words() -> None:
    text = " ".join(_pages(_render(TEMPLATES["post-operative-implant"], FormMode.BLANK, None)))
    assert "Call Harbor Test Dental on (603) 436-2200" in text
    assert "{practice" not in text


def test_ticked_options_print_ticked() -> None:
    template = TEMPLATES["medical-history"]
    values: dict[str, Answer] = {"conditions": ("Diabetes",), "allergies": YesNo(False)}
    text = " ".join(_pages(_render(template, FormMode.COMPLETED, values)))
    assert "☒ Diabetes" in text
    assert "☐ Stroke" in text
    assert "☐ Yes ☒ No" in text


def test_a_damaged_signature_image_prints_a_note_instead_of_failing() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from practicedesk.documents.form_pdf import FormMode, render_form
    from practicedesk.documents.pages import Letterhead
    from practicedesk.forms.answers import Signature
    from practicedesk.forms.model import FieldType
    from practicedesk.forms.templates import load_templates

    template = load_templates().templates["hipaa-acknowledgement"]
    field = next(f for f in template.fields if f.type is FieldType.SIGNATURE)
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40  # a PNG header and nothing sound after it
    answers = {field.id: Signature("Dana Ruiz", "11/29/2026", broken)}
    letterhead = Letterhead("Harbor Test Dental", ["12 Quay Street"], "(603) 436-2200")
    pdf = render_form(template, letterhead, answers, FormMode.COMPLETED)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "signature image could not be read" in text


def test_the_survey_prints_blank_with_a_box_for_each_point_and_ticks_the_one_chosen() -> None:
    template = TEMPLATES["patient-satisfaction"]
    blank = " ".join(_pages(_render(template, FormMode.BLANK, None)))
    assert "How reasonable was your wait?" in blank
    assert "Poor ☐ 1 ☐ 2 ☐ 3 ☐ 4 ☐ 5 Excellent" in blank
    assert "☒" not in blank
    values: dict[str, Answer] = {"wait": "2", "comment": "The chairs were comfy."}
    done = " ".join(_pages(_render(template, FormMode.COMPLETED, values)))
    assert "☐ 1 ☒ 2 ☐ 3" in done
    assert "The chairs were comfy." in done
