"""Record a check of a policy with the payer, from the chart's Insurance tab or from the
"Insurance to verify" worklist. The last check's answers are offered (a plan's limits and
what is left change little from one call to the next) and the cursor waits in the first
field every call changes (who was spoken to), so a call that confirmed everything is typed
and saved with Enter."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from practicedesk.errors import PracticeDeskError
from practicedesk.services.chart.insurance import METHODS, RESULTS, VerificationEntry
from practicedesk.services.chart.records import VerificationInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.money_edit import MoneyEdit


def _amount_box(cents: int | None) -> MoneyEdit:
    """An amount the payer states; left empty when it is not known."""
    box = MoneyEdit(cents, allow_zero=True)
    box.setPlaceholderText("")
    return box


class VerifyDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        policy_id: uuid.UUID,
        carrier: tuple[str, str],
        last: VerificationInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        """`carrier` is the company's name and phone; `last` the check whose answers are
        offered (None: the policy was never verified)."""
        super().__init__(parent)
        self.session, self.patient_id, self.policy_id = session, patient_id, policy_id
        name, phone = carrier
        self.setWindowTitle(self.tr("Verify {carrier}").format(carrier=name))
        intro = self.tr("Call {phone} or use the payer's portal; record what they said.").format(
            phone=phone or self.tr("the payer")
        )
        if last is not None:
            intro += " " + self.tr(
                "The answers of the last check ({day}) are filled in: change what differs."
            ).format(day=format_date(last.verified_on))
        self.intro.setText(intro)
        self.intro.show()
        self.method = QComboBox()
        for method in METHODS:
            self.method.addItem(method, method)
        self.outcome = QComboBox()
        for result in RESULTS:
            self.outcome.addItem(result, result)
        self.spoken_to = QLineEdit()
        self.spoken_to.setMaxLength(80)
        self.spoken_to.setPlaceholderText(self.tr("the representative's name"))
        self.reference = QLineEdit()
        self.frequency = QLineEdit(last.frequency_limits if last else "")
        self.frequency.setPlaceholderText(self.tr("cleaning 2/yr, last 06/12; BWX 1/yr"))
        self.cost_share = QLineEdit(last.cost_share if last else "")
        self.cost_share.setMaxLength(120)
        self.cost_share.setPlaceholderText(self.tr("$25 exams, 20% basic"))
        self.remaining = _amount_box(last.remaining_cents if last else None)
        self.deductible_left = _amount_box(last.deductible_left_cents if last else None)
        self.deductible_left.setToolTip(
            self.tr("What is still to meet of this year's deductible, as the payer said")
        )
        self.notes = QLineEdit()
        if last is not None:
            select_value(self.method, last.method)
            select_value(self.outcome, last.result)
        for label, widget in (
            (self.tr("How"), self.method), (self.tr("Result"), self.outcome),
            (self.tr("Spoken to"), self.spoken_to),
            (self.tr("Reference number"), self.reference),
            (self.tr("Benefits remaining"), self.remaining),
            (self.tr("Deductible left"), self.deductible_left),
            (self.tr("Frequency limits"), self.frequency),
            (self.tr("Co-pay / coinsurance"), self.cost_share),
            (self.tr("Notes"), self.notes),
        ):  # fmt: skip
            self.form.addRow(label, widget)
        self.ok_button().setText(self.tr("Record verification"))
        self.spoken_to.setFocus()

    def _on_ok_clicked(self) -> None:
        try:
            entry = VerificationEntry(
                self.method.currentText(), self.outcome.currentText(), self.reference.text(),
                self.remaining.optional_cents(), self.notes.text(),
                self.deductible_left.optional_cents(), self.spoken_to.text(),
                self.frequency.text(), self.cost_share.text(),
            )  # fmt: skip
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        insurance, patient_id, policy_id = self.session.insurance, self.patient_id, self.policy_id
        self.submit(lambda: insurance.verify(patient_id, policy_id, entry))
