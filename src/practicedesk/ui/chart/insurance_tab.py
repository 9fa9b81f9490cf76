"""The Insurance tab: policies in order, each with its verification log; add or change a
policy, record a verification (ui/widgets/verify_dialog.py, shared with the worklist), add an
insurance company."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.services.chart.insurance import RELATIONSHIPS, CarrierInfo, PolicyChange
from practicedesk.services.chart.records import Chart, PolicyInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_money, practice_date, practice_time
from practicedesk.ui.widgets.list_panel import ListPanelWidget
from practicedesk.ui.widgets.money_edit import MoneyEdit
from practicedesk.ui.widgets.optional_date import OptionalDateEdit
from practicedesk.ui.widgets.verify_dialog import VerifyDialog

_RANKS = ("Primary", "Secondary", "Third", "Fourth")


def money_box(cents: int | None) -> MoneyEdit:
    """An amount the plan states; left empty when it is not known."""
    box = MoneyEdit(cents, allow_zero=True)
    box.setPlaceholderText("")
    return box


def percent_box(percent: int | None) -> QSpinBox:
    """What the plan pays of a category, in percent; empty when not known (the estimate then
    leaves that category's fees to the patient)."""
    box = QSpinBox()
    box.setRange(-1, 100)
    box.setSuffix("%")
    box.setSpecialValueText(" ")  # -1 shows as empty: not known
    box.setValue(-1 if percent is None else percent)
    return box


def percent_of(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


def money(cents: int | None) -> str:
    return "" if cents is None else format_money(cents)


class PolicyDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        carriers: list[CarrierInfo],
        policy: PolicyInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id, self.policy = session, patient_id, policy
        self.setWindowTitle(self.tr("Insurance policy"))
        self.carrier = QComboBox()
        for carrier in carriers:
            self.carrier.addItem(carrier.name, carrier.id)
        add_carrier = QPushButton(self.tr("New company…"))
        add_carrier.clicked.connect(self._on_add_carrier)
        carrier_row = QHBoxLayout()
        carrier_row.addWidget(self.carrier, 1)
        carrier_row.addWidget(add_carrier)
        self.rank = QComboBox()
        for index, label in enumerate(_RANKS, start=1):
            self.rank.addItem(self.tr(label), index)
        self.plan = QLineEdit(policy.plan if policy else "")
        self.member_id = QLineEdit(policy.member_id if policy else "")
        self.group = QLineEdit(policy.group_number if policy else "")
        self.subscriber = QLineEdit(policy.subscriber_name if policy else "")
        self.relationship = QComboBox()
        for relationship in RELATIONSHIPS:
            self.relationship.addItem(relationship.capitalize(), relationship)
        self.subscriber_born = OptionalDateEdit(
            policy.subscriber_birth_date if policy else None, future=False
        )
        self.effective = OptionalDateEdit(policy.effective_on if policy else None)
        self.ends = OptionalDateEdit(policy.ends_on if policy else None)
        self.copay = money_box(policy.copay_cents if policy else None)
        self.deductible = money_box(policy.deductible_cents if policy else None)
        self.annual_max = money_box(policy.annual_max_cents if policy else None)
        self.covers = {
            "preventive": percent_box(policy.covers_preventive if policy else None),
            "basic": percent_box(policy.covers_basic if policy else None),
            "major": percent_box(policy.covers_major if policy else None),
        }
        covers = QHBoxLayout()
        for category, box in self.covers.items():
            box.setAccessibleName(self.tr("Covers {category}").format(category=category))
            covers.addWidget(QLabel(self.tr(category.capitalize())))
            covers.addWidget(box)
        covers.addStretch(1)
        if policy is not None:
            select_value(self.carrier, policy.carrier_id)
            select_value(self.rank, policy.rank)
            select_value(self.relationship, policy.subscriber_relationship)
        for label, widget in (
            (self.tr("Insurance company"), carrier_row), (self.tr("Order"), self.rank),
            (self.tr("Plan"), self.plan), (self.tr("Member id"), self.member_id),
            (self.tr("Group number"), self.group), (self.tr("Subscriber"), self.subscriber),
            (self.tr("Subscriber is the patient's"), self.relationship),
            (self.tr("Subscriber's date of birth"), self.subscriber_born),
            (self.tr("Effective"), self.effective), (self.tr("Ends"), self.ends),
            (self.tr("Co-pay"), self.copay), (self.tr("Deductible"), self.deductible),
            (self.tr("Annual maximum"), self.annual_max),
            (self.tr("Covers (% of the allowed fee)"), covers),
        ):  # fmt: skip
            self.form.addRow(label, widget)
        self.ok_button().setText(self.tr("Save"))

    def _on_add_carrier(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New insurance company"), self.tr("Name"))
        if ok and name.strip():
            insurance = self.session.insurance
            run_task(self, lambda: insurance.add_carrier(name), self._on_carrier_added)

    def _on_carrier_added(self, carrier: CarrierInfo) -> None:
        self.carrier.addItem(carrier.name, carrier.id)
        self.carrier.setCurrentIndex(self.carrier.count() - 1)

    def _on_ok_clicked(self) -> None:
        if self.carrier.currentData() is None:
            self.message.setText(self.tr("Choose the insurance company (or add it)."))
            return
        try:
            change = self._change()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        insurance, patient_id = self.session.insurance, self.patient_id
        policy_id = self.policy.id if self.policy else None
        self.submit(lambda: insurance.save_policy(patient_id, change, policy_id))

    def _change(self) -> PolicyChange:
        return PolicyChange(
            carrier_id=self.carrier.currentData(),
            member_id=self.member_id.text(),
            rank=self.rank.currentData(),
            plan=self.plan.text(),
            group_number=self.group.text(),
            subscriber_name=self.subscriber.text(),
            subscriber_relationship=self.relationship.currentData(),
            subscriber_birth_date=self.subscriber_born.value(),
            effective_on=self.effective.value(),
            ends_on=self.ends.value(),
            copay_cents=self.copay.optional_cents(),
            deductible_cents=self.deductible.optional_cents(),
            annual_max_cents=self.annual_max.optional_cents(),
            covers_preventive=percent_of(self.covers["preventive"]),
            covers_basic=percent_of(self.covers["basic"]),
            covers_major=percent_of(self.covers["major"]),
        )


class InsuranceTab(QWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.zone = session.zone()
        editable = session.can(Permission.EDIT_CHART)
        self.policies = ListPanelWidget(
            [
                self.tr("Order"),
                self.tr("Company"),
                self.tr("Plan"),
                self.tr("Member id"),
                self.tr("Co-pay"),
                self.tr("Last verified"),
            ],
            self.tr("No insurance on file. Add the patient's policies, primary first."),
        )
        self.add = self.policies.add_button(self.tr("Add policy…"), enabled=editable)
        self.change = self.policies.add_button(self.tr("Change…"), needs_row=True, enabled=editable)
        self.verify = self.policies.add_button(self.tr("Verify…"), needs_row=True, enabled=editable)
        self.remove = self.policies.add_button(self.tr("Remove"), needs_row=True, enabled=editable)
        self.log = QListWidget()
        self.log.setObjectName("verificationLog")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.policies, 2)
        layout.addWidget(QLabel(self.tr("Verification log of the chosen policy")))
        layout.addWidget(self.log, 1)
        self.add.clicked.connect(lambda: self._edit(None))
        self.change.clicked.connect(lambda: self._edit(self.policies.selected()))
        self.policies.sig_activated.connect(self._edit)
        self.verify.clicked.connect(self._on_verify)
        self.remove.clicked.connect(self._on_remove)
        self.policies.table.itemSelectionChanged.connect(self._show_log)

    def show_chart(self, chart: Chart) -> None:
        rows = []
        for policy in chart.policies:
            last = policy.last_verified
            verified = (
                f"{practice_date(last.verified_at, self.zone)} {last.result}"
                if last
                else self.tr("never")
            )
            if policy.verification_due:
                verified += self.tr(" — due")
            rows.append(
                (
                    policy,
                    [
                        self.tr(_RANKS[policy.rank - 1]),
                        policy.carrier_name,
                        policy.plan,
                        policy.member_id,
                        money(policy.copay_cents),
                        verified,
                    ],
                )
            )
        self.policies.set_rows(rows)
        if rows and self.policies.selected() is None:
            self.policies.table.selectRow(0)  # the primary's log, without a click
        self._show_log()

    def _show_log(self) -> None:
        self.log.clear()
        policy = self.policies.selected()
        if policy is None:
            return
        for check in policy.verifications:
            remaining = (
                f", {money(check.remaining_cents)} remaining"
                if check.remaining_cents is not None
                else ""
            )
            if check.deductible_left_cents is not None:
                remaining += f", deductible left {money(check.deductible_left_cents)}"
            reference = f", ref. {check.reference}" if check.reference else ""
            if check.spoken_to:
                reference = f", spoke to {check.spoken_to}{reference}"
            terms = "".join(
                f"; {label} {text}"
                for label, text in (
                    ("co-pay/coinsurance", check.cost_share),
                    ("limits:", check.frequency_limits),
                )
                if text
            )
            when = practice_time(check.verified_at, self.zone)
            line = f"{when}  {check.username} by {check.method}: {check.result}"
            self.log.addItem(f"{line}{reference}{remaining}{terms} {check.notes}".strip())

    def _edit(self, policy: PolicyInfo | None) -> None:
        if not self.session.can(Permission.EDIT_CHART):
            return
        insurance = self.session.insurance
        run_task(
            self,
            insurance.carriers,
            lambda carriers: PolicyDialog(
                self.session, self.patient_id, carriers, policy, self
            ).exec(),
        )

    def _on_verify(self) -> None:
        policy = self.policies.selected()
        if policy is not None:
            carrier = (policy.carrier_name, policy.carrier_phone)
            VerifyDialog(
                self.session, self.patient_id, policy.id, carrier, policy.last_verified, self
            ).exec()

    def _on_remove(self) -> None:
        policy = self.policies.selected()
        if policy is not None:
            insurance, patient_id = self.session.insurance, self.patient_id
            run_task(self, lambda: insurance.remove_policy(patient_id, policy.id))
