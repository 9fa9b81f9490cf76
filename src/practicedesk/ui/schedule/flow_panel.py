"""Today's patient flow: who is waiting (and how long), in the chair, expected, late, done;
and what a patient here still has to pay today; the desk's three steps as buttons under it,
each one press on the patient chosen."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.visit_status import VisitStatus, is_forward_step
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.ui.widgets.formats import format_money

# One chord each, the same in the book, its menus and Today's patients.
STEP_KEYS = {
    VisitStatus.ARRIVED: "Ctrl+Shift+I",
    VisitStatus.SEATED: "Ctrl+Shift+S",
    VisitStatus.COMPLETED: "Ctrl+Shift+O",
}


def step_labels() -> dict[VisitStatus, str]:
    """The status steps in the fixed order every menu and dialog shows them."""
    tr = QCoreApplication.translate
    return {
        VisitStatus.ARRIVED: tr("Visit", "Check in"),
        VisitStatus.SEATED: tr("Visit", "Seat"),
        VisitStatus.COMPLETED: tr("Visit", "Check out"),
        VisitStatus.NO_SHOW: tr("Visit", "No-show"),
        VisitStatus.CANCELLED: tr("Visit", "Cancel…"),
    }


def _clock(moment: datetime, zone: ZoneInfo | None) -> str:
    return moment.astimezone(zone).strftime("%I:%M %p").lstrip("0")


class FlowPanel(QWidget):
    sig_appointment_chosen = Signal(object)  # appointment id
    sig_step_requested = Signal(object, object)  # appointment id, VisitStatus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._visits: list[AppointmentInfo] = []
        self._to_collect: dict[uuid.UUID, int] = {}
        self._uncharged: frozenset[uuid.UUID] = frozenset()
        self._zone: ZoneInfo | None = None
        title = QLabel(self.tr("Today's patients"))
        title.setObjectName("pageTitle")
        self.tree = QTreeWidget()
        self.tree.setObjectName("flowTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.itemActivated.connect(self._on_item_activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.step_buttons: dict[VisitStatus, QPushButton] = {}
        buttons = QHBoxLayout()
        labels = step_labels()
        for status, keys in STEP_KEYS.items():
            button = QPushButton(labels[status])
            button.setToolTip(
                self.tr("{step} the patient chosen ({keys})").format(step=labels[status], keys=keys)
            )
            button.clicked.connect(lambda _c=False, s=status: self._on_step_clicked(s))
            self.step_buttons[status] = button
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._rebuild)
        self._tick.start(60_000)

    def set_visits(
        self,
        visits: list[AppointmentInfo],
        zone: ZoneInfo,
        to_collect: dict[uuid.UUID, int] | None = None,
        uncharged: frozenset[uuid.UUID] = frozenset(),
    ) -> None:
        """For those who see money: `to_collect`, what patients here still have to pay today;
        `uncharged`, the visits checked out with nothing charged yet."""
        self._visits, self._zone, self._to_collect = visits, zone, to_collect or {}
        self._uncharged = uncharged
        self._rebuild()

    def groups(self, now: datetime) -> dict[str, list[tuple[AppointmentInfo, str]]]:
        """The panel's sections and their lines, in the order a coordinator scans them."""
        waiting: list[tuple[AppointmentInfo, str]] = []
        seated: list[tuple[AppointmentInfo, str]] = []
        late: list[tuple[AppointmentInfo, str]] = []
        expected: list[tuple[AppointmentInfo, str]] = []
        done: list[tuple[AppointmentInfo, str]] = []
        for visit in self._visits:
            if visit.status is VisitStatus.ARRIVED and visit.arrived_at:
                minutes = int((now - visit.arrived_at).total_seconds() // 60)
                waiting.append((visit, self.tr("waiting {n} min").format(n=max(minutes, 0))))
            elif visit.status is VisitStatus.SEATED:
                seated.append(
                    (
                        visit,
                        self.tr("since {t}").format(
                            t=_clock(visit.seated_at or visit.starts_at, self._zone)
                        ),
                    )
                )
            elif visit.status in (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED):
                line = _clock(visit.starts_at, self._zone)
                (late if visit.starts_at < now else expected).append((visit, line))
            elif visit.status is VisitStatus.COMPLETED:
                done.append((visit, _clock(visit.completed_at or visit.ends_at, self._zone)))
        return {
            self.tr("Waiting"): waiting,
            self.tr("In the chair"): seated,
            self.tr("Late"): late,
            self.tr("Expected"): expected,
            self.tr("Done"): done,
        }

    def current(self) -> uuid.UUID | None:
        item = self.tree.currentItem()
        return item.data(0, 256) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self.current()
        visit = next((v for v in self._visits if v.id == chosen), None)
        for status, button in self.step_buttons.items():
            button.setEnabled(visit is not None and is_forward_step(visit.status, status))

    def _on_step_clicked(self, status: VisitStatus) -> None:
        chosen = self.current()
        if chosen is not None:
            self.sig_step_requested.emit(chosen, status)

    def _rebuild(self) -> None:
        chosen = self.current()
        self.tree.clear()
        if self._zone is None:
            return
        for title, lines in self.groups(datetime.now(UTC)).items():
            heading = f"{title} ({len(lines)})"
            not_charged = sum(1 for visit, _ in lines if visit.id in self._uncharged)
            if not_charged:
                heading += " — " + self.tr("{n} not charged").format(n=not_charged)
            header = QTreeWidgetItem([heading])
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            if title == self.tr("Late") and lines:
                header.setForeground(0, QColor("#B3261E"))
            self.tree.addTopLevelItem(header)
            for visit, detail in lines:
                # The money on a line of its own: at the end of the first, the panel's 240
                # pixels cut it off.
                money = []
                due = self._to_collect.get(visit.id)
                if due:
                    money.append(self.tr("collect {amount}").format(amount=format_money(due)))
                if visit.id in self._uncharged:
                    money.append(self.tr("not charged yet"))
                # The time first, where the panel cannot cut it off: a long name loses its end
                # ("since 10:05 — Gardner, Mich…"), which the tooltip gives whole.
                text = f"{detail} — {visit.patient_name}"
                if money:
                    text += "\n   " + " — ".join(money)
                item = QTreeWidgetItem([text])
                item.setToolTip(0, item.text(0))
                item.setData(0, 256, visit.id)
                header.addChild(item)
                if visit.id == chosen:
                    self.tree.setCurrentItem(item)
            header.setExpanded(title != self.tr("Done") or not_charged > 0)
        self._update_buttons()

    def _on_item_activated(self, item: QTreeWidgetItem) -> None:
        appointment_id = item.data(0, 256)
        if appointment_id is not None:
            self.sig_appointment_chosen.emit(appointment_id)
