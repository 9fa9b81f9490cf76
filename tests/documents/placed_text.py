"""Where each piece of text lands on a PDF page, read back from the file (pypdf), with its
width in the font it was set in: for checking printed boxes (labels, postcards) against the
sheet's measurements rather than against the renderer's own numbers."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from practicedesk.documents.fonts import CJK, SANS, SANS_BOLD, text_width


@dataclass(frozen=True)
class Placed:
    text: str
    x: float  # points from the page's left edge, where the text starts
    y: float  # points from the page's bottom edge, its baseline
    size: float
    width: float

    @property
    def right(self) -> float:
        return self.x + self.width


def placed_text(pdf: bytes) -> list[list[Placed]]:
    """Per page, every piece of text drawn on it."""
    pages = []
    for page in PdfReader(BytesIO(pdf)).pages:
        found: list[Placed] = []
        page.extract_text(visitor_text=lambda *seen, into=found: _note(into, *seen))
        pages.append(found)
    return pages


def _note(into: list[Placed], text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
    text = text.rstrip("\n")
    if not text.strip():
        return
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    name = str(font.get("/BaseFont", "")) if font else ""
    face = CJK if "Droid" in name else SANS_BOLD if "Bold" in name else SANS
    scaled = size * (tm[0] * cm[0] or 1)
    into.append(Placed(text, x, y, scaled, text_width(text, face, scaled)))
