"""The conflicts screen: where two PCs changed the same thing before they had seen each
other's change, and the problems a merge made across records (one chair booked twice, one
patient registered twice), which the sync turned into tasks.

For a conflict, sync already kept one value everywhere (the later one); a person picks which
value is right, and the choice goes to every PC. The cross-record problems are settled where
they live — the appointment book, Patients — and their tasks closed there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line
from practicedesk.ui.sync.field_labels import field_label
from practicedesk.ui.sync.runner import sync_runner
from practicedesk.ui.tasks import run_task

if TYPE_CHECKING:
    from practicedesk.services.chart.records import TaskInfo
    from practicedesk.services.sync.rounds import ConflictView

SYNC_TASK_AUTHOR = "sync"  # services/sync/rules.py makes its tasks under this name


class ConflictsDialog(QDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.conflicts: list[ConflictView] = []
        self.problems: list[TaskInfo] = []
        self._busy = False
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.resize(860, 620)
        self._build_ui()
        self.list.currentRowChanged.connect(self._show_selected)
        self.keep_winner.clicked.connect(lambda: self._keep(keep_loser=False))
        self.keep_loser.clicked.connect(lambda: self._keep(keep_loser=True))
        self.buttons.rejected.connect(self.reject)
        sync_runner(session).sig_round_finished.connect(self._on_round_finished)

    # -- building ---------------------------------------------------------------------------

    def _build_ui(self) -> None:
        intro = QLabel(
            self.tr(
                "Two PCs changed the same thing before either had seen the other's change. "
                "Sync kept the later value for now, on every PC; choose the right one and it "
                "goes to every PC."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conflicts"))
        self.list.setMinimumWidth(260)
        self.list.setWordWrap(True)  # "Visit of … on 01 Dec 2026 14:00" wraps, not scrolls
        self.list.setSpacing(3)  # and each conflict reads as one block
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.record = QLabel()
        self.record.setObjectName("pageTitle")
        self.record.setWordWrap(True)
        self.field = QLabel()
        self.field.setWordWrap(True)
        self.kept_both = QLabel(
            self.tr(
                "Both texts are in the record for now, one under the other. Keep one of them, "
                "or leave them and edit the record by hand."
            )
        )
        self.kept_both.setWordWrap(True)
        self.winner_box, self.winner, self.winner_from, self.keep_winner = _side(
            self.tr("Showing now"), self.tr("Keep this value")
        )
        self.loser_box, self.loser, self.loser_from, self.keep_loser = _side(
            self.tr("The other value"), self.tr("Keep this value")
        )
        self.message = message_line()
        if not self.session.can(Permission.EDIT_CHART):
            self.message.setText(
                self.tr("Your role cannot change patient records; ask someone who can.")
            )
        sides = QHBoxLayout()
        sides.addWidget(self.winner_box, 1)
        sides.addWidget(self.loser_box, 1)
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(12, 0, 0, 0)
        column.addWidget(self.record)
        column.addWidget(self.field)
        column.addLayout(sides)
        column.addWidget(self.kept_both)
        column.addWidget(self.message)
        column.addStretch(1)
        self.none_left = QLabel(self.tr("No conflicts to review: every PC agrees."))
        self.none_left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.none_left.setWordWrap(True)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.none_left)
        self.detail_stack.addWidget(detail)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.detail_stack)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 560])
        self.problems_title = QLabel(self.tr("Problems across records"))
        self.problems_title.setObjectName("pageTitle")
        self.problems_hint = QLabel(
            self.tr(
                "Sync found these when the PCs shared their changes and made a task for each. "
                "Settle a double booking in the appointment book; a patient registered twice, "
                "or two patients with one chart number, in Patients. Then mark the task done "
                "in Worklists."
            )
        )
        self.problems_hint.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName(self.tr("Problems across records"))
        self.problem_list.setMaximumHeight(150)
        self.problem_list.setWordWrap(True)
        self.problem_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(line)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems_hint)
        layout.addWidget(self.problem_list)
        layout.addWidget(self.buttons)

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        sync, tasks = self.session.sync, self.session.tasks

        def work() -> tuple[list[ConflictView], list[TaskInfo]]:
            found = [t for t in tasks.list() if t.created_by == SYNC_TASK_AUTHOR]
            return sync.conflicts(), found

        run_task(self, work, self._show)

    def _show(self, found: tuple[list[ConflictView], list[TaskInfo]]) -> None:
        conflicts, problems = found
        chosen = self._current_id()
        self.conflicts, self.problems = conflicts, problems
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for index, conflict in enumerate(conflicts):
            item = QListWidgetItem(
                f"{conflict.record}\n{field_label(conflict.table, conflict.field)}"
            )
            item.setToolTip(conflict.record)
            self.list.addItem(item)
            if conflict.id == chosen:
                row = index
        self.list.blockSignals(False)
        if conflicts:
            self.list.setCurrentRow(row)
        self._show_selected(self.list.currentRow() if conflicts else -1)
        self.problem_list.clear()
        for task in problems:
            self.problem_list.addItem(task.title)
        if not problems:
            self.problem_list.addItem(self.tr("None open."))
        self.problems_title.setText(
            self.tr("Problems across records ({count})").format(count=len(problems))
        )

    def _current_id(self) -> int | None:
        row = self.list.currentRow()
        return self.conflicts[row].id if 0 <= row < len(self.conflicts) else None

    def _show_selected(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            self.detail_stack.setCurrentIndex(0)
            return
        self.detail_stack.setCurrentIndex(1)
        conflict = self.conflicts[row]
        self.record.setText(conflict.record)
        self.field.setText(
            self.tr("Field: {field}").format(field=field_label(conflict.table, conflict.field))
        )
        self.winner.setText(conflict.winner)
        self.winner_from.setText(self.tr("from {where}").format(where=conflict.winner_from))
        self.loser.setText(conflict.loser)
        self.loser_from.setText(self.tr("from {where}").format(where=conflict.loser_from))
        self.kept_both.setVisible(conflict.kept_both)
        may = self.session.can(Permission.EDIT_CHART) and not self._busy
        self.keep_winner.setEnabled(may)
        self.keep_loser.setEnabled(may)

    # -- settling ---------------------------------------------------------------------------

    def _keep(self, *, keep_loser: bool) -> None:
        conflict_id = self._current_id()
        if conflict_id is None or self._busy:
            return
        self._busy = True
        self.keep_winner.setEnabled(False)
        self.keep_loser.setEnabled(False)
        sync = self.session.sync
        run_task(
            self,
            lambda: sync.resolve(conflict_id, keep_loser),
            self._on_settled,
            self._on_settle_failed,
        )

    def _on_settled(self, _result: object) -> None:
        self._busy = False
        self.message.clear()
        sync_runner(self.session).refresh_status()
        self.refresh()

    def _on_settle_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_inline

        self._busy = False
        show_inline(error, self.message, self)
        self.refresh()

    def _on_round_finished(self, report: object) -> None:
        if self.isVisible() and not self._busy:
            self.refresh()


def _side(title: str, button_text: str) -> tuple[QGroupBox, QLabel, QLabel, QPushButton]:
    box = QGroupBox(title)
    value = QLabel()
    value.setWordWrap(True)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    value.setObjectName("conflictValue")
    where = QLabel()
    where.setWordWrap(True)
    where.setObjectName("pageNote")
    button = QPushButton(button_text)
    grid = QGridLayout(box)
    grid.addWidget(value, 0, 0)
    grid.addWidget(where, 1, 0)
    grid.addWidget(button, 2, 0, Qt.AlignmentFlag.AlignLeft)
    return box, value, where, button


def open_conflicts(session: PracticeSession, parent: QWidget | None) -> ConflictsDialog:
    """Not modal: the front desk may look something up in the chart while deciding."""
    dialog = ConflictsDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.refresh()
    dialog.show()
    return dialog
