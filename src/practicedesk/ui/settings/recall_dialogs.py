"""Settings → Recall's two dialogs: a recall type (how often, which visits count as it done,
which type to book, who has it) and a follow-up rule (after what, which visit type, the task,
due when)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from practicedesk.services.recall.types import RecallTypeInfo
from practicedesk.services.schedule.follow_ups import TRIGGERS, FollowUpRuleInfo
from practicedesk.services.schedule.records import AppointmentTypeInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog


class RecallTypeDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        visit_types: list[AppointmentTypeInfo],
        kind: RecallTypeInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "A recall comes due its interval after the last completed visit of a type "
                "ticked below; booking one of them takes the patient off the recall list."
            ),
        )
        self.session, self.kind = session, kind
        self.setWindowTitle(self.tr("Recall type"))
        self.name = QLineEdit(kind.name if kind else "")
        self.name.setPlaceholderText(self.tr("Hygiene"))
        self.months = QSpinBox()
        self.months.setRange(0, 120)
        self.months.setValue(kind.interval_months if kind else 6)
        self.months.setSuffix(self.tr(" months"))
        self.days = QSpinBox()
        self.days.setRange(0, 366)
        self.days.setValue(kind.interval_days if kind else 0)
        self.days.setSuffix(self.tr(" days"))
        interval = QHBoxLayout()
        interval.addWidget(self.months)
        interval.addWidget(self.days)
        interval.addStretch(1)
        self.satisfied_by = QListWidget()
        self.satisfied_by.setMaximumHeight(140)
        chosen = set(kind.satisfied_by) if kind else set()
        self.book_as = QComboBox()
        self.book_as.addItem(self.tr("Any type"), None)
        for visit_type in visit_types:
            item = QListWidgetItem(visit_type.name)
            item.setData(Qt.ItemDataRole.UserRole, visit_type.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = visit_type.id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.satisfied_by.addItem(item)
            self.book_as.addItem(visit_type.name, visit_type.id)
        select_value(self.book_as, kind.book_type_id if kind else None)
        self.everyone = QComboBox()
        self.everyone.addItem(self.tr("Every patient"), True)
        self.everyone.addItem(self.tr("Only patients put on it (from their chart)"), False)
        select_value(self.everyone, kind.everyone if kind else True)
        self.active = QCheckBox(self.tr("In use"))
        self.active.setChecked(kind.active if kind else True)
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Every"), interval)
        self.form.addRow(self.tr("Done by a visit of"), self.satisfied_by)
        self.form.addRow(self.tr("Book as"), self.book_as)
        self.form.addRow(self.tr("Who has it"), self.everyone)
        self.form.addRow(self.active)
        self.ok_button().setText(self.tr("Save"))

    def ticked(self) -> list[uuid.UUID]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in (self.satisfied_by.item(i) for i in range(self.satisfied_by.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def _on_ok_clicked(self) -> None:
        recall_types = self.session.recall_types
        name, months, days, ticked = (
            self.name.text(), self.months.value(), self.days.value(), self.ticked(),
        )  # fmt: skip
        book_as, everyone = self.book_as.currentData(), bool(self.everyone.currentData())
        active, kind_id = self.active.isChecked(), self.kind.id if self.kind else None
        self.submit(
            lambda: recall_types.save(
                name, months, ticked, interval_days=days, book_type_id=book_as,
                everyone=everyone, active=active, recall_type_id=kind_id,
            )
        )  # fmt: skip


class FollowUpRuleDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        visit_types: list[AppointmentTypeInfo],
        rule: FollowUpRuleInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "The task lands in Worklists → All open tasks, for the visit's patient, when "
                "the visit is checked out, missed or cancelled."
            ),
        )
        self.session, self.rule = session, rule
        self.setWindowTitle(self.tr("Follow-up task"))
        self.trigger = QComboBox()
        for trigger, words in TRIGGERS.items():
            self.trigger.addItem(self.tr(words.capitalize()), trigger)
        select_value(self.trigger, rule.trigger if rule else "completed")
        self.visit_type = QComboBox()
        self.visit_type.addItem(self.tr("Every visit type"), None)
        for visit_type in visit_types:
            self.visit_type.addItem(visit_type.name, visit_type.id)
        select_value(self.visit_type, rule.appointment_type_id if rule else None)
        self.title = QLineEdit(rule.title if rule else "")
        self.title.setPlaceholderText(self.tr("Post-op call"))
        self.due_after = QSpinBox()
        self.due_after.setRange(0, 60)
        self.due_after.setValue(rule.due_after_working_days if rule else 1)
        self.due_after.setSuffix(self.tr(" working day(s)"))
        self.due_after.setSpecialValueText(self.tr("the same day"))
        self.active = QCheckBox(self.tr("In use"))
        self.active.setChecked(rule.active if rule else True)
        self.form.addRow(self.tr("When"), self.trigger)
        self.form.addRow(self.tr("Of a visit of"), self.visit_type)
        self.form.addRow(self.tr("Task"), self.title)
        self.form.addRow(self.tr("Due after"), self.due_after)
        self.form.addRow(self.active)
        self.ok_button().setText(self.tr("Save"))

    def _on_ok_clicked(self) -> None:
        follow_ups = self.session.follow_ups
        trigger, title = self.trigger.currentData(), self.title.text()
        visit_type, due_after = self.visit_type.currentData(), self.due_after.value()
        active, rule_id = self.active.isChecked(), self.rule.id if self.rule else None
        self.submit(
            lambda: follow_ups.save(
                trigger, title, appointment_type_id=visit_type,
                due_after_working_days=due_after, active=active, rule_id=rule_id,
            )
        )  # fmt: skip
