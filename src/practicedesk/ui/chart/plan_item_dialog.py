"""Add a procedure to a treatment plan, or change one: the code (completed from the office's
procedure list), the tooth or area, the phase, and the fee (empty: the office's fee)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from practicedesk.errors import PracticeDeskError
from practicedesk.services.money.plan_records import NewPlanItem, PlanItemView
from practicedesk.services.money.procedures import ProcedureInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.procedure_code_delegate import code_choices, code_completer, typed_code
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.money_edit import MoneyEdit


class PlanItemDialog(FormDialog):
    sig_item_saved = Signal()

    def __init__(
        self,
        session: PracticeSession,
        plan_id: uuid.UUID,
        procedures: list[ProcedureInfo],
        item: PlanItemView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "Type part of a code or a name to find the procedure. Leave the fee empty for "
                "the office's fee; the plan keeps the fee it was quoted at."
            ),
        )
        self.session, self.plan_id, self.item = session, plan_id, item
        self.setWindowTitle(self.tr("Change the item") if item else self.tr("Add to the plan"))
        self._build_ui(procedures)

    def _build_ui(self, procedures: list[ProcedureInfo]) -> None:
        item = self.item
        self.code = QLineEdit(f"{item.code} {item.name}" if item else "")
        self.code.setObjectName("planItemCode")
        self.code.setCompleter(code_completer(code_choices(procedures), self.code))
        self.tooth = QLineEdit(item.tooth if item else "")
        self.tooth.setPlaceholderText(self.tr("14, 2-4, UR…"))
        self.tooth.setMaxLength(40)
        self.phase = QSpinBox()
        self.phase.setRange(1, 9)
        self.phase.setValue(item.phase if item else 1)
        self.fee = MoneyEdit(item.fee if item else None, allow_zero=True)
        self.form.addRow(self.tr("&Procedure"), self.code)
        self.form.addRow(self.tr("&Tooth / area"), self.tooth)
        self.form.addRow(self.tr("P&hase"), self.phase)
        self.form.addRow(self.tr("&Fee"), self.fee)

    def _on_ok_clicked(self) -> None:
        plans, plan_id, item = self.session.plans, self.plan_id, self.item
        try:
            fee = self.fee.optional_cents()
        except PracticeDeskError as error:  # the amount's own sentence, shown in the dialog
            self._on_failed(error)
            return
        new = NewPlanItem(typed_code(self.code.text()), self.tooth.text(), self.phase.value(), fee)
        saved = self.sig_item_saved.emit
        if item is None:
            self.submit(lambda: plans.add_item(plan_id, new), lambda _id: saved())
        else:
            self.submit(lambda: plans.edit_item(item.id, new), lambda _none: saved())
