"""The two things done to a claim besides marking it sent: a note of a follow-up call, and
the insurer's EOB (what it paid, what it wrote off, its check), which settles the claim.

An EOB posts the insurer's payment and write-off as ledger entries against the claim, in one
transaction with the claim's new status; what the insurer neither paid nor wrote off is then
the patient's. A claim settled by mistake is put right by correcting those entries.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from practicedesk.errors import PracticeDeskError
from practicedesk.services.money.claims import ClaimInfo, Eob
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.money_edit import MoneyEdit


def _claim_words(claim: ClaimInfo) -> str:
    return (
        f"{claim.patient_name} — {claim.carrier_name}, visit of {format_date(claim.service_on)}, "
        f"billed {format_money(claim.billed)}, expected {format_money(claim.still_expected)}"
    )


class ClaimNoteDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, claim: ClaimInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.claim = session, claim
        self.setWindowTitle(self.tr("Note on the claim"))
        self.intro.setText(_claim_words(claim))
        self.intro.show()
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("e.g. Called the insurer: in process, ref. 5521"))
        self.text.setMaximumHeight(100)
        self.text.setTabChangesFocus(True)
        self.form.addRow(self.tr("What was said or done"), self.text)
        self.ok_button().setText(self.tr("Add note"))
        self.text.setFocus()

    def _on_ok_clicked(self) -> None:
        claims, claim_id, text = self.session.claims, self.claim.id, self.text.toPlainText()
        self.submit(lambda: claims.add_note(claim_id, text))


class EobDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, claim: ClaimInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.claim = session, claim
        self.entry_id = uuid.uuid4()  # made once: posting the EOB again adds nothing
        self.setWindowTitle(self.tr("Post an EOB"))
        self.intro.setText(
            _claim_words(claim)
            + "\n"
            + self.tr(
                "The EOB settles the claim: paid, partly paid, or denied when it paid nothing. "
                "What the insurer neither paid nor wrote off is the patient's to pay."
            )
        )
        self.intro.show()
        self.paid = MoneyEdit(claim.still_expected, allow_zero=True)
        self.write_off = MoneyEdit(allow_zero=True)
        self.write_off.setPlaceholderText("0.00")
        self.check_number = QLineEdit()
        self.check_number.setMaxLength(40)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.settles = QLabel()
        self.settles.setObjectName("pageNote")
        self.form.addRow(self.tr("Insurer paid"), self.paid)
        self.form.addRow(self.tr("Insurer's write-off"), self.write_off)
        self.form.addRow(self.tr("Insurer's check number"), self.check_number)
        self.form.addRow(self.tr("Note"), self.note)
        self.form.addRow(self.settles)
        self.ok_button().setText(self.tr("Post EOB"))
        self.paid.textChanged.connect(self._on_changed)
        self.write_off.textChanged.connect(self._on_changed)
        self._on_changed()
        self.paid.setFocus()
        self.paid.selectAll()

    def eob(self) -> Eob:
        return Eob(
            self.paid.cents(),
            self.write_off.optional_cents() or 0,
            self.note.text().strip(),
            self.check_number.text().strip(),
            entry_id=self.entry_id,
        )

    def _on_changed(self) -> None:
        """Say what the claim becomes, before it is posted."""
        try:
            eob = self.eob()
        except PracticeDeskError:
            self.settles.clear()
            return
        left = max(0, self.claim.still_expected - eob.paid - eob.write_off)
        if eob.paid == 0:
            text = self.tr("The claim will be denied: nothing paid.")
        elif eob.paid < self.claim.still_expected:
            text = self.tr("The claim will be partly paid.")
        else:
            text = self.tr("The claim will be paid.")
        if left:
            text += " " + self.tr("{amount} moves to the patient's part.").format(
                amount=format_money(left)
            )
        self.settles.setText(text)

    def _on_ok_clicked(self) -> None:
        try:
            eob = self.eob()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        claims, claim_id = self.session.claims, self.claim.id
        self.submit(lambda: claims.post_eob(claim_id, eob))
