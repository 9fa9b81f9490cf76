"""What every money worklist on the Worklists page shares: it reads its figures only when it
is on screen (aging every account is the costliest read of the desk), says how many rows it
holds for its tab's title, and asks for a patient's chart by id, or for a visit to book."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTableView, QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.rows_table_model import RowsTableModel

Row = TypeVar("Row")


class MoneyWorklistWidget(QWidget):
    sig_patient_requested = Signal(object, str)  # patient id, display name
    sig_booking_requested = Signal(object)  # a BookingRequest, for the appointment book
    sig_count_changed = Signal(int)

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True

    def refresh(self) -> None:
        """Read again now if on screen; otherwise when next shown."""
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.load()

    def load(self) -> None:
        raise NotImplementedError


class MoneyRowsWidget(MoneyWorklistWidget, Generic[Row]):
    """A money worklist that is one table of rows (balances to collect, claims to follow)."""

    table: QTableView
    model: RowsTableModel[Row]

    def selected(self) -> Row | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _show_rows(self, rows: list[Row], key: Callable[[Row], object]) -> None:
        """The rows read afresh, with the row chosen before (matched by `key`) chosen again,
        so that a refresh after acting on a row does not lose the person's place."""
        chosen = self.selected()
        self.model.set_rows(rows)
        if chosen is not None:
            for index, row in enumerate(rows):
                if key(row) == key(chosen):
                    self.table.selectRow(index)
        self._on_selection()
        self.sig_count_changed.emit(len(rows))

    def _on_selection(self) -> None:
        raise NotImplementedError
