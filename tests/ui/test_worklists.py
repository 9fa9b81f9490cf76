"""The Worklists page: my tasks, and a double-click that opens the patient's chart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from practicedesk.services.session import PracticeSession
from practicedesk.services.tasks import NewTask
from practicedesk.ui.chart.chart_view import ChartWidget
from practicedesk.ui.shell.main_window import MainWindow

PATIENTS, WORKLISTS = 1, 2


@pytest.fixture
def window(qtbot, session_with_patients: PracticeSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(session_with_patients)
    qtbot.addWidget(main)
    main.show()
    yield main


def test_my_tasks_list_and_done(
    qtbot, window: MainWindow, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    bruno = session.patients.search("Okafor")[0]
    session.tasks.add(NewTask("Call about the crown", patient_id=bruno.id,
                              assignee_id=session.user.user_id))  # fmt: skip
    session.tasks.add(NewTask("Order gloves"))  # for nobody in particular
    page = window.page(WORKLISTS)
    qtbot.waitUntil(lambda: page.mine.table.rowCount() == 1, timeout=5_000)
    assert page.mine.table.item(0, 0).text() == "Call about the crown"
    assert page.mine.table.item(0, 1).text() == "Bruno Okafor"
    assert page.everyone.table.rowCount() == 2
    assert page.tabs.tabText(0) == "My tasks (1)"
    page.mine.table.selectRow(0)
    page.done.click()
    qtbot.waitUntil(lambda: page.mine.table.rowCount() == 0, timeout=5_000)
    assert session.tasks.mine() == []


def test_double_click_opens_the_chart(
    qtbot, window: MainWindow, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    bruno = session.patients.search("Okafor")[0]
    session.tasks.add(NewTask("Send x-rays", patient_id=bruno.id, assignee_id=session.user.user_id))
    page = window.page(WORKLISTS)
    qtbot.waitUntil(lambda: page.mine.table.rowCount() == 1, timeout=5_000)
    page.mine.table.selectRow(0)
    page.mine.sig_activated.emit(page.mine.selected())
    assert window.pages.currentIndex() == PATIENTS
    chart = window.page(PATIENTS).tabs.currentWidget()
    assert isinstance(chart, ChartWidget) and chart.patient_id == bruno.id
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
