"""A statement on paper: the address where a #10 window envelope shows it, whatever its
length, and a long account running on over pages that still say whose they are."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from practicedesk.documents.pages import Letterhead
from practicedesk.documents.statement import Statement, StatementLine, render_statements
from tests.documents.page_images import ink, inside, needs_pdftoppm, page_images

LETTERHEAD = Letterhead("Harbor Test Dental", ["12 Quay Street", "Portsmouth, NH 03801"],
                        "(603) 436-2200")  # fmt: skip
TODAY = date(2026, 3, 2)
WINDOW = (0.875, 2.04, 4.375, 3.17)
"""What a #10 single-window envelope (window 4½" × 1⅛", ⅞" from the left, ½" from the
bottom) shows of a letter folded in three, however the letter slides inside it."""
HEAD = (0, 1.2, 5.3, 3.25)
"""Below the letterhead and left of the statement's own facts: only the address prints here."""


def _statement(name: str, mailing: tuple[str, ...], lines: int = 3) -> Statement:
    entries = tuple(
        StatementLine(TODAY - timedelta(days=n % 25), "Ana Alvarez", "D1110 Cleaning: adult", 9_000)
        for n in range(lines)
    )
    total = 9_000 * lines
    return Statement(
        addressee=name, mailing=mailing, account="1042", patients=("Ana Alvarez",),
        statement_date=TODAY, due_date=TODAY + timedelta(days=30),
        since=TODAY - timedelta(days=30), balance_forward=0, lines=entries,
        buckets=(("0–30 days", total), ("31–60 days", 0), ("61–90 days", 0), ("91+ days", 0)),
        balance=total, insurance_pending=0, amount_due=total,
    )  # fmt: skip


@needs_pdftoppm
@pytest.mark.parametrize(
    "mailing",
    [
        ("Ana Alvarez", ("44 Lantern Lane", "Rye, NH 03870")),
        (
            "Bartholomew Featherstonehaugh-Cholmondeley-Wolstenholme III",
            (
                "12345 Extraordinarily Long Boulevard Northeast, Building 7",
                "Apartment 1207, Entrance C, Rear Door",
                "Saint Johnsbury Center, VT 05863-1234",
                "United States of America",
            ),
        ),
    ],
    ids=["short", "longest"],
)
def test_the_address_shows_in_the_window_of_a_number_10_envelope(
    mailing: tuple[str, tuple[str, ...]],
) -> None:
    first = page_images(render_statements(LETTERHEAD, [_statement(*mailing)]))[0]
    printed = ink(first, HEAD)
    assert printed is not None and inside(printed, WINDOW), printed


def test_a_long_account_runs_on_over_pages_that_say_whose_they_are() -> None:
    pdf = render_statements(
        LETTERHEAD, [_statement("Ana Alvarez", ("44 Lantern Lane", "Rye, NH 03870"), 40)]
    )
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(BytesIO(pdf)).pages]
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        assert "Statement · Ana Alvarez · Account 1042" in page
        assert f"Page {number} of 2" in page
    assert "Date Patient Description Charges Credits Balance" in pages[1]  # the header again
    assert "$3,600.00" in pages[1] and "Amount enclosed" in pages[1]


def test_an_account_in_credit_asks_for_nothing() -> None:
    statement = _statement("Ana Alvarez", ("44 Lantern Lane", "Rye, NH 03870"))
    credit = replace(
        statement,
        balance=-2_500,
        amount_due=0,
        buckets=tuple((label, 0) for label, _ in statement.buckets),
    )
    (page,) = PdfReader(BytesIO(render_statements(LETTERHEAD, [credit]))).pages
    text = re.sub(r"\s+", " ", page.extract_text())
    assert "Credit on your account $25.00" in text and "Nothing is due" in text
    assert "Amount enclosed" not in text and "Please pay by" not in text
