"""Packets do not waste paper: a page holding two closing lines or a signature box alone is a
sheet the office pays for hundreds of times a month, and a signature on a page by itself says
nothing of what was signed."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

import pytest
from pypdf import PageObject, PdfReader

from practicedesk.documents.form_pdf import FormMode, render_form
from practicedesk.documents.packet_pdf import render_packet
from practicedesk.documents.pages import (
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    MARGIN,
    PAGE_HEIGHT,
)
from practicedesk.forms.packets import load_packets
from practicedesk.forms.templates import load_templates
from tests.documents.test_packet_pdf import FACTS, LETTERHEAD, PATIENT

TEMPLATES = load_templates().templates
PACKETS = load_packets(TEMPLATES).packets
TOP = PAGE_HEIGHT - (MARGIN + HEADER_HEIGHT - 0.2 * 72)
BOTTOM = MARGIN + FOOTER_HEIGHT
SIGNING = ("Signature", "Date", "Print name", "Signed on")


def _pages(pdf: bytes) -> Iterator[tuple[float, list[str], bool]]:
    """Each page: how full it is (0 to 1, by its lowest line of text), its lines, and whether
    a form starts on it (a form prints "Form <id>, version <n>" under its title)."""
    for page in PdfReader(BytesIO(pdf)).pages:
        text, lows = _text_and_heights(page)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        full = (TOP - min(lows, default=TOP)) / (TOP - BOTTOM)
        starts = any(line.startswith(("Form ", "Packet ")) and ", version " in line
                     for line in lines)  # fmt: skip
        yield full, lines, starts


def _text_and_heights(page: PageObject) -> tuple[str, list[float]]:
    lows: list[float] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = cm[5] + tm[5] * cm[3]
        if text.strip() and BOTTOM - 4 < y < TOP + 4:
            lows.append(y)

    return page.extract_text(visitor_text=seen), lows


def _forms(pdf: bytes) -> list[list[tuple[float, list[str]]]]:
    """The pages grouped by the form (or cover letter) they belong to."""
    forms: list[list[tuple[float, list[str]]]] = []
    for full, lines, starts in _pages(pdf):
        if starts or not forms:
            forms.append([])
        forms[-1].append((full, lines))
    return forms


def _printed() -> Iterator[tuple[str, bytes]]:
    for packet in PACKETS.values():
        yield f"packet {packet.id}", render_packet(packet, TEMPLATES, LETTERHEAD, FACTS,
                                                   patient=PATIENT)  # fmt: skip
    for template in TEMPLATES.values():
        yield f"form {template.id}", render_form(template, LETTERHEAD, None, FormMode.BLANK)


PRINTED = dict(_printed())


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_no_page_is_less_than_a_third_full_unless_it_ends_its_form(name: str) -> None:
    for number, form in enumerate(_forms(PRINTED[name]), start=1):
        for page, (full, lines) in enumerate(form[:-1], start=1):
            assert full >= 1 / 3, f"{name}: part {number}, page {page} is {full:.0%} full: {lines}"


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_a_forms_last_page_holds_what_could_not_fit_before_it(name: str) -> None:
    """The last page's content would not have fitted in the room left on the page before:
    nothing was sent over with room to spare (as a signature block was, for a while)."""
    for form in _forms(PRINTED[name]):
        if len(form) > 1:
            (before, _), (last, lines) = form[-2], form[-1]
            assert before + last > 0.95, f"{name}: {last:.0%} went over beside {before:.0%}"
            words = [line for line in lines if not line.startswith(SIGNING)]
            assert len(words) > 3, f"{name}: a last page with only a signature: {lines}"


def test_the_pre_surgery_packet_takes_four_sheets() -> None:
    """It took six: a page for two closing lines, one for a signature box, one for the
    consent's signatures."""
    assert sum(len(form) for form in _forms(PRINTED["packet pre-surgery"])) == 4
