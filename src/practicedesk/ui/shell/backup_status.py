"""The backup state in the status bar, and the timer that makes the scheduled backups.

Every minute the widget asks the service to back up if one is due (on a pool thread, not
the database worker: a backup takes seconds and the front desk's reads and writes must not
queue behind it; the snapshot is one read transaction, so they need not), then shows the
state. Whether a backup is due is the service's rule, not this widget's.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QWidget

from practicedesk.services.backup.schedule import BackupStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import local_time

log = logging.getLogger(__name__)

TICK_MS = 60_000
FIRST_LOOK_MS = 500


class BackupStatusWidget(QLabel):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schedule = session.backup_schedule
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
                self.tr("newest {when}").format(when=local_time(newest))
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

    def back_up_if_due(self) -> None:
        """At closing, while the session is still open: synchronous, because the window is
        going away and nothing else may run. The failure, if any, is recorded by the service
        and shown in the status bar and to the owner at the next login."""
        try:
            if not self._schedule.due():
                return
        except Exception:  # closing must go on even if the database cannot be read
            log.exception("could not tell whether a backup is due")
            return
        dialog = QProgressDialog(self.tr("Backing up before closing…"), "", 0, 0, self.window())
        dialog.setWindowTitle(self.tr("PracticeDesk"))
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        QApplication.processEvents()
        try:
            self._schedule.run_if_due()
        except Exception:
            log.exception("the backup at closing failed")
        finally:
            dialog.close()
            dialog.deleteLater()


def _log_only(error: BaseException) -> None:
    """The status bar must never raise a dialog on its own: a failed read is logged."""
    log.warning("could not read the backup state: %s", type(error).__name__)
