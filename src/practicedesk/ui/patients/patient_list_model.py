"""Patients as a table, filtered by name in SQL and fetched a page at a time."""

from __future__ import annotations

from typing import Any

from practicedesk.services.patients.listing import PatientService, PatientSummary
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.paged_table_model import PagedTableModel


class PatientListModel(PagedTableModel[PatientSummary, str]):
    def __init__(self, service: PatientService) -> None:
        self._service = service
        super().__init__("")

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Date of birth"), self.tr("Phone"), self.tr("E-mail")]

    def count_rows(self, where: str) -> int:
        return self._service.count(where)

    def fetch_rows(self, where: str, offset: int, limit: int) -> list[PatientSummary]:
        return self._service.page(where, offset=offset, limit=limit)

    def cell(self, patient: PatientSummary, column: int) -> Any:
        if column == 0:
            return patient.display_name
        if column == 1:
            return format_date(patient.date_of_birth)
        return patient.phone if column == 2 else patient.email
