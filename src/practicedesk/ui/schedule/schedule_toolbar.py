"""The book's toolbar: which day, which view, columns by provider or chair, and the tools.

On a narrow window (a laptop, the book beside another program) it takes two rows instead of
squeezing its widgets below their size, where they drew over one another.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.practice.staff import ProviderInfo, RoomInfo
from practicedesk.ui.schedule.go_to_date import GoToDateDialog
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate


class View(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    AGENDA = "agenda"


class ScheduleToolbar(QWidget):
    sig_changed = Signal()
    sig_find_requested = Signal()
    sig_waitlist_requested = Signal()
    sig_day_sheet_requested = Signal()
    sig_packets_requested = Signal()
    sig_export_requested = Signal()

    def __init__(
        self, can_book: bool, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today  # the practice's today, not this PC's
        self._providers: list[ProviderInfo] = []
        self._rooms: list[RoomInfo] = []
        self._build_ui(can_book)
        self._connect()

    def _build_ui(self, can_book: bool) -> None:
        self.today = QPushButton(self.tr("Today"))
        self.today.setToolTip(self.tr("Go to today (Ctrl+T)"))
        self.previous = QToolButton()
        self.previous.setText("◀")
        self.previous.setToolTip(self.tr("Previous (Alt+Left)"))
        self.next = QToolButton()
        self.next.setText("▶")
        self.next.setToolTip(self.tr("Next (Alt+Right)"))
        self.date = QDateEdit(to_qdate(self._today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd M/d/yyyy")
        self.date.setToolTip(self.tr("Go to a date (Ctrl+G)"))
        self.view_buttons = QButtonGroup(self)
        views = QHBoxLayout()
        views.setSpacing(0)
        for index, (view, label) in enumerate(
            (
                (View.DAY, self.tr("Day")),
                (View.WEEK, self.tr("Week")),
                (View.MONTH, self.tr("Month")),
                (View.AGENDA, self.tr("Agenda")),
            )
        ):
            button = QPushButton(label)
            button.setMinimumWidth(button.sizeHint().width())
            button.setCheckable(True)
            button.setChecked(view is View.DAY)
            self.view_buttons.addButton(button, index)
            views.addWidget(button)
        self.columns = QComboBox()
        self.columns.addItem(self.tr("By provider"), False)
        self.columns.addItem(self.tr("By chair"), True)
        self.columns.setToolTip(self.tr("Columns are providers or chairs"))
        self.resource = QComboBox()
        self.resource.setMinimumWidth(130)
        self.resource.hide()
        self.cancelled = QCheckBox(self.tr("Cancelled"))
        self.cancelled.setToolTip(self.tr("Also show cancelled visits and no-shows"))
        self.find_button = QPushButton(self.tr("Find a time…"))
        self.find_button.setEnabled(can_book)
        self.more = QToolButton()
        self.more.setText(self.tr("More"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        self.waitlist = menu.addAction(self.tr("Waitlist…"))
        self.day_sheet = menu.addAction(self.tr("Print the day sheet…"))
        self.packets = menu.addAction(self.tr("Print the surgery packets…"))
        self.export = menu.addAction(self.tr("Export a schedule (.ics)…"))
        self.more.setMenu(menu)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 6)
        rows.setSpacing(4)
        rows.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # see minimumSizeHint
        self._first, self._second = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(self._first)
        rows.addLayout(self._second)
        for widget in (self.today, self.previous, self.next, self.date):
            self._first.addWidget(widget)
        self._first.addSpacing(12)
        self._first.addLayout(views)
        self._views = views
        self._first.addStretch(1)  # in one row it gives way to the rest (stretch 0)
        self._rest = QWidget()  # columns, cancelled and the tools: moved whole between rows
        rest = QHBoxLayout(self._rest)
        rest.setContentsMargins(0, 0, 0, 0)
        for tail in (self.columns, self.resource, self.cancelled):
            rest.addWidget(tail)
        rest.addStretch(1)
        rest.addWidget(self.find_button)
        rest.addWidget(self.more)
        self._narrow: bool | None = None
        self._arrange(narrow=False)

    def _connect(self) -> None:
        self.today.clicked.connect(lambda: self.show_day(self._today()))
        self.previous.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.date.dateChanged.connect(self.sig_changed)
        self.view_buttons.idClicked.connect(self._on_view_chosen)
        self.columns.currentIndexChanged.connect(self._on_columns_chosen)
        self.resource.currentIndexChanged.connect(self.sig_changed)
        self.cancelled.toggled.connect(self.sig_changed)
        self.find_button.clicked.connect(self.sig_find_requested)
        self.waitlist.triggered.connect(self.sig_waitlist_requested)
        self.day_sheet.triggered.connect(self.sig_day_sheet_requested)
        self.packets.triggered.connect(self.sig_packets_requested)
        self.export.triggered.connect(self.sig_export_requested)
        for keys, slot in (
            ("Ctrl+T", lambda: self.show_day(self._today())),
            ("Alt+Left", lambda: self._step(-1)),
            ("Alt+Right", lambda: self._step(1)),
            ("Ctrl+G", self.ask_for_date),
        ):
            QShortcut(QKeySequence(keys), self, slot)

    # -- one row or two --------------------------------------------------------------------------

    def _widths(self) -> tuple[int, int]:
        """What the view row and the rest need side by side, from their widgets' own sizes."""
        first = self._first.minimumSize().width()
        if not self._narrow:
            first -= self._rest.minimumSizeHint().width()
        return first, self._rest.minimumSizeHint().width()

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for two rows: the window may be narrower than the one-row toolbar."""
        first, rest = self._widths()
        return QSize(max(first, rest), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        first, rest = self._widths()
        self._arrange(narrow=width < first + rest + 12)

    def _arrange(self, *, narrow: bool) -> None:
        if narrow == self._narrow:
            return
        self._narrow = narrow
        end = self._first.count() - (0 if self._first.indexOf(self._rest) < 0 else 1)
        if narrow:
            self._first.removeWidget(self._rest)
            self._second.addWidget(self._rest)
            self._first.setStretch(self._first.count() - 1, 1)
        else:
            self._second.removeWidget(self._rest)
            self._first.insertWidget(end - 1, self._rest, 1)
            self._first.setStretch(self._first.count() - 1, 0)
        self._rest.show()
        self.updateGeometry()

    # -- state ----------------------------------------------------------------------------------

    def view(self) -> View:
        return list(View)[max(self.view_buttons.checkedId(), 0)]

    def day(self) -> date:
        return from_qdate(self.date.date())

    def by_room(self) -> bool:
        return bool(self.columns.currentData())

    def show_cancelled(self) -> bool:
        return self.cancelled.isChecked()

    def week_resource(self) -> uuid.UUID | None:
        return self.resource.currentData()

    def current_week_resource(self) -> ProviderInfo | RoomInfo | None:
        chosen = self.week_resource()
        resources: list[ProviderInfo | RoomInfo] = [*self._providers, *self._rooms]
        return next((r for r in resources if r.id == chosen), None)

    def set_resources(self, providers: list[ProviderInfo], rooms: list[RoomInfo]) -> None:
        self._providers, self._rooms = providers, rooms
        self._fill_resources()

    def show_day(self, day: date) -> None:
        self.view_buttons.button(0).setChecked(True)
        self._on_view_chosen(0, emit=False)
        if self.day() == day:
            self.sig_changed.emit()
        else:
            self.date.setDate(to_qdate(day))

    def ask_for_date(self) -> None:
        """Keeps the view (a week stays a week) and moves it to the day typed."""
        dialog = GoToDateDialog(self._today, self)
        if dialog.exec() and dialog.chosen is not None:
            self.date.setDate(to_qdate(dialog.chosen))

    # -- reactions ------------------------------------------------------------------------------

    def _step(self, direction: int) -> None:
        view = self.view()
        days = {View.DAY: 1, View.WEEK: 7, View.AGENDA: 7}.get(view)
        if days is None:
            self.date.setDate(self.date.date().addMonths(direction))
        else:
            self.date.setDate(to_qdate(self.day() + timedelta(days=days * direction)))

    def _on_view_chosen(self, index: int, emit: bool = True) -> None:
        self.resource.setVisible(self.view() is View.WEEK)
        self._fit(self.width())  # the provider box takes room in the week view only
        if emit:
            self.sig_changed.emit()

    def _on_columns_chosen(self) -> None:
        self._fill_resources()
        self.sig_changed.emit()

    def _fill_resources(self) -> None:
        current = self.resource.currentData()
        items = self._rooms if self.by_room() else self._providers
        self.resource.blockSignals(True)
        self.resource.clear()
        for item in items:
            self.resource.addItem(item.name, item.id)
        if not select_value(self.resource, current):
            self.resource.setCurrentIndex(0)
        self.resource.blockSignals(False)
