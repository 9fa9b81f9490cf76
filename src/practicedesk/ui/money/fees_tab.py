"""Settings → Fees: the office's procedures and fees, each insurance plan's allowed fees, and
the owner's money settings (the adjustment limit a coordinator works within, when to follow up
a claim, when to send statements). Everyone who sees money may look; only the owner changes.

A dental office starts from the shipped starter list; a medical office types its own codes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.services.chart.insurance import CarrierInfo
from practicedesk.services.money.procedures import PlanFeeInfo, ProcedureInfo
from practicedesk.services.practice.settings import (
    ADJUSTMENT_LIMIT_CENTS,
    CLAIM_FOLLOW_UP_DAYS,
    STATEMENT_EVERY_DAYS,
    STATEMENT_MINIMUM_CENTS,
    IntSetting,
)
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.money.plan_fees_model import ALLOWED, PlanFeesModel
from practicedesk.ui.money.procedures_model import ProceduresModel
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.money_edit import MoneyEdit

_AMOUNTS = (ADJUSTMENT_LIMIT_CENTS, STATEMENT_MINIMUM_CENTS)
_DAYS = (CLAIM_FOLLOW_UP_DAYS, STATEMENT_EVERY_DAYS)


@dataclass(frozen=True, slots=True)
class _Loaded:
    procedures: list[ProcedureInfo]
    carriers: list[CarrierInfo]
    settings: dict[str, int]


class FeesTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editable = session.can(Permission.EDIT_FEES)
        self.procedures = ProceduresModel()
        self.plan_fees = PlanFeesModel()
        self.plan_fees.editable = self.editable
        self._all: list[ProcedureInfo] = []
        self._settings: dict[str, int] = {}
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("Only the owner changes procedures, fees and these settings.")
            if not self.editable
            else self.tr(
                "Fees are the office's own; a plan's allowed fees are what a PPO contracted to "
                "pay, and the difference is written off at check-out."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self._procedures_box(), 3)
        top.addWidget(self._plan_box(), 2)
        layout.addWidget(note)
        layout.addLayout(top, 1)
        layout.addWidget(self._settings_box())

    # -- building -----------------------------------------------------------------------------

    def _table(self, model: ProceduresModel | PlanFeesModel, name: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table

    def _procedures_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Procedures and the office's fees"))
        self.procedure_table = self._table(self.procedures, "procedureTable")
        self.add = QPushButton(self.tr("&Add…"))
        self.change = QPushButton(self.tr("C&hange…"))
        self.retire = QPushButton(self.tr("Re&tire"))
        self.starter = QPushButton(self.tr("Load the dental &starter list"))
        self.starter.setToolTip(
            self.tr("About forty common dental procedures by code, with typical fees to adjust")
        )
        self.show_retired = QCheckBox(self.tr("Show retired"))
        for button in (self.add, self.change, self.retire, self.starter):
            button.setEnabled(self.editable)
        buttons = QHBoxLayout()
        for widget in (self.add, self.change, self.retire, self.starter):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.show_retired)
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.procedure_table, 1)
        self.add.clicked.connect(lambda: self._edit(None))
        self.change.clicked.connect(lambda: self._edit(self._chosen()))
        self.procedure_table.activated.connect(lambda _index: self._edit(self._chosen()))
        self.retire.clicked.connect(self._on_retire)
        self.starter.clicked.connect(self._on_starter)
        self.show_retired.toggled.connect(self._show_procedures)
        self.procedure_table.selectionModel().selectionChanged.connect(self._on_selection)
        return box

    def _plan_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("A plan's allowed fees"))
        self.carrier = QComboBox()
        self.plan = QLineEdit()
        self.plan.setPlaceholderText(self.tr("the plan's name, as on the policy (e.g. PPO)"))
        self.show_plan = QPushButton(self.tr("Sho&w"))
        self.plan_message = message_line()
        self.plan_table = self._table(self.plan_fees, "planFeeTable")
        self.plan_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        form = QFormLayout()
        form.addRow(self.tr("Insurer"), self.carrier)
        choose = QHBoxLayout()
        choose.addWidget(self.plan, 1)
        choose.addWidget(self.show_plan)
        form.addRow(self.tr("Plan"), choose)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.plan_table, 1)
        layout.addWidget(self.plan_message)
        self.show_plan.clicked.connect(self._load_plan)
        self.plan.returnPressed.connect(self._load_plan)
        self.carrier.currentIndexChanged.connect(lambda _i: self.plan_fees.set_rows([]))
        self.plan_fees.sig_allowed_changed.connect(self._on_allowed_changed)
        self.plan_fees.sig_problem.connect(self.plan_message.setText)
        return box

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Money settings"))
        self.amounts: dict[str, MoneyEdit] = {}
        self.days: dict[str, QSpinBox] = {}
        form = QFormLayout(box)
        for setting in _AMOUNTS:
            field = MoneyEdit(allow_zero=True)
            field.setMaximumWidth(140)
            field.setReadOnly(not self.editable)
            field.editingFinished.connect(lambda s=setting: self._on_amount_edited(s))
            form.addRow(self.tr(setting.label), field)
            self.amounts[setting.key] = field
        for setting in _DAYS:
            spin = QSpinBox()
            spin.setRange(setting.minimum, setting.maximum)
            spin.setSuffix(f" {self.tr(setting.unit)}")
            spin.setEnabled(self.editable)
            spin.editingFinished.connect(lambda s=setting: self._save(s, self.days[s.key].value()))
            form.addRow(self.tr(setting.label), spin)
            self.days[setting.key] = spin
        self.settings_message = QLabel()
        self.settings_message.setObjectName("fieldProblem")
        form.addRow(self.settings_message)
        return box

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session

        def load() -> _Loaded:
            settings = {s.key: session.settings.get(s) for s in (*_AMOUNTS, *_DAYS)}
            return _Loaded(
                session.procedures.list(include_inactive=True),
                session.insurance.carriers(),
                settings,
            )

        run_task(self, load, self._show)

    def _show(self, loaded: _Loaded) -> None:
        self._all = loaded.procedures
        self._show_procedures()
        self.starter.setVisible(not loaded.procedures)
        chosen = self.carrier.currentData()
        self.carrier.blockSignals(True)
        self.carrier.clear()
        for carrier in loaded.carriers:
            self.carrier.addItem(carrier.name, carrier.id)
        for index in range(self.carrier.count()):
            if self.carrier.itemData(index) == chosen:
                self.carrier.setCurrentIndex(index)
        self.carrier.blockSignals(False)
        self._settings = loaded.settings
        for setting in _AMOUNTS:
            self.amounts[setting.key].set_cents(loaded.settings[setting.key])
        for setting in _DAYS:
            spin = self.days[setting.key]
            spin.blockSignals(True)
            spin.setValue(loaded.settings[setting.key])
            spin.blockSignals(False)
        if self.plan_fees.rowCount():
            self._load_plan()

    def _show_procedures(self) -> None:
        retired = self.show_retired.isChecked()
        self.procedures.set_rows([p for p in self._all if p.active or retired])
        self._on_selection()

    def _chosen(self) -> ProcedureInfo | None:
        rows = self.procedure_table.selectionModel().selectedRows()
        return self.procedures.row_object(rows[0].row()) if rows else None

    def _on_selection(self) -> None:
        chosen = self._chosen()
        self.change.setEnabled(self.editable and chosen is not None)
        self.retire.setEnabled(self.editable and chosen is not None)
        self.retire.setText(
            self.tr("Res&tore") if chosen is not None and not chosen.active else self.tr("Re&tire")
        )

    # -- procedures ---------------------------------------------------------------------------

    def _edit(self, procedure: ProcedureInfo | None) -> None:
        if not self.editable:
            return
        from practicedesk.ui.money.procedure_dialog import ProcedureDialog

        dialog = ProcedureDialog(self.session, procedure, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def _on_retire(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        procedures = self.session.procedures

        def save() -> ProcedureInfo:
            return procedures.save(
                chosen.code,
                chosen.name,
                chosen.category,
                chosen.fee,
                procedure_id=chosen.id,
                active=not chosen.active,
            )

        run_task(self, save, lambda _info: self.refresh())

    def _on_starter(self) -> None:
        procedures = self.session.procedures
        run_task(self, procedures.load_starter_list, lambda _count: self.refresh())

    # -- a plan's allowed fees ----------------------------------------------------------------

    def _plan_chosen(self) -> tuple[uuid.UUID, str] | None:
        carrier, plan = self.carrier.currentData(), self.plan.text().strip()
        return (carrier, plan) if carrier is not None else None

    def _load_plan(self) -> None:
        chosen = self._plan_chosen()
        if chosen is None:
            self.plan_message.setText(self.tr("Add the insurer on a patient's Insurance tab."))
            return
        self.plan_message.clear()
        procedures, (carrier, plan) = self.session.procedures, chosen

        def shown(fees: list[PlanFeeInfo]) -> None:
            self.plan_fees.show_plan(self._all, {fee.code: fee.allowed for fee in fees})
            self.plan_table.setFocus()
            self.plan_table.setCurrentIndex(self.plan_fees.index(0, ALLOWED))

        run_task(self, lambda: procedures.plan_fees(carrier, plan), shown)

    def _on_allowed_changed(self, code: str, allowed: int | None) -> None:
        chosen = self._plan_chosen()
        if chosen is None:
            return
        procedures, (carrier, plan) = self.session.procedures, chosen
        self.plan_message.clear()
        run_task(
            self,
            lambda: procedures.set_plan_fee(carrier, plan, code, allowed),
            None,
            lambda error: self._on_plan_failed(error),
        )

    def _on_plan_failed(self, error: BaseException) -> None:
        show_inline(error, self.plan_message, self)
        self._load_plan()  # show what is stored, not what was refused

    # -- settings -----------------------------------------------------------------------------

    def _on_amount_edited(self, setting: IntSetting) -> None:
        try:
            cents = self.amounts[setting.key].cents()
        except PracticeDeskError as error:
            show_inline(error, self.settings_message, self)
            return
        self._save(setting, cents)

    def _save(self, setting: IntSetting, value: int) -> None:
        if not self.editable or self._settings.get(setting.key) == value:
            return
        self._settings[setting.key] = value
        self.settings_message.clear()
        settings = self.session.settings
        run_task(
            self,
            lambda: settings.set(setting, value),
            None,
            lambda error: show_inline(error, self.settings_message, self),
        )
