"""Mailing labels on the 30-to-a-sheet sheet (Avery 5160): each address on its own label,
inside it with room to spare whatever its length or script, so no envelope gets a piece of
its neighbour's address; measured back from the PDF against the sheet's own figures."""

from __future__ import annotations

import re
from io import BytesIO

from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from practicedesk.documents.fonts import SANS, SANS_BOLD, text_width
from practicedesk.documents.mailing_labels import label_box, render_labels
from practicedesk.documents.text_fit import SMALLEST, fit_block
from tests.documents.page_images import Box, ink, inside, needs_pdftoppm, page_images
from tests.documents.placed_text import placed_text

INCH = 72
# The sheet as the label maker prints it on the box: 3 × 10 labels of 2⅝" × 1", ½" from
# the top, 3/16" from the left, ⅛" between the columns, on 8½" × 11".
SPEC_LEFT, SPEC_TOP, SPEC_WIDTH, SPEC_GAP = 3 / 16, 0.5, 2.625, 0.125

ADDRESSES = [
    ("Ana Alvarez", "1432 SE Division St", "Portland, OR 97202"),
    (
        "Bartholomew Featherstonehaugh-Worthington III",
        "98765 Northwest Cornelius Pass Road Apartment 1234",
        "Lake Oswego, OR 97034",
    ),
    ("Zoë Øster-Ślusarczyk", "12 Quay St", "Unit 4", "Vancouver, WA 98660"),
    ("陈伟", "5 Elm Ct", "Tigard, OR 97223"),
    ("Six Lines", "One", "Two", "Three", "Four", "Five"),
]


def _spec_box(index: int) -> tuple[float, float, float, float]:
    row, column = divmod(index % 30, 3)
    left = (SPEC_LEFT + column * (SPEC_WIDTH + SPEC_GAP)) * INCH
    top = (11 - SPEC_TOP - row) * INCH
    return left, top - INCH, left + SPEC_WIDTH * INCH, top


def test_the_labels_lie_where_the_avery_5160_sheet_has_them() -> None:
    for index in range(30):
        assert label_box(index) == _spec_box(index)
    _, bottom, right, _ = label_box(29)
    assert (round(8.5 * INCH - right, 3), round(bottom, 3)) == (3 / 16 * INCH, 0.5 * INCH)


def test_every_address_prints_inside_its_own_label_a_sheet_to_thirty() -> None:
    blocks = [ADDRESSES[n % len(ADDRESSES)] for n in range(31)]
    pdf = render_labels(blocks)
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) == 2 and [float(v) for v in pages[0].mediabox[2:]] == [612, 792]
    placed = placed_text(pdf)
    assert [p.text for p in placed[1]] == ["Ana Alvarez", "1432 SE Division St",
                                           "Portland, OR 97202"]  # fmt: skip
    for number, page in enumerate(placed):
        for piece in page:
            boxes = [_spec_box(i) for i in range(30)]
            ((left, bottom, right, top),) = [
                b for b in boxes if b[0] <= piece.x <= b[2] and b[1] <= piece.y <= b[3]
            ]
            margin = INCH / 16  # a printer feeding a hair crooked stays inside the label
            assert piece.x >= left + margin and piece.right <= right - margin, (number, piece)
            descends, rises = piece.y - 0.24 * piece.size, piece.y + 0.76 * piece.size
            assert bottom + margin <= descends and rises <= top - margin, (number, piece)
            assert piece.size >= SMALLEST


def test_a_long_name_and_street_are_broken_between_words_before_anything_is_cut() -> None:
    pdf = render_labels([ADDRESSES[1]])
    (page,) = placed_text(pdf)
    assert [p.text for p in page] == [
        "Bartholomew", "Featherstonehaugh-Worthington III", "98765 Northwest Cornelius Pass Road",
        "Apartment 1234", "Lake Oswego, OR 97034",
    ]  # fmt: skip


WORDS = st.text(st.characters(codec="latin-1", categories=("L", "N")), min_size=1, max_size=30)


@given(
    st.lists(st.lists(WORDS, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=7),
    st.floats(min_value=60, max_value=250),
)
def test_a_fitted_block_never_runs_past_its_width_or_its_lines(
    lines: list[str], width: float
) -> None:
    fitted, size = fit_block(lines, 10, width, 5)
    assert SMALLEST <= size <= 10 and 1 <= len(fitted) <= 5
    assert all(text_width(text, font, size) <= width for text, font in fitted)
    assert fitted[0][1] == SANS_BOLD and all(font in (SANS, SANS_BOLD) for _, font in fitted)
    if not any(text.endswith("…") for text, _ in fitted):  # nothing cut: every word kept
        assert " ".join(t for t, _ in fitted).split() == " ".join(lines[:5]).split()


# Statements' guarantors, as the statements' batch prints them: measured on the page's
# picture, where the ink fell.
GUARANTORS = [(f"Guarantor {n}", f"{100 + n} Maple Street", "Dover, NH 03820") for n in range(32)]
LONGEST = (
    "Bartholomew Featherstonehaugh-Cholmondeley-Wolstenholme",
    "12345 Extraordinarily Long Boulevard Northeast, Building 7",
    "Apartment 1207, Entrance C",
    "Saint Johnsbury Center, VT 05863-1234",
    "United States of America",
)


def _label(index: int) -> Box:
    """The label's edges in inches from the sheet's top left, from the layout's figures."""
    row, column = divmod(index, 3)
    left, top = SPEC_LEFT + column * (SPEC_WIDTH + SPEC_GAP), SPEC_TOP + row * 1.0
    return (left, top, left + SPEC_WIDTH, top + 1.0)


def test_thirty_addresses_fill_a_sheet_in_order_and_the_rest_start_the_next() -> None:
    pages = [page.extract_text() for page in PdfReader(BytesIO(render_labels(GUARANTORS))).pages]
    assert len(pages) == 2
    assert re.findall(r"Guarantor (\d+)", pages[0]) == [str(n) for n in range(30)]
    assert re.findall(r"Guarantor (\d+)", pages[1]) == ["30", "31"]


@needs_pdftoppm
def test_every_address_prints_inside_its_own_label_with_room_to_spare() -> None:
    (page,) = page_images(render_labels([LONGEST, *GUARANTORS[:29]]))
    for index in range(30):
        left, top, right, bottom = _label(index)
        printed = ink(page, (left, top, right, bottom))
        assert printed is not None, f"label {index} is blank"
        # A printer that feeds up to 1/10" crooked still leaves the text on its label.
        safe = (left + 0.1, top + 0.1, right - 0.1, bottom - 0.1)
        assert inside(printed, safe), (index, printed, safe)


@needs_pdftoppm
def test_nothing_prints_on_the_margins_or_between_the_columns() -> None:
    (page,) = page_images(render_labels([LONGEST] * 30))
    for blank in (
        (0, 0, 8.5, 0.5),  # the top margin
        (0, 10.5, 8.5, 11),  # the bottom margin
        (0, 0, 0.1875, 11),  # the left margin
        (2.8125, 0.5, 2.9375, 10.5),  # between the first and second columns
        (5.5625, 0.5, 5.6875, 10.5),  # between the second and third
        (8.3125, 0, 8.5, 11),  # the right margin
    ):
        assert ink(page, blank) is None, blank
