"""The label sheet as it comes out of the printer: thirty addresses a sheet, each on its own
2⅝" × 1" label of the 30-up layout, and nothing printed on the gaps between labels."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from practicedesk.documents.mailing_labels import render_labels
from tests.documents.page_images import Box, ink, inside, needs_pdftoppm, page_images

ADDRESSES = [(f"Guarantor {n}", f"{100 + n} Maple Street", "Dover, NH 03820") for n in range(32)]
LONGEST = (
    "Bartholomew Featherstonehaugh-Cholmondeley-Wolstenholme",
    "12345 Extraordinarily Long Boulevard Northeast, Building 7",
    "Apartment 1207, Entrance C",
    "Saint Johnsbury Center, VT 05863-1234",
    "United States of America",
)


def _label(index: int) -> Box:
    """The label's edges from the layout's own figures: ½" top margin, 3/16" left margin,
    2⅝" × 1" labels, ⅛" between columns."""
    row, column = divmod(index, 3)
    left, top = 0.1875 + column * (2.625 + 0.125), 0.5 + row * 1.0
    return (left, top, left + 2.625, top + 1.0)


def test_thirty_addresses_fill_a_sheet_in_order_and_the_rest_start_the_next() -> None:
    pages = [page.extract_text() for page in PdfReader(BytesIO(render_labels(ADDRESSES))).pages]
    assert len(pages) == 2
    assert re.findall(r"Guarantor (\d+)", pages[0]) == [str(n) for n in range(30)]
    assert re.findall(r"Guarantor (\d+)", pages[1]) == ["30", "31"]


@needs_pdftoppm
def test_every_address_prints_inside_its_own_label_with_room_to_spare() -> None:
    (page,) = page_images(render_labels([LONGEST, *ADDRESSES[:29]]))
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
