"""A practice report on paper: what it says, read back from the PDF; its chart's scale and
hatching; and series that stay apart for colour-blind readers and on a grey printer."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from io import BytesIO
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from practicedesk.documents.chart_palette import STYLES, Hatch, contrast, value_scale
from practicedesk.documents.pages import Letterhead
from practicedesk.documents.report_pdf import hatch_lines, render_report
from practicedesk.domain.report_model import ChartKind, Figure, Report, ReportChart, Series, Table

LETTERHEAD = Letterhead("Harbor Test Dental", ["12 Quay Street"], "(603) 436-2200", "Report")
MONTHS = ("Jan 2026", "Feb 2026", "Mar 2026")


def _report(rows: int = 3, kind: ChartKind = ChartKind.BARS) -> Report:
    return Report(
        "money", "Production and collections", date(2026, 1, 1), date(2026, 3, 31),
        (Figure("Production", "$1,234.00"), Figure("Collected of produced", "91.5%")),
        ReportChart(kind, MONTHS, (Series("Production", (10.0, 20.0, 15.0)),
                             Series("Collections", (8.0, math.nan, 14.0))), "$"),
        Table(("Month", "Production", "Collected %"),
              tuple((f"Row {n}", 123_456 + n, 91.5) for n in range(rows)),
              money_columns=frozenset({1})),
        ("Production is what was charged.",),
        filters={"Provider": "Dr. Ada Park"},
    )  # fmt: skip


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def test_the_printed_report_carries_its_title_period_figures_chart_table_and_notes() -> None:
    (text,) = _pages(render_report(LETTERHEAD, _report(), "January 1, 2026 – March 31, 2026"))
    assert "Production and collections" in text
    assert "January 1, 2026 – March 31, 2026 · Provider: Dr. Ada Park" in text
    assert "Collected of produced 91.5%" in text
    assert "Production Collections" in text  # the chart's legend
    assert "Feb 2026" in text  # a label along the chart's bottom
    assert "Row 2 $1,234.58 91.5" in text  # a table row, money as dollars
    assert "Production is what was charged." in text


def test_a_long_table_repeats_its_header_on_every_page() -> None:
    pages = _pages(render_report(LETTERHEAD, _report(rows=150), "Q1 2026"))
    assert len(pages) >= 3
    for page in pages:
        assert "Month Production Collected %" in page
    assert all(f"Row {n} " in " ".join(pages) for n in range(150))


def test_every_kind_of_chart_prints() -> None:
    for kind in ChartKind:
        (text,) = _pages(render_report(LETTERHEAD, _report(kind=kind), "Q1 2026"))
        assert "Collections" in text, kind


def test_series_part_by_pattern_as_well_as_colour() -> None:
    """Two series never share a hatch or a dash, so they stay apart without any colour; a
    hatch stands out from its fill as graphics must (WCAG's 3:1), printed in grey too; and
    the two series most charts have differ in lightness as well."""
    assert len({style.hatch for style in STYLES}) == len(STYLES)
    assert len({style.dash for style in STYLES}) == len(STYLES)
    assert len({style.colour for style in STYLES}) == len(STYLES)
    for style in STYLES:
        assert contrast(style.colour, style.hatch_colour) >= 3
    first, second = STYLES[:2]
    assert contrast(first.colour, second.colour) >= 2
    assert all(one.marker != other.marker for one, other in pairwise(STYLES))


@given(st.floats(-1e6, 1e7, allow_nan=False), st.floats(-1e6, 1e7, allow_nan=False))
def test_the_value_axis_covers_the_values_with_round_steps_from_zero(a: float, b: float) -> None:
    low, high, step = value_scale((min(a, b), max(a, b)))
    assert low <= min(a, b, 0) + 1e-9 and high >= max(a, b, 0) - 1e-9
    assert 2 <= round((high - low) / step) <= 12
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))
    assert math.isclose(low / step, round(low / step), abs_tol=1e-6)  # zero is on a tick


@given(st.floats(1, 400), st.floats(1, 400), st.sampled_from(list(Hatch)), st.floats(2, 12))
def test_hatch_lines_stay_inside_their_bar(
    width: float, height: float, hatch: Hatch, spacing: float
) -> None:
    lines = hatch_lines(width, height, hatch, spacing)
    for x1, y1, x2, y2 in lines:
        for x, y in ((x1, y1), (x2, y2)):
            assert -1e-6 <= x <= width + 1e-6 and -1e-6 <= y <= height + 1e-6
        if hatch is Hatch.DIAGONAL:
            assert math.isclose(y2 - y1, x2 - x1, abs_tol=1e-6)
    if hatch is Hatch.NONE:
        assert lines == []
    elif width > 3 * spacing and height > 3 * spacing:
        assert lines  # a bar big enough shows its pattern


def test_no_word_of_a_table_is_broken_across_lines_beside_a_long_comment() -> None:
    comment = "The hygienist explained every step and the front desk remembered my name. " * 2
    report = replace(
        _report(),
        table=Table(("Date", "Provider", "Score", "Comment", "Patient"),
                    (("2026-12-02", "Dr. Matthew Estrada", 4.4, comment, "Townsend, Savannah"),)),
    )  # fmt: skip
    page = PdfReader(BytesIO(render_report(LETTERHEAD, report, "Q1 2026"))).pages[0]
    lines = page.extract_text().splitlines()
    assert any("2026-12-02" in line for line in lines), "the date on one line"
    assert any("Score" in line for line in lines) and not any(line == "e" for line in lines)
