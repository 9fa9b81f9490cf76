"""Dialogs for the appointment book's set-up: a provider or chair, and an appointment type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from practicedesk.services.practice.staff import ProviderInfo, ProviderKind, RoomInfo
from practicedesk.services.schedule.records import AppointmentTypeInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog


class ColourButton(QPushButton):
    def __init__(self, colour: str = "#90CAF9", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour
        self.clicked.connect(self._on_clicked)
        self._paint()

    def _paint(self) -> None:
        self.setText(self.colour)
        self.setStyleSheet(f"background: {self.colour}; padding: 4px 12px;")

    def _on_clicked(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, self.tr("Colour"))
        if chosen.isValid():
            self.colour = chosen.name().upper()
            self._paint()


class ResourceDialog(FormDialog):
    """A provider (name, kind, colour, active) or a chair (name, colour, active)."""

    def __init__(
        self,
        session: PracticeSession,
        *,
        provider: ProviderInfo | None = None,
        room: RoomInfo | None = None,
        is_provider: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.provider, self.room, self.is_provider = (
            session,
            provider,
            room,
            is_provider,
        )
        existing = provider or room
        self.setWindowTitle(self.tr("Provider") if is_provider else self.tr("Chair or room"))
        self.name = QLineEdit(existing.name if existing else "")
        self.kind = QComboBox()
        for kind in ProviderKind:
            self.kind.addItem(kind.value.capitalize(), kind)
        if provider is not None:
            select_value(self.kind, provider.kind)
        self.colour = ColourButton(existing.colour if existing else "#90CAF9")
        self.active = QCheckBox(self.tr("Active (shown in the book)"))
        self.active.setChecked(existing.active if existing else True)
        self.form.addRow(self.tr("Name"), self.name)
        if is_provider:
            self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Colour"), self.colour)
        if existing is not None:
            self.form.addRow(self.active)
        self.ok_button().setText(self.tr("Save"))

    def _on_ok_clicked(self) -> None:
        staff = self.session.staff
        name, colour, active = self.name.text(), self.colour.colour, self.active.isChecked()
        if self.is_provider:
            kind = self.kind.currentData()
            if self.provider is None:
                self.submit(lambda: staff.add_provider(name, kind, colour))
            else:
                provider_id = self.provider.id
                self.submit(lambda: staff.update_provider(provider_id, name, kind, colour, active))
        elif self.room is None:
            self.submit(lambda: staff.add_room(name, colour))
        else:
            room_id = self.room.id
            self.submit(lambda: staff.update_room(room_id, name, colour, active))


class AppointmentTypeDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        kind: AppointmentTypeInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.kind = session, kind
        self.setWindowTitle(self.tr("Appointment type"))
        self.name = QLineEdit(kind.name if kind else "")
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 480)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(kind.minutes if kind else 30)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.colour = ColourButton(kind.colour if kind else "#FFE082")
        kinds = QHBoxLayout()
        self.kinds: dict[ProviderKind, QCheckBox] = {}
        for provider_kind in ProviderKind:
            box = QCheckBox(provider_kind.value.capitalize())
            box.setChecked(bool(kind and provider_kind in kind.provider_kinds))
            self.kinds[provider_kind] = box
            kinds.addWidget(box)
        self.surgical = QCheckBox(self.tr("Surgical (needs the pre-surgery checklist)"))
        self.surgical.setChecked(bool(kind and kind.surgical))
        self.packet = QComboBox()
        self.packet.setEditable(True)  # a packet the practice is still writing may be named
        self.packet.addItem("")
        for packet in sorted(session.forms.packets().packets.values(), key=lambda p: p.id):
            self.packet.addItem(packet.id)
            self.packet.setItemData(
                self.packet.count() - 1, packet.title, Qt.ItemDataRole.ToolTipRole
            )
        self.packet.setCurrentText(kind.packet if kind else "")
        self.active = QCheckBox(self.tr("Active"))
        self.active.setChecked(kind.active if kind else True)
        self.procedures = QLineEdit(" ".join(kind.procedure_codes) if kind else "")
        self.procedures.setPlaceholderText(self.tr("codes, e.g. D0120 D1110 D0274"))
        self.procedures.setToolTip(
            self.tr("The procedures a visit of this type usually has, ready at check-out")
        )
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Length"), self.minutes)
        self.form.addRow(self.tr("Colour"), self.colour)
        self.form.addRow(self.tr("Taken by (none ticked: anyone)"), kinds)
        self.form.addRow(self.surgical)
        self.form.addRow(self.tr("Packet it prints"), self.packet)
        self.form.addRow(self.tr("Usual procedures"), self.procedures)
        self.form.addRow(self.active)
        self.ok_button().setText(self.tr("Save"))
        self._known_codes: set[str] | None = None  # the procedure list, once read
        if session.can(Permission.VIEW_MONEY):
            procedures = session.procedures
            run_task(
                self,
                lambda: {p.code for p in procedures.list(include_inactive=True)},
                self._on_codes_read,
            )

    def _on_codes_read(self, codes: set[str]) -> None:
        self._known_codes = codes

    def _on_ok_clicked(self) -> None:
        codes = self.procedures.text().replace(",", " ").upper().split()
        unknown = [c for c in codes if self._known_codes is not None and c not in self._known_codes]
        if unknown:
            self.message.setText(
                self.tr("{codes} not on the procedure list (Settings → Fees).").format(
                    codes=", ".join(unknown) + (" is" if len(unknown) == 1 else " are")
                )
            )
            return
        setup = self.session.schedule_setup
        values = {
            "provider_kinds": [k for k, box in self.kinds.items() if box.isChecked()],
            "surgical": self.surgical.isChecked(),
            "packet": self.packet.currentText().strip(),
            "active": self.active.isChecked(),
            "type_id": self.kind.id if self.kind else None,
            "procedure_codes": codes,
        }
        name, minutes, colour = self.name.text(), self.minutes.value(), self.colour.colour
        self.submit(lambda: setup.save_appointment_type(name, minutes, colour, **values))  # type: ignore[arg-type]
