"""The demo's sample files: insurance and ID cards as PNG, referral letters as PDF.

Every file says "SAMPLE — DEMO", so nobody takes one for a real scan. Cards are palette PNGs
drawn with the 5×7 pixel font below (Pillow is not one of the program's dependencies; copying
whole rows of glyphs keeps a card near a millisecond); letters use reportlab's standard
fonts, which need no embedding, in invariant mode, so the same seed gives byte-for-byte the
same documents. What the files say is decided in demo/documents.py.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

ACCENTS = ((31, 84, 150), (0, 121, 107), (46, 125, 50), (94, 53, 177), (191, 54, 12),
           (69, 90, 100), (173, 20, 87), (21, 101, 192))  # fmt: skip
_SAMPLE = "SAMPLE — DEMO"
_WIDTH, _HEIGHT = 360, 228  # an ID card's proportions
_WHITE, _INK, _ACCENT, _GREY, _RED = range(5)
# Each glyph is seven rows of five pixels, two hex digits a row, the top row first.
_GLYPHS = {
    "A": "0E1111111F1111", "B": "1E11111E11111E", "C": "0E11101010110E", "D": "1C12111111121C",
    "E": "1F10101E10101F", "F": "1F10101E101010", "G": "0E11101711110F", "H": "1111111F111111",
    "I": "0E04040404040E", "J": "0702020202120C", "K": "11121418141211", "L": "1010101010101F",
    "M": "111B1515111111", "N": "11111915131111", "O": "0E11111111110E", "P": "1E11111E101010",
    "Q": "0E11111115120D", "R": "1E11111E141211", "S": "0F10100E01011E", "T": "1F040404040404",
    "U": "1111111111110E", "V": "11111111110A04", "W": "1111111515150A", "X": "11110A040A1111",
    "Y": "1111110A040404", "Z": "1F01020408101F", "0": "0E11131519110E", "1": "040C040404040E",
    "2": "0E11010204081F", "3": "1F02040201110E", "4": "02060A121F0202", "5": "1F101E0101110E",
    "6": "0608101E11110E", "7": "1F010204080808", "8": "0E11110E11110E", "9": "0E11110F01020C",
    " ": "00000000000000", "-": "0000001F000000", ".": "00000000000C0C", ",": "000000000C0408",
    "'": "0C040800000000", "/": "00010204081000", "#": "0A0A1F0A1F0A0A", ":": "000C0C000C0C00",
    "&": "0C12140815120D", "(": "02040808080402", ")": "08040202020408",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Card:
    """A plain card: a coloured band with a heading, up to five lines, the SAMPLE mark."""

    heading: str
    lines: tuple[str, ...]
    accent: tuple[int, int, int]
    photo: bool = False  # leaves a grey box where an ID's photo would be


@dataclass(frozen=True, slots=True)
class Letter:
    sender: str  # the letterhead: an office's name
    sender_lines: tuple[str, ...]
    dated: date
    to_lines: tuple[str, ...]
    regarding: str
    paragraphs: tuple[str, ...]
    signed: str


def card_png(card: Card) -> bytes:
    rows = [bytearray(_WIDTH) for _ in range(_HEIGHT)]
    _fill(rows, 0, 0, _WIDTH, 40, _ACCENT)
    _text(rows, 14, 13, card.heading, 2, _WHITE, _ACCENT)
    left = 14
    if card.photo:
        _fill(rows, 14, 52, 84, 104, _GREY)
        _text(rows, 27, 100, "PHOTO", 2, _WHITE, _GREY)
        left = 110
    for number, line in enumerate(card.lines[:5]):
        _text(rows, left, 54 + 22 * number, line, 2, _INK, _WHITE)
    mark_width = 18 * len(_SAMPLE) - 3
    _text(rows, (_WIDTH - mark_width) // 2, 186, _SAMPLE, 3, _RED, _WHITE)
    for edge in (0, _HEIGHT - 2):
        _fill(rows, 0, edge, _WIDTH, 2, _GREY)
    for edge in (0, _WIDTH - 2):
        _fill(rows, edge, 0, 2, _HEIGHT, _GREY)
    palette = ((255, 255, 255), (33, 37, 41), card.accent, (196, 202, 208), (178, 34, 52))
    return _png(rows, palette)


def letter_pdf(letter: Letter) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setTitle(letter.regarding)
    width, height = LETTER
    left, right, y = inch, width - inch, height - inch
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawString(left, y, letter.sender)
    canvas.setFont("Helvetica", 9)
    for line in letter.sender_lines:
        y -= 12
        canvas.drawString(left, y, line)
    canvas.line(left, y - 8, right, y - 8)
    canvas.setFont("Helvetica", 11)
    y -= 40
    canvas.drawString(left, y, f"{letter.dated:%B} {letter.dated.day}, {letter.dated.year}")
    y -= 28
    for line in letter.to_lines:
        canvas.drawString(left, y, line)
        y -= 14
    y -= 14
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(left, y, f"Re: {letter.regarding}")
    canvas.setFont("Helvetica", 11)
    for paragraph in letter.paragraphs:
        y -= 10
        for line in simpleSplit(paragraph, "Helvetica", 11, right - left):
            y -= 15
            canvas.drawString(left, y, line)
    y -= 40
    canvas.drawString(left, y, "Sincerely,")
    canvas.drawString(left, y - 36, letter.signed)
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.7, 0.13, 0.2, alpha=0.25))
    canvas.setFont("Helvetica-Bold", 64)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, _SAMPLE)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fill(rows: list[bytearray], x: int, y: int, width: int, height: int, colour: int) -> None:
    run = bytes([colour]) * width
    for row in rows[y : y + height]:
        row[x : x + width] = run


def _text(
    rows: list[bytearray], x: int, y: int, text: str, scale: int, colour: int, ground: int
) -> None:
    """Draw `text` in capitals; what does not fit on the card is cut off at its edge."""
    glyphs = [_GLYPHS.get(char, _GLYPHS[" "]) for char in _plain(text)]
    room = _WIDTH - 2 - x
    for glyph_row in range(7):
        line = b"".join(
            _pixels(int(glyph[2 * glyph_row : 2 * glyph_row + 2], 16), scale, colour, ground)
            for glyph in glyphs
        )[:room]
        top = y + glyph_row * scale
        for row in rows[top : top + scale]:
            row[x : x + len(line)] = line


@cache
def _pixels(bits: int, scale: int, colour: int, ground: int) -> bytes:
    """One row of one glyph at `scale`, with the gap to the next glyph."""
    on, off = bytes([colour]) * scale, bytes([ground]) * scale
    return b"".join(on if bits >> (4 - column) & 1 else off for column in range(5)) + off


def _plain(text: str) -> str:
    text = text.replace("—", "-").replace("–", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def _png(rows: Sequence[bytearray], palette: Sequence[tuple[int, int, int]]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", _WIDTH, _HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette colour
    pixels = zlib.compress(b"".join(b"\0" + bytes(row) for row in rows), 6)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"PLTE", bytes(value for rgb in palette for value in rgb))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )
