"""The full registration of a new patient, checked for likely duplicates before it is
saved (see `DuplicateCheckedDialog`)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.duplicate_checked_dialog import DuplicateCheckedDialog
from practicedesk.ui.widgets.optional_date import OptionalDateEdit


class NewPatientDialog(DuplicateCheckedDialog):
    """The full registration: what a new-patient phone call or walk-in gives."""

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setWindowTitle(self.tr("New patient"))
        self.inputs: dict[str, QLineEdit] = {}
        for label, name in (
            (self.tr("First name"), "first_name"), (self.tr("Middle name"), "middle_name"),
            (self.tr("Last name"), "last_name"), (self.tr("Preferred name"), "preferred_name"),
        ):  # fmt: skip
            self.form.addRow(label, self._line(name))
        self.born = OptionalDateEdit(future=False)
        self.form.addRow(self.tr("Date of birth"), self.born)
        self.form.addRow(self.tr("Mobile phone"), self._line("phone"))
        self.may_text = QCheckBox(self.tr("The patient agrees to text messages"))
        self.form.addRow("", self.may_text)
        self.form.addRow(self.tr("E-mail"), self._line("email"))
        for label, name in (
            (self.tr("Street"), "street"), (self.tr("City"), "city"),
            (self.tr("State"), "region"), (self.tr("ZIP code"), "postal_code"),
        ):  # fmt: skip
            self.form.addRow(label, self._line(name))

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        self.inputs[name] = edit
        return edit

    def candidate(self) -> NewPatient:
        values = {name: edit.text().strip() for name, edit in self.inputs.items()}
        return NewPatient(
            date_of_birth=self.born.value(), may_text=self.may_text.isChecked(), **values
        )
