"""Reference cycles are collected on the UI thread, never on a worker (ui/collector.py)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QApplication

from practicedesk.ui import collector as collector_module
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


class _FakeGc:
    """Counts as given; records what would have been collected, and takes `cost` seconds."""

    def __init__(self, counts: tuple[int, int, int], cost: float = 0.0) -> None:
        self.counts, self.cost, self.collected = counts, cost, []

    def get_count(self) -> tuple[int, int, int]:
        return self.counts

    def get_threshold(self) -> tuple[int, int, int]:
        return (700, 10, 10)

    def collect(self, generation: int) -> int:
        collector_module.time.sleep(self.cost)
        self.collected.append(generation)
        return 0

    def disable(self) -> None:
        pass


def test_a_slow_whole_heap_collection_is_not_repeated_at_once(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _FakeGc((701, 11, 11), cost=0.05)
    monkeypatch.setattr(collector_module, "gc", fake)
    collector = UiThreadCollector(qapp, interval_ms=3_600_000)
    try:
        assert collector.check() == 2  # the whole heap, as the interpreter would
        assert collector.check() == 1  # 50 × 0.05 s have not passed: the younger ones only
        fake.counts = (701, 3, 11)
        assert collector.check() == 0
        fake.counts = (5, 3, 11)
        assert collector.check() is None
        assert fake.collected == [2, 1, 0]
    finally:
        collector.deleteLater()
