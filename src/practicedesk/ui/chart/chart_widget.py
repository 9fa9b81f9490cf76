"""One patient's chart: the header that shows what matters at a glance, and a tab for each
part of the record. Opening it is one audited view; refreshing it after a change (made here
or on another tab of the program) reads it again without a new audit entry."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.atomic import write_atomically
from practicedesk.domain.ledger import Balance
from practicedesk.errors import InvalidInput, PracticeDeskError
from practicedesk.services.areas import Area
from practicedesk.services.chart.records import Chart
from practicedesk.services.recall.lists import RecallInfo
from practicedesk.services.recall.types import RecallTypeInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.chart.alerts_tab import AlertsTab
from practicedesk.ui.chart.chart_header import ChartHeaderWidget
from practicedesk.ui.chart.communication_tab import CommunicationTab
from practicedesk.ui.chart.demographics_tab import DemographicsTab
from practicedesk.ui.chart.documents_tab import DocumentsTab
from practicedesk.ui.chart.forms_tab import FormsTab
from practicedesk.ui.chart.insurance_tab import InsuranceTab
from practicedesk.ui.chart.plans_tab import PlansTab
from practicedesk.ui.chart.referrals_tab import ReferralsTab
from practicedesk.ui.chart.summary_tab import SummaryTab
from practicedesk.ui.chart.tasks_tab import TasksTab
from practicedesk.ui.chart.visits_tab import VisitsTab
from practicedesk.ui.errors import show_error, show_inline
from practicedesk.ui.money.ledger_tab import LedgerTab, balance_split, balance_words
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.page import BookingRequest

_TABS = (
    ("summary", "&Summary"),
    ("demographics", "&Demographics"),
    ("insurance", "&Insurance"),
    ("alerts", "Ale&rts"),
    ("visits", "&Appointments"),
    ("documents", "D&ocuments"),
    ("forms", "&Forms"),
    ("communication", "&Communication"),
    ("tasks", "&Tasks"),
    ("referrals", "Referrals && a&uthorizations"),
    # last: only those who see money have them
    ("plans", "Treat&ment plans"),
    ("ledger", "&Ledger"),
)
_MONEY_TABS = frozenset({"plans", "ledger"})


def _make_tab(key: str, session: PracticeSession, patient_id: uuid.UUID) -> QWidget:
    if key == "summary":
        return SummaryTab(session.zone())
    kinds: dict[str, Any] = {
        "demographics": DemographicsTab, "insurance": InsuranceTab, "alerts": AlertsTab,
        "visits": VisitsTab, "documents": DocumentsTab, "forms": FormsTab,
        "communication": CommunicationTab, "tasks": TasksTab, "referrals": ReferralsTab,
        "plans": PlansTab, "ledger": LedgerTab,
    }  # fmt: skip
    return kinds[key](session, patient_id)


class ChartWidget(QWidget):
    """`areas` are what its header and tabs show: the page that holds open charts refreshes
    them when one of these changes, so "Next visit" and the Appointments tab follow a booking
    made anywhere (the book, a call list, another PC) without switching tabs."""

    areas = frozenset({Area.PATIENTS, Area.TASKS, Area.SCHEDULE, Area.FORMS, Area.MONEY})
    sig_loaded = Signal(object)  # the Chart, each time it is (re)read
    sig_booking_requested = Signal(object)  # a BookingRequest for this patient
    sig_title_changed = Signal(str)

    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.session, self.patient_id = session, patient_id
        self.chart: Chart | None = None
        self.recalls: list[RecallInfo] = []
        self._photo_id: uuid.UUID | None = None
        self.header = ChartHeaderWidget()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chartTabs")
        self.tabs.setDocumentMode(True)
        self._built: dict[str, QWidget] = {}
        self.sees_money = session.can(Permission.VIEW_MONEY)
        for key, title in _TABS:
            if key not in _MONEY_TABS or self.sees_money:  # built when first used
                self.tabs.addTab(QWidget(), self.tr(title))
        # Each with its parent first: shown (setVisible) without one, a button is a window.
        self.print_summary = QPushButton(self.tr("Print summary…"), self)
        self.export_fhir = QPushButton(self.tr("Export record…"), self)
        self.export_fhir.setToolTip(
            self.tr("The whole record as a FHIR R4 file, for a records request or a new office")
        )
        self.renumber = QPushButton(self.tr("Renumber…"), self)
        self.renumber.setToolTip(self.tr("Give this chart a new number (the owner)"))
        self.book = QPushButton(self.tr("&Book…"), self)
        self.book.setObjectName("chartBook")
        self.book.setToolTip(
            self.tr("Book a visit of the patient's usual type at the next free time (Ctrl+Shift+B)")
        )
        self.book.setVisible(session.can(Permission.BOOK))
        exporting = session.can(Permission.EXPORT_RECORDS)
        actions = QVBoxLayout()
        actions.addWidget(self.book)
        for button in (self.print_summary, self.export_fhir):
            button.setVisible(exporting)
            actions.addWidget(button)
        self.renumber.setVisible(session.can(Permission.RENUMBER_CHARTS))
        actions.addWidget(self.renumber)
        self.recall_terms = QPushButton(self.tr("Recall…"), self)
        self.recall_terms.setToolTip(
            self.tr("Put the patient on a recall, give them their own interval, or turn one off")
        )
        self.recall_terms.setVisible(session.can(Permission.EDIT_SETTINGS))
        actions.addWidget(self.recall_terms)
        actions.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.book.clicked.connect(self.request_booking)
        self.print_summary.clicked.connect(self._on_print_summary)
        self.export_fhir.clicked.connect(self._on_export)
        self.renumber.clicked.connect(self._on_renumber)
        self.recall_terms.clicked.connect(self._on_recall_terms)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._tab("summary")

    # -- the tabs, each built the first time it is shown or asked for ---------------------------

    def _tab(self, key: str) -> Any:
        """Nine tabs cost most of a chart's opening time, and most are never looked at on a
        given call: each is made when first shown (or used), then shown the chart."""
        built = self._built.get(key)
        if built is not None:
            return built
        built = _make_tab(key, self.session, self.patient_id)
        index = [k for k, _title in _TABS].index(key)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        placeholder = self.tabs.widget(index)
        assert placeholder is not None  # every tab waits as a placeholder until first shown
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, built, self.tr(_TABS[index][1]))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        self._built[key] = built
        if isinstance(built, PlansTab):
            built.sig_booking_requested.connect(self.sig_booking_requested)
        if isinstance(built, DemographicsTab):
            built.sig_saved.connect(self.refresh)
            built.sig_edited.connect(lambda: self.sig_title_changed.emit(self.title()))
        if self.chart is not None and hasattr(built, "show_chart"):
            built.show_chart(self.chart)
        return built

    summary = property(lambda self: self._tab("summary"))
    demographics = property(lambda self: self._tab("demographics"))
    insurance = property(lambda self: self._tab("insurance"))
    alerts = property(lambda self: self._tab("alerts"))
    visits = property(lambda self: self._tab("visits"))
    documents = property(lambda self: self._tab("documents"))
    forms = property(lambda self: self._tab("forms"))
    communication = property(lambda self: self._tab("communication"))
    tasks = property(lambda self: self._tab("tasks"))
    referrals = property(lambda self: self._tab("referrals"))
    plans = property(lambda self: self._tab("plans"))
    ledger = property(lambda self: self._tab("ledger"))

    def load(self) -> None:
        """The first look: an audited view, which also puts the patient on the recent list."""
        chart = self.session.chart
        run_task(
            self,
            lambda: chart.open(self.patient_id),
            self._show,
            lambda error: show_inline(error, self.header.facts, self),
        )

    def refresh(self) -> None:
        if self.chart is None:
            self.load()
            return
        chart = self.session.chart
        run_task(self, lambda: chart.read(self.patient_id), self._show, self._on_gone)

    def _on_gone(self, error: BaseException) -> None:
        """Merged into another patient, or removed on another PC: say so, keep the tab."""
        show_inline(error, self.header.facts, self)

    def _show(self, chart: Chart) -> None:
        self.chart = chart
        self.header.show_chart(chart)
        for tab in self._built.values():
            if hasattr(tab, "show_chart"):
                tab.show_chart(chart)
        visits = self._built.get("visits")
        if isinstance(visits, VisitsTab) and self.tabs.currentWidget() is visits:
            visits.refresh()
        self._load_photo(chart)
        self._load_balance()
        recall, patient_id = self.session.recall, self.patient_id
        run_task(self, lambda: recall.for_patient(patient_id), self._show_recalls)
        self.sig_loaded.emit(chart)
        self.sig_title_changed.emit(self.title())

    def _show_recalls(self, recalls: list[RecallInfo]) -> None:
        self.recalls = recalls
        self.header.show_recalls(recalls)
        self.summary.show_recalls(recalls)

    def _on_recall_terms(self) -> None:
        from practicedesk.ui.chart.recall_terms_dialog import RecallTermsDialog

        def ask(types: list[RecallTypeInfo]) -> None:
            dialog = RecallTermsDialog(self.session, self.patient_id, types, self.recalls, self)
            if dialog.exec() and dialog.saved is not None:
                self._show_recalls(dialog.saved)

        run_task(self, self.session.recall_types.list, ask)

    def _load_photo(self, chart: Chart) -> None:
        photos = [d for d in chart.documents if d.category == "patient photo"]
        newest = max(photos, key=lambda d: d.added_at, default=None)
        if newest is None or not newest.media_type.startswith("image/"):
            self.header.show_photo(None)
            return
        if newest.id == self._photo_id:
            return
        self._photo_id = newest.id
        documents = self.session.documents
        run_task(
            self,
            lambda: QImage.fromData(QByteArray(documents.thumbnail_source(newest.id))),
            self.header.show_photo,
            lambda _error: self.header.show_photo(None),
        )

    def _load_balance(self) -> None:
        """The balance due in the header and on the Summary, for those who see money."""
        if not self.sees_money:
            return
        desk = self.session.desk

        def show(balance: Balance) -> None:
            self.header.show_balance(balance_words(balance), owing=balance.patient_due > 0)
            self.summary.show_balance(balance_words(balance), balance_split(balance))

        def failed(error: BaseException) -> None:
            self.header.show_balance(None)  # merged meanwhile: the chart says so already
            if not isinstance(error, PracticeDeskError):
                show_error(self, error)

        run_task(self, lambda: desk.balance(self.patient_id), show, failed)

    def _on_tab_changed(self, index: int) -> None:
        tab = self._tab(_TABS[index][0])
        if isinstance(tab, VisitsTab):
            tab.refresh()

    def request_booking(self) -> None:
        """Find a time for this patient, in the book, with their usual visit type."""
        name = self.chart.summary.display_name if self.chart else ""
        self.sig_booking_requested.emit(BookingRequest(self.patient_id, name))

    def _on_print_summary(self) -> None:
        from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

        exporter, patient_id = self.session.record_export, self.patient_id
        name = self.title().rstrip(" *")
        run_task(
            self,
            lambda: exporter.summary_pdf(patient_id),
            lambda pdf: PdfPreviewDialog(
                pdf,
                self.tr("Chart summary — {name}").format(name=name),
                f"Chart summary {name.replace(',', '')}.pdf",
                self,
                printouts=self.session.printout_folder,
            ).open(),
            lambda error: show_inline(error, self.header.facts, self),
        )

    def _on_renumber(self) -> None:
        from practicedesk.ui.widgets.renumber_dialog import RenumberDialog

        RenumberDialog(self.session, self.patient_id, self).open()

    def _on_export(self) -> None:
        if self.chart is None:
            return
        number = self.chart.summary.chart_number
        target, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the record"),
            str(Path.home() / f"chart-{number}.fhir.json"),
            self.tr("FHIR JSON (*.json)"),
        )
        if not target:
            return
        exporter, patient_id = self.session.record_export, self.patient_id

        def work() -> None:
            text = exporter.fhir_bundle(patient_id)
            try:
                write_atomically(Path(target), text.encode("utf-8"))
            except OSError as exc:
                raise InvalidInput(
                    f"The record could not be saved there ({exc.strerror}); nothing was written."
                ) from exc

        run_task(
            self,
            work,
            lambda _: QMessageBox.information(
                self, self.tr("Export record"), self.tr("Saved to {path}.").format(path=target)
            ),
            lambda error: show_inline(error, self.header.facts, self),
        )

    def title(self) -> str:
        if self.chart is None:
            return self.tr("Chart")
        summary = self.chart.summary
        marker = " *" if self.has_unsaved_changes() else ""
        return f"{summary.last_name}, {summary.first_name}{marker}"

    def has_unsaved_changes(self) -> bool:
        demographics = self._built.get("demographics")
        return isinstance(demographics, DemographicsTab) and demographics.has_unsaved_changes()

    def may_close(self) -> bool:
        """Ask before unsaved changes are lost: save them, throw them away, or stay."""
        if not self.has_unsaved_changes():
            return True
        self.tabs.setCurrentWidget(self.demographics)
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("{name}'s chart has changes that are not saved. Save them?").format(
                name=self.title().rstrip(" *")
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            if not self.demographics.save.isEnabled():
                return False  # something typed is not valid yet; the tab says what
            return self.demographics.save_now()
        return answer == QMessageBox.StandardButton.Discard
