"""Finding the patient to book, or adding one on the spot (name, birth date, phone)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.duplicate_checked_dialog import DuplicateCheckedDialog
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.qt_dates import from_qdate


class PatientPickerWidget(QWidget):
    sig_patient_chosen = Signal(object)  # PatientSummary or None

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chosen: PatientSummary | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type a name to find the patient"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMaximumHeight(120)
        self.add = QPushButton(self.tr("New patient…"))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.results)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self.search.textEdited.connect(self._debounce.start)
        self._debounce.timeout.connect(self._on_search)
        self.results.currentItemChanged.connect(self._on_result_chosen)
        self.add.clicked.connect(self._on_add_clicked)

    def choose(self, patient: PatientSummary) -> None:
        self.chosen = patient
        self.search.setText(patient.display_name)
        self.results.clear()
        self.sig_patient_chosen.emit(patient)

    def _on_search(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        if self.chosen is not None and text != self.chosen.display_name:
            self.chosen = None
            self.sig_patient_chosen.emit(None)
        if not text:
            return
        for patient in self.session.patients.page(text, limit=20):
            born = format_date(patient.date_of_birth)
            item = QListWidgetItem(f"{patient.display_name}   {born}   {patient.phone}".strip())
            item.setData(256, patient)
            self.results.addItem(item)

    def _on_result_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose(item.data(256))

    def _on_add_clicked(self) -> None:
        words = self.search.text().split()
        dialog = QuickPatientDialog(self.session, words, self)
        if dialog.exec() and dialog.created is not None:
            self.choose(dialog.created)


class QuickPatientDialog(DuplicateCheckedDialog):
    """The least a booking needs; the full chart can be completed at check-in."""

    def __init__(self, session: PracticeSession, words: list[str], parent: QWidget | None = None):
        super().__init__(session, parent)
        self.setWindowTitle(self.tr("New patient"))
        self.first = QLineEdit(words[0] if words else "")
        self.last = QLineEdit(" ".join(words[1:]))
        self.born = QDateEdit()
        self.born.setCalendarPopup(True)
        self.born.setDisplayFormat("MM/dd/yyyy")
        self.born.setMinimumDate(QDate(1900, 1, 1))
        self.born.setMaximumDate(QDate.currentDate())
        self.born.setDate(QDate(1980, 1, 1))
        self.phone = QLineEdit()
        self.form.addRow(self.tr("First name"), self.first)
        self.form.addRow(self.tr("Last name"), self.last)
        self.form.addRow(self.tr("Date of birth"), self.born)
        self.form.addRow(self.tr("Phone"), self.phone)

    def candidate(self) -> NewPatient:
        return NewPatient(
            first_name=self.first.text().strip(),
            last_name=self.last.text().strip(),
            date_of_birth=from_qdate(self.born.date()),
            phone=self.phone.text().strip(),
        )
