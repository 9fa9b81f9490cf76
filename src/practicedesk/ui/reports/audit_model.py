"""The audit log as a table, newest first, filtered in SQL and fetched a page at a time."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from practicedesk.services.audit import AuditFilter, AuditRecord, AuditService
from practicedesk.ui.widgets.formats import practice_time
from practicedesk.ui.widgets.paged_table_model import PagedTableModel


class AuditModel(PagedTableModel[AuditRecord, AuditFilter]):
    def __init__(self, service: AuditService, zone: ZoneInfo) -> None:
        self._service = service
        self._zone = zone
        super().__init__(AuditFilter())

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("User"), self.tr("What"), self.tr("Details")]

    def count_rows(self, where: AuditFilter) -> int:
        return self._service.count(where)

    def fetch_rows(self, where: AuditFilter, offset: int, limit: int) -> list[AuditRecord]:
        return self._service.entries(where, limit=limit, offset=offset)

    def cell(self, entry: AuditRecord, column: int) -> Any:
        if column == 0:
            return practice_time(entry.at, self._zone)
        if column == 1:
            return entry.username or self.tr("(nobody signed in)")
        return entry.action if column == 2 else entry.summary
