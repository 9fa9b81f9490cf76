"""UI fixtures: Qt offscreen, the app's style, and a practice with a few patients."""

from __future__ import annotations

import traceback
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.ui import crash
from practicedesk.ui.app import configure_application
from practicedesk.ui.tasks import wait_for_tasks
from practicedesk.ui.widgets.progress_dialog import ProgressDialog


@pytest.fixture(scope="session", autouse=True)
def styled_app(qapp: QApplication) -> QApplication:
    """Style once: re-applying an application style sheet repolishes every live widget."""
    configure_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def finished_tasks() -> Iterator[None]:
    yield
    wait_for_tasks()  # no worker may outlive its test's practice


@pytest.fixture(autouse=True)
def bugs_fail_the_test(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A bug that reaches the crash dialog fails its test with the bug's own traceback. The
    real dialog is modal: offscreen it would wait for a click until the test's timeout, and
    the timeout's report shows where the dialog waited, not what went wrong. Tests of the
    dialog itself are marked `crash_dialog`."""
    if request.node.get_closest_marker("crash_dialog"):
        yield
        return
    bugs: list[BaseException] = []
    monkeypatch.setattr(crash, "report_bug", lambda error, parent=None: bugs.append(error))
    yield
    if bugs:
        pytest.fail(
            "A bug reached the crash dialog:\n" + "".join(traceback.format_exception(bugs[0])),
            pytrace=False,
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """After pytest-qt has closed the test's windows, before its practices close: a main
    window closed then makes the backup that is due on a worker, which must end first."""
    wait_for_tasks()
    yield


def progress_windows() -> list[ProgressDialog]:
    """The progress windows of long work (ui/tasks.py) on screen now."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, ProgressDialog) and widget.isVisible()
    ]


@pytest.fixture
def session_with_patients(owner_session: PracticeSession) -> PracticeSession:
    owner_session.patients.add_many(
        [
            NewPatient("Amelia", "Zimmerman"),
            NewPatient("Bruno", "Okafor"),
            NewPatient("Chloé", "Brennan"),
        ],
        reason="test",
    )
    return owner_session
