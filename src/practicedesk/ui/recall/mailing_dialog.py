"""Recall → Postcards and labels: which of the patients listed get a postcard (or a label for
a letter the office mails itself), chosen from the list as the filters above left it.

Everyone listed is ticked at first: the filters are how a coordinator chooses ("overdue, not
called in 30 days"), and the ticks take out the few to leave alone (a patient who said on the
phone that they are moving). The dialog says before printing that each patient mailed gets a
"postcard sent" line in their chart, since that cannot be taken back by not printing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class RecallMailingDialog(QDialog):
    def __init__(
        self, patients: Sequence[tuple[uuid.UUID, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Postcards and labels"))
        self.resize(420, 520)
        self.patients = QListWidget()
        for patient_id, name in patients:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, patient_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.patients.addItem(item)
        every, none = QPushButton(self.tr("Tick all")), QPushButton(self.tr("Clear all"))
        every.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        none.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.postcards = QCheckBox(self.tr("Postcards, four to a letter sheet"))
        self.postcards.setChecked(True)
        self.labels = QCheckBox(self.tr("Mailing labels, 30 to a sheet (Avery 5160)"))
        note = QLabel(
            self.tr(
                "Each patient printed for is noted in their chart as sent a recall postcard. "
                "Patients without a mailing address are left out and named."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("pageNote")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.print_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.print_button.setText(self.tr("Print"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ticks = QHBoxLayout()
        ticks.addWidget(every)
        ticks.addWidget(none)
        ticks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Print for these patients:")))
        layout.addWidget(self.patients, 1)
        layout.addLayout(ticks)
        layout.addWidget(self.postcards)
        layout.addWidget(self.labels)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.patients.itemChanged.connect(self._update)
        self.postcards.toggled.connect(self._update)
        self.labels.toggled.connect(self._update)
        self._update()

    def chosen(self) -> list[uuid.UUID]:
        """The ticked patients, in the list's order."""
        return [
            self.patients.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.patients.count())
            if self.patients.item(n).checkState() == Qt.CheckState.Checked
        ]

    def _tick_all(self, state: Qt.CheckState) -> None:
        for n in range(self.patients.count()):
            self.patients.item(n).setCheckState(state)

    def _update(self, *_args: object) -> None:
        count = len(self.chosen())
        wanted = self.postcards.isChecked() or self.labels.isChecked()
        self.print_button.setEnabled(bool(count) and wanted)
        if count == 1:
            self.print_button.setText(self.tr("Print for 1 patient"))
        else:
            self.print_button.setText(self.tr("Print for {count} patients").format(count=count))
