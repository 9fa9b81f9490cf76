"""One report on screen: its period and filters, the headline figures, the chart, the table
under it and what the numbers count; Export CSV… and Print….

The numbers come from `session.reports` on the database worker (a year of a busy practice's
visits is read for some reports), so the page never stalls; a newer request wins over one
still running. Everything sits in one scrolling column, so a small screen clips nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practicedesk.atomic import write_atomically
from practicedesk.domain.report_model import Report
from practicedesk.errors import InvalidInput
from practicedesk.services.practice.settings import SURVEY_NAMES_FOR_COORDINATORS
from practicedesk.services.reports.catalog import ReportKind, default_period
from practicedesk.services.reports.period import Period
from practicedesk.services.session import PracticeSession
from practicedesk.ui.reports.card_grid import CardGridWidget
from practicedesk.ui.reports.chart_view import ReportChartView
from practicedesk.ui.reports.figure_card import FigureCardWidget
from practicedesk.ui.reports.period_bar import PeriodBarWidget
from practicedesk.ui.reports.report_table_model import ReportTableModel
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.flat_scroll import flat_scroll

FIGURE_COLUMNS = 4
FIGURE_WIDTH = 190  # pixels: the narrowest a figure's card reads well at
TABLE_ROWS_SHOWN = 20  # more scroll inside the table, so the notes stay near
TABLE_NARROWEST = 240
WIDEST_COLUMN = 460  # pixels: a comment wraps rather than pushing the table off the page


class ReportViewWidget(QWidget):
    def __init__(
        self, session: PracticeSession, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.kind: ReportKind | None = None
        self.report: Report | None = None
        self.saved_to: Path | None = None
        self._asked = 0  # the newest request; older answers are dropped
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._build_ui(today)
        self._connect()

    def _build_ui(self, today: date) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)  # a long title takes two lines on a narrow window
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.period_bar = PeriodBarWidget(today)
        self.state = QLabel()
        self.state.setObjectName("pageNote")
        self.state.setWordWrap(True)
        self.names = QCheckBox(
            self.tr("Coordinators see who wrote each comment (they always see the comments)")
        )
        self.names.setVisible(False)
        self.figures = CardGridWidget(FIGURE_COLUMNS, FIGURE_WIDTH)
        self.chart = ReportChartView()
        self.model = ReportTableModel()
        self.table = QTableView()
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        # As wide as its columns (up to the page's width), so a narrow table keeps its
        # numbers near their names rather than spread across the screen.
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setMinimumWidth(TABLE_NARROWEST)  # narrower than its columns, it scrolls
        self.table.verticalHeader().hide()  # rows fitted to their cells once, in _fit_table
        self.nothing = QLabel(self.tr("Nothing to list for this period."))
        self.nothing.setObjectName("pageNote")
        self.notes = QLabel()
        self.notes.setObjectName("pageNote")
        self.notes.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self.figures)
        column.addWidget(self.chart)
        column.addWidget(self.table, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.nothing)
        column.addWidget(self.notes)
        column.addWidget(self.names)
        column.addStretch(1)
        scroll = flat_scroll(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.period_bar)
        layout.addWidget(self.state)
        layout.addWidget(scroll, 1)

    def _connect(self) -> None:
        self.period_bar.sig_changed.connect(self._debounce.start)
        self._debounce.timeout.connect(self.load)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.names.clicked.connect(self._on_names_clicked)

    # What the page asks

    def show_report(self, kind: ReportKind, today: date, period: Period | None = None) -> None:
        """Open `kind` for `period` (by default its usual one: 90 days, or a year for the
        trends) and count it."""
        self.kind = kind
        self.title.setText(self.tr(kind.title))
        self.period_bar.show_filters(kind.filters)
        chosen = period or default_period(today, kind.key)
        self.period_bar.set_period(chosen.first, chosen.last)
        may_decide = self.session.can(SURVEY_NAMES_FOR_COORDINATORS.permission)
        self.names.setVisible(kind.key == "satisfaction" and may_decide)
        self.load()

    def load(self) -> None:
        if self.kind is None:
            return
        try:
            period = self.period_bar.period()
        except InvalidInput as error:
            self.state.setText(error.message)
            return
        self._asked += 1
        asked, key, reports = self._asked, self.kind.key, self.session.reports
        settings, names = self.session.settings, self.names.isVisible()
        self.state.setText(self.tr("Counting…"))
        self._set_busy(True)

        def count() -> tuple[Report, bool]:
            shown = bool(settings.get(SURVEY_NAMES_FOR_COORDINATORS)) if names else False
            return reports.run(key, period), shown

        run_task(self, count, lambda done: self._on_counted(asked, *done), self._on_failed)

    # Showing

    def _on_counted(self, asked: int, report: Report, names_shown: bool) -> None:
        if asked != self._asked:
            return  # a newer period or filter was asked for meanwhile
        self.report = report
        self._set_busy(False)
        self.state.setText("")
        self.names.setChecked(names_shown)
        self._show_figures(report)
        self.chart.show_chart(report.chart)
        self.chart.setVisible(report.chart is not None and bool(report.chart.labels))
        self.model.set_table(report.table)
        self.table.setVisible(bool(report.table.rows))
        self.nothing.setVisible(not report.table.rows)
        self._fit_table()
        self.notes.setText("\n".join(f"• {note}" for note in report.notes))

    def _on_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_error

        self._set_busy(False)
        self.state.setText("")
        show_error(self, error)

    def _show_figures(self, report: Report) -> None:
        self.figures.set_cards([FigureCardWidget(figure) for figure in report.figures])

    def _fit_table(self) -> None:
        """Every row shown without a scroll bar of its own, up to TABLE_ROWS_SHOWN; columns
        as wide as their cells, their headers on two lines if need be, a long cell (a
        comment) wrapped."""
        header = self.table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)  # as the style sheet sets headers
        metrics = QFontMetrics(bold)
        for column in range(self.model.columnCount()):
            words = self.model.table.columns[column].split() or [""]
            two_lines = min(
                max(metrics.horizontalAdvance(" ".join(words[:cut])),
                    metrics.horizontalAdvance(" ".join(words[cut:])))
                for cut in range(1, len(words) + 1)
            )  # fmt: skip
            wanted = max(self.table.sizeHintForColumn(column), two_lines + 28)
            header.resizeSection(column, min(wanted, WIDEST_COLUMN))
        header_height = 2 * metrics.height() + 14
        header.setFixedHeight(header_height)
        self.table.resizeRowsToContents()
        shown = min(self.model.rowCount(), TABLE_ROWS_SHOWN)
        rows = sum(self.table.rowHeight(row) for row in range(shown))
        frame = 2 * self.table.frameWidth()
        # Room for a horizontal scroll bar, which a table wider than the page needs.
        scroll = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 2
        self.table.setFixedHeight(header_height + rows + frame + scroll)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.export_button, self.print_button):
            button.setEnabled(not busy and self.report is not None)

    # Export and print

    def _file_name(self, suffix: str) -> str:
        assert self.report is not None
        report = self.report
        return f"{report.title} {report.first:%Y-%m-%d} to {report.last:%Y-%m-%d}{suffix}"

    def _on_export_clicked(self) -> None:
        if self.report is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export CSV"),
            str(Path.home() / self._file_name(".csv")),
            self.tr("CSV files (*.csv)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """The table as CSV, made and written on the worker (audited when it names
        patients); the page says where it went."""
        if self.report is None:
            return
        report, reports = self.report, self.session.reports

        def write() -> Path:
            try:
                write_atomically(path, reports.csv(report))
            except OSError as error:
                raise InvalidInput(
                    f"The CSV file cannot be written to {path} ({error.strerror or error})."
                ) from error
            return path

        run_task(self, write, self._on_exported)

    def _on_exported(self, path: Path) -> None:
        self.saved_to = path
        self.state.setText(self.tr("Saved to {path}.").format(path=path))

    def _on_print_clicked(self) -> None:
        if self.report is None:
            return
        from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

        report, reports = self.report, self.session.reports
        name = self._file_name(".pdf")
        run_task(
            self,
            lambda: reports.pdf(report),
            lambda pdf: PdfPreviewDialog(
                pdf, report.title, name, self, printouts=self.session.printout_folder
            ).open(),
        )

    def _on_names_clicked(self, checked: bool) -> None:
        settings = self.session.settings
        run_task(self, lambda: settings.set(SURVEY_NAMES_FOR_COORDINATORS, int(checked)))
