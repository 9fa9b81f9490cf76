"""The backup state in the status bar, and the timer that makes the scheduled backups.

Every minute the widget asks the service to back up if one is due (on a pool thread, not
the database worker: a backup takes seconds and the front desk's reads and writes must not
queue behind it; the snapshot is one read transaction, so they need not), then shows the
state. Whether a backup is due is the service's rule, not this widget's. At closing it makes
the backup that is due (`back_up_before_closing`), off the UI thread like the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from practicedesk.services.backup.schedule import BackupStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import ShownProgress, run_task
from practicedesk.ui.widgets.formats import practice_time

log = logging.getLogger(__name__)

TICK_MS = 60_000
FIRST_LOOK_MS = 500


class BackupStatusWidget(QLabel):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schedule = session.backup_schedule
        self._zone = session.zone()
        self._checking = False
        self.setObjectName("backupStatus")
        self.setProperty("warning", False)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        QTimer.singleShot(FIRST_LOOK_MS, self, self.refresh)  # after the first paint

    def refresh(self) -> None:
        run_task(self, self._schedule.status, self._show, _log_only)

    def stop(self) -> None:
        self._timer.stop()

    def _on_tick(self) -> None:
        if self._checking:
            return
        self._checking = True
        schedule = self._schedule

        def work() -> BackupStatus:
            schedule.run_if_due()
            return schedule.status()

        run_task(self, work, self._on_checked, self._on_check_failed, database=False)

    def _on_checked(self, state: BackupStatus) -> None:
        self._checking = False
        self._show(state)

    def _on_check_failed(self, error: BaseException) -> None:
        self._checking = False
        _log_only(error)
        self.refresh()

    def _show(self, state: BackupStatus) -> None:
        self.setText(state.line.short)
        lines = [state.line.long]
        for place, newest in state.places:
            when = (
                self.tr("newest {when}").format(when=practice_time(newest, self._zone))
                if newest
                else self.tr("no backup yet")
            )
            lines.append(f"{place}: {when}")
        lines.append(state.spread.long)
        self.setToolTip("\n".join(lines))
        if self.property("warning") != state.warning:
            self.setProperty("warning", state.warning)
            self.style().unpolish(self)
            self.style().polish(self)

    def back_up_before_closing(self, then: Callable[[], object]) -> bool:
        """At closing, while the session is still open: the backup that is due, if one is;
        True when one was started. It runs off the UI thread under a small window that says
        so at once and moves with the work (a frozen window reads as a hang, and a hang gets
        the program killed mid-backup). "Skip" cancels it, leaving nothing half-written, and
        it stays due. `then` follows in every case, at once when nothing is due. A failure is
        recorded by the service and shown in the status bar and to the owner at sign-in."""
        try:
            due = self._schedule.due()
        except Exception:  # closing must go on even if the database cannot be read
            log.exception("could not tell whether a backup is due")
            due = False
        if not due:
            then()
            return False

        def failed(error: BaseException) -> None:
            log.error("the backup at closing failed", exc_info=error)
            then()

        shown = ShownProgress(
            self.tr("Backing up before closing…"), cancel_text=self.tr("Skip"), after_ms=0
        )
        # No owner: the window is closing, and `then` must follow even if it is gone.
        run_task(
            None, self._schedule.run_if_due, lambda _run: then(), failed,
            database=False, progress=shown, on_cancelled=then,
        )  # fmt: skip
        return True


def _log_only(error: BaseException) -> None:
    """The status bar must never raise a dialog on its own: a failed read is logged."""
    log.warning("could not read the backup state: %s", type(error).__name__)
