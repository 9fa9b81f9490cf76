"""Running slow work off the UI thread: our `QueryOp`/`CollectionOp` (after Anki).

`run_task(owner, work, on_done, on_error)` runs `work()` on a pool thread and calls back on
the UI thread. Database work goes to a single-thread pool, so two writes from the UI never
race each other; other work (PDF rendering, key derivation) uses the global pool. Errors go
to `on_error`, by default the one place that turns them into dialogs (ui/errors.py).

Long work is the one way to show progress: `run_task(..., progress="Backing up…")` calls
`work(progress)` with a `TaskProgress`, the Qt-free `Progress` the services report to
(practicedesk/progress.py). Work still running after `SHOW_AFTER_MS` (600 ms, as Anki's)
gets a window with its reports and Cancel (ui/widgets/progress_dialog.py); quicker work
shows nothing. Cancel only sets the flag the work looks at where stopping is safe; work that
stops raises `Cancelled`, which goes to `on_cancelled` (by default nowhere: nothing went
wrong, so nothing alarming is shown), never to `on_error`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from practicedesk.progress import Cancelled, Progress
from practicedesk.ui.widgets.progress_dialog import ProgressDialog

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 600  # work done sooner shows no window: a flash is worse than nothing

_database_pool: QThreadPool | None = None
_running: set[_Relay] = set()  # keeps relays alive until their task reports back


def database_pool() -> QThreadPool:
    global _database_pool
    if _database_pool is None:
        _database_pool = QThreadPool()
        _database_pool.setMaxThreadCount(1)
        _database_pool.setExpiryTimeout(-1)
    return _database_pool


@dataclass(frozen=True, slots=True)
class ShownProgress:
    """What the progress window says until the work's first report, and how it is worded."""

    text: str
    title: str = ""  # the window's title; "PracticeDesk" when empty
    cancel_text: str = ""  # the button's words; "Cancel" when empty
    after_ms: int = SHOW_AFTER_MS


class TaskProgress:
    """The worker's side of a progress window: a `Progress`, thread-safe and free of Qt.

    The worker reports as often as it likes; the newest report waits here, and one call of
    `notify` at a time tells the UI thread to fetch it, so a worker reporting every row of a
    file never floods the UI's event queue, and the last report is never lost. Also usable
    without a window, by whoever only needs to cancel work (the sync rounds)."""

    def __init__(self, notify: Callable[[], object] | None = None) -> None:
        self._lock = threading.Lock()
        self._latest: tuple[int, int, str] | None = None
        self._told = False
        self._notify = notify
        self._cancelled = threading.Event()

    def report(self, done: int, total: int, text: str) -> None:
        with self._lock:
            self._latest = (done, total, text)
            if self._told or self._notify is None:
                return
            self._told = True
        self._notify()

    def latest(self) -> tuple[int, int, str] | None:
        """On the UI thread: the newest report; the next one notifies again."""
        with self._lock:
            self._told = False
            return self._latest

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the call back here.

    The relay, not the worker, holds the work, its result or error and the callbacks, and
    lets go of them on the UI thread. Whatever the last reference drops is destroyed on
    the dropping thread, and destroying Qt objects off their thread crashes: a closure
    that captured a window, or a traceback whose frames hold one, must not die on a
    worker (CI segfaults in sessions 3 and 4). Only the bare relay may end there. So the
    progress window and its timer are the relay's too, made, shown and dropped only here,
    before the relay lets go; the worker holds nothing but the Qt-free `TaskProgress`.
    """

    sig_finished = Signal()
    sig_failed = Signal()
    sig_progressed = Signal()

    def __init__(
        self,
        work: Callable[..., Any],
        on_done: Callable[[Any], object] | None,
        on_error: Callable[[BaseException], None],
        owner: QWidget | None,
        shown: ShownProgress | None = None,
        on_cancelled: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._work: Callable[..., Any] | None = work
        self._outcome: Any = None  # the result, or the error, until the UI thread takes it
        self._on_done = on_done
        self._on_error = on_error
        self._on_cancelled = on_cancelled
        self._owner = owner
        self._shown = shown
        self._dialog: ProgressDialog | None = None
        self._show_timer: QTimer | None = None
        self.progress: TaskProgress | None = None
        self.sig_finished.connect(self._on_finished)
        self.sig_failed.connect(self._on_failed)
        if shown is not None:
            self.progress = TaskProgress(self.sig_progressed.emit)
            self.sig_progressed.connect(self._on_progressed)
            self._show_timer = QTimer()
            self._show_timer.setSingleShot(True)
            self._show_timer.timeout.connect(self._on_show_due)
            self._show_timer.start(shown.after_ms)

    @property
    def owner_gone(self) -> bool:
        """Asked when the result arrives, not signalled when the window goes: running
        Python from a C++ destructor (during garbage collection, say) can crash PySide."""
        return self._owner is not None and not isValid(self._owner)

    def work(self) -> None:
        """On the worker thread. Keeps no reference of its own: what the work returns or
        raises goes straight into the relay, for the UI thread to take and drop."""
        assert self._work is not None
        try:
            self._outcome = self._work() if self.progress is None else self._work(self.progress)
            done = self.sig_finished
        except BaseException as exc:  # reported on the UI thread, never lost
            self._outcome = exc
            done = self.sig_failed
        # Emitted outside the handler: while it runs, the thread's own record of the error
        # holds it, and the UI thread could otherwise drop its reference first.
        try:
            done.emit()
        except RuntimeError:
            if isValid(self):
                raise
            # The application was torn down first (the process is ending with the work still
            # running): nobody is left to tell, and a traceback at exit only alarms.

    @Slot()
    def _on_finished(self) -> None:
        result, self._outcome = self._outcome, None
        self._close_dialog()  # before the result, which may open a window of its own
        try:
            if self._on_done is not None and not self.owner_gone:
                self._on_done(result)
        finally:
            self._let_go()

    @Slot()
    def _on_failed(self) -> None:
        """An error is reported even when the window that asked has closed: the work ran,
        and a bug must not go unseen; only its result has nowhere to go. Work that stopped
        because the person cancelled it is no error."""
        error, self._outcome = self._outcome, None
        self._close_dialog()
        try:
            if not isinstance(error, Cancelled):
                self._on_error(error)
            elif self._on_cancelled is not None and not self.owner_gone:
                self._on_cancelled()
        finally:
            self._let_go()

    @Slot()
    def _on_show_due(self) -> None:
        if self._shown is None or self.progress is None:
            return  # finished meanwhile
        parent = None if self._owner is None or self.owner_gone else self._owner
        dialog = ProgressDialog(
            self._shown.text,
            title=self._shown.title,
            cancel_text=self._shown.cancel_text,
            parent=parent,
        )
        dialog.sig_cancel_requested.connect(self.progress.cancel)
        self._dialog = dialog
        self._on_progressed()
        dialog.show()

    @Slot()
    def _on_progressed(self) -> None:
        latest = None if self.progress is None else self.progress.latest()
        if latest is not None and self._dialog is not None and isValid(self._dialog):
            self._dialog.show_report(*latest)

    def _close_dialog(self) -> None:
        if self._show_timer is not None:
            self._show_timer.stop()
            self._show_timer = None
        if self._dialog is not None and isValid(self._dialog):  # gone with its window?
            self._dialog.hide()
            self._dialog.deleteLater()
        self._dialog = None

    def _let_go(self) -> None:
        self._close_dialog()
        self._work = None
        self._on_done = None
        self._on_error = _ignore
        self._on_cancelled = None
        self._owner = None
        self._shown = None
        self.progress = None
        _running.discard(self)


def _ignore(_error: BaseException) -> None:
    """A relay's error callback once it has reported: there is nothing left to tell."""


class _Task(QRunnable):
    def __init__(self, relay: _Relay) -> None:
        super().__init__()
        self._relay = relay

    def run(self) -> None:
        self._relay.work()


@overload
def run_task(
    parent: QWidget | None,
    work: Callable[[], Any],
    on_done: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    database: bool = True,
    on_cancelled: Callable[[], object] | None = None,
) -> None: ...


@overload
def run_task(
    parent: QWidget | None,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    database: bool = True,
    progress: ShownProgress | str,
    on_cancelled: Callable[[], object] | None = None,
) -> None: ...


def run_task(
    parent: QWidget | None,
    work: Callable[..., Any],
    on_done: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    database: bool = True,
    progress: ShownProgress | str | None = None,
    on_cancelled: Callable[[], object] | None = None,
) -> None:
    """With `progress`, `work` takes the `Progress` it reports to; see the module's text."""
    if on_error is None:
        from practicedesk.ui.errors import show_error

        def on_error(exc: BaseException) -> None:
            show_error(None if relay.owner_gone else parent, exc)

    shown = ShownProgress(progress) if isinstance(progress, str) else progress
    # A window closed meanwhile gets no result.
    relay = _Relay(work, on_done, on_error, parent, shown, on_cancelled)
    _running.add(relay)
    pool = database_pool() if database else QThreadPool.globalInstance()
    pool.start(_Task(relay))


def wait_for_tasks(timeout_ms: int = 30_000) -> bool:
    """Before closing the practice: let running database work finish."""
    return database_pool().waitForDone(timeout_ms) and QThreadPool.globalInstance().waitForDone(
        timeout_ms
    )
