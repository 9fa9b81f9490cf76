"""Settings → Appointment book: providers and chairs with their weekly hours, time off and
closures, appointment types, and the grid's step."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.practice.settings import GRID_MINUTES
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.settings.hours_editor import HoursEditorWidget
from practicedesk.ui.settings.schedule_setup_dialogs import AppointmentTypeDialog, ResourceDialog
from practicedesk.ui.settings.time_off_dialog import TimeOffDialog
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value


class ScheduleSetupTab(QTabWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.loaded: dict[str, Any] = {}
        self.editable = session.can(Permission.SET_UP_SCHEDULE)
        self.addTab(self._people_tab(), self.tr("Providers, chairs and hours"))
        self.addTab(self._time_off_tab(), self.tr("Time off and closures"))
        self.addTab(self._types_tab(), self.tr("Appointment types"))

    # -- building -------------------------------------------------------------------------------

    def _people_tab(self) -> QWidget:
        self.resources = QListWidget()
        self.resources.setObjectName("resourceList")
        self.add_provider = QPushButton(self.tr("Add provider…"))
        self.add_chair = QPushButton(self.tr("Add chair…"))
        self.edit_resource = QPushButton(self.tr("Change…"))
        buttons = QHBoxLayout()
        for button in (self.add_provider, self.add_chair, self.edit_resource):
            button.setEnabled(self.editable)
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addLayout(buttons)
        left.addWidget(self.resources, 1)
        self.hours = HoursEditorWidget()
        self.hours.setEnabled(False)
        self.save_hours = QPushButton(self.tr("Save these hours"))
        self.save_hours.setEnabled(False)
        self.hours_status = QLabel()
        self.step = QComboBox()
        for minutes in GRID_MINUTES.choices:
            self.step.addItem(self.tr("{n} minutes").format(n=minutes), minutes)
        self.step.setEnabled(self.session.can(Permission.EDIT_SETTINGS))
        box = QGroupBox(self.tr("Weekly hours"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.hours)
        row = QHBoxLayout()
        row.addWidget(self.save_hours)
        row.addWidget(self.hours_status, 1)
        box_layout.addLayout(row)
        step_form = QFormLayout()
        step_form.addRow(self.tr("Book in steps of"), self.step)
        right = QVBoxLayout()
        right.addWidget(box)
        right.addLayout(step_form)
        right.addStretch(1)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self.resources.currentItemChanged.connect(self._on_resource_chosen)
        self.resources.itemDoubleClicked.connect(lambda _item: self._on_edit_resource())
        self.add_provider.clicked.connect(lambda: self._on_add_resource(True))
        self.add_chair.clicked.connect(lambda: self._on_add_resource(False))
        self.edit_resource.clicked.connect(self._on_edit_resource)
        self.save_hours.clicked.connect(self._on_save_hours)
        self.step.activated.connect(self._on_step_chosen)
        return page

    def _time_off_tab(self) -> QWidget:
        self.time_off = QListWidget()
        self.add_time_off = QPushButton(self.tr("Add…"))
        self.remove_time_off = QPushButton(self.tr("Remove"))
        for button in (self.add_time_off, self.remove_time_off):
            button.setEnabled(self.editable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_time_off)
        buttons.addWidget(self.remove_time_off)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("From today to a year ahead.")))
        layout.addLayout(buttons)
        layout.addWidget(self.time_off, 1)
        self.add_time_off.clicked.connect(self._on_add_time_off)
        self.remove_time_off.clicked.connect(self._on_remove_time_off)
        return page

    def _types_tab(self) -> QWidget:
        self.types = QListWidget()
        self.types.setObjectName("typeList")
        self.add_type = QPushButton(self.tr("Add…"))
        self.edit_type = QPushButton(self.tr("Change…"))
        for button in (self.add_type, self.edit_type):
            button.setEnabled(self.editable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_type)
        buttons.addWidget(self.edit_type)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.types, 1)
        self.add_type.clicked.connect(
            lambda: self._open(AppointmentTypeDialog(self.session, parent=self))
        )
        self.edit_type.clicked.connect(self._on_edit_type)
        self.types.itemDoubleClicked.connect(lambda _item: self._on_edit_type())
        return page

    # -- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session

        def load() -> dict[str, Any]:
            today = session.today()
            return {
                "providers": session.staff.providers(include_inactive=True),
                "rooms": session.staff.rooms(include_inactive=True),
                "types": session.schedule_setup.appointment_types(include_inactive=True),
                "time_off": session.schedule_setup.exceptions(today, today + timedelta(days=365)),
                "step": session.settings.get(GRID_MINUTES),
                "zone": session.schedule.zone(),
            }

        run_task(self, load, self._on_loaded)

    def _on_loaded(self, loaded: dict[str, Any]) -> None:
        self.loaded = loaded
        current = self.resources.currentItem().data(256) if self.resources.currentItem() else None
        self.resources.clear()
        for info in loaded["providers"]:
            self._add_item(
                self.resources, f"{info.name} — {info.kind.value}", ("provider", info), info.active
            )
        for info in loaded["rooms"]:
            self._add_item(self.resources, f"{info.name} — chair", ("room", info), info.active)
        for row in range(self.resources.count()):
            if current and self.resources.item(row).data(256)[1].id == current[1].id:
                self.resources.setCurrentRow(row)
        self.types.clear()
        for kind in loaded["types"]:
            taken = ", ".join(k.value for k in kind.provider_kinds) or self.tr("anyone")
            surgical = self.tr(", surgical") if kind.surgical else ""
            self._add_item(
                self.types,
                f"{kind.name} — {kind.minutes} min, {taken}{surgical}",
                kind,
                kind.active,
            )
        names = {p.id: p.name for p in loaded["providers"]} | {
            r.id: r.name for r in loaded["rooms"]
        }
        self.time_off.clear()
        zone = loaded["zone"]
        for item in loaded["time_off"]:
            who = (
                names.get(item.resource_id, self.tr("Whole practice"))
                if item.resource_id
                else self.tr("Whole practice")
            )
            shown = "%a %m/%d/%Y %I:%M %p"
            start, end = item.starts_at.astimezone(zone), item.ends_at.astimezone(zone)
            span = f"{start.strftime(shown)} – {end.strftime(shown)}"
            self._add_item(
                self.time_off, f"{who}: {item.kind}, {span} {item.note}".strip(), item, True
            )
        select_value(self.step, loaded["step"])

    @staticmethod
    def _add_item(widget: QListWidget, text: str, data: object, active: bool) -> None:
        item = QListWidgetItem(text if active else f"{text} (retired)")
        item.setData(256, data)
        widget.addItem(item)

    # -- reactions ------------------------------------------------------------------------------

    def _open(self, dialog: QWidget) -> None:
        if dialog.exec():  # type: ignore[attr-defined]
            self.refresh()

    def _on_add_resource(self, is_provider: bool) -> None:
        self._open(ResourceDialog(self.session, is_provider=is_provider, parent=self))

    def _on_edit_resource(self) -> None:
        item = self.resources.currentItem()
        if item is None or not self.editable:
            return
        kind, info = item.data(256)
        if kind == "provider":
            self._open(ResourceDialog(self.session, provider=info, parent=self))
        else:
            self._open(ResourceDialog(self.session, room=info, is_provider=False, parent=self))

    def _on_resource_chosen(self, item: QListWidgetItem | None) -> None:
        self.hours.setEnabled(item is not None and self.editable)
        self.save_hours.setEnabled(item is not None and self.editable)
        self.hours_status.clear()
        if item is None:
            return
        kind, info = item.data(256)
        setup = self.session.schedule_setup
        run_task(self, lambda: setup.weekly_hours(kind, info.id), self.hours.set_hours)

    def _on_save_hours(self) -> None:
        item = self.resources.currentItem()
        if item is None:
            return
        kind, info = item.data(256)
        hours, setup = self.hours.hours(), self.session.schedule_setup
        run_task(
            self,
            lambda: setup.set_weekly_hours(kind, info.id, hours),
            lambda _: self.hours_status.setText(self.tr("Saved.")),
        )

    def _on_step_chosen(self) -> None:
        minutes, settings = self.step.currentData(), self.session.settings
        run_task(self, lambda: settings.set(GRID_MINUTES, minutes))

    def _on_add_time_off(self) -> None:
        if not self.loaded:
            return
        choices: list[tuple[str, str, uuid.UUID | None]] = [
            (self.tr("Whole practice (closed)"), "practice", None)
        ]
        choices += [(p.name, "provider", p.id) for p in self.loaded["providers"] if p.active]
        choices += [(r.name, "room", r.id) for r in self.loaded["rooms"] if r.active]
        self._open(TimeOffDialog(self.session, choices, self.loaded["zone"], parent=self))

    def _on_remove_time_off(self) -> None:
        item = self.time_off.currentItem()
        if item is not None:
            setup, exception_id = self.session.schedule_setup, item.data(256).id
            run_task(self, lambda: setup.remove_exception(exception_id), lambda _: self.refresh())

    def _on_edit_type(self) -> None:
        item = self.types.currentItem()
        if item is not None and self.editable:
            self._open(AppointmentTypeDialog(self.session, item.data(256), parent=self))
