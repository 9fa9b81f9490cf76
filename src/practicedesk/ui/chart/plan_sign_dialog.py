"""The patient signs a treatment plan at the desk: their name and their strokes on the pad.
Turned towards the patient like the forms' patient mode, but one pad and one name: what they
agree to is the printed plan, which they have in front of them or on the screen."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.signature_pad import SignaturePadWidget


class PlanSignDialog(FormDialog):
    sig_signed = Signal(object)  # the signed copy's document id

    def __init__(
        self,
        session: PracticeSession,
        plan_id: uuid.UUID,
        signer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "By signing, you agree to the procedures of this plan you have not declined, "
                "and understand that insurance amounts are estimates."
            ),
        )
        self.session, self.plan_id = session, plan_id
        self.setWindowTitle(self.tr("Sign the treatment plan"))
        self.signer = QLineEdit(signer)
        self.signer.setObjectName("planSigner")
        self.pad = SignaturePadWidget(parent=self)
        self.form.addRow(self.tr("&Name"), self.signer)
        self.form.addRow(self.tr("Signature"), self.pad)
        self.ok_button().setText(self.tr("&Sign"))

    def _on_ok_clicked(self) -> None:
        if self.pad.is_empty():
            self.message.setText(self.tr("Sign on the pad first."))
            return
        paper, plan_id = self.session.plan_paper, self.plan_id
        name, png = self.signer.text(), self.pad.png_bytes()
        self.submit(lambda: paper.sign(plan_id, name, png), self.sig_signed.emit)
