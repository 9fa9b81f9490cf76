"""Reference cycles are collected on the UI thread, never on a worker (ui/collector.py)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtWidgets import QApplication

from practicedesk.ui.collector import UiThreadCollector, collect_on_ui_thread


class _Cycle:
    """Garbage only the cycle collector can free; notes the thread that freed it."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def _allocate_a_lot() -> None:
    """Enough container allocations to cross every generation's threshold many times."""
    kept = [[index] for index in range(200_000)]
    del kept


def test_the_application_collects_on_its_ui_thread(qapp: QApplication) -> None:
    collector = collect_on_ui_thread(qapp)
    assert collect_on_ui_thread(qapp) is collector  # installed once however often asked
    assert not gc.isenabled()


def test_a_worker_allocating_never_frees_the_ui_threads_cycles(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    collect_on_ui_thread(qapp)
    _Cycle.freed_on.clear()
    _Cycle()
    worker = threading.Thread(target=_allocate_a_lot, name="worker")
    worker.start()
    worker.join()
    assert _Cycle.freed_on == []
    # Young objects kept, well over the threshold: the event loop frees earlier tests'
    # objects meanwhile, and the count is of allocations less deallocations.
    due = [[index] for index in range(10 * gc.get_threshold()[0])]
    qtbot.waitUntil(lambda: _Cycle.freed_on != [], timeout=5_000)  # the timer's round
    assert _Cycle.freed_on == [threading.main_thread().name]
    del due


def test_a_check_collects_the_generation_that_is_due(qapp: QApplication) -> None:
    collector = UiThreadCollector(qapp, interval_ms=3_600_000)
    try:
        gc.collect()
        assert collector.check() is None  # nothing allocated since: nothing due
        _Cycle.freed_on.clear()
        _Cycle()
        first = gc.get_threshold()[0]
        padding = [[index] for index in range(first + 1)]
        assert collector.check() is not None
        assert _Cycle.freed_on == [threading.main_thread().name]
        del padding
    finally:
        collector.deleteLater()
