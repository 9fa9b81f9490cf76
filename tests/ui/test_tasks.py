"""Work off the UI thread (ui/tasks.py): results and errors come back, and nothing the work
touched is freed on the worker, where freeing a Qt object crashes."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

import shiboken6
from PySide6.QtWidgets import QWidget

from practicedesk.ui.tasks import run_task, wait_for_tasks


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
