"""One surgery's readiness checklist: each item, its state and why, and check boxes for the
items only a person can settle. A tick is saved at once on the database worker, and the
checklist is read again so the state shown is always the stored one."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.readiness import TICK_MEANS, Checklist, Colour, Item, State
from practicedesk.services.forms.readiness import BoardRow
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task

COLOURS = {Colour.GREEN: "#C8E6C9", Colour.AMBER: "#FFE0B2", Colour.RED: "#FFCDD2"}
_STATE_COLOURS = {
    State.DONE: COLOURS[Colour.GREEN],
    State.NOT_NEEDED: COLOURS[Colour.GREEN],
    State.WAITING: COLOURS[Colour.AMBER],
    State.MISSING: COLOURS[Colour.RED],
}


def colour_word(colour: Colour) -> str:
    """The colour said in words too, for anyone who cannot tell red from green."""
    words = {
        Colour.GREEN: QApplication.translate("Readiness", "Green — ready"),
        Colour.AMBER: QApplication.translate("Readiness", "Amber — not yet"),
        Colour.RED: QApplication.translate("Readiness", "Red — at risk"),
    }
    return words[colour]


class ReadinessDialog(QDialog):
    def __init__(
        self, session: PracticeSession, row: BoardRow, zone: ZoneInfo, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.row = row
        self.zone = zone
        self.checklist: Checklist | None = None
        self.boxes: dict[str, QCheckBox] = {}
        self._build_ui()
        self._reload()

    def _build_ui(self) -> None:
        when = self.row.starts_at.astimezone(self.zone).strftime("%a %m/%d/%Y %I:%M %p")
        self.setWindowTitle(self.tr("Surgery readiness"))
        heading = QLabel(f"<b>{self.row.patient_name}</b> — {self.row.procedure}, {when}")
        self.colour = QLabel()
        self.colour.setObjectName("readinessColour")
        self.grid = QGridLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note kept with the next tick (optional)"))
        self.note.setEnabled(self.session.can(Permission.EDIT_CHART))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.colour)
        layout.addLayout(self.grid)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _reload(self) -> None:
        readiness, appointment_id = self.session.readiness, self.row.appointment_id
        run_task(self, lambda: readiness.checklist(appointment_id), self._show)

    def _show(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.colour.setText(colour_word(checklist.colour))
        self.colour.setStyleSheet(f"background: {COLOURS[checklist.colour]}; padding: 4px;")
        while (taken := self.grid.takeAt(0)) is not None:
            if (widget := taken.widget()) is not None:
                widget.deleteLater()
        self.boxes = {}
        editable = self.session.can(Permission.EDIT_CHART)
        for index, item in enumerate(checklist.items):
            state = QLabel(item.state.label)
            state.setStyleSheet(f"background: {_STATE_COLOURS[item.state]}; padding: 2px 6px;")
            detail = QLabel(item.detail)
            detail.setWordWrap(True)
            self.grid.addWidget(QLabel(item.label), index, 0)
            self.grid.addWidget(state, index, 1)
            self.grid.addWidget(detail, index, 2)
            if item.by_hand:
                self.grid.addWidget(self._box(item, editable), index, 3)
        self.grid.setColumnStretch(2, 1)

    def _box(self, item: Item, editable: bool) -> QCheckBox:
        box = QCheckBox(TICK_MEANS[item.key])
        box.setChecked(item.ticked)
        box.setEnabled(editable)
        box.toggled.connect(lambda on, key=item.key.value: self._on_box_toggled(key, on))
        self.boxes[item.key.value] = box
        return box

    def _on_box_toggled(self, key: str, ticked: bool) -> None:
        readiness, appointment_id = self.session.readiness, self.row.appointment_id
        note = self.note.text() if ticked else ""
        self.note.clear()
        run_task(
            self,
            lambda: readiness.tick(appointment_id, key, ticked, note),
            lambda _: self._reload(),
        )
