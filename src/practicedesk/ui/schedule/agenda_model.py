"""The agenda: the visits of a range as a list, for reading down or printing."""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.ui.widgets.formats import visit_time
from practicedesk.ui.widgets.rows_table_model import RowsTableModel


class AgendaModel(RowsTableModel[AppointmentInfo]):
    def __init__(self) -> None:
        super().__init__()
        self.zone = ZoneInfo("UTC")
        self.provider_names: dict[uuid.UUID, str] = {}
        self.room_names: dict[uuid.UUID, str] = {}

    def headers(self) -> list[str]:
        return [
            self.tr("When"),
            self.tr("Patient"),
            self.tr("Type"),
            self.tr("Provider"),
            self.tr("Chair"),
            self.tr("Status"),
        ]

    def cell(self, visit: AppointmentInfo, column: int) -> Any:
        if column == 0:
            return visit_time(visit.starts_at, self.zone)  # a week at most: no year needed
        if column == 1:
            return visit.patient_name
        if column == 2:
            return visit.type_name
        if column == 3:
            return self.provider_names.get(visit.provider_id, "")
        if column == 4:
            return self.room_names.get(visit.room_id, "") if visit.room_id else ""
        return visit.status.label
