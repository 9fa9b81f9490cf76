"""The broken appointments as a table: visits cancelled or missed and not rebooked."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from practicedesk.services.recall.calls import UnscheduledRow
from practicedesk.ui.widgets.formats import visit_time
from practicedesk.ui.widgets.rows_table_model import RowsTableModel


class UnscheduledListModel(RowsTableModel[UnscheduledRow]):
    def __init__(self) -> None:
        super().__init__()
        self.zone = ZoneInfo("UTC")  # the practice's, set with the rows

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("UnscheduledListModel", text)
            for text in ("Visit", "Patient", "Phone", "What happened", "Type", "Reason", "Calls")
        ]

    def cell(self, row: UnscheduledRow, column: int) -> Any:
        if column == 0:
            return visit_time(row.missed_at, self.zone)
        return (
            None, row.name, row.phone, row.status.label, row.kind, row.reason,
            str(row.attempts) if row.attempts else "",
        )[column]  # fmt: skip
