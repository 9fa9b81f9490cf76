"""Packets on paper: one PDF per packet, numbered over all its pages, every page saying whose
it is, the cover letter carrying the appointment's facts, and each form on a fresh page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.documents.form_pdf import FormPatient
from practicedesk.documents.packet_pdf import WRITE_IN, render_packet
from practicedesk.documents.pages import Letterhead
from practicedesk.forms.answers import Answer, Signature, YesNo
from practicedesk.forms.packets import (
    CoverLetter,
    FillMode,
    PacketDefinition,
    PacketError,
    PacketForm,
    load_packets,
)
from practicedesk.forms.templates import load_templates

LETTERHEAD = Letterhead("Harbor Test Dental", ["12 Quay Street", "Portsmouth"], "(603) 436-2200")
PATIENT = FormPatient("Zoë Øster-Ślusarczyk", "06/09/1984")
FACTS = {
    "patient.full_name": PATIENT.name,
    "patient.first_name": "Zoë",
    "patient.date_of_birth": PATIENT.born,
    "patient.phone": "(603) 555-0101",
    "appointment.start": "12/03/2026 8:00 AM",
    "appointment.date": "Thursday, December 3, 2026",
    "appointment.arrival": "7:30 AM",
    "appointment.provider": "Dr. Ada Park",
    "appointment.procedure": "Extraction of teeth #1 and #16",
    "practice.after_hours_phone": "(603) 555-0199",
    "today": "November 29, 2026",
}
TEMPLATES = load_templates().templates
PACKETS = load_packets(TEMPLATES).packets


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def _render(
    packet: PacketDefinition,
    patient: FormPatient = PATIENT,
    answers: Mapping[str, Mapping[str, Answer]] | None = None,
) -> bytes:
    facts = {**FACTS, "patient.full_name": patient.name}
    return render_packet(packet, TEMPLATES, LETTERHEAD, facts, patient=patient, answers=answers)


def _form_pages(pages: list[str], packet: PacketDefinition) -> dict[str, int]:
    """The page each form starts on: its title opens the page's text (the letterhead is drawn
    last, so it comes last)."""
    starts = {}
    for form in packet.forms:
        title = TEMPLATES[form.template].title
        note = f"{title} Form {form.template}, version"
        matches = [n for n, text in enumerate(pages) if text.startswith(note)]
        assert len(matches) == 1, (form.template, [p[:80] for p in pages])
        starts[form.template] = matches[0]
    return starts


@pytest.mark.parametrize("packet_id", sorted(PACKETS))
def test_every_packet_prints_as_one_numbered_document_with_whose_it_is_on_every_page(
    packet_id: str,
) -> None:
    packet = PACKETS[packet_id]
    pages = _pages(_render(packet))
    for number, text in enumerate(pages, start=1):
        assert "Zoë Øster-Ślusarczyk · DOB 06/09/1984" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Harbor Test Dental" in text
    starts = _form_pages(pages, packet)
    assert list(starts.values()) == sorted(starts.values())
    assert min(starts.values()) == 1  # the cover letter has page 1 to itself
    assert "{" not in " ".join(pages)


def test_the_pre_surgery_letter_gives_the_day_the_time_the_surgeon_and_where() -> None:
    pages = _pages(_render(PACKETS["pre-surgery"]))
    letter = pages[0]
    for fact in (
        "November 29, 2026",
        "Dear Zoë,",
        "Thursday, December 3, 2026",
        "Please arrive at 7:30 AM",
        "Dr. Ada Park",
        "12 Quay Street, Portsmouth",
        "(603) 436-2200",
        "☐ Photo identification",
        "1. Before your surgery 2. Consent for surgery",
    ):
        assert fact in letter, fact
    consent = pages[_form_pages(pages, PACKETS["pre-surgery"])["surgical-consent"]]
    assert "Extraction of teeth #1 and #16" in consent
    assert "Dr. Ada Park" in consent


def test_the_post_op_letters_give_the_after_hours_number() -> None:
    for packet_id in ("post-op-extraction", "post-op-implant"):
        assert "After hours (603) 555-0199" in _pages(_render(PACKETS[packet_id]))[0]


def test_a_fact_the_chart_lacks_prints_as_a_line_to_write_on() -> None:
    facts = {k: v for k, v in FACTS.items() if k != "appointment.arrival"}
    pdf = render_packet(PACKETS["pre-surgery"], TEMPLATES, LETTERHEAD, facts, patient=PATIENT)
    letter = _pages(pdf)[0]
    assert f"Please arrive at {WRITE_IN}" in letter
    assert "{appointment" not in letter


def test_names_in_any_script_print_as_written() -> None:
    patient = FormPatient("Анна Ђорђевић-Ωmega Nguyễn", "01/02/1990")
    pages = _pages(_render(PACKETS["new-patient"], patient))
    assert all("Анна Ђорђевић-Ωmega Nguyễn · DOB 01/02/1990" in text for text in pages)
    assert pages[1].count("Анна Ђорђевић-Ωmega Nguyễn") == 2  # the header, and the name box


def test_a_blank_form_in_a_packet_shows_no_chart_facts() -> None:
    packet = PacketDefinition(
        id="consent-only",
        version=1,
        title="Consent",
        forms=(PacketForm("surgical-consent", FillMode.BLANK),),
    )
    pages = _pages(_render(packet))
    assert pages[0].startswith("Consent for surgery Form surgical-consent")  # no cover page
    assert "Extraction of teeth" not in " ".join(pages)


def test_a_form_with_answers_prints_completed() -> None:
    answers = {
        "hipaa-acknowledgement": {
            "signature": Signature(PATIENT.name, "11/29/2026 3:05 PM"),
        },
        "surgical-consent": {"questions_answered": YesNo(True)},
    }
    packet = PacketDefinition(
        id="signed",
        version=1,
        title="Signed copies",
        forms=(PacketForm("hipaa-acknowledgement"), PacketForm("surgical-consent")),
        letter=CoverLetter(text="Your copies, {patient.first_name}."),
    )
    text = " ".join(_pages(_render(packet, answers=answers)))
    assert "Your copies, Zoë." in text
    assert "Signed on 11/29/2026 3:05 PM by Zoë Øster-Ślusarczyk" in text
    assert "☒ Yes" in text


def test_a_form_that_is_not_available_is_reported_with_the_packet_file_and_line() -> None:
    packet = PACKETS["pre-surgery"]
    templates = {k: v for k, v in TEMPLATES.items() if k != "surgical-consent"}
    with pytest.raises(PacketError) as caught:
        render_packet(packet, templates, LETTERHEAD, FACTS, patient=PATIENT)
    assert isinstance(packet.source, Path)
    line = packet.forms[1].line
    assert caught.value.message.startswith(f"The packet pre-surgery.yaml, line {line}:")
    assert "'surgical-consent'" in caught.value.message
