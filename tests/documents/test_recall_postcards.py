"""Recall postcards, four to a letter sheet turned sideways, measured back from the PDF
against the card stock's figures (5½" × 4¼") and the Postal Service's: the address in the
right half below the stamp, the bottom ⅝" left to the barcode, nothing near a cut, cut marks
on the cuts; and a note that names the recall and the practice's phone, nothing more."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from practicedesk.documents.pages import Letterhead
from practicedesk.documents.recall_postcards import Postcard, card_box, render_postcards
from tests.documents.placed_text import Placed, placed_text

INCH = 72
CARD_W, CARD_H = 5.5 * INCH, 4.25 * INCH
LETTERHEAD = Letterhead(
    "Harbor Test Dental", ["12 Quay Street", "Portsmouth, NH 03801"], "(603) 436-2200"
)
CARDS = [
    Postcard("Ana", ("Ana Alvarez", "1432 SE Division St", "Portland, OR 97202"), "Hygiene"),
    Postcard(
        "Bart",
        (
            "Bartholomew Featherstonehaugh-Worthington III",
            "98765 Northwest Cornelius Pass Road Apartment 1234",
            "Lake Oswego, OR 97034",
        ),
        "Hygiene and Bitewing X-rays",
        "April 2027",
    ),
    Postcard("Zoë", ("Zoë Øster-Ślusarczyk", "12 Quay St", "Vancouver, WA 98660"), ""),
    Postcard("伟", ("陈伟", "5 Elm Ct", "Tigard, OR 97223"), "Periodontal maintenance"),
    Postcard("Eve", ("Eve Evans", "1 Main St", "Gresham, OR 97030"), "Hygiene"),
]


def _card_of(piece: Placed) -> tuple[int, float, float]:
    """Which card (0 top left … 3 bottom right) a piece of text is on, and where on it."""
    column, row = int(piece.x // CARD_W), int((2 * CARD_H - piece.y) // CARD_H)
    return row * 2 + column, piece.x - column * CARD_W, piece.y - (1 - row) * CARD_H


def test_four_cards_fill_a_sideways_letter_sheet_with_cut_marks_on_the_cuts() -> None:
    pdf = render_postcards(LETTERHEAD, CARDS)
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) == 2
    assert [float(v) for v in pages[0].mediabox[2:]] == [11 * INCH, 8.5 * INCH]
    assert [card_box(i) for i in range(4)] == [
        (0, CARD_H, CARD_W, 2 * CARD_H), (CARD_W, CARD_H, 2 * CARD_W, 2 * CARD_H),
        (0, 0, CARD_W, CARD_H), (CARD_W, 0, 2 * CARD_W, CARD_H),
    ]  # fmt: skip
    for page in pages:  # the last sheet, with one card, is cut the same way
        stream = page.get_contents().get_data().decode("latin-1")
        marks = re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", stream.split("Q")[0])
        lines = [tuple(float(v) / INCH for v in mark) for mark in marks]
        assert sorted(lines) == sorted([
            (5.5, 0.2, 5.5, 0.5), (5.5, 8.3, 5.5, 8.0),  # the cut between left and right
            (0.2, 4.25, 0.5, 4.25), (10.8, 4.25, 10.5, 4.25),  # between top and bottom
        ])  # fmt: skip


def test_every_card_keeps_clear_of_its_cuts_and_its_address_is_where_the_post_reads_it() -> None:
    pdf = render_postcards(LETTERHEAD, CARDS[:4])
    (page,) = placed_text(pdf)
    by_card: dict[int, list[tuple[Placed, float, float]]] = {}
    for piece in page:
        card, x, y = _card_of(piece)
        by_card.setdefault(card, []).append((piece, x, y))
        assert x >= 0.29 * INCH and x + piece.width <= CARD_W - 0.29 * INCH, piece
        assert y - 0.24 * piece.size >= 0.29 * INCH and y + piece.size <= CARD_H - 0.29 * INCH
    for card, address in zip(sorted(by_card), (c.address for c in CARDS[:4]), strict=True):
        placed = by_card[card]
        name = next(i for i, (p, _, _) in enumerate(placed) if address[0].startswith(p.text))
        block = placed[name:]
        assert " ".join(p.text for p, _, _ in block).split() == " ".join(address).split()
        for piece, x, y in block:
            assert x >= CARD_W / 2, piece  # the right half
            assert y - 0.24 * piece.size >= 0.625 * INCH + 2, piece  # above the barcode strip
            assert y + piece.size <= 2.75 * INCH, piece  # in the read area, under the stamp
            assert piece.size >= 8


def test_the_note_greets_by_first_name_and_names_only_what_is_due_and_whom_to_call() -> None:
    pdf = render_postcards(LETTERHEAD, CARDS)
    pages = [" ".join(p.text for p in page) for page in placed_text(pdf)]
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert "Hello Ana, It's time to see us again for your Hygiene visit." in text
    assert "Your next Hygiene and Bitewing X-rays visits will be due in April 2027." in text
    assert "Hello Zoë, It's time to plan your next visit with us." in text
    assert text.count("Please call us at (603) 436-2200 to choose a day and time") == 5
    assert text.count("Harbor Test Dental 12 Quay Street Portsmouth, NH 03801") == 5
