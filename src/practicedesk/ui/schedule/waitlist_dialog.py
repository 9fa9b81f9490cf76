"""The waitlist (ASAP list): who wants an earlier time, and adding or removing them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.schedule.waitlist import WaitlistInfo, WaitlistWish
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.patient_picker import PatientPickerWidget
from practicedesk.ui.widgets.weekday_picker import DAY_NAMES, WeekdayPickerWidget


class WaitlistDialog(QDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[WaitlistInfo] = []
        self.setWindowTitle(self.tr("Waitlist"))
        self.setMinimumSize(640, 420)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Patient"), self.tr("Phone"), self.tr("Wants"), self.tr("Notes")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.add = QPushButton(self.tr("Add…"))
        self.remove = QPushButton(self.tr("Take off the list"))
        can_book = session.can(Permission.BOOK)
        self.add.setEnabled(can_book)
        self.remove.setEnabled(can_book)
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.add.clicked.connect(self._on_add_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)
        self.refresh()

    def refresh(self) -> None:
        run_task(self, self.session.waitlist.entries, self._on_loaded)

    def _on_loaded(self, entries: list[WaitlistInfo]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            wish = entry.wish
            days = " ".join(DAY_NAMES[d] for d in sorted(wish.weekdays))
            wants = f"{wish.minutes} min, {days}"
            if wish.earliest_time:
                wants += f", from {wish.earliest_time.strftime('%I:%M %p').lstrip('0')}"
            for column, text in enumerate(
                (entry.patient_name, entry.patient_phone, wants, wish.notes)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _on_add_clicked(self) -> None:
        if AddToWaitlistDialog(self.session, self).exec():
            self.refresh()

    def _on_remove_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            entry = self.entries[rows[0].row()]
            run_task(self, lambda: self.session.waitlist.remove(entry.id), lambda _: self.refresh())


class AddToWaitlistDialog(FormDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Add to the waitlist"))
        self.picker = PatientPickerWidget(session)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 480)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(30)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.days = WeekdayPickerWidget()
        self.notes = QLineEdit()
        self.form.addRow(self.tr("Patient"), self.picker)
        self.form.addRow(self.tr("Length"), self.minutes)
        self.form.addRow(self.tr("Days"), self.days)
        self.form.addRow(self.tr("Notes"), self.notes)
        self.ok_button().setText(self.tr("Add"))

    def _on_ok_clicked(self) -> None:
        patient = self.picker.chosen
        if patient is None:
            self.message.setText(self.tr("Choose the patient first."))
            return
        wish = WaitlistWish(
            patient_id=patient.id,
            minutes=self.minutes.value(),
            weekdays=self.days.checked(),
            notes=self.notes.text(),
        )
        waitlist = self.session.waitlist
        self.submit(lambda: waitlist.add(wish))
