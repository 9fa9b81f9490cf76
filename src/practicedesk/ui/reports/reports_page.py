"""The Reports page: "This week" first, then each report this user may open, and for the
owner the audit log. A list on the left chooses; the view on the right shows.

What the page loads (the reports allowed, This week's figures, the providers, chairs and
appointment types to filter by) comes from the services on the database worker; the report
view is built the first time a report is opened, and with it Qt Charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget

from practicedesk.domain.report_model import Figure
from practicedesk.services.areas import Area
from practicedesk.services.practice.staff import ProviderInfo, RoomInfo
from practicedesk.services.reports.catalog import ReportKind
from practicedesk.services.reports.period import Period
from practicedesk.services.schedule.records import AppointmentTypeInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.reports.this_week_view import ThisWeekWidget
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.empty_state import EmptyStateWidget
from practicedesk.ui.widgets.page import PageWidget

if TYPE_CHECKING:
    from practicedesk.ui.reports.audit_view import AuditLogWidget
    from practicedesk.ui.reports.report_view import ReportViewWidget

THIS_WEEK, AUDIT = "this-week", "audit"
KEY_ROLE = 256  # Qt.ItemDataRole.UserRole: what an entry of the list opens
LIST_WIDTH = 200  # pixels: long titles wrap onto two lines


@dataclass(frozen=True, slots=True)
class _Loaded:
    today: date
    kinds: list[ReportKind]
    figures: list[Figure]
    providers: list[ProviderInfo]
    rooms: list[RoomInfo]
    types: list[AppointmentTypeInfo]


class ReportsPage(PageWidget):
    areas = frozenset(
        {Area.USERS, Area.SETTINGS, Area.PRACTICE, Area.STAFF, Area.PATIENTS, Area.SCHEDULE,
         Area.SCHEDULE_SETUP, Area.MONEY, Area.FORMS}
    )  # fmt: skip

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        self.loaded: _Loaded | None = None
        self.audit: AuditLogWidget | None = None
        self.report_view: ReportViewWidget | None = None
        self.this_week: ThisWeekWidget | None = None
        self._waiting: tuple[str, Period | None] | None = None  # asked before the page loaded
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 24, 16)
        if not (session.can(Permission.VIEW_REPORTS) or session.can(Permission.VIEW_AUDIT)):
            layout.addWidget(
                EmptyStateWidget(
                    self.tr("Reports"),
                    self.tr("The practice's reports are for the owner and the front desk."),
                )
            )
            return
        self._build_ui()

    def _build_ui(self) -> None:
        self.list = QListWidget()
        self.list.setObjectName("reportList")
        self.list.setFixedWidth(LIST_WIDTH)
        self.list.setWordWrap(True)  # "New patients and where they came from" on two lines
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        if self.session.can(Permission.VIEW_REPORTS):
            self.this_week = ThisWeekWidget()
            self.this_week.sig_report_requested.connect(self.open_report)
            self.stack.addWidget(self.this_week)
            self._add_entry(self.tr("This week"), THIS_WEEK)
        if self.session.can(Permission.VIEW_AUDIT):
            from practicedesk.ui.reports.audit_view import AuditLogWidget

            self.audit = AuditLogWidget(self.session)
            self.stack.addWidget(self.audit)
            self._add_entry(self.tr("Audit log"), AUDIT)
        self.list.currentItemChanged.connect(self._on_entry_chosen)
        self.list.setCurrentRow(0)
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.addWidget(self.list)
        layout.addSpacing(12)
        layout.addWidget(self.stack, 1)

    def _add_entry(self, title: str, key: str, row: int | None = None) -> None:
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        if row is None:
            self.list.addItem(item)
        else:
            self.list.insertItem(row, item)

    # Loading

    def refresh(self) -> None:
        if self.audit is not None:
            self.audit.refresh()
        if self.this_week is None:
            return
        session = self.session

        def load() -> _Loaded:
            reports, staff = session.reports, session.staff
            return _Loaded(
                datetime.now(session.schedule.zone()).date(), reports.kinds(), reports.this_week(),
                staff.providers(include_inactive=True), staff.rooms(include_inactive=True),
                session.schedule_setup.appointment_types(include_inactive=True),
            )  # fmt: skip

        run_task(self, load, self._on_loaded)

    def _on_loaded(self, loaded: _Loaded) -> None:
        first_time = self.loaded is None
        self.loaded = loaded
        titles = {kind.key: kind.title for kind in loaded.kinds}
        assert self.this_week is not None
        self.this_week.set_figures(loaded.figures, titles)
        if first_time:
            for offset, kind in enumerate(loaded.kinds, start=1):
                self._add_entry(self.tr(kind.title), kind.key, offset)
        if self.report_view is not None:
            self.report_view.period_bar.set_choices(loaded.providers, loaded.rooms, loaded.types)
            if self.stack.currentWidget() is self.report_view:
                self.report_view.load()  # what it counts may have changed
        if self._waiting is not None:
            key, period = self._waiting
            self._waiting = None
            self.open_report(key, period)

    # Choosing

    def open_report(self, key: str, period: Period | None = None) -> None:
        """Show report `key` (for `period`, or its usual one) and select it in the list."""
        if self.loaded is None:
            self._waiting = (key, period)
            return
        kind = next((k for k in self.loaded.kinds if k.key == key), None)
        if kind is None:
            return
        view = self._report_view()
        self.stack.setCurrentWidget(view)
        view.show_report(kind, self.loaded.today, period)
        self._select(key)

    def _report_view(self) -> ReportViewWidget:
        if self.report_view is None:
            from practicedesk.ui.reports.report_view import ReportViewWidget

            assert self.loaded is not None
            self.report_view = ReportViewWidget(self.session, self.loaded.today)
            loaded = self.loaded
            self.report_view.period_bar.set_choices(loaded.providers, loaded.rooms, loaded.types)
            self.stack.addWidget(self.report_view)
        return self.report_view

    def _select(self, key: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(KEY_ROLE) == key and self.list.currentRow() != row:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)

    def _on_entry_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(KEY_ROLE)
        if key == THIS_WEEK and self.this_week is not None:
            self.stack.setCurrentWidget(self.this_week)
        elif key == AUDIT and self.audit is not None:
            self.stack.setCurrentWidget(self.audit)
        else:
            self.open_report(key)
