"""Python's cycle collector, run only on the UI thread.

CPython collects reference cycles in whichever thread happens to cross the allocation
threshold. Ours include pool threads (database work, key derivation, rendering), so a
collection there could destroy a closed window, a timer or a model caught in a cycle off
the thread that owns it; Qt then crashes, often later and somewhere unrelated (CI once
segfaulted inside a new widget's constructor). Automatic collection is therefore turned
off and a UI-thread timer does its work, collecting the generation the interpreter would
have. Calibre and novelWriter do the same; see docs/decisions/0010-collect-on-the-ui-thread.md.

The interpreter also holds back a whole-heap collection until the objects promoted since the
last one are a quarter of the heap, so a large heap is not walked again and again. Those
counts are not visible from Python; a whole-heap collection here waits instead until 50
times its last duration has passed, which keeps it under 2 % of the UI thread's time.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 1_000
OLDEST = 2
FULL_SHARE = 0.02  # at most this share of the UI thread's time goes to whole-heap collections


class UiThreadCollector(QObject):
    """Owned by the application, so it lives exactly as long as the UI thread's objects."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._full_after = 0.0  # time.monotonic() before which the whole heap is not walked
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> int | None:
        """Collect the oldest generation over its threshold, as the interpreter would;
        return which one (None when none is due), so a test can see it happen."""
        now = time.monotonic()
        due = None
        for generation, (count, threshold) in enumerate(
            zip(gc.get_count(), gc.get_threshold(), strict=False)
        ):
            if generation == OLDEST and now < self._full_after:
                continue  # the whole heap waits; younger generations are still collected
            if threshold and count > threshold:
                due = generation
        if due is not None:
            gc.collect(due)
            if due == OLDEST:
                self._full_after = now + (time.monotonic() - now) / FULL_SHARE
        return due


def collect_on_ui_thread(app: QObject) -> UiThreadCollector:
    """Install the collector once per application (the tests configure theirs repeatedly)."""
    existing = app.findChild(UiThreadCollector)
    return existing if existing is not None else UiThreadCollector(app)
