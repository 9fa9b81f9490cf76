"""The Patients page: find a patient by name. The full chart (issue 4) opens from here."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout

from practicedesk.services.session import PracticeSession
from practicedesk.ui.patients.patient_list_model import PatientListModel
from practicedesk.ui.shell.page import PageWidget


class PatientsPage(PageWidget):
    areas = frozenset({"patients"})

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        self.model = PatientListModel(session.patients)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText(self.tr("Find a patient by name (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("patientCount")
        self.table = QTableView()
        self.table.setObjectName("patientTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 150), (3, 260)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        note = QLabel(
            self.tr(
                "The full patient chart (insurance, alerts, documents, history) opens from this "
                "list once it arrives; for now this is the list the appointment book books from."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._debounce.start)
        self._debounce.timeout.connect(self.refresh)

    def refresh(self) -> None:
        self.model.set_filter(self.search.text().strip())
        total = self.model.total
        self.count.setText(
            self.tr("1 patient") if total == 1 else self.tr("{n} patients").format(n=f"{total:,}")
        )

    def show_patient(self, patient_id: object, display_name: str) -> bool:
        """Until the chart arrives, opening a patient finds them in the list."""
        last, _, first = display_name.split(" (")[0].partition(",")
        self.search.setText(f"{last.strip()} {first.strip()}".strip())
        self.refresh()
        for row in range(self.model.rowCount()):
            if self.model.row_object(row).id == patient_id:
                self.table.selectRow(row)
                return True
        return False

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True
