"""The owner gives a chart a new number: from the chart, or from the task sync made when two
PCs gave one number to two patients. The old number stays on the chart ("formerly #12") and
is still found by search; it is never given to anyone else."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from practicedesk.services.chart.records import RenumberChoice
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import describe_patient


class RenumberDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "The chart gets a new number. Its old number stays on it as “formerly”, is "
                "still found by search, and is never given to another patient."
            ),
        )
        self.setWindowTitle(self.tr("Give a chart a new number"))
        self.session = session
        self.choices = QButtonGroup(self)
        self.holders = QVBoxLayout()
        holders = QWidget()
        holders.setLayout(self.holders)
        self.number = QLineEdit()
        self.number.setValidator(QIntValidator(1, 999_999_999, self.number))
        self.number.setMaximumWidth(160)
        self.form.addRow(self.tr("Chart to renumber"), holders)
        self.form.addRow(self.tr("New chart number"), self.number)
        self.ok_button().setText(self.tr("Renumber"))
        self.ok_button().setEnabled(False)
        self.number.textChanged.connect(self._on_number_edited)
        chart = session.chart
        run_task(self, lambda: chart.renumber_choice(patient_id), self._show, self._on_failed)

    def _show(self, choice: RenumberChoice) -> None:
        for index, patient in enumerate((choice.patient, *choice.sharing)):
            button = QRadioButton(describe_patient(patient))
            button.setProperty("patient_id", str(patient.id))
            button.setChecked(index == 0)
            self.choices.addButton(button)
            self.holders.addWidget(button)
        if choice.sharing:
            shared = QLabel(
                self.tr(
                    "These charts share number {n}. Choose the one to give a new number."
                ).format(n=choice.patient.chart_number)
            )
            shared.setWordWrap(True)
            self.holders.insertWidget(0, shared)
        if choice.suggested is not None:
            self.number.setText(str(choice.suggested))
        else:
            self.message.setText(
                self.tr(
                    "This PC has no chart numbers in hand; it gets more at its next sync. "
                    "Try again once the status bar says it is in step."
                )
            )
        self.number.setFocus()
        self._on_number_edited(self.number.text())

    def _on_number_edited(self, text: str) -> None:
        self.ok_button().setEnabled(text.isdigit() and self.choices.checkedButton() is not None)

    def _on_ok_clicked(self) -> None:
        chosen = self.choices.checkedButton()
        text = self.number.text()
        if chosen is None or not text.isdigit():
            return
        patient_id, number = uuid.UUID(chosen.property("patient_id")), int(text)
        chart = self.session.chart
        self.submit(lambda: chart.renumber(patient_id, number))
