"""Worklists → The day's money: the day's report (charges by provider, payments by method,
insurance, adjustments, refunds, corrections, late entries flagged), the deposit (the checks,
and the cash counted against what was posted), the close, and the owner's reopening.

It is a worklist tab rather than a page of its own because closing the day is the
coordinator's last task of the day, next to the balances and claims she works; a date picker
shows any other day. A closed day's report is what was closed: entries that arrive later for
it (from another PC) count on the next open day, and are flagged there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.services.money.closing import DayReport
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.money.day_entries_model import DayEntriesModel
from practicedesk.ui.money.money_words import METHOD_LABELS
from practicedesk.ui.money.money_worklist import MoneyWorklistWidget
from practicedesk.ui.money.printouts import print_preview
from practicedesk.ui.money.row_table import row_table
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date, format_money, full_year_date_format
from practicedesk.ui.widgets.money_edit import MoneyEdit
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class DayMoneyWidget(MoneyWorklistWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.report: DayReport | None = None
        self.today: date | None = None  # the practice's today, once read
        self.model = DayEntriesModel()
        self._build_ui()
        self._connect()

    # -- building -----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(full_year_date_format())
        self.day.setDate(to_qdate(datetime.now(UTC).date()))  # until the practice's is read
        self.previous = QPushButton("◀")
        self.previous.setToolTip(self.tr("The day before"))
        self.next = QPushButton("▶")
        self.next.setToolTip(self.tr("The day after"))
        self.to_today = QPushButton(self.tr("&Today"))
        self.state = QLabel()
        self.state.setObjectName("dayState")
        self.print_report = QPushButton(self.tr("&Print the day's report…"))
        top = QHBoxLayout()
        for widget in (self.previous, self.day, self.next, self.to_today, self.state):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.print_report)
        self.figures = QLabel()
        self.figures.setObjectName("dayFigures")
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.figures.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidget(self.figures)
        scroll.setWidgetResizable(True)
        self.table = row_table(
            "dayEntries",
            self.model,
            stretch=2,
            widths=((0, 140), (1, 120), (3, 90), (4, 80), (5, 160)),
            single=False,
        )
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(self._close_row())

    def _close_row(self) -> QHBoxLayout:
        self.counted = MoneyEdit(allow_zero=True)
        self.counted.setPlaceholderText(self.tr("cash in the drawer"))
        self.counted.setMaximumWidth(140)
        self.difference = QLabel()
        self.difference.setObjectName("cashDifference")
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("note for the owner (optional)"))
        self.note.setMaxLength(200)
        self.close_day = QPushButton(self.tr("&Close the day…"), self)  # a parent before setVisible
        self.close_day.setVisible(self.session.can(Permission.CLOSE_DAYS))
        self.reopen = QPushButton(self.tr("&Reopen…"), self)
        self.reopen.setVisible(False)
        self.message = message_line()
        form = QFormLayout()
        form.addRow(self.tr("Cash counted"), self.counted)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addWidget(self.difference)
        row.addWidget(self.note, 1)
        row.addWidget(self.message, 1)
        row.addWidget(self.close_day)
        row.addWidget(self.reopen)
        return row

    def _connect(self) -> None:
        self.day.dateChanged.connect(lambda _day: self.refresh())
        self.previous.clicked.connect(lambda: self.day.setDate(self.day.date().addDays(-1)))
        self.next.clicked.connect(lambda: self.day.setDate(self.day.date().addDays(1)))
        self.to_today.clicked.connect(self._on_today)
        self.counted.textChanged.connect(self._show_difference)
        self.close_day.clicked.connect(self._on_close_day)
        self.reopen.clicked.connect(self._on_reopen)
        self.print_report.clicked.connect(self._on_print)

    # -- loading ------------------------------------------------------------------------------

    def chosen_day(self) -> date:
        return from_qdate(self.day.date())

    def show_day(self, day: date) -> None:
        self.day.setDate(to_qdate(day))

    def load(self) -> None:
        session, first_look = self.session, self.today is None
        day = self.chosen_day()

        def read() -> tuple[date, DayReport]:
            today = datetime.now(session.schedule.zone()).date()
            return today, session.day_close.report(today if first_look else day)

        run_task(self, read, self._show)

    def _on_today(self) -> None:
        if self.today is not None:
            self.show_day(self.today)

    def _show(self, loaded: tuple[date, DayReport]) -> None:
        self.today, report = loaded
        if report.day != self.chosen_day():
            self.day.blockSignals(True)
            self.show_day(report.day)
            self.day.blockSignals(False)
        self.report = report
        self.model.set_rows(list(report.entries))
        self.figures.setText(_figures_html(report))
        closing = self.session.can(Permission.CLOSE_DAYS)
        if report.closed:
            self.state.setText(self.tr("Closed by {who}").format(who=", ".join(report.closed_by)))
            self.counted.set_cents(report.counted_cash)
        else:
            self.state.setText(self.tr("Open"))
            if self.counted.isReadOnly():
                self.counted.clear()
        self.state.setProperty("state", "" if report.closed else "due")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        future = report.day > self.today
        for widget in (self.counted, self.note):
            widget.setReadOnly(report.closed or not closing)
        self.close_day.setEnabled(closing and not report.closed and not future)
        self.close_day.setToolTip(
            self.tr("A day is closed once it is over, or at its end.") if future else ""
        )
        self.reopen.setVisible(report.closed and self.session.can(Permission.REOPEN_DAYS))
        self.message.setText(
            self.tr("Only the owner can reopen a closed day.")
            if report.closed and not self.session.can(Permission.REOPEN_DAYS)
            else ""
        )
        self._show_difference()
        self.sig_count_changed.emit(len(report.entries))

    def _show_difference(self) -> None:
        """Counted against posted cash, as typed: over, short, or matching."""
        if self.report is None:
            return
        try:
            counted = self.counted.optional_cents()
        except PracticeDeskError:
            self.difference.setText(self.tr("not an amount"))
            return
        posted = self.report.payments_by_method.get("cash", 0)
        difference = replace(self.report, counted_cash=counted).cash_difference
        if difference is None:
            text = self.tr("posted cash {posted}").format(posted=format_money(posted))
        elif difference == 0:
            text = self.tr("matches the posted cash")
        elif difference > 0:
            text = self.tr("over by {amount}").format(amount=format_money(difference))
        else:
            text = self.tr("short by {amount}").format(amount=format_money(-difference))
        self.difference.setText(text)
        self.difference.setProperty("state", "due" if difference else "")
        self.difference.style().unpolish(self.difference)
        self.difference.style().polish(self.difference)

    # -- closing ------------------------------------------------------------------------------

    def _on_close_day(self) -> None:
        report = self.report
        if report is None:
            return
        try:
            counted = self.counted.optional_cents()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        question = self.tr(
            "Close {day}? Its report is then final: nothing more is posted to it, and later "
            "entries go on the next open day. Charges {charges}, collected {collected}."
        ).format(
            day=format_date(report.day),
            charges=format_money(report.charges),
            collected=format_money(report.collected),
        )
        if counted is None:
            question += " " + self.tr("No cash count is recorded.")
        if report.uncharged:
            question += " " + self.tr(
                "{count} visit(s) checked out with nothing charged: {visits}."
            ).format(count=len(report.uncharged), visits="; ".join(report.uncharged))
        answer = QMessageBox.question(self, self.tr("Close the day"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        closing, day, note = self.session.day_close, report.day, self.note.text()
        self.message.clear()
        run_task(
            self,
            lambda: closing.close(day, counted, note),
            lambda _report: self.refresh(),
            lambda error: show_inline(error, self.message, self),
        )

    def _on_reopen(self) -> None:
        report = self.report
        if report is None:
            return
        why, ok = QInputDialog.getText(
            self,
            self.tr("Reopen {day}").format(day=format_date(report.day)),
            self.tr("Why is the day reopened? (kept in the audit log)"),
        )
        if not ok:
            return
        closing, day = self.session.day_close, report.day
        run_task(
            self,
            lambda: closing.reopen(day, why),
            lambda _none: self.refresh(),
            lambda error: show_inline(error, self.message, self),
        )

    def _on_print(self) -> None:
        if self.report is not None:
            day = self.report.day
            print_preview(
                self,
                self.session,
                lambda p: p.day_report(day),
                self.tr("The day's report"),
                f"Day {day:%Y-%m-%d}.pdf",
            )


def _tr(text: str) -> str:
    return QCoreApplication.translate("money", text)


def _figures_html(report: DayReport) -> str:
    """The report's figures as the deposit slip reads them, top to bottom."""

    def row(label: str, cents: int, *, bold: bool = False) -> str:
        cell = format_money(cents)
        if bold:
            label, cell = f"<b>{label}</b>", f"<b>{cell}</b>"
        return f"<tr><td>{label}</td><td align='right'>{cell}</td></tr>"

    def heading(text: str) -> str:
        return f"<tr><td colspan='2'><h3>{escape(text)}</h3></td></tr>"

    parts = ["<table cellspacing='0' cellpadding='2' width='100%'>", heading(_tr("Charges"))]
    for provider, cents in sorted(report.charges_by_provider.items()):
        parts.append(row(escape(provider), cents))
    parts.append(row(_tr("Charges in all"), report.charges, bold=True))
    parts.append(heading(_tr("Collected")))
    for method in ("cash", "check", "card", "other"):
        if method in report.payments_by_method:
            parts.append(row(_tr(METHOD_LABELS[method]), report.payments_by_method[method]))
    parts.append(row(_tr("Insurance payments"), report.insurance_payments))
    parts.append(row(_tr("Collected in all"), report.collected, bold=True))
    parts.append(heading(_tr("Other entries")))
    parts.append(row(_tr("Adjustments"), report.adjustments))
    parts.append(row(_tr("Refunds"), report.refunds))
    parts.append(row(_tr("Corrections"), report.corrections))
    if report.brought_forward:
        parts.append(row(_tr("Balances brought forward"), report.brought_forward))
    parts.append("</table>")
    if report.late:
        late = _tr(
            "{count} late: posted for an earlier day that was closed without them; they "
            "count on this day (shaded on the right)."
        ).format(count=len(report.late))
        parts.append(f"<p style='color:#B3261E'><b>{escape(late)}</b></p>")
    if report.uncharged:
        uncharged = _tr(
            "Checked out with nothing charged ({count}): {visits}. Charge them from the visit's "
            "menu in the book (Charges and payment…) before closing, unless they were free."
        ).format(count=len(report.uncharged), visits="; ".join(report.uncharged))
        parts.append(f"<p style='color:#B3261E'><b>{escape(uncharged)}</b></p>")
    checks = report.checks
    parts.append(f"<h3>{escape(_tr('Checks for the deposit'))} ({len(checks)})</h3>")
    if checks:
        parts.append("<table cellspacing='0' cellpadding='2' width='100%'>")
        for check in checks:
            payer = escape(check.patient_name)
            if check.claim_id is not None:
                payer += escape(_tr(" (insurer)"))
            number = escape(check.reference or _tr("no number"))
            parts.append(row(f"{payer}, {_tr('no.')} {number}", -check.amount))
        parts.append(row(_tr("Checks in all"), -sum(c.amount for c in checks), bold=True))
        parts.append("</table>")
    else:
        parts.append(f"<p>{escape(_tr('None.'))}</p>")
    return "".join(parts)
