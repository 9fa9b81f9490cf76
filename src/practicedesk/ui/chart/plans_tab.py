"""The chart's Treatment plans tab: the patient's plans, and the chosen plan's items with
the fee, the insurance estimate and the patient's portion, per phase and in total, so the
coordinator can go through the cost with the patient.

From here the plan is drawn up (add, change, remove items), presented, printed and signed,
items are accepted or declined, and an accepted item is booked: Book… asks the appointment
book for a time (the page's booking request, carrying the item), and the book marks the item
booked once the visit is. Everything is read and changed through `session.plans` and
`session.plan_paper`; the tab never prices anything itself.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.money.plan_records import (
    ItemStatus,
    PlanItemView,
    PlanStatus,
    PlanSummary,
    PlanView,
)
from practicedesk.services.money.procedures import ProcedureInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.chart.plan_items_model import PlanItemsModel
from practicedesk.ui.errors import show_inline
from practicedesk.ui.money.row_table import row_table
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date, format_money
from practicedesk.ui.widgets.page import BookingRequest

PLAN_ROLE = Qt.ItemDataRole.UserRole


class PlansTab(QWidget):
    """Mnemonics avoid the chart's own (its tabs' letters and Book…), which stay live here."""

    sig_booking_requested = Signal(object)  # a BookingRequest naming the plan's item

    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.plan: PlanView | None = None
        self._wanted: uuid.UUID | None = None  # the plan to show once the list is read
        self.model = PlanItemsModel()
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.plans = QListWidget()
        self.plans.setObjectName("planList")
        self.plans.setMaximumWidth(260)
        self.new_plan = QPushButton(self.tr("Ne&w plan…"))
        self.remove_plan = QPushButton(self.tr("Remove plan"))
        left = QVBoxLayout()
        left.addWidget(self.plans, 1)
        left.addWidget(self.new_plan)
        left.addWidget(self.remove_plan)
        self.heading = QLabel()
        self.heading.setObjectName("planHeading")
        self.heading.setWordWrap(True)
        self.table = row_table(
            "planItems",
            self.model,
            stretch=2,
            widths=((0, 50), (1, 70), (3, 90), (4, 90), (5, 120), (6, 115), (7, 80)),
            single=False,
        )
        self.totals = QLabel()
        self.totals.setObjectName("planTotals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QLabel()
        self.note.setObjectName("pageNote")
        self.note.setWordWrap(True)
        self.add_item = QPushButton(self.tr("Add it&em…"))
        self.edit_item = QPushButton(self.tr("C&hange…"))
        self.remove_item = QPushButton(self.tr("Remo&ve"))
        self.accept_items = QPushButton(self.tr("Acce&pt"))
        self.decline_items = QPushButton(self.tr("Decli&ne"))
        self.book = QPushButton(self.tr("Boo&k…"))
        self.book.setObjectName("planBook")
        self.book.setToolTip(self.tr("Find a time for the chosen accepted item"))
        self.present = QPushButton(self.tr("Mark presented"))
        self.print_plan = QPushButton(self.tr("Print…"))
        self.sign = QPushButton(self.tr("Si&gn…"))
        self.sign.setToolTip(self.tr("The patient signs on the screen; the copy goes to Documents"))
        self._changing = (
            self.new_plan, self.remove_plan, self.add_item, self.edit_item, self.remove_item,
            self.accept_items, self.decline_items, self.present, self.sign,
        )  # fmt: skip
        buttons = QHBoxLayout()
        for button in (
            self.add_item, self.edit_item, self.remove_item, self.accept_items,
            self.decline_items, self.book, self.present, self.print_plan, self.sign,
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addLayout(buttons)
        right.addWidget(self.table, 1)
        right.addWidget(self.totals)
        right.addWidget(self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self._on_selection()

    def _connect(self) -> None:
        self.plans.currentItemChanged.connect(self._on_plan_chosen)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self._on_edit_item())
        self.new_plan.clicked.connect(self._on_new_plan)
        self.remove_plan.clicked.connect(self._on_remove_plan)
        self.add_item.clicked.connect(self._on_add_item)
        self.edit_item.clicked.connect(self._on_edit_item)
        self.remove_item.clicked.connect(self._on_remove_item)
        self.accept_items.clicked.connect(lambda: self._decide(True))
        self.decline_items.clicked.connect(lambda: self._decide(False))
        self.book.clicked.connect(self._on_book)
        self.present.clicked.connect(self._on_present)
        self.print_plan.clicked.connect(self._on_print)
        self.sign.clicked.connect(self._on_sign)

    # -- loading ------------------------------------------------------------------------------

    def show_chart(self, _chart: object) -> None:
        """The chart was read again (something changed, here or elsewhere): read the plans."""
        self.refresh()

    def refresh(self) -> None:
        plans, patient_id = self.session.plans, self.patient_id
        run_task(self, lambda: plans.for_patient(patient_id), self._show_plans, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        show_inline(error, self.note, self)

    def _show_plans(self, summaries: list[PlanSummary]) -> None:
        wanted = self._wanted or (self.plan.id if self.plan else None)
        self._wanted = None
        self.plans.blockSignals(True)
        self.plans.clear()
        for summary in summaries:
            item = QListWidgetItem(self._plan_words(summary))
            item.setData(PLAN_ROLE, summary.id)
            self.plans.addItem(item)
        self.plans.blockSignals(False)
        rows = [self.plans.item(i).data(PLAN_ROLE) for i in range(self.plans.count())]
        if not rows:
            self.plan = None
            self.model.set_rows([])
            self.heading.setText(self.tr("No treatment plan yet: New plan… draws one up."))
            self.totals.clear()
            self.note.clear()
            self._on_selection()
            return
        self.plans.setCurrentRow(rows.index(wanted) if wanted in rows else 0)

    def _plan_words(self, summary: PlanSummary) -> str:
        state = self.tr("signed") if summary.signed else self.tr(summary.status.value)
        waiting = (
            self.tr(" · {n} to book").format(n=summary.accepted_not_booked)
            if summary.accepted_not_booked
            else ""
        )
        return f"{summary.title}\n{format_date(summary.created_on)} · {state}{waiting}"

    def _on_plan_chosen(self, current: QListWidgetItem | None, _previous: Any = None) -> None:
        if current is None:
            return
        plans, plan_id = self.session.plans, current.data(PLAN_ROLE)
        run_task(self, lambda: plans.read(plan_id), self._show_plan, self._on_failed)

    def _show_plan(self, plan: PlanView) -> None:
        chosen = {item.id for item in self.selected()}
        self.plan = plan
        self.model.set_rows(list(plan.items))
        for row, item in enumerate(plan.items):
            if item.id in chosen:
                self.table.selectRow(row)
        facts = [self.tr(plan.status.value.capitalize())]
        if plan.presented_on and plan.status is PlanStatus.PRESENTED:
            facts[0] = self.tr("Presented {day}").format(day=format_date(plan.presented_on))
        if plan.signed:
            facts.append(self.tr("signed: the items stay as signed"))
        facts.append(plan.insurer or self.tr("no insurance on file"))
        self.heading.setText(f"{plan.title} · " + " · ".join(facts))
        self.totals.setText(self._totals_words(plan))
        self.note.setText(plan.coverage_note)
        self._on_selection()

    def _totals_words(self, plan: PlanView) -> str:
        lines = []
        if len(plan.phases) > 1:
            for phase in plan.phases:
                totals = plan.phase_totals(phase)
                lines.append(
                    self.tr("Phase {n}: fees {fee} · insurance {ins} · patient {pat}").format(
                        n=phase, fee=format_money(totals.fee),
                        ins=format_money(totals.insurance), pat=format_money(totals.patient),
                    )
                )  # fmt: skip
        totals = plan.totals
        total = self.tr("Total: fees {fee} · insurance estimate {ins} · patient's portion {pat}")
        lines.append(
            total.format(
                fee=format_money(totals.fee), ins=format_money(totals.insurance),
                pat=format_money(totals.patient),
            )
        )  # fmt: skip
        return "\n".join(lines)

    # -- the chosen items ---------------------------------------------------------------------

    def selected(self) -> list[PlanItemView]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_object(row) for row in rows]

    def _on_selection(self, *_args: Any) -> None:
        changing = self.session.can(Permission.TAKE_PAYMENTS)
        plan, items = self.plan, self.selected()
        open_plan = plan is not None and not plan.signed
        settled = (ItemStatus.BOOKED, ItemStatus.DONE)  # a visit holds them now
        unbooked = bool(items) and all(i.status not in settled for i in items)
        self.new_plan.setEnabled(changing)
        self.remove_plan.setEnabled(changing and open_plan)
        self.add_item.setEnabled(changing and open_plan)
        self.edit_item.setEnabled(changing and open_plan and len(items) == 1 and unbooked)
        self.remove_item.setEnabled(changing and open_plan and unbooked)
        self.accept_items.setEnabled(changing and unbooked)
        self.decline_items.setEnabled(changing and unbooked)
        self.book.setEnabled(
            changing
            and self.session.can(Permission.BOOK)
            and len(items) == 1
            and items[0].status is ItemStatus.ACCEPTED
        )
        self.present.setEnabled(changing and plan is not None and bool(plan.items))
        self.print_plan.setEnabled(plan is not None)
        self.sign.setEnabled(
            changing and plan is not None and not plan.signed and any(i.counted for i in plan.items)
        )
        if not changing:
            for button in self._changing:
                button.setToolTip(self.tr("Your account may not change treatment plans."))

    # -- actions ------------------------------------------------------------------------------

    def _after(self, work: Any) -> None:
        """Run a change, then read the plans again (the chart refreshes on the announcement
        too, but the tab should not wait for it)."""
        run_task(self, work, lambda _result: self.refresh(), self._on_failed)

    def _on_new_plan(self) -> None:
        title, ok = QInputDialog.getText(
            self, self.tr("New treatment plan"), self.tr("What the plan is for:")
        )
        if not ok:
            return
        plans, patient_id = self.session.plans, self.patient_id

        def made(plan_id: uuid.UUID) -> None:
            self._wanted = plan_id
            self.refresh()

        run_task(self, lambda: plans.create(patient_id, title), made, self._on_failed)

    def _on_remove_plan(self) -> None:
        plan = self.plan
        if plan is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove the plan"),
            self.tr("Remove the plan “{title}” and its items?").format(title=plan.title),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.plan = None
            plans = self.session.plans
            self._after(lambda: plans.remove(plan.id))

    def _item_dialog(self, item: PlanItemView | None) -> None:
        from practicedesk.ui.chart.plan_item_dialog import PlanItemDialog

        plan = self.plan
        if plan is None:
            return

        def ask(procedures: list[ProcedureInfo]) -> None:
            dialog = PlanItemDialog(self.session, plan.id, procedures, item, self)
            dialog.sig_item_saved.connect(self.refresh)
            dialog.open()

        run_task(self, self.session.procedures.list, ask, self._on_failed)

    def _on_add_item(self) -> None:
        self._item_dialog(None)

    def _on_edit_item(self) -> None:
        items = self.selected()
        if len(items) == 1 and self.edit_item.isEnabled():
            self._item_dialog(items[0])

    def _on_remove_item(self) -> None:
        plans, ids = self.session.plans, [item.id for item in self.selected()]

        def remove() -> None:
            for item_id in ids:
                plans.remove_item(item_id)

        self._after(remove)

    def _decide(self, accepted: bool) -> None:
        plans, ids = self.session.plans, [item.id for item in self.selected()]
        self._after(lambda: plans.decide(ids, accepted))

    def _on_book(self) -> None:
        items, plan = self.selected(), self.plan
        if len(items) != 1 or plan is None:
            return
        self.sig_booking_requested.emit(
            BookingRequest(plan.patient_id, plan.patient_name, plan_item_id=items[0].id)
        )

    def _on_present(self) -> None:
        if self.plan is not None:
            plans, plan_id = self.session.plans, self.plan.id
            self._after(lambda: plans.present(plan_id))

    def _on_print(self) -> None:
        from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

        plan = self.plan
        if plan is None:
            return
        paper, folder = self.session.plan_paper, self.session.printout_folder
        title = self.tr("Treatment plan — {name}").format(name=plan.patient_name)
        run_task(
            self,
            lambda: paper.pdf(plan.id),
            lambda pdf: PdfPreviewDialog(
                pdf, title, f"Treatment plan {plan.title}.pdf", self, printouts=folder
            ).open(),
            self._on_failed,
        )

    def _on_sign(self) -> None:
        from practicedesk.ui.chart.plan_sign_dialog import PlanSignDialog

        plan = self.plan
        if plan is None:
            return
        signer = " ".join(reversed([p.strip() for p in plan.patient_name.split(",", 1)]))
        dialog = PlanSignDialog(self.session, plan.id, signer.split(" (")[0], self)
        dialog.sig_signed.connect(lambda _document_id: self.refresh())
        dialog.open()
