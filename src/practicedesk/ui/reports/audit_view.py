"""The owner's audit log viewer: filter by date, user, action and words; verify the chain."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.session import PracticeSession
from practicedesk.ui.reports.audit_model import AuditModel
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class AuditLogWidget(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.zone = session.zone()
        self.model = AuditModel(session.audit, self.zone)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        today = to_qdate(self.session.today())
        self.since = QDateEdit(today.addDays(-30))
        self.since.setCalendarPopup(True)
        self.until = QDateEdit(today)
        self.until.setCalendarPopup(True)
        self.user = QComboBox()
        self.action = QComboBox()
        self.action.addItem(self.tr("Any action"), None)
        for name in Action.all():
            self.action.addItem(name, name)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Words in the details"))
        self.text.setClearButtonEnabled(True)
        self.verify = QPushButton(self.tr("Check the log is intact"))
        self.count = QLabel()
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 150)
        header.resizeSection(1, 120)
        header.resizeSection(2, 190)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("From"), self.since),
            (self.tr("to"), self.until),
            (self.tr("User"), self.user),
            (self.tr("Action"), self.action),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.verify)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        for signal in (
            self.since.dateChanged,
            self.until.dateChanged,
            self.user.currentIndexChanged,
            self.action.currentIndexChanged,
            self.text.textChanged,
        ):
            signal.connect(self._debounce.start)
        self._debounce.timeout.connect(self.refresh)
        self.verify.clicked.connect(self._on_verify_clicked)

    def refresh(self) -> None:
        current = self.user.currentData()
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem(self.tr("Anyone"), None)
        for name in self.session.audit.usernames():
            self.user.addItem(name, name)
        if not select_value(self.user, current):
            self.user.setCurrentIndex(0)
        self.user.blockSignals(False)
        self.model.set_filter(self.current_filter())
        total = self.model.total
        self.count.setText(
            self.tr("1 entry") if total == 1 else self.tr("{n} entries").format(n=f"{total:,}")
        )

    def current_filter(self) -> AuditFilter:
        since = datetime.combine(from_qdate(self.since.date()), time(), self.zone)
        until = datetime.combine(from_qdate(self.until.date()), time(), self.zone)
        return AuditFilter(
            since=since,
            until=until + timedelta(days=1),
            username=self.user.currentData(),
            action=self.action.currentData(),
            text=self.text.text().strip() or None,
        )

    def _on_verify_clicked(self) -> None:
        self.verify.setEnabled(False)
        run_task(self, self.session.audit.verify, self._on_verified)

    def _on_verified(self, result: object) -> None:
        self.verify.setEnabled(True)
        self.refresh()
        if result.ok:  # type: ignore[attr-defined]
            QMessageBox.information(
                self,
                self.tr("Audit log"),
                self.tr(
                    "The audit log is intact: all {n} entries are linked and unchanged."
                ).format(
                    n=result.entries  # type: ignore[attr-defined]
                ),
            )
        else:
            broken = result.broken  # type: ignore[attr-defined]
            QMessageBox.warning(
                self,
                self.tr("Audit log"),
                self.tr(
                    "The audit log has been tampered with at entry {seq}: {reason}. Entries "
                    "before it are intact. Keep a copy of this practice's backups and ask for "
                    "help."
                ).format(seq=broken.seq, reason=broken.reason),
            )
