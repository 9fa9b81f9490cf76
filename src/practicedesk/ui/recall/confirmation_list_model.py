"""The confirmation list as a table: the coming visits not confirmed yet, and whom to call."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from practicedesk.services.recall.calls import ConfirmRow
from practicedesk.ui.widgets.formats import visit_time
from practicedesk.ui.widgets.rows_table_model import RowsTableModel


class ConfirmationListModel(RowsTableModel[ConfirmRow]):
    def __init__(self) -> None:
        super().__init__()
        self.zone = ZoneInfo("UTC")  # the practice's, set with the rows

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("ConfirmationListModel", text)
            for text in (
                "Visit", "Patient", "Phone", "Prefers", "Provider", "Type", "Calls",
                "Last outcome",
            )
        ]  # fmt: skip

    def cell(self, row: ConfirmRow, column: int) -> Any:
        if column == 0:
            return visit_time(row.starts_at, self.zone)
        return (
            None, row.name, row.phone, row.preferred_contact, row.provider, row.kind,
            str(row.attempts) if row.attempts else "", row.last_outcome,
        )[column]  # fmt: skip
