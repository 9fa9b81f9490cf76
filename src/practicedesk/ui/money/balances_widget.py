"""Worklists → Balances to collect: who owes the practice themselves, the oldest debts first
and then the largest, with one action to log the call (and its follow-up), one to open the
chart, one guarantor's statement, and the batch of statements due with their labels."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.money.receivables import AgingRow
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.balances_model import BalancesModel
from practicedesk.ui.money.money_worklist import MoneyRowsWidget
from practicedesk.ui.money.printouts import print_preview
from practicedesk.ui.money.row_table import row_table
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_money


class BalancesWidget(MoneyRowsWidget[AgingRow]):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = BalancesModel()
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.log_call = QPushButton(self.tr("&Log a call…"), self)  # a parent before setVisible
        self.log_call.setEnabled(False)
        self.log_call.setVisible(self.session.can(Permission.EDIT_CHART))
        self.open_chart = QPushButton(self.tr("&Open the chart"))
        self.open_chart.setEnabled(False)
        self.statement = QPushButton(self.tr("&Statement…"))
        self.statement.setEnabled(False)
        self.statements_due = QPushButton(self.tr("Print statements &due…"), self)
        self.statements_due.setToolTip(
            self.tr(
                "Everyone owing more than the minimum and not sent one lately (Settings → Fees), "
                "then their mailing labels. Recorded as sent once printed or saved."
            )
        )
        self.statements_due.setVisible(self.session.can(Permission.TAKE_PAYMENTS))
        self.ar_report = QPushButton(self.tr("&A/R report…"))
        self.ar_report.setToolTip(
            self.tr("The A/R aging report with the week's summary: the change from a week ago, "
                    "the largest and the oldest balances")
        )  # fmt: skip
        self.total = QLabel()
        self.total.setObjectName("pageNote")
        self.note = QLabel()
        self.note.setObjectName("pageNote")
        self.note.setWordWrap(True)
        self.note.hide()  # until a batch of statements has something to say
        buttons = QHBoxLayout()
        for button in (
            self.log_call,
            self.open_chart,
            self.statement,
            self.statements_due,
            self.ar_report,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        self.table = row_table(
            "balancesTable",
            self.model,
            stretch=0,
            widths=((1, 130), (2, 95), (3, 95), (4, 130), (5, 105), (6, 105), (7, 110)),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.activated.connect(lambda _index: self._on_open_chart())
        self.log_call.clicked.connect(self._on_log_call)
        self.open_chart.clicked.connect(self._on_open_chart)
        self.statement.clicked.connect(self._on_statement)
        self.statements_due.clicked.connect(self._on_statements_due)
        self.ar_report.clicked.connect(
            lambda: print_preview(
                self, self.session, lambda p: p.ar_aging(), self.tr("A/R aging"), "A-R aging.pdf"
            )
        )

    def load(self) -> None:
        receivables = self.session.receivables
        run_task(self, receivables.to_collect, self._show)

    def _show(self, rows: list[AgingRow]) -> None:
        self.total.setText(
            self.tr("{count} owing {amount} in all").format(
                count=len(rows), amount=format_money(sum(r.patient_due for r in rows))
            )
        )
        self._show_rows(rows, lambda row: row.account_id)

    def _on_selection(self) -> None:
        chosen = self.selected() is not None
        for button in (self.log_call, self.open_chart, self.statement):
            button.setEnabled(chosen)

    def _on_log_call(self) -> None:
        from practicedesk.ui.money.call_dialog import CallDialog

        row = self.selected()
        if row is not None:
            dialog = CallDialog(self.session, row.account_id, row.guarantor, row.patient_due, self)
            dialog.accepted.connect(self.refresh)
            dialog.open()

    def _on_open_chart(self) -> None:
        row = self.selected()
        if row is not None:
            self.sig_patient_requested.emit(row.account_id, row.guarantor)

    def _on_statement(self) -> None:
        row = self.selected()
        if row is not None:
            account = row.account_id
            print_preview(
                self,
                self.session,
                lambda p: p.statement(account),
                self.tr("Statement"),
                f"Statement {row.guarantor.replace(',', '')}.pdf",
            )

    def _on_statements_due(self) -> None:
        from practicedesk.ui.money.statement_batch import print_statements_due

        print_statements_due(self, self.session, self._say, self.refresh)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
