"""The Reports page: the audit log for the owner now; practice reports as features arrive."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from practicedesk.services.areas import Area
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.widgets.empty_state import EmptyStateWidget
from practicedesk.ui.widgets.page import PageWidget


class ReportsPage(PageWidget):
    areas = frozenset({Area.USERS, Area.SETTINGS, Area.PRACTICE, Area.STAFF, Area.PATIENTS})

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self.audit = None
        if session.can(Permission.VIEW_AUDIT):
            from practicedesk.ui.reports.audit_view import AuditLogWidget

            title = QLabel(self.tr("Audit log"))
            title.setObjectName("pageTitle")
            note = QLabel(
                self.tr(
                    "Every sign-in, failed sign-in, screen lock and change of users, settings "
                    "and records, newest first. Practice reports (production, no-shows, "
                    "recalls) will join this page."
                )
            )
            note.setObjectName("pageNote")
            note.setWordWrap(True)
            self.audit = AuditLogWidget(session)
            layout.addWidget(title)
            layout.addWidget(note)
            layout.addWidget(self.audit, 1)
        else:
            layout.addWidget(
                EmptyStateWidget(
                    self.tr("Reports"),
                    self.tr(
                        "Day sheets, no-show and recall lists, and production reports will "
                        "appear here as the appointment book arrives. The audit log is for the "
                        "practice owner."
                    ),
                )
            )

    def refresh(self) -> None:
        if self.audit is not None:
            self.audit.refresh()
