"""The owner's merge of two charts of one person: everything of the second moves to the one
kept (visits, phones, insurance, alerts, documents, history), the second is marked merged,
and the audit log says who did it. It cannot be undone from the screen, so it asks twice."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import describe_patient
from practicedesk.ui.widgets.patient_picker import PatientPickerWidget


class MergeDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, duplicate: PatientSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "Merge a second chart of the same person into the chart to keep. Visits, "
                "phones, insurance, alerts, documents, communications and tasks all move to "
                "the chart kept; the other chart is closed for good."
            ),
        )
        self.setWindowTitle(self.tr("Merge two charts"))
        self.session, self.duplicate = session, duplicate
        self.keep: PatientSummary | None = None
        self.picker = PatientPickerWidget(session)
        self.picker.add.hide()
        self.form.addRow(self.tr("Merge this chart"), QLabel(describe_patient(duplicate)))
        self.form.addRow(self.tr("into the chart of"), self.picker)
        self.ok_button().setText(self.tr("Merge…"))
        self.ok_button().setEnabled(False)
        self.picker.sig_patient_chosen.connect(self._on_keep_chosen)

    def _on_keep_chosen(self, patient: PatientSummary | None) -> None:
        same = patient is not None and patient.id == self.duplicate.id
        self.keep = None if same else patient
        self.message.setText(self.tr("Choose a different chart to keep.") if same else "")
        self.ok_button().setEnabled(self.keep is not None)

    def _on_ok_clicked(self) -> None:
        keep = self.keep
        if keep is None:
            return
        answer = QMessageBox.warning(
            self,
            self.tr("Merge two charts"),
            self.tr("Move everything from\n{gone}\ninto\n{kept}?\n\nThis cannot be undone.").format(
                gone=describe_patient(self.duplicate), kept=describe_patient(keep)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            chart, duplicate_id = self.session.chart, self.duplicate.id
            self.submit(lambda: chart.merge(keep.id, duplicate_id))
