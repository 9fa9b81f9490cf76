"""The "Claims to follow" table: open claims not paid within the practice's follow-up days
(or never sent), oldest first, with the insurer's phone for the call and the last note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from practicedesk.services.money.claims import ClaimInfo
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.rows_table_model import Index, RowsTableModel

_RIGHT = frozenset({4, 5, 6})


def last_note(claim: ClaimInfo) -> str:
    lines = [line for line in claim.notes.splitlines() if line.strip()]
    return lines[-1] if lines else ""


class ClaimsModel(RowsTableModel[ClaimInfo]):
    def headers(self) -> list[str]:
        return [
            self.tr("Patient"),
            self.tr("Insurer"),
            self.tr("Insurer's phone"),
            self.tr("Visit"),
            self.tr("Billed"),
            self.tr("Expected"),
            self.tr("Days waiting"),
            self.tr("Status"),
            self.tr("Last note"),
        ]

    def cell(self, row: ClaimInfo, column: int) -> Any:
        status = row.status
        if row.sent_on is not None:
            status += " " + format_date(row.sent_on)
        return (
            row.patient_name,
            row.carrier_name,
            row.carrier_phone,
            format_date(row.service_on),
            format_money(row.billed),
            format_money(row.still_expected),
            str(row.days_waiting),
            status,
            last_note(row),
        )[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 8:
            return self.row_object(index.row()).notes
        return super().data(index, role)
