"""Choosing the patient who is responsible for another (a parent for a child, a spouse):
the same find-as-you-type list the appointment book books from."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.patient_picker import PatientPickerWidget


class ResponsiblePatientDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr("Find the patient who is responsible for this one, e.g. a parent."),
        )
        self.setWindowTitle(self.tr("Responsible patient"))
        self.patient_id = patient_id
        self.chosen: PatientSummary | None = None
        self.picker = PatientPickerWidget(session)
        self.picker.add.hide()
        self.form.addRow(self.tr("Patient"), self.picker)
        self.ok_button().setEnabled(False)
        self.picker.sig_patient_chosen.connect(self._on_chosen)

    def _on_chosen(self, patient: PatientSummary | None) -> None:
        itself = patient is not None and patient.id == self.patient_id
        self.chosen = None if itself else patient
        self.message.setText(
            self.tr("A patient cannot be responsible for themselves.") if itself else ""
        )
        self.ok_button().setEnabled(self.chosen is not None)

    def _on_ok_clicked(self) -> None:
        if self.chosen is not None:
            self.accept()
