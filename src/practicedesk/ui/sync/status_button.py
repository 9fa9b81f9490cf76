"""The sync state in the status bar: "In step", "Syncing…", "Out of step since 10:42 — …",
"2 conflict(s) to review". Clicking it opens the conflicts when there are some, else
Settings → Sync. Hidden while this PC does not sync: most practices have one PC."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.ui.sync.runner import sync_runner

if TYPE_CHECKING:
    from practicedesk.services.sync.rounds import SyncStatus

_WARNING_STATES = ("out of step", "conflicts", "held")


class SyncStatusButton(QToolButton):
    sig_conflicts_requested = Signal()
    sig_settings_requested = Signal()

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAutoRaise(True)
        self.setProperty("warning", False)
        self.state = "off"
        self.setVisible(False)
        self.runner = sync_runner(session)
        self.runner.sig_syncing.connect(self._on_syncing)
        self.runner.sig_status_changed.connect(self.show_status)
        self.clicked.connect(self._on_clicked)
        if self.runner.last_status is not None:
            self.show_status(self.runner.last_status)

    def refresh(self) -> None:
        self.runner.refresh_status()

    def show_status(self, status: SyncStatus) -> None:
        self.state = status.state
        self.setVisible(status.state != "off")
        self.setText(status.text)
        tips = [status.text, *status.held]
        if status.conflicts:
            tips.append(self.tr("Click to review the conflicts."))
        else:
            tips.append(self.tr("Click for Settings → Sync."))
        self.setToolTip("\n".join(tips))
        warning = status.state in _WARNING_STATES
        if self.property("warning") != warning:
            self.setProperty("warning", warning)
            self.style().unpolish(self)
            self.style().polish(self)

    def _on_syncing(self) -> None:
        if self.state != "off":
            self.setText(self.tr("Syncing…"))

    def _on_clicked(self) -> None:
        status = self.runner.last_status
        if status is not None and status.conflicts:
            self.sig_conflicts_requested.emit()
        else:
            self.sig_settings_requested.emit()
