"""The base of every dialog that adds a patient (the full registration on the Patients page,
the quick one while booking): before the patient is saved, anyone who looks like the same
person (same birth date and a similar name, or the same phone or e-mail) is shown, and the
user picks them or says "add anyway". A second chart for one person is the mistake front
desks make most and undo least."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from practicedesk.domain.phones import problem as phone_problem
from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_date


class DuplicateCheckedDialog(FormDialog):
    """OK first looks for likely duplicates; OK again ("Add anyway") adds the patient.

    `created` is the patient added, or the existing one the user picked instead."""

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.created: PatientSummary | None = None
        self.picked_existing = False
        self._checked: NewPatient | None = None
        self.duplicates_note = QLabel(
            self.tr(
                "These patients look like the same person. Double-click one to use it, "
                "or choose Add anyway if this really is someone new."
            )
        )
        self.duplicates_note.setObjectName("duplicateWarning")
        self.duplicates_note.setWordWrap(True)
        self.duplicates = QListWidget()
        self.duplicates.setObjectName("duplicateList")
        self.duplicates.setMaximumHeight(120)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # FormDialog's: intro, form, message, buttons
        for widget in (self.duplicates_note, self.duplicates):
            widget.hide()
            layout.insertWidget(layout.count() - 2, widget)
        self.duplicates.itemDoubleClicked.connect(self._on_duplicate_chosen)
        self.ok_button().setText(self.tr("Add patient"))

    def candidate(self) -> NewPatient:
        raise NotImplementedError

    def problems(self, candidate: NewPatient) -> list[str]:
        found = []
        if not candidate.first_name.strip() or not candidate.last_name.strip():
            found.append(self.tr("A patient needs a first and a last name."))
        if candidate.phone.strip() and (issue := phone_problem(candidate.phone)):
            found.append(issue)
        email = candidate.email.strip()
        if email and ("@" not in email or " " in email):
            found.append(
                self.tr("{email} does not look like an e-mail address.").format(email=email)
            )
        return found

    def _on_ok_clicked(self) -> None:
        candidate = self.candidate()
        problems = self.problems(candidate)
        if problems:
            self.message.setText(" ".join(problems))
            return
        self.message.clear()
        patients = self.session.patients
        if self._checked == candidate:
            self.submit(lambda: patients.add(candidate), self._on_added)
            return
        self.setEnabled(False)
        run_task(
            self,
            lambda: patients.likely_duplicates(candidate),
            lambda found: self._on_checked(candidate, found),
            self._on_failed,
        )

    def _on_checked(self, candidate: NewPatient, found: list[PatientSummary]) -> None:
        self.setEnabled(True)
        self._checked = candidate
        if not found:
            self.submit(lambda: self.session.patients.add(candidate), self._on_added)
            return
        self.duplicates.clear()
        for patient in found:
            parts = [patient.display_name, format_date(patient.date_of_birth), patient.phone]
            parts += [patient.email, patient.chart_label]
            item = QListWidgetItem("   ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, patient)
            self.duplicates.addItem(item)
        self.duplicates_note.show()
        self.duplicates.show()
        self.ok_button().setText(self.tr("Add anyway"))

    def _on_duplicate_chosen(self, item: QListWidgetItem) -> None:
        self.created = item.data(Qt.ItemDataRole.UserRole)
        self.picked_existing = True
        self.accept()

    def _on_added(self, patient: PatientSummary) -> None:
        self.created = patient
