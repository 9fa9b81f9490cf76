"""Runs the e-mail reminder rounds for one open practice: every minute in the background, and
now when asked (a reminder retried from the worklist, the settings just saved).

Every PC runs the rounds, sender or not: a PC that does not send only acknowledges a change
of sender (services/reminders/setup.py), which is what lets the new sender start. A round
talks to the mail server, which may be slow or unreachable, so it runs on a pool thread, not
the database worker, and never holds up a screen. One runner per session
(`reminder_runner(session)`) so the timer, the settings and the worklist share one "a round
is running" flag. When the rounds stop (signing out, closing) the one under way stops
before its next message: what was sent is marked sent, the rest waits for the next start.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import TaskProgress, run_task

if TYPE_CHECKING:
    from practicedesk.services.reminders.sending import SendReport

log = logging.getLogger(__name__)

ROUND_EVERY_MS = 60_000

_runners: weakref.WeakKeyDictionary[PracticeSession, ReminderRunner] = weakref.WeakKeyDictionary()


def reminder_runner(session: PracticeSession) -> ReminderRunner:
    runner = _runners.get(session)
    if runner is None:
        runner = ReminderRunner(session)
        _runners[session] = runner
    return runner


class ReminderRunner(QObject):
    sig_round_finished = Signal(object)  # SendReport
    sig_round_failed = Signal(object)  # BaseException, for whoever asked by hand

    def __init__(self, session: PracticeSession) -> None:
        super().__init__()
        self._reminders = session.reminders
        self.running = False
        self.last_report: SendReport | None = None
        self._again = False  # asked for while a round ran: one more when it ends
        self._by_hand = False
        self._progress: TaskProgress | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(ROUND_EVERY_MS)
        self._timer.timeout.connect(self._on_tick)

    def start_background(self) -> None:
        self._timer.start()
        QTimer.singleShot(0, self, self._on_tick)

    def stop_background(self) -> None:
        self._timer.stop()
        self._again = False
        if self._progress is not None:
            self._progress.cancel()

    def run_now(self) -> None:
        """A round now, or right after the one running (which may have missed the change)."""
        if self.running:
            self._again = self._by_hand = True
            return
        self._start(by_hand=True)

    def _on_tick(self) -> None:
        if not self.running:
            self._start(by_hand=False)

    def _start(self, *, by_hand: bool) -> None:
        self.running, self._by_hand, self._again = True, by_hand, False
        reminders, progress = self._reminders, TaskProgress()
        self._progress = progress
        run_task(
            None, lambda: reminders.send_due(progress), self._on_done, self._on_failed,
            database=False,
        )  # fmt: skip

    def _on_done(self, report: SendReport) -> None:
        self._finish()
        self.last_report = report
        self.sig_round_finished.emit(report)
        self._maybe_again()

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        if self._by_hand:
            self.sig_round_failed.emit(error)
        else:  # a background round never raises a dialog by itself
            log.warning("a reminder round failed: %s", type(error).__name__)
        self._maybe_again()

    def _finish(self) -> None:
        self.running, self._progress = False, None

    def _maybe_again(self) -> None:
        if self._again:
            self._start(by_hand=True)
