"""Settings → Recall: the recall types the practice keeps (with "Add the usual recall types"
for a dental office) and the follow-up tasks that visits leave behind them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.recall.types import RecallTypeInfo
from practicedesk.services.schedule.follow_ups import TRIGGERS, FollowUpRuleInfo
from practicedesk.services.schedule.records import AppointmentTypeInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.settings.recall_dialogs import FollowUpRuleDialog, RecallTypeDialog
from practicedesk.ui.tasks import run_task

_DATA = 256


@dataclass(frozen=True, slots=True)
class _Loaded:
    recall_types: list[RecallTypeInfo]
    rules: list[FollowUpRuleInfo]
    visit_types: list[AppointmentTypeInfo]


class RecallTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.loaded: _Loaded | None = None
        self.editable = session.can(Permission.EDIT_SETTINGS)
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.recall_types = QListWidget()
        self.recall_types.setObjectName("recallTypeList")
        self.add_type = QPushButton(self.tr("Add…"))
        self.edit_type = QPushButton(self.tr("Change…"))
        self.add_usual = QPushButton(self.tr("Add the usual recall types"))
        self.add_usual.setToolTip(
            self.tr(
                "Hygiene every 6 months, periodontal maintenance every 3, bitewing X-rays "
                "every 12, tied to the visit types whose names fit"
            )
        )
        self.status = QLabel()
        self.status.setObjectName("pageNote")
        self.rules = QListWidget()
        self.rules.setObjectName("followUpList")
        self.add_rule = QPushButton(self.tr("Add…"))
        self.edit_rule = QPushButton(self.tr("Change…"))
        buttons = (self.add_type, self.edit_type, self.add_usual, self.add_rule, self.edit_rule)
        for button in buttons:
            button.setEnabled(self.editable)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _group(
                self.tr("Recall types"),
                [self.add_type, self.edit_type, self.add_usual],
                self.recall_types,
                self.status,
            ),
            3,
        )
        layout.addWidget(
            _group(self.tr("Follow-up tasks"), [self.add_rule, self.edit_rule], self.rules), 2
        )

    def _connect(self) -> None:
        self.add_type.clicked.connect(lambda: self._edit_type(None))
        self.edit_type.clicked.connect(self._on_change_type_clicked)
        self.recall_types.itemDoubleClicked.connect(lambda item: self._edit_type(item.data(_DATA)))
        self.add_usual.clicked.connect(self._on_add_usual)
        self.add_rule.clicked.connect(lambda: self._edit_rule(None))
        self.edit_rule.clicked.connect(self._on_change_rule_clicked)
        self.rules.itemDoubleClicked.connect(lambda item: self._edit_rule(item.data(_DATA)))

    # -- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session

        def load() -> _Loaded:
            return _Loaded(
                session.recall_types.list(include_inactive=True),
                session.follow_ups.rules(),
                session.schedule_setup.appointment_types(),
            )

        run_task(self, load, self._on_loaded)

    def _on_loaded(self, loaded: _Loaded) -> None:
        self.loaded = loaded
        names = {t.id: t.name for t in loaded.visit_types}
        self.recall_types.clear()
        for kind in loaded.recall_types:
            done_by = ", ".join(names.get(t, "?") for t in kind.satisfied_by)
            who = self.tr("everyone") if kind.everyone else self.tr("patients put on it")
            text = self.tr("{name} — every {interval}, done by {visits}; {who}").format(
                name=kind.name, interval=kind.interval, visits=done_by, who=who
            )
            _add(self.recall_types, text if kind.active else f"{text} (not in use)", kind)
        self.rules.clear()
        for rule in loaded.rules:
            of = names.get(rule.appointment_type_id, "?") if rule.appointment_type_id else None
            text = self.tr("{when}{of}: {title}, {due}").format(
                when=TRIGGERS[rule.trigger].capitalize(),
                of=self.tr(" ({type} only)").format(type=of) if of else "",
                title=rule.title,
                due=self._due_words(rule.due_after_working_days),
            )
            _add(self.rules, text if rule.active else f"{text} (not in use)", rule)

    def _due_words(self, working_days: int) -> str:
        if working_days == 0:
            return self.tr("due the same day")
        if working_days == 1:
            return self.tr("due the next working day")
        return self.tr("due {n} working days after").format(n=working_days)

    # -- reactions ------------------------------------------------------------------------------

    def _on_change_type_clicked(self) -> None:
        item = self.recall_types.currentItem()
        if item is not None:
            self._edit_type(item.data(_DATA))

    def _on_change_rule_clicked(self) -> None:
        item = self.rules.currentItem()
        if item is not None:
            self._edit_rule(item.data(_DATA))

    def _edit_type(self, kind: RecallTypeInfo | None) -> None:
        """A new recall type (None), or a change to one."""
        if self.loaded is None or not self.editable:
            return
        dialog = RecallTypeDialog(self.session, self.loaded.visit_types, kind, self)
        if dialog.exec():
            self.refresh()

    def _edit_rule(self, rule: FollowUpRuleInfo | None) -> None:
        if self.loaded is None or not self.editable:
            return
        dialog = FollowUpRuleDialog(self.session, self.loaded.visit_types, rule, self)
        if dialog.exec():
            self.refresh()

    def _on_add_usual(self) -> None:
        recall_types = self.session.recall_types

        def done(added: int) -> None:
            self.status.setText(
                self.tr("{n} recall types added.").format(n=added)
                if added
                else self.tr(
                    "Nothing added: they are here already, or no visit type's name fits "
                    "(such as Cleaning or Hygiene)."
                )
            )
            self.refresh()

        run_task(self, recall_types.add_usual, done)


def _group(title: str, buttons: list[QPushButton], *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout = QVBoxLayout(box)
    layout.addLayout(row)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _add(widget: QListWidget, text: str, data: object) -> None:
    item = QListWidgetItem(text)
    item.setData(_DATA, data)
    widget.addItem(item)
