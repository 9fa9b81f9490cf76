"""Settings → Security: how soon an unattended screen locks itself."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from practicedesk.services.practice.settings import IDLE_LOCK_MINUTES
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task


class SecurityTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(IDLE_LOCK_MINUTES.minimum, IDLE_LOCK_MINUTES.maximum)
        self.idle_minutes.setSuffix(self.tr(" minutes without use"))
        self.idle_minutes.setEnabled(session.can(Permission.EDIT_SETTINGS))
        note = QLabel(
            self.tr(
                "A locked screen hides every patient's information until the password is typed "
                "again. Lock it yourself any time with Ctrl+L."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Lock the screen after"), self.idle_minutes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        self.idle_minutes.editingFinished.connect(self._on_minutes_edited)

    def refresh(self) -> None:
        self.idle_minutes.setValue(self.session.settings.get(IDLE_LOCK_MINUTES))

    def _on_minutes_edited(self) -> None:
        minutes = self.idle_minutes.value()
        if minutes != self.session.settings.get(IDLE_LOCK_MINUTES):
            run_task(self, lambda: self.session.settings.set(IDLE_LOCK_MINUTES, minutes))
