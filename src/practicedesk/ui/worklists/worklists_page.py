"""The Worklists page: the coordinator's to-do lists (insurance to verify, referrals to
chase, forms to collect, surgeries to get ready). They arrive with the chart and forms."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.page import PageWidget
from practicedesk.ui.widgets.empty_state import EmptyStateWidget


class WorklistsPage(PageWidget):
    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyStateWidget(
                self.tr("Worklists"),
                self.tr(
                    "Your daily to-do lists will gather here: insurance to verify before the "
                    "next visit, referrals and pre-authorizations to chase, intake forms to "
                    "collect, and the pre-surgery readiness board. They fill in as the patient "
                    "chart and forms arrive."
                ),
            )
        )
