"""Runs the sync rounds for one open practice: every few seconds in the background, and now
when asked (Settings → Sync, "Sync now").

One runner per session (`sync_runner(session)`), so the status bar, the Sync page and the
timer share one "a round is running" flag and never start rounds on top of each other (the
service would answer a second round at once with an empty report, which would read as
"nothing sent, nothing received"). A round reads and writes the shared folder, which may be
a slow or unreachable network share, so it runs on a pool thread, not the database worker:
the front desk's own reads and writes must not queue behind it. When the background rounds
stop (signing out, closing) the round under way is cancelled at its next safe point, so
closing never waits for a slow share.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import TaskProgress, run_task

if TYPE_CHECKING:
    from practicedesk.services.sync.rounds import RoundReport, SyncStatus

log = logging.getLogger(__name__)

ROUND_EVERY_MS = 5_000
SHOW_SYNCING_AFTER_MS = 800  # a quick round does not flash "Syncing…" every five seconds

_runners: weakref.WeakKeyDictionary[PracticeSession, SyncRunner] = weakref.WeakKeyDictionary()


def sync_runner(session: PracticeSession) -> SyncRunner:
    runner = _runners.get(session)
    if runner is None:
        runner = SyncRunner(session)
        _runners[session] = runner
    return runner


class SyncRunner(QObject):
    sig_round_started = Signal()
    sig_syncing = Signal()  # the round is taking a moment: worth saying so
    sig_round_finished = Signal(object)  # RoundReport
    sig_status_changed = Signal(object)  # SyncStatus
    sig_round_failed = Signal(object)  # BaseException, for whoever asked by hand

    def __init__(self, session: PracticeSession) -> None:
        super().__init__()
        self._sync = session.sync
        self.running = False
        self.last_report: RoundReport | None = None
        self.last_status: SyncStatus | None = None
        self._by_hand = False
        self._round_progress: TaskProgress | None = None  # lets the running round be cancelled
        self._timer = QTimer(self)
        self._timer.setInterval(ROUND_EVERY_MS)
        self._timer.timeout.connect(self._on_tick)
        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.setInterval(SHOW_SYNCING_AFTER_MS)
        self._slow.timeout.connect(self._on_slow)

    # -- the background rounds --------------------------------------------------------------

    def start_background(self) -> None:
        """Called by the main window: a round every few seconds while this PC syncs (a PC
        that does not sync costs one settings read per tick, on the worker)."""
        self._timer.start()
        QTimer.singleShot(0, self, self._on_tick)

    def stop_background(self) -> None:
        self._timer.stop()
        self._slow.stop()
        if self._round_progress is not None:
            self._round_progress.cancel()

    @property
    def background(self) -> bool:
        return self._timer.isActive()

    def _on_tick(self) -> None:
        self._start_round(by_hand=False)

    # -- now --------------------------------------------------------------------------------

    def run_now(self) -> bool:
        """A round now; False if one is already running (its result comes soon anyway)."""
        if self.running:
            self._by_hand = True  # whoever asked hears how the running round went
            return False
        self._start_round(by_hand=True)
        return True

    def refresh_status(self) -> None:
        """Read the state again (after Start, Stop, a settled conflict) without a round."""
        run_task(None, self._sync.status, self._on_status, _log_only, database=False)

    # -- a round ----------------------------------------------------------------------------

    def _start_round(self, *, by_hand: bool) -> None:
        if self.running:
            return
        self.running = True
        self._by_hand = by_hand
        self.sig_round_started.emit()
        self._slow.start()
        sync = self._sync
        progress = self._round_progress = TaskProgress()

        def work() -> tuple[RoundReport | None, SyncStatus]:
            report = sync.run_round(progress) if sync.settings().share else None
            return report, sync.status()

        run_task(
            None, work, self._on_round_done, self._on_round_failed, database=False,
            on_cancelled=self._on_round_cancelled,
        )  # fmt: skip

    def _on_slow(self) -> None:
        if self.running:
            self.sig_syncing.emit()

    def _on_round_cancelled(self) -> None:
        self.running = False
        self._round_progress = None

    def _on_round_done(self, result: tuple[RoundReport | None, SyncStatus]) -> None:
        self.running = False
        self._round_progress = None
        self._slow.stop()
        report, status = result
        if report is not None:
            self.last_report = report
            self.sig_round_finished.emit(report)
        self._on_status(status)

    def _on_round_failed(self, error: BaseException) -> None:
        self.running = False
        self._round_progress = None
        self._slow.stop()
        if self._by_hand:
            self.sig_round_failed.emit(error)
        else:
            log.warning("a background sync round failed: %s", error)
        self.refresh_status()

    def _on_status(self, status: SyncStatus) -> None:
        self.last_status = status
        self.sig_status_changed.emit(status)


def _log_only(error: BaseException) -> None:
    """The status bar must never raise a dialog on its own: a failed read is logged."""
    log.warning("could not read the sync state: %s", type(error).__name__)
