"""The practice's logo on printed pages: chosen by the owner, kept in the database."""

from __future__ import annotations

import base64
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from practicedesk.errors import InvalidInput
from practicedesk.services.session import PracticeSession

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(BytesIO(pdf)).pages)


def test_the_logo_prints_on_the_letterhead(owner_session: PracticeSession) -> None:
    practice, printouts = owner_session.practice, owner_session.printouts
    assert practice.logo() is None
    assert _images(printouts.day_sheet(date(2026, 12, 1))) == 0
    practice.set_logo(PNG)
    assert practice.logo() == PNG
    assert _images(printouts.day_sheet(date(2026, 12, 1))) == 1
    practice.set_logo(None)
    assert practice.logo() is None


def test_only_a_picture_of_a_sensible_size_is_a_logo(owner_session: PracticeSession) -> None:
    practice = owner_session.practice
    with pytest.raises(InvalidInput, match="PNG or JPEG"):
        practice.set_logo(b"%PDF-1.7 not a picture")
    with pytest.raises(InvalidInput, match="2 MB"):
        practice.set_logo(PNG + b"\0" * (2 * 1024 * 1024))
    assert practice.logo() is None


def test_a_damaged_logo_still_prints_the_page(owner_session: PracticeSession) -> None:
    owner_session.practice.set_logo(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    pdf = owner_session.printouts.day_sheet(date(2026, 12, 1))
    assert "Page 1 of 1" in PdfReader(BytesIO(pdf)).pages[0].extract_text()
