"""A practice report on paper: the title, the period and filters, the headline figures, the
chart, the table (its header repeated on every page, money in dollars) and what the numbers
count. Plain values in (domain/report_model.py), PDF bytes out.

The chart is drawn here with reportlab's graphics from the same numbers and the same series
styles (chart_palette.py) as the screen's, by hand rather than with reportlab's chart
widgets: those cannot hatch a bar, and a hatch is what keeps two series apart on a
black-and-white printer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from practicedesk.documents.chart_palette import (
    GRID,
    HATCH_SPACING,
    INK,
    LINE_WIDTH,
    MUTED,
    Hatch,
    Marker,
    SeriesStyle,
    series_style,
    tick_label,
    value_scale,
)
from practicedesk.documents.fonts import SANS, SANS_BOLD, markup, register_fonts, runs, text_width
from practicedesk.documents.pages import (
    LIST_TABLE,
    MARGIN,
    PAGE_WIDTH,
    Letterhead,
    render_letter_pages,
)
from practicedesk.domain.report_model import ChartKind, Report, ReportChart

WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_HEIGHT = 3.0 * inch
LABEL_SIZE = 7.0
_TITLE = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=16, leading=20, textColor=INK)
_PERIOD = ParagraphStyle("period", fontName=SANS, fontSize=9.5, leading=13, textColor=MUTED)
_FIGURE_LABEL = ParagraphStyle("figure", fontName=SANS, fontSize=8, leading=10, textColor=MUTED)
_FIGURE_VALUE = ParagraphStyle("value", fontName=SANS_BOLD, fontSize=12, leading=15, textColor=INK)
# A list ("Fri 11:00 (17 min); Thu 11:00 (16 min)…") rather than a number: set smaller.
_LONG_VALUE = ParagraphStyle("long value", parent=_FIGURE_VALUE, fontSize=9, leading=11.5)
LONG_VALUE = 24  # characters, as the Reports page's cards count them
CELL_PADDING = 12  # points: a table cell's padding, 6 on either side
_CELL = ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10)
_NUMBER = ParagraphStyle("number", parent=_CELL, alignment=2)
_HEADER = ParagraphStyle("header", parent=_CELL, fontName=SANS_BOLD, fontSize=7.5, leading=9)
_NUMBER_HEADER = ParagraphStyle("number header", parent=_HEADER, alignment=2)
_NOTE = ParagraphStyle(
    "note",
    fontName=SANS,
    bulletFontName=SANS,
    fontSize=8,
    leading=10.5,
    textColor=MUTED,
    leftIndent=10,
)


def render_report(letterhead: Letterhead, report: Report, period: str) -> bytes:
    """`period` as the office writes it ("March 1, 2026 – March 31, 2026")."""
    register_fonts()
    story: list[Flowable] = [Paragraph(markup(report.title), _TITLE)]
    filters = "; ".join(f"{name}: {value}" for name, value in report.filters.items())
    story.append(Paragraph(markup(period + (f" · {filters}" if filters else "")), _PERIOD))
    story.append(Spacer(1, 8))
    if report.figures:
        story += [_figures(report), Spacer(1, 10)]
    if report.chart is not None and report.chart.labels:
        story += [KeepTogether([chart_drawing(report.chart, WIDTH, CHART_HEIGHT)]), Spacer(1, 10)]
    story += _table(report)
    if report.notes:
        story.append(Spacer(1, 8))
        story += [Paragraph(markup(note), _NOTE, bulletText="•") for note in report.notes]
    return render_letter_pages(letterhead, report.title, story)


def _figures(report: Report) -> Table:
    columns = min(4, len(report.figures))
    cells = [
        [
            Paragraph(markup(figure.label), _FIGURE_LABEL),
            Paragraph(
                markup(figure.value),
                _LONG_VALUE if len(figure.value) > LONG_VALUE else _FIGURE_VALUE,
            ),
        ]
        for figure in report.figures
    ]
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [[]] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[WIDTH / 4] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor(GRID)),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.HexColor(GRID)),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F6F9FB")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _table(report: Report) -> list[Flowable]:
    table = report.table
    if not table.rows:
        return [Paragraph("Nothing was recorded in this period.", _CELL)]
    numeric = {
        column
        for column in range(len(table.columns))
        if all(isinstance(row[column], int | float) or row[column] is None for row in table.rows)
    }
    rows: list[list[Flowable]] = [
        [
            Paragraph(markup(name), _NUMBER_HEADER if column in numeric else _HEADER)
            for column, name in enumerate(table.columns)
        ]
    ]
    for index, row in enumerate(table.rows):
        rows.append(
            [
                Paragraph(
                    markup(table.text(index, column)), _NUMBER if column in numeric else _CELL
                )
                for column in range(len(row))
            ]
        )
    printed = Table(rows, colWidths=_column_widths(report), repeatRows=1, hAlign="LEFT")
    printed.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "BOTTOM")], parent=LIST_TABLE))
    return [printed]


def _column_widths(report: Report) -> list[float]:
    """Widths in proportion to what each column holds (a comment gets more room than a
    score), none narrower than the longest word of its header or its cells (a date such as
    2026-12-02 is one word); a table of a few short columns stays narrow rather than
    spreading its numbers across the page."""
    table = report.table
    wanted = []
    for column, name in enumerate(table.columns):
        cells = [table.text(row, column) for row in range(len(table.rows))]
        words = max(
            [text_width(word, SANS_BOLD, 7.5) for word in name.split() or [""]]
            + [text_width(word, SANS, 8) for cell in cells for word in cell.split()]
        )
        longest = max((text_width(cell, SANS, 8) for cell in cells), default=0.0)
        wanted.append((words + CELL_PADDING, min(max(longest, words) + CELL_PADDING, 3.5 * inch)))
    floor = sum(low for low, _ in wanted)
    spare = WIDTH - floor
    extra = sum(high - low for low, high in wanted)
    if spare <= 0 or extra <= 0:
        return [WIDTH * low / floor for low, _ in wanted]
    share = min(1.0, spare / extra)
    widths = [low + (high - low) * share for low, high in wanted]
    stretch = min(WIDTH / sum(widths), 1.6)
    return [w * stretch for w in widths]


# The chart


def chart_drawing(chart: ReportChart, width: float, height: float) -> Drawing:
    """The chart as a reportlab drawing: the legend on top, the value axis on the left with
    its unit, the labels along the bottom (every second or third when they would collide)."""
    drawing = Drawing(width, height)
    legend_height = _legend(drawing, chart, width, height)
    top = height - legend_height - (18 if _unit_shown(chart.unit) else 6)
    low, high, step = value_scale(chart.extent())
    tick_labels = [
        tick_label(low + i * step, chart.unit) for i in range(round((high - low) / step) + 1)
    ]
    left = max(text_width(label, SANS, LABEL_SIZE) for label in tick_labels) + 8
    bottom = 2 * LABEL_SIZE + 8
    plot = (left, bottom, width - left - 4, top - bottom)
    _axes(drawing, plot, low, high, step, tick_labels, chart.unit)
    slot = plot[2] / len(chart.labels)
    every = max(
        1, math.ceil((max(text_width(t, SANS, LABEL_SIZE) for t in chart.labels) + 6) / slot)
    )
    for index, label in enumerate(chart.labels):
        if index % every == 0:
            x = plot[0] + slot * (index + 0.5)
            drawing.add(_text(x, plot[1] - LABEL_SIZE - 4, label, LABEL_SIZE, MUTED, "middle"))
    if chart.kind is ChartKind.LINE:
        _lines(drawing, chart, plot, low, high)
    else:
        _bars(drawing, chart, plot, low, high)
    return drawing


def _real(value: float) -> float:
    return 0.0 if math.isnan(value) else value


def _axes(
    drawing: Drawing,
    plot: tuple[float, float, float, float],
    low: float,
    high: float,
    step: float,
    labels: Sequence[str],
    unit: str,
) -> None:
    x, y, w, h = plot
    for index, label in enumerate(labels):
        level = y + h * (index * step) / (high - low)
        drawing.add(
            Line(x, level, x + w, level, strokeColor=colors.HexColor(GRID), strokeWidth=0.5)
        )
        drawing.add(_text(x - 4, level - LABEL_SIZE / 3, label, LABEL_SIZE, MUTED, "end"))
    zero = y + h * (0 - low) / (high - low)
    drawing.add(Line(x, zero, x + w, zero, strokeColor=colors.HexColor(MUTED), strokeWidth=0.8))
    if _unit_shown(unit):
        drawing.add(_text(x - 4, y + h + 7, unit, LABEL_SIZE, MUTED, "start"))


def _unit_shown(unit: str) -> bool:
    """Dollars and percentages say so on every tick; other units are named above the axis."""
    return unit not in ("$", "%")


def _bars(
    drawing: Drawing,
    chart: ReportChart,
    plot: tuple[float, float, float, float],
    low: float,
    high: float,
) -> None:
    x, y, w, h = plot
    slot = w / len(chart.labels)
    stacked = chart.kind is ChartKind.STACKED
    group = slot * (0.55 if stacked else 0.8)
    bar = group if stacked else group / len(chart.series)

    def level(value: float) -> float:
        return y + h * (value - low) / (high - low)

    for index in range(len(chart.labels)):
        start = x + slot * index + (slot - group) / 2
        base = 0.0
        for number, series in enumerate(chart.series):
            value = _real(series.values[index])
            left = start if stacked else start + bar * number
            bottom_value, top_value = (base, base + value) if stacked else (0.0, value)
            base += value if stacked else 0.0
            y0, y1 = sorted((level(bottom_value), level(top_value)))
            if y1 - y0 > 0.01:
                drawing.add(_hatched(left, y0, bar, y1 - y0, series_style(number)))


def _hatched(x: float, y: float, w: float, h: float, style: SeriesStyle) -> Group:
    """A bar in the series' colour with its hatch over it, outlined so neighbours part."""
    group = Group(
        Rect(
            x,
            y,
            w,
            h,
            fillColor=colors.HexColor(style.colour),
            strokeColor=colors.white,
            strokeWidth=0.6,
        )
    )
    for x1, y1, x2, y2 in hatch_lines(w, h, style.hatch, HATCH_SPACING):
        group.add(
            Line(
                x + x1,
                y + y1,
                x + x2,
                y + y2,
                strokeColor=colors.HexColor(style.hatch_colour),
                strokeWidth=0.7,
            )
        )
    return group


def hatch_lines(
    width: float, height: float, hatch: Hatch, spacing: float
) -> list[tuple[float, float, float, float]]:
    """The hatch's lines inside a `width` × `height` box whose corner is (0, 0), each cut at
    the box's edges."""
    found: list[tuple[float, float, float, float]] = []
    if hatch in (Hatch.HORIZONTAL,):
        found += [
            (0, k * spacing, width, k * spacing) for k in range(1, math.ceil(height / spacing))
        ]
    if hatch in (Hatch.VERTICAL,):
        found += [
            (k * spacing, 0, k * spacing, height) for k in range(1, math.ceil(width / spacing))
        ]
    reach = width + height
    steps = range(1, math.ceil(reach / spacing))
    if hatch in (Hatch.DIAGONAL, Hatch.CROSS):  # y = x + c, c from -width up to height
        for k in steps:
            c = k * spacing - width
            start, end = max(0.0, -c), min(width, height - c)
            if end - start > 0.01:
                found.append((start, start + c, end, end + c))
    if hatch in (Hatch.BACK_DIAGONAL, Hatch.CROSS):  # y = c - x, c from 0 up to width + height
        for k in steps:
            c = k * spacing
            start, end = max(0.0, c - height), min(width, c)
            if end - start > 0.01:
                found.append((start, c - start, end, c - end))
    return found


def _lines(
    drawing: Drawing,
    chart: ReportChart,
    plot: tuple[float, float, float, float],
    low: float,
    high: float,
) -> None:
    x, y, w, h = plot
    slot = w / len(chart.labels)
    for number, series in enumerate(chart.series):
        style = series_style(number)
        colour = colors.HexColor(style.colour)
        points = [
            (x + slot * (index + 0.5), y + h * (value - low) / (high - low))
            for index, value in enumerate(series.values)
        ]
        run: list[tuple[float, float]] = []
        for point, value in [*zip(points, series.values, strict=True), (None, math.nan)]:
            if point is not None and not math.isnan(value):
                run.append(point)
                continue
            if len(run) > 1:  # a gap (no value that month) breaks the line
                drawing.add(
                    PolyLine(
                        [c for p in run for c in p],
                        strokeColor=colour,
                        strokeWidth=LINE_WIDTH,
                        strokeDashArray=list(style.dash) or None,
                    )
                )
            for px, py in run:
                drawing.add(_marker(px, py, style))
            run = []


def _marker(x: float, y: float, style: SeriesStyle, size: float = 3.2) -> Circle | Rect | Polygon:
    fill = colors.HexColor(style.colour)
    edge = {"strokeColor": colors.white, "strokeWidth": 0.6, "fillColor": fill}
    if style.marker is Marker.SQUARE:
        return Rect(x - size, y - size, 2 * size, 2 * size, **edge)
    if style.marker is Marker.TRIANGLE:
        return Polygon([x - size, y - size, x + size, y - size, x, y + size], **edge)
    if style.marker is Marker.DIAMOND:
        return Polygon([x, y - size, x + size, y, x, y + size, x - size, y], **edge)
    return Circle(x, y, size, **edge)


def _legend(drawing: Drawing, chart: ReportChart, width: float, height: float) -> float:
    """Each series' swatch (its hatch, or its dash and marker) and name, in rows along the
    top; returns the height they take."""
    x, row, size = 0.0, 0, 9.0
    for number, series in enumerate(chart.series):
        style = series_style(number)
        room = size + 4 + text_width(series.name, SANS, 8) + 14
        if x and x + room > width:
            x, row = 0.0, row + 1
        y = height - 11 - row * 14
        if chart.kind is ChartKind.LINE:
            drawing.add(
                Line(
                    x,
                    y + size / 2,
                    x + 2 * size,
                    y + size / 2,
                    strokeColor=colors.HexColor(style.colour),
                    strokeWidth=LINE_WIDTH,
                    strokeDashArray=list(style.dash) or None,
                )
            )
            drawing.add(_marker(x + size, y + size / 2, style))
            swatch = 2 * size
        else:
            drawing.add(_hatched(x, y, size * 1.4, size, style))
            swatch = size * 1.4
        drawing.add(_text(x + swatch + 4, y + 1.5, series.name, 8, INK, "start"))
        x += swatch + 4 + text_width(series.name, SANS, 8) + 14
    return 14.0 * (row + 1)


def _text(x: float, y: float, text: str, size: float, colour: str, anchor: str) -> Group:
    """A label in as many runs as its scripts need (fonts.runs), anchored like String."""
    total = text_width(text, SANS, size)
    left = x - {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    group = Group()
    for piece, face in runs(text):
        group.add(
            String(left, y, piece, fontName=face, fontSize=size, fillColor=colors.HexColor(colour))
        )
        left += text_width(piece, face, size)
    return group
