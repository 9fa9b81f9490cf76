"""The Patients page: the list of every patient (filtered by name as you type, paged in SQL)
as its first tab, and a tab for each open chart. Charts stay open while the user works
elsewhere, so the one on the phone is a click away; closing one with unsaved changes asks."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.areas import Area
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.patients.patient_list_model import PatientListModel
from practicedesk.ui.widgets.page import PageWidget

MAX_OPEN_CHARTS = 12


class PatientsPage(PageWidget):
    areas = frozenset({Area.PATIENTS, Area.TASKS}) | ChartWidget.areas  # the open charts too

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
        self.search.setPlaceholderText(self.tr("Filter the list by name"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("patientCount")
        self.new_patient = QPushButton(self.tr("&New patient…"))
        self.new_patient.setEnabled(self.session.can(Permission.EDIT_CHART))
        self.open_chart = QPushButton(self.tr("&Open chart"))
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(
            self.tr(
                "Bring patients, and then their visits, insurance, "
                "recalls and balances, from another system"
            )
        )
        self.import_button.setVisible(self.session.can(Permission.IMPORT_PATIENTS))
        self.import_menu = QMenu(self.import_button)
        self.import_patients = self.import_menu.addAction(self.tr("Patients from a CSV file…"))
        self.move_in = self.import_menu.addAction(
            self.tr("Visits, insurance, recalls or balances from the old system…")
        )
        self.import_button.setMenu(self.import_menu)
        self.merge = QPushButton(self.tr("&Merge into…"))
        self.merge.setVisible(self.session.can(Permission.MERGE_PATIENTS))
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
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.new_patient)
        top.addWidget(self.open_chart)
        top.addWidget(self.merge)
        top.addWidget(self.import_button)
        self.list_tab = QWidget()
        list_layout = QVBoxLayout(self.list_tab)
        list_layout.setContentsMargins(12, 10, 12, 8)
        list_layout.addLayout(top)
        list_layout.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("patientTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.addTab(self.list_tab, self.tr("All patients"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self._close_shortcut = QShortcut(QKeySequence("Ctrl+W"), self)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._debounce.start)
        self._debounce.timeout.connect(self._refresh_list)
        self.table.activated.connect(lambda _index: self._open_selected())
        self.open_chart.clicked.connect(self._open_selected)
        self.new_patient.clicked.connect(self._on_new_patient)
        self.merge.clicked.connect(self._on_merge)
        self.import_patients.triggered.connect(self._on_import)
        self.move_in.triggered.connect(self._on_move_in)
        self.tabs.tabCloseRequested.connect(self.close_chart_at)
        self._close_shortcut.activated.connect(
            lambda: self.close_chart_at(self.tabs.currentIndex())
        )
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._on_selection()

    # -- the list -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_list()
        for chart in self.charts():
            chart.refresh()

    def _refresh_list(self) -> None:
        self.model.set_filter(self.search.text().strip())
        total = self.model.total
        self.count.setText(
            self.tr("1 patient") if total == 1 else self.tr("{n} patients").format(n=f"{total:,}")
        )
        self._on_selection()

    def _selected(self) -> object | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _on_selection(self) -> None:
        chosen = self._selected() is not None
        self.open_chart.setEnabled(chosen)
        self.merge.setEnabled(chosen)

    def _open_selected(self) -> None:
        patient = self._selected()
        if patient is not None:
            self.open_patient(patient.id)  # type: ignore[attr-defined]

    def _on_new_patient(self) -> None:
        from practicedesk.ui.patients.new_patient_dialog import NewPatientDialog

        dialog = NewPatientDialog(self.session, self)
        if dialog.exec() and dialog.created is not None:
            self.open_patient(dialog.created.id)

    def _on_import(self) -> None:
        from practicedesk.ui.patients.import_dialog import ImportPatientsDialog

        ImportPatientsDialog(self.session, self).exec()
        self._refresh_list()

    def _on_move_in(self) -> None:
        from practicedesk.ui.patients.move_dialog import MoveDialog

        MoveDialog(self.session, self).exec()
        self._refresh_list()

    def _on_merge(self) -> None:
        from practicedesk.ui.patients.merge_dialog import MergeDialog

        duplicate = self._selected()
        if duplicate is None:
            return
        if MergeDialog(self.session, duplicate, self).exec():  # type: ignore[arg-type]
            for index in range(self.tabs.count() - 1, 0, -1):
                chart = self.tabs.widget(index)
                if isinstance(chart, ChartWidget) and chart.patient_id == duplicate.id:  # type: ignore[attr-defined]
                    self._remove_tab(index)

    # -- the charts ---------------------------------------------------------------------------

    def charts(self) -> list[ChartWidget]:
        found = (self.tabs.widget(index) for index in range(1, self.tabs.count()))
        return [widget for widget in found if isinstance(widget, ChartWidget)]

    def open_patient(self, patient_id: uuid.UUID) -> ChartWidget:
        for chart in self.charts():
            if chart.patient_id == patient_id:
                self.tabs.setCurrentWidget(chart)
                return chart
        self._make_room()
        chart = ChartWidget(self.session, patient_id)
        index = self.tabs.addTab(chart, chart.title())
        chart.sig_title_changed.connect(
            lambda title, c=chart: self.tabs.setTabText(self.tabs.indexOf(c), title)
        )
        self.tabs.setCurrentIndex(index)
        chart.load()
        return chart

    def _make_room(self) -> None:
        """Past a dozen charts the oldest one without unsaved changes is closed."""
        charts = self.charts()
        if len(charts) < MAX_OPEN_CHARTS:
            return
        for chart in charts:
            if not chart.has_unsaved_changes():
                self._remove_tab(self.tabs.indexOf(chart))
                return

    def close_chart_at(self, index: int) -> bool:
        chart = self.tabs.widget(index)
        if index <= 0 or not isinstance(chart, ChartWidget):
            return False
        if not chart.may_close():
            return False
        self._remove_tab(index)
        return True

    def _remove_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        assert widget is not None  # asked only for a tab that is open
        self.tabs.removeTab(index)
        widget.deleteLater()

    def may_close(self) -> bool:
        for chart in self.charts():
            if chart.has_unsaved_changes():
                self.tabs.setCurrentWidget(chart)
                if not chart.may_close():
                    return False
        return True

    # -- what the shell asks ------------------------------------------------------------------

    def show_patient(self, patient_id: object, display_name: str) -> bool:
        if not isinstance(patient_id, uuid.UUID):
            return False
        self.open_patient(patient_id)
        return True

    def focus_search(self) -> bool:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True
