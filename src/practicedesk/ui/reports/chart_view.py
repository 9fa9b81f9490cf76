"""A report's chart on screen, with Qt Charts (docs/decisions/0020-report-charts.md): bars,
stacked bars or lines, drawn from the report's own numbers with the printed report's series
styles and guide lines (documents/chart_palette.py), so screen and paper agree.

Imported only when a report first opens: Qt Charts costs about 30 ms and a few MB to load,
which sign-in should not pay. Everything Qt Charts does here goes through this one module,
so moving to another chart library (Qt Charts is deprecated since Qt 6.10) is one file.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QFont,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from practicedesk.documents.chart_palette import (
    GRID,
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
from practicedesk.domain.report_model import ChartKind, ReportChart

HATCH_TILE = 8  # pixels: the hatch repeats every 8, about the printed spacing on screen
MARKER_SIZE = 9


class ReportChartView(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.setObjectName("reportChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(300)
        chart = self.chart()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.legend().setLabelColor(QColor(INK))
        self.shown: ReportChart | None = None

    def show_chart(self, shown: ReportChart | None) -> None:
        """Draw `shown`, replacing what was there; nothing for a report without a chart."""
        self.shown = shown
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if shown is None or not shown.labels or not shown.series:
            return
        categories = QBarCategoryAxis()
        categories.append([_two_lines(label) for label in shown.labels])
        categories.setLabelsColor(QColor(MUTED))
        categories.setGridLineVisible(False)
        values = _value_axis(shown)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        legend = chart.legend()
        if shown.kind is ChartKind.LINE:  # the line's own marker; a bar's swatch otherwise
            legend.setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
            for number, series in enumerate(shown.series):
                self._add_line(series.name, series.values, series_style(number), categories,
                               values)  # fmt: skip
            return
        legend.setMarkerShape(QLegend.MarkerShape.MarkerShapeRectangle)
        bars: QAbstractBarSeries = (
            QStackedBarSeries() if shown.kind is ChartKind.STACKED else QBarSeries()
        )
        bars.setBarWidth(0.55 if shown.kind is ChartKind.STACKED else 0.8)
        for number, series in enumerate(shown.series):
            style = series_style(number)
            row = QBarSet(series.name)
            row.append([0.0 if math.isnan(v) else v for v in series.values])
            row.setBrush(hatch_brush(style))
            row.setPen(QPen(QColor("white"), 1))
            bars.append(row)
        bars.hovered.connect(self._on_bar_hovered)
        chart.addSeries(bars)
        bars.attachAxis(categories)
        bars.attachAxis(values)

    def _add_line(
        self,
        name: str,
        values: tuple[float, ...],
        style: SeriesStyle,
        categories: QBarCategoryAxis,
        axis: QCategoryAxis,
    ) -> None:
        """One series per unbroken run of values: a month with nothing to show is a gap,
        not a fall to zero; the legend names the series once."""
        chart = self.chart()
        pen = QPen(QColor(style.colour), LINE_WIDTH * 1.25)
        if style.dash:
            pen.setDashPattern([part / LINE_WIDTH for part in style.dash])
        first = True
        runs: list[list[tuple[int, float]]] = [[]]
        for index, value in enumerate(values):
            if math.isnan(value):
                runs.append([])
            else:
                runs[-1].append((index, value))
        for run in (r for r in runs if r):
            line = QLineSeries()
            line.setName(name)
            line.setPen(pen)
            line.setLightMarker(marker_image(style))
            for index, value in run:
                line.append(QPointF(index, value))
            line.hovered.connect(
                lambda point, state, n=name: self._on_point_hovered(n, point, state)
            )
            chart.addSeries(line)
            line.attachAxis(categories)
            line.attachAxis(axis)
            if not first:
                for legend_marker in chart.legend().markers(line):
                    legend_marker.setVisible(False)
            first = False

    def _on_bar_hovered(self, state: bool, index: int, row: QBarSet) -> None:
        if state and self.shown is not None:
            label = self.shown.labels[index]
            QToolTip.showText(QCursor.pos(), f"{row.label()}, {label}: "
                              f"{tick_label(row.at(index), self.shown.unit)}")  # fmt: skip

    def _on_point_hovered(self, name: str, point: QPointF, state: bool) -> None:
        if state and self.shown is not None:
            index = round(point.x())
            if 0 <= index < len(self.shown.labels):
                QToolTip.showText(QCursor.pos(), f"{name}, {self.shown.labels[index]}: "
                                  f"{point.y():.1f}")  # fmt: skip


def _two_lines(label: str) -> str:
    """ "Dec 2025" or "Dr. Ada Park" on two lines: thirteen months fit side by side whole,
    where on one line Qt cuts them to "Dec 2…". Qt draws the labels as rich text."""
    text = html.escape(label)
    if len(label) <= 6 or " " not in text:
        return text
    first, last = text.rsplit(" ", 1)
    return f"{first}<br>{last}"


def _value_axis(shown: ReportChart) -> QCategoryAxis:
    """Guide lines at the printed report's round steps, labelled as it labels them."""
    low, high, step = value_scale(shown.extent())
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(low, high)
    axis.setStartValue(low)
    for index in range(round((high - low) / step) + 1):
        value = low + index * step
        axis.append(tick_label(value, shown.unit), value)
    axis.setLabelsColor(QColor(MUTED))
    axis.setGridLineColor(QColor(GRID))
    axis.setLineVisible(False)
    if shown.unit not in ("$", "%"):
        axis.setTitleText(shown.unit)
        font = QFont(axis.titleFont())
        font.setBold(False)
        axis.setTitleFont(font)
        axis.setTitleBrush(QBrush(QColor(MUTED)))
    return axis


def hatch_brush(style: SeriesStyle) -> QBrush:
    """The series' fill with its hatch over it, as a tile Qt repeats across the bar."""
    tile = QPixmap(HATCH_TILE, HATCH_TILE)
    tile.fill(QColor(style.colour))
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(style.hatch_colour), 1.2))
    size = HATCH_TILE
    if style.hatch in (Hatch.DIAGONAL, Hatch.CROSS):  # rising to the right, corners too
        for shift in (-size, 0, size):
            painter.drawLine(QPointF(shift, size), QPointF(shift + size, 0))
    if style.hatch in (Hatch.BACK_DIAGONAL, Hatch.CROSS):
        for shift in (-size, 0, size):
            painter.drawLine(QPointF(shift, 0), QPointF(shift + size, size))
    if style.hatch is Hatch.HORIZONTAL:
        painter.drawLine(QPointF(0, size / 2), QPointF(size, size / 2))
    if style.hatch is Hatch.VERTICAL:
        painter.drawLine(QPointF(size / 2, 0), QPointF(size / 2, size))
    painter.end()
    return QBrush(tile)


def marker_image(style: SeriesStyle) -> QImage:
    """The series' point marker (circle, square, triangle, diamond), white-edged."""
    image = QImage(MARKER_SIZE, MARKER_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white"), 1))
    painter.setBrush(QColor(style.colour))
    edge = MARKER_SIZE - 1.0
    if style.marker is Marker.SQUARE:
        painter.drawRect(1, 1, MARKER_SIZE - 3, MARKER_SIZE - 3)
    elif style.marker is Marker.TRIANGLE:
        painter.drawPolygon(QPolygonF([QPointF(0.5, edge), QPointF(edge, edge),
                                       QPointF(MARKER_SIZE / 2, 0.5)]))  # fmt: skip
    elif style.marker is Marker.DIAMOND:
        middle = MARKER_SIZE / 2
        painter.drawPolygon(QPolygonF([QPointF(middle, 0.5), QPointF(edge, middle),
                                       QPointF(middle, edge), QPointF(0.5, middle)]))  # fmt: skip
    else:
        painter.drawEllipse(QPointF(MARKER_SIZE / 2, MARKER_SIZE / 2), edge / 2, edge / 2)
    painter.end()
    return image
