"""Settings → Checks: how recent an insurance verification, a signed medical history and a
signed surgical consent must be. The chart's "verification due", the Worklists and the
pre-surgery readiness board all follow these windows."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from practicedesk.services.practice.settings import (
    CONSENT_WITHIN_DAYS,
    HISTORY_WITHIN_DAYS,
    VERIFY_WITHIN_DAYS,
    IntSetting,
)
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task

WINDOWS = (VERIFY_WITHIN_DAYS, HISTORY_WITHIN_DAYS, CONSENT_WITHIN_DAYS)


class ChecksTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.boxes: dict[str, QSpinBox] = {}
        form = QFormLayout()
        editable = session.can(Permission.EDIT_SETTINGS)
        for setting in WINDOWS:
            box = QSpinBox()
            box.setRange(setting.minimum, setting.maximum)
            box.setSuffix(f" {setting.unit}")
            box.setEnabled(editable)
            box.editingFinished.connect(lambda s=setting: self._on_edited(s))
            form.addRow(self.tr(setting.label), box)
            self.boxes[setting.key] = box
        note = QLabel(
            self.tr(
                "Insurance counts as verified when it was checked within this many days before "
                "the next visit; the Worklists list what is due. The pre-surgery readiness board "
                "uses all three."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def refresh(self) -> None:
        for setting in WINDOWS:
            box = self.boxes[setting.key]
            box.blockSignals(True)
            box.setValue(self.session.settings.get(setting))
            box.blockSignals(False)

    def _on_edited(self, setting: IntSetting) -> None:
        days = self.boxes[setting.key].value()
        settings = self.session.settings
        if days != settings.get(setting):
            run_task(self, lambda: settings.set(setting, days))
