"""What the three call lists share (recall, confirmations, broken appointments): a table of
whom to call, one key per outcome that logs the call in the patient's communication log, and
the cursor moving on to the next row, so the coordinator works down the list by keyboard.

The keys act on the table only (a letter typed in a filter stays a letter). Subclasses say
what is listed, what a call is about, and what else a row offers (Book). A list refreshes
when its page does; while hidden it waits until it is shown again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import show_error
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.rows_table_model import RowsTableModel


class CallRow(Protocol):
    """What every call list's line has: whom the call is to."""

    @property
    def patient_id(self) -> uuid.UUID: ...

    @property
    def name(self) -> str: ...


Row = TypeVar("Row", bound=CallRow)


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str  # the key that logs it, shown on its button
    outcome: str  # as the call services spell it ("left message")
    label: str


# A call asking a patient to book (recall, a missed visit) ends the same ways whichever list
# it was made from, so both lists log the same outcomes under the same keys.
BOOKING_CALL_OUTCOMES = (
    Outcome("M", "left message", "Left message"),
    Outcome("N", "no answer", "No answer"),
    Outcome("C", "will call back", "Will call back"),
    Outcome("D", "declined", "Declined"),
    Outcome("W", "wrong number", "Wrong number"),
)


class CallListWidget(QWidget, Generic[Row]):
    sig_patient_requested = Signal(object, str)  # patient id, name
    sig_booking_requested = Signal(object)  # a BookingRequest
    sig_count_changed = Signal(int)

    outcomes: tuple[Outcome, ...] = ()

    def __init__(
        self,
        session: PracticeSession,
        model: RowsTableModel[Row],
        empty: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.model = session, model
        self._stale = False
        self._loaded = False
        self._follow: object | None = None  # the row to put the cursor on after a reload
        self._build_ui(empty)
        self._connect()

    # -- what a subclass says -------------------------------------------------------------------

    def fetch(self) -> Callable[[], Any]:
        """The work that reads the list on the database worker; show_loaded() gets its result."""
        raise NotImplementedError

    def rows_of(self, loaded: Any) -> list[Row]:
        """The lines out of what fetch() read, which carries more (the practice's zone, the
        filters' choices) for the subclass to take."""
        raise NotImplementedError

    def key_of(self, row: Row) -> object:
        """What stays the same for a row across reloads."""
        raise NotImplementedError

    def log_call(self, row: Row, outcome: str) -> Callable[[], Any]:
        raise NotImplementedError

    # -- building -------------------------------------------------------------------------------

    def _build_ui(self, empty: str) -> None:
        self.filters = QHBoxLayout()
        self.buttons = QHBoxLayout()
        may_log = self.session.can(Permission.EDIT_CHART)
        self.outcome_buttons: dict[str, QPushButton] = {}
        self.row_buttons: list[QPushButton] = []  # enabled while a row is chosen
        for outcome in self.outcomes:
            button = QPushButton(f"{self.tr(outcome.label)} ({outcome.key})")
            button.setToolTip(self.tr("Log the call: {what}").format(what=outcome.outcome))
            button.setProperty("allowed", may_log)
            self.outcome_buttons[outcome.outcome] = button
            self.row_buttons.append(button)
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(empty)
        self.empty.setObjectName("pageNote")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.hide()
        self.status = QLabel()
        self.status.setObjectName("pageNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.filters)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        for outcome in self.outcomes:
            button = self.outcome_buttons[outcome.outcome]
            button.clicked.connect(partial(self.log_current, outcome.outcome))
            self.add_key(outcome.key, partial(self.log_current, outcome.outcome))
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)

    def add_key(self, sequence: str, slot: Callable[[], object]) -> QShortcut:
        """A key that works while the table has the cursor."""
        shortcut = QShortcut(QKeySequence(sequence), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def add_row_button(
        self, text: str, slot: Callable[[], object], *, allowed: bool = True
    ) -> QPushButton:
        """A button after the outcomes that acts on the row under the cursor."""
        button = QPushButton(text)
        button.setProperty("allowed", allowed)
        button.clicked.connect(slot)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        self.row_buttons.append(button)
        self._on_selection_changed()
        return button

    # -- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload now if on screen (or never loaded: the tab's count needs it), else on show."""
        if self._loaded and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        run_task(self, self.fetch(), self.show_loaded)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (its tab chosen, Alt+R and the like): the cursor goes into the list, so the
        outcome keys work at once."""
        super().showEvent(event)
        self.table.setFocus()
        if self._stale:
            self.refresh()

    def show_loaded(self, loaded: Any) -> None:
        rows = self.rows_of(loaded)
        keep = self._follow if self._follow is not None else self._current_key()
        index = self.table.currentIndex().row()
        self._loaded, self._follow = True, None
        self.model.set_rows(rows)
        keys = [self.key_of(row) for row in rows]
        if rows:
            at = keys.index(keep) if keep in keys else max(0, min(index, len(rows) - 1))
            self.table.selectRow(at)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.sig_count_changed.emit(len(rows))

    # -- acting on the row under the cursor -----------------------------------------------------

    def current(self) -> Row | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_object(index.row())

    def _current_key(self) -> object | None:
        row = self.current()
        return None if row is None else self.key_of(row)

    def log_current(self, outcome: str) -> None:
        """Log the call and move on: the cursor goes to the next row once the list reloads
        (a row the call took off the list, such as a confirmed visit, leaves its place)."""
        row = self.current()
        if row is None or not self.session.can(Permission.EDIT_CHART):
            return
        at = self.table.currentIndex().row()
        following = at + 1 if at + 1 < self.model.rowCount() else at
        self._follow = self.key_of(self.model.row_object(following))
        run_task(
            self,
            self.log_call(row, outcome),
            lambda _id: self.status.setText(
                self.tr("Logged for {name}: {outcome}.").format(name=row.name, outcome=outcome)
            ),
            self._on_log_failed,
        )

    def _on_log_failed(self, error: BaseException) -> None:
        self._follow = None  # nothing was logged: the cursor stays where it was
        show_error(self, error)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        """As on every worklist, a double-click opens the patient's chart."""
        if index.isValid():
            row = self.model.row_object(index.row())
            self.sig_patient_requested.emit(row.patient_id, row.name)

    def _on_selection_changed(self, *_args: object) -> None:
        chosen = self.current() is not None
        for button in self.row_buttons:
            button.setEnabled(chosen and bool(button.property("allowed")))
