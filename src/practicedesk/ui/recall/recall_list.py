"""Worklists → Recall: the patients due back, filtered the way a coordinator plans the day's
calls (overdue, due this month, due soon; one recall; one provider; not called lately).

One key per outcome logs the call (M left message, N no answer, C will call back, D declined,
W wrong number). B, Ctrl+B or Enter books: Find a time opens with the patient and the
recall's visit type, and the visit booked is logged as the call's outcome, "booked" — booked
first and logged after, the row would already have left the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox, QWidget

from practicedesk.domain.recall import RecallState
from practicedesk.progress import Progress
from practicedesk.services.practice.staff import ProviderInfo
from practicedesk.services.recall.lists import LISTED, RECALL_TOPIC, RecallFilter, RecallRow
from practicedesk.services.recall.printing import RecallMailing
from practicedesk.services.recall.types import RecallTypeInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.recall.call_list import BOOKING_CALL_OUTCOMES, CallListWidget
from practicedesk.ui.recall.mailing_dialog import RecallMailingDialog
from practicedesk.ui.recall.recall_list_model import RecallListModel
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.page import BookingRequest
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

_SHOW = (
    ("Overdue and due this month", frozenset({RecallState.OVERDUE, RecallState.DUE})),
    ("Due this month", frozenset({RecallState.DUE})),
    ("Overdue", frozenset({RecallState.OVERDUE})),
    ("Due soon (next 30 days)", frozenset({RecallState.DUE_SOON})),
    ("All of these", frozenset(LISTED)),
)


@dataclass(frozen=True, slots=True)
class _Loaded:
    rows: list[RecallRow]
    types: list[RecallTypeInfo]
    providers: list[ProviderInfo]


class RecallListWidget(CallListWidget[RecallRow]):
    outcomes = BOOKING_CALL_OUTCOMES

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            RecallListModel(),
            self.tr("Nobody is due for the recalls chosen. Try another filter above."),
            parent,
        )
        self._build_filters()
        self.book = self.add_row_button(
            self.tr("Book (B)"), self.book_current, allowed=session.can(Permission.BOOK)
        )
        self.book.setToolTip(
            self.tr("Find a time with the recall's visit type (B, Ctrl+B or Enter)")
        )
        for key in ("B", "Ctrl+B", "Return", "Enter"):
            self.add_key(key, self.book_current)
        self.postcards = QPushButton(self.tr("Postcards and labels…"))
        self.postcards.setObjectName("postcardsButton")
        self.postcards.setToolTip(
            self.tr("Print recall postcards or mailing labels for the patients listed")
        )
        self.postcards.setEnabled(False)  # until a list with someone on it is shown
        self.postcards.clicked.connect(self.print_mailing)
        self.buttons.addWidget(self.postcards)
        self.sig_count_changed.connect(
            lambda count: self.postcards.setEnabled(
                bool(count) and session.can(Permission.EDIT_CHART)
            )
        )
        for column, width in {0: 180, 1: 115, 2: 70, 3: 95, 4: 150, 5: 185, 6: 90, 7: 50}.items():
            self.table.setColumnWidth(column, width)

    def _build_filters(self) -> None:
        self.show_states = QComboBox()
        for label, _states in _SHOW:
            self.show_states.addItem(self.tr(label))
        self.recall_type = QComboBox()
        self.recall_type.addItem(self.tr("Every recall"), None)
        self.provider = QComboBox()
        self.provider.addItem(self.tr("Any provider"), None)
        self.provider.setToolTip(self.tr("Who saw the patient last"))
        self.not_called = QSpinBox()
        self.not_called.setRange(0, 365)
        self.not_called.setSpecialValueText(self.tr("any time"))
        self.not_called.setSuffix(self.tr(" days"))
        self.not_called.setToolTip(self.tr("Leave out patients called within these days"))
        for label, widget in (
            (self.tr("Show"), self.show_states),
            (self.tr("Recall"), self.recall_type),
            (self.tr("Last seen by"), self.provider),
            (self.tr("Not called in"), self.not_called),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.filters.addWidget(caption)
            self.filters.addWidget(widget)
        self.filters.addStretch(1)
        for combo in (self.show_states, self.recall_type, self.provider):
            combo.activated.connect(self.refresh)
        self.not_called.valueChanged.connect(self.refresh)

    # -- the list -------------------------------------------------------------------------------

    def filter(self) -> RecallFilter:
        _label, states = _SHOW[max(self.show_states.currentIndex(), 0)]
        return RecallFilter(
            states=states,
            recall_type_id=self.recall_type.currentData(),
            provider_id=self.provider.currentData(),
            not_contacted_days=self.not_called.value() or None,
        )

    def fetch(self) -> Callable[[], Any]:
        session, where = self.session, self.filter()

        def read() -> _Loaded:
            return _Loaded(
                session.recall.list(where),
                session.recall_types.list(),
                session.staff.providers(),
            )

        return read

    def rows_of(self, loaded: _Loaded) -> list[RecallRow]:
        _refill(self.recall_type, [(t.name, t.id) for t in loaded.types])
        _refill(self.provider, [(p.name, p.id) for p in loaded.providers])
        return loaded.rows

    def key_of(self, row: RecallRow) -> object:
        return (row.patient_id, row.recall_type_id)

    def log_call(self, row: RecallRow, outcome: str) -> Callable[[], Any]:
        calls = self.session.calls
        return lambda: calls.log(row.patient_id, RECALL_TOPIC, outcome)

    def book_current(self) -> None:
        row = self.current()
        if row is not None and self.session.can(Permission.BOOK):
            self.sig_booking_requested.emit(
                BookingRequest(row.patient_id, row.name, row.book_type_id, RECALL_TOPIC)
            )

    # -- postcards and labels --------------------------------------------------------------------

    def print_mailing(self) -> None:
        """Choose from those listed, print, and show the sheets to print or save; the list
        reloads, as each patient mailed now has one more attempt."""
        listed = [self.model.row_object(n) for n in range(self.model.rowCount())]
        patients = list({row.patient_id: row.name for row in listed}.items())
        if not patients or not self.session.can(Permission.EDIT_CHART):
            return
        dialog = RecallMailingDialog(patients, self)
        if dialog.exec() != RecallMailingDialog.DialogCode.Accepted:
            return
        chosen, cards, labels = (
            dialog.chosen(),
            dialog.postcards.isChecked(),
            dialog.labels.isChecked(),
        )
        printing = self.session.recall_print

        def work(progress: Progress) -> RecallMailing:
            if cards:
                return printing.postcards(chosen, labels=labels, progress=progress)
            return printing.labels(chosen, progress=progress)

        run_task(self, work, self._show_mailing, progress=self.tr("Printing postcards…"))

    def _show_mailing(self, mailing: RecallMailing) -> None:
        count = len(mailing.mailed)
        said = self.tr("Printed for {count} patients; each is noted as sent a postcard.")
        if count == 1:
            said = self.tr("Printed for 1 patient, noted as sent a postcard.")
        if mailing.no_address:
            said += " " + self.tr("Left out, with no mailing address: {names}.").format(
                names="; ".join(mailing.no_address)
            )
        self.status.setText(said.format(count=count))
        self.refresh()
        sheets = (
            (mailing.postcards, self.tr("Recall postcards"), "recall-postcards.pdf"),
            (mailing.labels, self.tr("Mailing labels"), "recall-labels.pdf"),
        )
        for pdf, title, name in sheets:
            if pdf is not None:
                PdfPreviewDialog(
                    pdf, title, name, self, printouts=self.session.printout_folder
                ).exec()


def _refill(combo: QComboBox, entries: list[tuple[str, Any]]) -> None:
    """New recall types or providers since the last look, keeping what was chosen."""
    chosen = combo.currentData()
    first = combo.itemText(0)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for text, value in entries:
        combo.addItem(text, value)
    select_value(combo, chosen)
    combo.blockSignals(False)
