"""The recall list as a table: whom to call, about which recall, and how the calls went."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from practicedesk.domain.recall import RecallState
from practicedesk.services.recall.lists import RecallRow
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

OVERDUE = QColor("#B3261E")
DUE_COLUMN = 6


class RecallListModel(RowsTableModel[RecallRow]):
    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("RecallListModel", text)
            for text in (
                "Patient", "Phone", "Prefers", "Last visit", "Provider", "Recall", "Due",
                "Calls", "Last outcome",
            )
        ]  # fmt: skip

    def cell(self, row: RecallRow, column: int) -> Any:
        if column == 7:
            return str(row.attempts) if row.attempts else ""
        if column == 8:
            when = format_date(row.last_attempt)
            return f"{row.last_outcome} ({when})" if row.last_outcome else ""
        return (
            row.name, row.phone, row.preferred_contact, format_date(row.last_visit),
            row.provider, row.recall, format_date(row.due),
        )[column]  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """An overdue recall's due date in red, with the word for those who cannot tell."""
        if not index.isValid():
            return None
        row = self.row_object(index.row())
        overdue = row.state is RecallState.OVERDUE and index.column() == DUE_COLUMN
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return OVERDUE
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DUE_COLUMN:
            return {
                RecallState.OVERDUE: QCoreApplication.translate("RecallListModel", "Overdue"),
                RecallState.DUE: QCoreApplication.translate("RecallListModel", "Due this month"),
                RecallState.DUE_SOON: QCoreApplication.translate("RecallListModel", "Due soon"),
            }.get(row.state)
        return super().data(index, role)
