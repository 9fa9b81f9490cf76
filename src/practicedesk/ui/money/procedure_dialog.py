"""Adding or changing a procedure on the office's list: its code (the office's own, used
once), a short name, the category the insurance estimate pays by, and the office's fee."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from practicedesk.domain.estimates import ProcedureCategory
from practicedesk.errors import PracticeDeskError
from practicedesk.services.money.procedures import ProcedureInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.money_edit import MoneyEdit


class ProcedureDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        procedure: ProcedureInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.procedure = session, procedure
        self.setWindowTitle(self.tr("Procedure") if procedure else self.tr("New procedure"))
        self.code = QLineEdit(procedure.code if procedure else "")
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(self.tr("e.g. D1110, or a medical office's 99213"))
        self.name = QLineEdit(procedure.name if procedure else "")
        self.name.setMaxLength(80)
        self.category = QComboBox()
        for category in ProcedureCategory:
            self.category.addItem(self.tr(category.value.capitalize()), category)
        select_value(self.category, procedure.category if procedure else ProcedureCategory.OTHER)
        self.fee = MoneyEdit(procedure.fee if procedure else None, allow_zero=True)
        self.active = QCheckBox(self.tr("In use (a retired one still names old charges)"))
        self.active.setChecked(procedure.active if procedure else True)
        self.form.addRow(self.tr("Code"), self.code)
        self.form.addRow(self.tr("Short name"), self.name)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Office's fee"), self.fee)
        self.form.addRow(self.active)
        self.ok_button().setText(self.tr("Save"))

    def _on_ok_clicked(self) -> None:
        try:
            fee = self.fee.cents()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        procedures = self.session.procedures
        code, name = self.code.text(), self.name.text()
        # Qt hands a StrEnum back as its plain text; the service wants the category itself.
        category = ProcedureCategory(self.category.currentData())
        active = self.active.isChecked()
        procedure_id = self.procedure.id if self.procedure else None
        self.submit(
            lambda: procedures.save(
                code, name, category, fee, procedure_id=procedure_id, active=active
            )
        )
