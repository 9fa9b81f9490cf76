"""The Demographics tab: name parts, birth date, identity, contact, address, responsible
party, emergency contact, status and notes, and the phones. Checked as you type; Save or
Undo changes; leaving with unsaved changes asks first (the chart window does the asking)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.phones import problem as phone_problem
from practicedesk.errors import PracticeDeskError
from practicedesk.services.chart.records import Chart, PatientDetails, PhoneEntry
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.optional_date import OptionalDateEdit

_SEXES = ("", "female", "male", "intersex", "unknown")
_CONTACTS = ("", "phone", "text", "email", "letter")
_PHONE_KINDS = ("mobile", "home", "work", "other")


class PhonesEditorWidget(QWidget):
    """Up to six phones: kind, number, primary, may we text."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Number"), self.tr("Main"), self.tr("Text")]
        )
        for column, tip in (
            (2, self.tr("The number to call first")),
            (3, self.tr("The patient agrees to text messages on this number")),
        ):
            label = self.table.horizontalHeaderItem(column)
            assert label is not None  # the labels above made one item per column
            label.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(150)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 100)  # the kind is a drop-down, which contents do not measure
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add = QPushButton(self.tr("Add phone"))
        self.remove = QPushButton(self.tr("Remove"))
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.add.clicked.connect(lambda: self._add_row(PhoneEntry("mobile", "")))
        self.remove.clicked.connect(self._on_remove)
        self.table.itemChanged.connect(lambda _item: self.sig_changed.emit())

    def set_phones(self, phones: list[PhoneEntry]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for phone in phones:
            self._add_row(phone)
        self.table.blockSignals(False)

    def _add_row(self, phone: PhoneEntry) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind = QComboBox()
        kind.addItems(list(_PHONE_KINDS))
        kind.setCurrentText(phone.kind)
        kind.currentIndexChanged.connect(self.sig_changed)
        self.table.setCellWidget(row, 0, kind)
        self.table.setItem(row, 1, QTableWidgetItem(phone.display or phone.number))
        for column, checked in ((2, phone.is_primary), (3, phone.may_text)):
            box = QCheckBox()
            box.setChecked(checked)
            box.toggled.connect(self.sig_changed)
            self.table.setCellWidget(row, column, box)
        self.sig_changed.emit()

    def _on_remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.sig_changed.emit()

    def phones(self) -> list[PhoneEntry]:
        result = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            number = (item.text() if item else "").strip()
            if not number:
                continue
            kind: Any = self.table.cellWidget(row, 0)
            primary: Any = self.table.cellWidget(row, 2)
            text: Any = self.table.cellWidget(row, 3)
            result.append(
                PhoneEntry(kind.currentText(), number, primary.isChecked(), text.isChecked())
            )
        return result

    def problems(self) -> list[str]:
        return [f"{p.number}: {issue}" for p in self.phones() if (issue := phone_problem(p.number))]


class DemographicsTab(QWidget):
    sig_saved = Signal()
    sig_edited = Signal()  # anything typed or undone: the chart's tab title shows a "*"

    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.loaded: PatientDetails | None = None
        self.loaded_phones: list[PhoneEntry] = []
        self.responsible_label = ""
        self.editable = session.can(Permission.EDIT_CHART)
        self._build_ui()

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.textChanged.connect(self._on_edited)
        self.inputs[name] = edit
        return edit

    def _build_ui(self) -> None:
        self.inputs: dict[str, Any] = {}
        identity = QFormLayout()
        for label, name in (
            (self.tr("First name"), "first_name"), (self.tr("Middle name"), "middle_name"),
            (self.tr("Last name"), "last_name"), (self.tr("Suffix"), "suffix"),
            (self.tr("Preferred name"), "preferred_name"),
        ):  # fmt: skip
            identity.addRow(label, self._line(name))
        self.born = OptionalDateEdit(future=False)
        self.born.dateChanged.connect(self._on_edited)
        identity.addRow(self.tr("Date of birth"), self.born)
        self.sex = QComboBox()
        self.sex.addItems([s.capitalize() for s in _SEXES])
        self.sex.currentIndexChanged.connect(self._on_edited)
        identity.addRow(self.tr("Sex"), self.sex)
        identity.addRow(self.tr("Gender identity"), self._line("gender_identity"))
        identity.addRow(self.tr("Pronouns"), self._line("pronouns"))
        self.status = QComboBox()
        for status in ("active", "inactive", "deceased"):
            self.status.addItem(status.capitalize(), status)
        self.status.currentIndexChanged.connect(self._on_edited)
        identity.addRow(self.tr("Status"), self.status)

        contact = QFormLayout()
        contact.addRow(self.tr("E-mail"), self._line("email"))
        self.email_reminders = QCheckBox(self.tr("Agrees to appointment reminders by e-mail"))
        self.email_reminders.setObjectName("email_reminders")
        self.email_reminders.toggled.connect(self._on_edited)
        contact.addRow("", self.email_reminders)
        for label, name in (
            (self.tr("Street"), "street"), (self.tr("Street, line 2"), "street2"),
            (self.tr("City"), "city"), (self.tr("State"), "region"),
            (self.tr("ZIP code"), "postal_code"),
            (self.tr("Language"), "preferred_language"),
        ):  # fmt: skip
            contact.addRow(label, self._line(name))
        self.contact_by = QComboBox()
        self.contact_by.addItems([c.capitalize() or self.tr("No preference") for c in _CONTACTS])
        self.contact_by.currentIndexChanged.connect(self._on_edited)
        contact.addRow(self.tr("Contact by"), self.contact_by)
        self.phones = PhonesEditorWidget()
        self.phones.sig_changed.connect(self._on_edited)
        contact.addRow(self.tr("Phones"), self.phones)

        others = QFormLayout()
        self.responsible = QComboBox()
        self.responsible.addItem(self.tr("Self"), "self")
        self.responsible.addItem(self.tr("Another patient"), "patient")
        self.responsible.addItem(self.tr("Another person"), "person")
        self.responsible.currentIndexChanged.connect(self._on_responsible_changed)
        others.addRow(self.tr("Responsible party"), self.responsible)
        self.responsible_patient = QPushButton(self.tr("Choose the patient…"))
        self.responsible_patient.setObjectName("responsiblePatient")
        self.responsible_patient.clicked.connect(self._on_choose_responsible)
        others.addRow(self.tr("Which patient"), self.responsible_patient)
        self._responsible_id: uuid.UUID | None = None
        others.addRow(self.tr("Their name"), self._line("responsible_name"))
        others.addRow(self.tr("Their phone"), self._line("responsible_phone"))
        others.addRow(self.tr("Relationship"), self._line("responsible_relationship"))
        others.addRow(self.tr("Emergency contact"), self._line("emergency_name"))
        others.addRow(self.tr("Their phone"), self._line("emergency_phone"))
        others.addRow(self.tr("Relationship"), self._line("emergency_relationship"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        self.notes.textChanged.connect(self._on_edited)
        others.addRow(self.tr("Notes"), self.notes)

        columns = QHBoxLayout()
        for title, form, stretch in (
            (self.tr("Who"), identity, 3),
            (self.tr("Contact"), contact, 4),  # the phones table needs the room
            (self.tr("Others"), others, 3),
        ):
            box = QGroupBox(title)
            box.setLayout(form)
            columns.addWidget(box, stretch)
        inner = QWidget()
        inner.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        self.message = message_line()
        self.save = QPushButton(self.tr("Save"))
        self.revert = QPushButton(self.tr("Undo changes"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.revert)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.save_changes)
        self.revert.clicked.connect(self._show_loaded)
        inner.setEnabled(self.editable)
        self.save.setVisible(self.editable)
        self.revert.setVisible(self.editable)

    # -- loading and comparing ----------------------------------------------------------------

    def show_chart(self, chart: Chart) -> None:
        if self.has_unsaved_changes():
            return  # never overwrite what is being typed
        self.loaded, self.loaded_phones = chart.details, chart.phones
        self.responsible_label = (
            chart.responsible_label if chart.details.responsible_type == "patient" else ""
        )
        self._show_loaded()

    def _on_responsible_changed(self) -> None:
        self.responsible_patient.setEnabled(self.responsible.currentData() == "patient")
        self._on_edited()

    def _on_choose_responsible(self) -> None:
        from practicedesk.ui.chart.responsible_dialog import ResponsiblePatientDialog

        dialog = ResponsiblePatientDialog(self.session, self.patient_id, self)
        if dialog.exec() and dialog.chosen is not None:
            self._responsible_id = dialog.chosen.id
            self.responsible_patient.setText(dialog.chosen.display_name)
            self._on_edited()

    def _show_loaded(self) -> None:
        details = self.loaded
        if details is None:
            return
        for name, edit in self.inputs.items():
            edit.blockSignals(True)
            edit.setText(getattr(details, name))
            edit.blockSignals(False)
        self.born.blockSignals(True)
        self.born.set_value(details.date_of_birth)
        self.born.blockSignals(False)
        for combo, options, value in (
            (self.sex, _SEXES, details.sex),
            (self.contact_by, _CONTACTS, details.preferred_contact),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(options.index(value) if value in options else 0)
            combo.blockSignals(False)
        self._responsible_id = details.responsible_patient_id
        self.responsible_patient.setText(self.responsible_label or self.tr("Choose the patient…"))
        self.responsible_patient.setEnabled(details.responsible_type == "patient")
        for combo, value in (
            (self.status, details.status),
            (self.responsible, details.responsible_type),
        ):
            combo.blockSignals(True)
            select_value(combo, value)
            combo.blockSignals(False)
        self.email_reminders.blockSignals(True)
        self.email_reminders.setChecked(details.email_reminders)
        self.email_reminders.blockSignals(False)
        self.notes.blockSignals(True)
        self.notes.setPlainText(details.notes)
        self.notes.blockSignals(False)
        self.phones.set_phones(self.loaded_phones)
        self._on_edited()

    def current(self) -> PatientDetails:
        assert self.loaded is not None
        values = {f.name: getattr(self.loaded, f.name) for f in fields(PatientDetails)}
        values.update({name: edit.text() for name, edit in self.inputs.items()})
        values["date_of_birth"] = self.born.value()
        values["sex"] = _SEXES[self.sex.currentIndex()]
        values["preferred_contact"] = _CONTACTS[self.contact_by.currentIndex()]
        values["email_reminders"] = self.email_reminders.isChecked()
        values["status"] = self.status.currentData()
        values["notes"] = self.notes.toPlainText()
        values["responsible_type"] = self.responsible.currentData()
        values["responsible_patient_id"] = (
            self._responsible_id if values["responsible_type"] == "patient" else None
        )
        return PatientDetails(**values)

    def _phones_changed(self) -> bool:
        now = [(p.kind, p.number, p.is_primary, p.may_text) for p in self.phones.phones()]
        before = [
            (p.kind, p.display or p.number, p.is_primary, p.may_text) for p in self.loaded_phones
        ]
        return now != before

    def has_unsaved_changes(self) -> bool:
        return self.loaded is not None and (self.current() != self.loaded or self._phones_changed())

    def _on_edited(self) -> None:
        if self.loaded is None:
            return
        problems = self.phones.problems()
        for name in ("responsible_phone", "emergency_phone"):
            text = self.inputs[name].text().strip()
            issue = phone_problem(text) if text else None
            self.inputs[name].setProperty("invalid", bool(issue))
            self.inputs[name].style().unpolish(self.inputs[name])
            self.inputs[name].style().polish(self.inputs[name])
            if issue:
                problems.append(issue)
        email = self.inputs["email"].text().strip()
        if email and ("@" not in email or " " in email):
            problems.append(
                self.tr("{email} does not look like an e-mail address.").format(email=email)
            )
        if (
            not self.inputs["first_name"].text().strip()
            or not self.inputs["last_name"].text().strip()
        ):
            problems.append(self.tr("A patient needs a first and a last name."))
        if self.responsible.currentData() == "patient" and self._responsible_id is None:
            problems.append(self.tr("Choose which patient is responsible."))
        changed = self.has_unsaved_changes()
        if problems or changed or self.message.text() != self.tr("Saved."):
            self.message.setText(" ".join(problems))  # "Saved." stays until the next edit
        self.save.setEnabled(changed and not problems)
        self.revert.setEnabled(changed)
        self.sig_edited.emit()

    # -- saving -------------------------------------------------------------------------------

    def _save_work(self) -> Callable[[], None]:
        details, phones = self.current(), self.phones.phones()
        chart, patient_id, phones_changed = (
            self.session.chart,
            self.patient_id,
            self._phones_changed(),
        )

        def work() -> None:
            chart.update_details(patient_id, details)
            if phones_changed:
                chart.set_phones(patient_id, phones)

        return work

    def save_changes(self) -> None:
        self.save.setEnabled(False)
        run_task(
            self,
            self._save_work(),
            self._on_saved,
            lambda error: show_inline(error, self.message, self),
        )

    def save_now(self) -> bool:
        """Save before the chart closes, so the answer is known before the tab goes away."""
        try:
            self._save_work()()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return False
        self._on_saved(None)
        return True

    def _on_saved(self, _result: object) -> None:
        self.loaded = self.current()
        self.loaded_phones = [
            PhoneEntry(p.kind, p.number, p.is_primary, p.may_text, p.number)
            for p in self.phones.phones()
        ]
        self.message.setText(self.tr("Saved."))
        self.save.setEnabled(False)
        self.revert.setEnabled(False)
        self.sig_saved.emit()
