"""The check-out's money, in one dialog, keyboard first: the visit's procedures (pre-filled
from its type; code, tooth or surface and fee editable), the plan and how the estimate was
made, the insurance's and the patient's part of each line, the totals, what to collect now,
and the payment. The visit is already checked out when it opens (checking out is one action,
as checking in is); Enter posts the charges and the payment (Ctrl+Enter from the lines, where
Enter finishes a cell), and nothing is posted before. Esc ("Charge later") leaves the visit
checked out with nothing charged: Today's patients and the day's money say so until it is
charged from the visit's menu.

The check-out's id and its payment's id are made when the dialog opens, so however often
Enter is pressed (or pressed again after a refusal), the visit is charged once. Afterwards the
dialog shows the balance, offers the receipt and the next visit, and Enter closes it.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.services.money.desk import (
    METHODS,
    CheckOut,
    CheckOutDraft,
    CheckOutResult,
    NewPayment,
)
from practicedesk.services.money.procedures import ProcedureInfo
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.money.check_out_model import CODE, FEE, NAME, TOOTH, CheckOutLinesModel
from practicedesk.ui.money.money_words import METHOD_LABELS, balance_split, balance_words
from practicedesk.ui.money.printouts import print_preview
from practicedesk.ui.money.procedure_code_delegate import ProcedureCodeDelegate
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.money_edit import MoneyEdit

_TOTALS = ("fees", "write_off", "insurance", "patient", "before", "to_collect")


class CheckOutDialog(QDialog):
    sig_checked_out = Signal(object)  # the CheckOutResult
    sig_book_next_requested = Signal()
    sig_survey_requested = Signal()  # hand the post-visit survey to the patient

    def __init__(
        self, session: PracticeSession, visit: AppointmentInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.visit = session, visit
        self.checkout_id, self.payment_id = uuid.uuid4(), uuid.uuid4()  # once: posted once
        self.draft: CheckOutDraft | None = None
        self.outcome: CheckOutResult | None = None
        self._posting: CheckOut | None = None
        self._asked = 0  # the newest draft asked for; older answers are dropped
        self._amount_typed = False
        self.model = CheckOutLinesModel()
        self.setWindowTitle(self.tr("Check out: {name}").format(name=visit.patient_name))
        self.setMinimumSize(860, 640)
        self._build_ui()
        self._connect()
        desk, procedures = session.desk, session.procedures
        run_task(
            self,
            lambda: (procedures.list(), desk.check_out_draft(visit.id)),
            self._on_loaded,
            self._on_failed,
        )

    # -- building -----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.check_out.setDefault(True)  # once in the dialog: Enter checks out, then closes

    def _form_page(self) -> QWidget:
        self.plan = QLabel()
        self.plan.setObjectName("checkOutPlan")
        self.note = QLabel()
        self.note.setObjectName("pageNote")
        self.note.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("checkOutLines")
        self.table.setModel(self.model)
        self.codes = ProcedureCodeDelegate(self.table)
        self.table.setItemDelegateForColumn(CODE, self.codes)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CODE, 90), (TOOTH, 120), (FEE, 95), (FEE + 1, 95), (FEE + 2, 95)):
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        self.add_line = QPushButton(self.tr("&Add procedure"))
        self.add_line.setToolTip(self.tr("Ctrl+N"))
        self.remove_line = QPushButton(self.tr("Re&move procedure"))
        self.remove_line.setToolTip(self.tr("Ctrl+Delete"))
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_line)
        line_buttons.addWidget(self.remove_line)
        line_buttons.addStretch(1)
        self.totals = {key: QLabel() for key in _TOTALS}
        self.total_titles = {key: QLabel() for key in _TOTALS}
        grid = QGridLayout()
        for row, key in enumerate(_TOTALS):
            self.totals[key].setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(self.total_titles[key], row, 0)
            grid.addWidget(self.totals[key], row, 1)
        self.totals["to_collect"].setObjectName("toCollect")
        self.total_titles["to_collect"].setObjectName("toCollect")
        self.amount = MoneyEdit()
        self.amount.setPlaceholderText(self.tr("nothing taken now"))
        self.method = QComboBox()
        for method in METHODS:
            self.method.addItem(self.tr(METHOD_LABELS[method]), method)
        self.reference = QLineEdit()
        self.reference.setMaxLength(40)
        self.reference.setPlaceholderText(self.tr("check number; a card's last four and approval"))
        payment = QGroupBox(self.tr("Payment now"))
        form = QFormLayout(payment)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Paid by"), self.method)
        form.addRow(self.tr("Reference"), self.reference)
        self.receipt = QCheckBox(self.tr("Print a &receipt"))
        self.receipt.setChecked(True)  # most patients take one; unticked with one key
        form.addRow(self.receipt)
        bottom = QHBoxLayout()
        bottom.addLayout(grid, 1)
        bottom.addWidget(payment, 1)
        self.message = message_line()
        self.buttons = QDialogButtonBox()
        self.check_out = self.buttons.addButton(
            self.tr("Post charges and payment"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.check_out.setEnabled(False)  # until the visit's lines are read
        self.check_out.setToolTip(self.tr("Enter; Ctrl+Enter from the procedure lines"))
        self.later = self.buttons.addButton(
            self.tr("Charge later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later.setAutoDefault(False)
        self.later.setToolTip(
            self.tr(
                "Esc. The visit stays checked out with nothing charged; charge it from its "
                "menu (Charges and payment…). The day's money lists it until then."
            )
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plan)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(line_buttons)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        return page

    def _done_page(self) -> QWidget:
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.balance_after = QLabel()
        self.balance_after.setObjectName("ledgerBalance")
        self.balance_split = QLabel()
        self.print_receipt = QPushButton(self.tr("Print &receipt"))
        self.print_receipt.setAutoDefault(False)
        self.book_next = QPushButton(self.tr("&Book the next visit…"))
        self.book_next.setAutoDefault(False)
        self.survey = QPushButton(self.tr("Hand the &survey to the patient…"))
        self.survey.setAutoDefault(False)
        self.survey.setEnabled(self.session.can(Permission.EDIT_CHART))
        self.survey.setToolTip(self.tr("A few questions on this visit, in patient mode"))
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_receipt)
        buttons.addWidget(self.book_next)
        buttons.addWidget(self.survey)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_text)
        layout.addWidget(self.balance_after)
        layout.addWidget(self.balance_split)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _connect(self) -> None:
        self._redraft = QTimer(self)
        self._redraft.setSingleShot(True)
        self._redraft.setInterval(150)
        self._redraft.timeout.connect(self._ask_draft)
        self.model.sig_lines_edited.connect(self._redraft.start)
        self.model.sig_problem.connect(self.message.setText)
        self.add_line.clicked.connect(self._on_add_line)
        self.remove_line.clicked.connect(self._on_remove_line)
        QShortcut(QKeySequence("Ctrl+N"), self, self._on_add_line)
        QShortcut(QKeySequence("Ctrl+Delete"), self, self._on_remove_line)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_check_out)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.amount.textEdited.connect(self._on_amount_typed)
        self.check_out.clicked.connect(self._on_check_out)
        self.buttons.rejected.connect(self.reject)
        self.print_receipt.clicked.connect(self._print)
        self.book_next.clicked.connect(self._on_book_next)
        self.survey.clicked.connect(self._on_survey)
        self.close_button.clicked.connect(self.accept)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the procedure lines finishes the line, never the check-out: a code picked
        from the completion list with Enter must not post the visit (Ctrl+Enter does)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and watched in (self.table, self.table.viewport())
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            return True
        return super().eventFilter(watched, event)

    # -- the draft ----------------------------------------------------------------------------

    def _on_loaded(self, loaded: tuple[list[ProcedureInfo], CheckOutDraft]) -> None:
        procedures, draft = loaded
        self.codes.set_procedures(procedures)
        self.model.set_draft(draft)
        self._show_draft(draft)
        if draft.charged_on is not None:
            self.message.setText(
                self.tr(
                    "This visit's charges were posted on {day}: to change them, correct them "
                    "in the patient's Ledger."
                ).format(day=format_date(draft.charged_on))
            )
            self.later.setFocus()
            return
        self.check_out.setEnabled(True)
        if not draft.lines:
            self._on_add_line()
        else:
            self.amount.setFocus()
            self.amount.selectAll()

    def _ask_draft(self) -> None:
        self._asked += 1
        asked, lines = self._asked, self.model.lines()
        desk, visit_id = self.session.desk, self.visit.id

        def done(draft: CheckOutDraft) -> None:
            if asked == self._asked:
                self.model.show_draft(draft)
                self._show_draft(draft)

        def failed(error: BaseException) -> None:
            if asked == self._asked:
                show_inline(error, self.message, self)

        run_task(self, lambda: desk.check_out_draft(visit_id, lines), done, failed)

    def _show_draft(self, draft: CheckOutDraft) -> None:
        self.draft = draft
        self.message.clear()
        self.plan.setText(
            self.tr("{type} with {plan}").format(
                type=self.visit.type_name or self.tr("Visit"), plan=draft.plan
            )
            if draft.plan
            else self.tr("{type}: no insurance on file").format(
                type=self.visit.type_name or self.tr("Visit")
            )
        )
        self.note.setText(draft.coverage_note)
        write_off = sum(line.write_off for line in draft.lines)
        before = draft.balance_before - draft.credit_before
        shown = {
            "fees": (self.tr("Fees"), draft.fee),
            "write_off": (self.tr("Plan's write-off"), -write_off),
            "insurance": (self.tr("Insurance estimate"), draft.insurance),
            "patient": (self.tr("Patient's portion"), draft.patient),
            "before": (
                self.tr("Credit on the account") if before < 0 else self.tr("Earlier balance due"),
                before,
            ),
            "to_collect": (self.tr("To collect now"), draft.to_collect),
        }
        for key, (title, cents) in shown.items():
            self.total_titles[key].setText(title)
            self.totals[key].setText(format_money(cents))
        for key in ("write_off", "before"):
            visible = shown[key][1] != 0
            self.total_titles[key].setVisible(visible)
            self.totals[key].setVisible(visible)
        if not self._amount_typed:
            self.amount.set_cents(draft.to_collect or None)

    def _on_amount_typed(self) -> None:
        self._amount_typed = True

    def _on_add_line(self) -> None:
        if self.pages.currentIndex() != 0:
            return
        row = self.model.add_line()
        index = self.model.index(row, CODE)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def _on_remove_line(self) -> None:
        index = self.table.currentIndex()
        if self.pages.currentIndex() == 0 and index.isValid():
            self.model.remove_line(index.row())

    # -- checking out -------------------------------------------------------------------------

    def checkout(self) -> CheckOut:
        """What is on screen, as the service takes it; the user's error when it is not right."""
        amount = self.amount.optional_cents()
        payment = None
        if amount is not None:
            payment = NewPayment(
                self.visit.patient_id,
                amount,
                self.method.currentData(),
                self.reference.text().strip(),
                appointment_id=self.visit.id,
                entry_id=self.payment_id,
            )
        return CheckOut(self.visit.id, self.model.lines(), payment, checkout_id=self.checkout_id)

    def _on_check_out(self) -> None:
        if not self.check_out.isEnabled() or self.outcome is not None:
            return
        try:
            checkout = self.checkout()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        self.pages.setEnabled(False)
        self._posting = checkout
        desk = self.session.desk
        run_task(self, lambda: desk.check_out(checkout), self._on_checked_out, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        self.pages.setEnabled(True)
        show_inline(error, self.message, self)

    def _on_checked_out(self, result: CheckOutResult) -> None:
        self.outcome = result
        self.pages.setEnabled(True)
        paid = self._posting.payment if self._posting is not None else None
        text = self.tr("Checked out: {count} procedure(s), {fees} charged.").format(
            count=len(result.draft.lines), fees=format_money(result.draft.fee)
        )
        if paid is not None:
            text += " " + self.tr("Paid {amount} by {method}.").format(
                amount=format_money(paid.amount), method=self.method.currentText().lower()
            )
        if result.claim_id is not None:
            text += " " + self.tr("A claim for {amount} is ready to send.").format(
                amount=format_money(result.draft.insurance)
            )
        self.done_text.setText(text)
        self.balance_after.setText(
            self.tr("Balance now: {words}").format(words=balance_words(result.balance_after))
        )
        self.balance_split.setText(balance_split(result.balance_after))
        self.pages.setCurrentIndex(1)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.sig_checked_out.emit(result)
        if self.receipt.isChecked():
            self._print()

    def _print(self) -> None:
        if self.outcome is not None:
            ids = [entry.id for entry in self.outcome.entries]
            name = f"Receipt {self.visit.patient_name}.pdf"
            print_preview(self, self.session, lambda p: p.receipt(ids), self.tr("Receipt"), name)

    def _on_book_next(self) -> None:
        self.sig_book_next_requested.emit()
        self.accept()

    def _on_survey(self) -> None:
        self.accept()  # the patient's screen replaces this one
        self.sig_survey_requested.emit()
