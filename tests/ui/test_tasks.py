"""Work off the UI thread (ui/tasks.py): results and errors come back, nothing the work
touched is freed on the worker, where freeing a Qt object crashes, and long work shows its
progress after a moment, with a Cancel that stops it."""

from __future__ import annotations

import gc
import threading
import time
from typing import ClassVar

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from practicedesk.progress import Progress, stop_if_cancelled
from practicedesk.ui import tasks
from practicedesk.ui.tasks import TaskProgress, run_task, wait_for_tasks
from practicedesk.ui.widgets.progress_dialog import ProgressDialog
from tests.ui.conftest import progress_windows


class _Marker:
    """Notes the thread its last reference was dropped on."""

    freed_on: ClassVar[list[str]] = []

    def __del__(self) -> None:
        _Marker.freed_on.append(threading.current_thread().name)


def test_the_result_comes_back_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, str]] = []
    run_task(
        None, lambda: 6 * 7, lambda result: seen.append((result, threading.current_thread().name))
    )
    qtbot.waitUntil(lambda: seen != [], timeout=5_000)
    assert seen == [(42, threading.main_thread().name)]


def test_an_error_reaches_the_error_callback(qtbot) -> None:  # type: ignore[no-untyped-def]
    def fail() -> None:
        raise ValueError("the share is full")

    errors: list[BaseException] = []
    run_task(None, fail, lambda _result: None, errors.append)
    qtbot.waitUntil(lambda: errors != [], timeout=5_000)
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "the share is full"


def test_a_closed_window_gets_no_result_but_its_error_is_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    results: list[object] = []
    errors: list[BaseException] = []
    closed = threading.Event()  # neither task finishes before the window is gone

    def rows() -> str:
        closed.wait(5)
        return "rows"

    def fail() -> None:
        closed.wait(5)
        raise RuntimeError("disk gone")

    run_task(window, rows, results.append, errors.append)
    run_task(window, fail, results.append, errors.append)
    shiboken6.delete(window)
    closed.set()
    qtbot.waitUntil(lambda: errors != [], timeout=5_000)
    wait_for_tasks()
    qtbot.wait(50)
    assert results == []
    assert [str(error) for error in errors] == ["disk gone"]


def test_what_the_work_held_and_returned_is_freed_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    _Marker.freed_on.clear()
    captured = _Marker()  # stands for a window the work's closure refers to

    def work(held: _Marker = captured) -> _Marker:
        return _Marker()

    done: list[bool] = []
    run_task(None, work, lambda _result: done.append(True))
    del captured, work
    qtbot.waitUntil(lambda: done != [], timeout=5_000)
    wait_for_tasks()
    qtbot.waitUntil(lambda: len(_Marker.freed_on) == 2, timeout=5_000)
    assert _Marker.freed_on == [threading.main_thread().name] * 2


def test_an_errors_traceback_is_freed_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    _Marker.freed_on.clear()

    def fail() -> None:
        local = _Marker()  # kept alive by the traceback's frame
        raise RuntimeError(f"failed holding {local!r}")

    errors: list[BaseException] = []
    run_task(None, fail, None, lambda error: errors.append(type(error)()))
    qtbot.waitUntil(lambda: errors != [], timeout=5_000)
    wait_for_tasks()
    gc.collect()  # the traceback and its frames form a cycle
    qtbot.waitUntil(lambda: _Marker.freed_on != [], timeout=5_000)
    assert _Marker.freed_on == [threading.main_thread().name]


# -- long work with progress ------------------------------------------------------------------


def _wait_for_cancel(progress: Progress, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not progress.cancelled and time.monotonic() < deadline:
        time.sleep(0.01)


def test_quick_work_shows_no_progress_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    made: list[str] = []

    class Recorded(ProgressDialog):
        def __init__(self, text: str, **kwargs: object) -> None:
            made.append(text)
            super().__init__(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tasks, "ProgressDialog", Recorded)
    done: list[int] = []
    run_task(None, lambda progress: 42, done.append, progress="Counting…")
    qtbot.waitUntil(lambda: done == [42], timeout=5_000)
    qtbot.wait(tasks.SHOW_AFTER_MS + 200)
    assert made == []


def test_long_work_shows_its_reports_after_a_moment_and_cancel_stops_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    outcome: list[str] = []

    def work(progress: Progress) -> str:
        progress.report(5, 10, "Writing the backup…")
        _wait_for_cancel(progress)
        stop_if_cancelled(progress)
        return "finished"

    started = time.monotonic()
    run_task(
        owner, work, outcome.append, lambda error: outcome.append(f"error {error}"),
        database=False, progress="Backing up…", on_cancelled=lambda: outcome.append("cancelled"),
    )  # fmt: skip
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    assert time.monotonic() - started >= tasks.SHOW_AFTER_MS / 1000 - 0.05
    (window,) = progress_windows()
    assert window.parent() is owner and window.isModal()
    assert window.label.text() == "Writing the backup…"
    assert (window.bar.value(), window.bar.maximum()) == (500, 1000)
    qtbot.mouseClick(window.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outcome != [], timeout=5_000)
    assert outcome == ["cancelled"]  # not an error: nothing alarming is shown
    assert progress_windows() == []


def test_closing_the_progress_window_asks_the_work_to_stop(qtbot) -> None:  # type: ignore[no-untyped-def]
    outcome: list[str] = []

    def work(progress: Progress) -> str:
        _wait_for_cancel(progress)
        return "cancelled" if progress.cancelled else "ran to the end"

    run_task(None, work, outcome.append, database=False, progress="Printing…")
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    (window,) = progress_windows()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and window.label.text() == "Stopping…"  # until it has stopped
    qtbot.waitUntil(lambda: outcome != [], timeout=5_000)
    assert outcome == ["cancelled"]


def test_the_newest_of_many_reports_is_the_one_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    def work(progress: Progress) -> None:
        for row in range(1, 100_001):
            progress.report(row, 100_000, f"Checking row {row}…")
        _wait_for_cancel(progress)

    run_task(None, work, database=False, progress="Checking the file's rows…")
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    (window,) = progress_windows()
    qtbot.waitUntil(lambda: window.label.text() == "Checking row 100000…", timeout=5_000)
    assert window.bar.value() == window.bar.maximum()
    window.cancel.click()


def test_work_without_a_window_can_still_be_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    progress = TaskProgress()
    outcome: list[str] = []

    def work() -> None:
        _wait_for_cancel(progress)
        stop_if_cancelled(progress)

    run_task(None, work, database=False, on_cancelled=lambda: outcome.append("cancelled"))
    progress.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5_000)


def test_work_that_ends_after_the_application_is_torn_down_ends_quietly(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A process quitting with work still running tore the relay down first; the work's
    last emit raised "Signal source has been deleted" on the worker."""
    relay = tasks._Relay(lambda: 42, None, lambda _error: None, None)
    shiboken6.delete(relay)
    relay.work()  # the emit finds no relay: nothing to tell, nothing raised
