"""Running slow work off the UI thread: our `QueryOp`/`CollectionOp` (after Anki).

`run_task(owner, work, on_done, on_error)` runs `work()` on a pool thread and calls back on
the UI thread. Database work goes to a single-thread pool, so two writes from the UI never
race each other; other work (PDF rendering, key derivation) uses the global pool. Errors go
to `on_error`, by default the one place that turns them into dialogs (ui/errors.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

log = logging.getLogger(__name__)

_database_pool: QThreadPool | None = None
_running: set[_Relay] = set()  # keeps relays alive until their task reports back


def database_pool() -> QThreadPool:
    global _database_pool
    if _database_pool is None:
        _database_pool = QThreadPool()
        _database_pool.setMaxThreadCount(1)
        _database_pool.setExpiryTimeout(-1)
    return _database_pool


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the call back here.

    The relay, not the worker, holds the work, its result or error and the callbacks, and
    lets go of them on the UI thread. Whatever the last reference drops is destroyed on
    the dropping thread, and destroying Qt objects off their thread crashes: a closure
    that captured a window, or a traceback whose frames hold one, must not die on a
    worker (CI segfaults in sessions 3 and 4). Only the bare relay may end there.
    """

    sig_finished = Signal()
    sig_failed = Signal()

    def __init__(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], object] | None,
        on_error: Callable[[BaseException], None],
        owner: QWidget | None,
    ) -> None:
        super().__init__()
        self._work: Callable[[], Any] | None = work
        self._outcome: Any = None  # the result, or the error, until the UI thread takes it
        self._on_done = on_done
        self._on_error = on_error
        self._owner = owner
        self.sig_finished.connect(self._on_finished)
        self.sig_failed.connect(self._on_failed)

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
            self._outcome = self._work()
            done = self.sig_finished
        except BaseException as exc:  # reported on the UI thread, never lost
            self._outcome = exc
            done = self.sig_failed
        # Emitted outside the handler: while it runs, the thread's own record of the error
        # holds it, and the UI thread could otherwise drop its reference first.
        done.emit()

    @Slot()
    def _on_finished(self) -> None:
        result, self._outcome = self._outcome, None
        try:
            if self._on_done is not None and not self.owner_gone:
                self._on_done(result)
        finally:
            self._let_go()

    @Slot()
    def _on_failed(self) -> None:
        """An error is reported even when the window that asked has closed: the work ran,
        and a bug must not go unseen; only its result has nowhere to go."""
        error, self._outcome = self._outcome, None
        try:
            self._on_error(error)
        finally:
            self._let_go()

    def _let_go(self) -> None:
        self._work = None
        self._on_done = None
        self._on_error = _ignore
        self._owner = None
        _running.discard(self)


def _ignore(_error: BaseException) -> None:
    """A relay's error callback once it has reported: there is nothing left to tell."""


class _Task(QRunnable):
    def __init__(self, relay: _Relay) -> None:
        super().__init__()
        self._relay = relay

    def run(self) -> None:
        self._relay.work()


def run_task(
    parent: QWidget | None,
    work: Callable[[], Any],
    on_done: Callable[[Any], object] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    database: bool = True,
) -> None:
    if on_error is None:
        from practicedesk.ui.errors import show_error

        def on_error(exc: BaseException) -> None:
            show_error(None if relay.owner_gone else parent, exc)

    relay = _Relay(work, on_done, on_error, parent)  # a window closed meanwhile gets no result
    _running.add(relay)
    pool = database_pool() if database else QThreadPool.globalInstance()
    pool.start(_Task(relay))


def wait_for_tasks(timeout_ms: int = 30_000) -> bool:
    """Before closing the practice: let running database work finish."""
    return database_pool().waitForDone(timeout_ms) and QThreadPool.globalInstance().waitForDone(
        timeout_ms
    )
