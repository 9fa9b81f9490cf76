"""The Worklists page: my tasks, and a double-click that opens the patient's chart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from practicedesk.services.chart.tasks import NewTask
from practicedesk.services.patients.chart_numbers import CHART_NUMBER_TASK
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Task
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.renumber_dialog import RenumberDialog
from tests.services.record_fixtures import share_number

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


def test_a_task_about_a_shared_chart_number_offers_the_owner_to_renumber_either_chart(
    qtbot, window: MainWindow, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    bruno, chloe = session.patients.search("Okafor")[0], session.patients.search("Brennan")[0]
    share_number(session, chloe.id, bruno.chart_number)
    session.tasks.add(NewTask("Order gloves"))
    with session._ctx.db.writing() as db:  # as the sync round makes it
        db.add(Task(kind=CHART_NUMBER_TASK, patient_id=bruno.id, title="Two patients …"))
    page = window.page(WORKLISTS)
    page.tabs.setCurrentWidget(page.everyone)
    qtbot.waitUntil(lambda: page.everyone.table.rowCount() == 2, timeout=5_000)
    rows = [page.everyone.table.item(row, 0).text() for row in range(2)]
    page.everyone.table.selectRow(rows.index("Order gloves"))
    assert not page.renumber.isEnabled()
    page.everyone.table.selectRow(rows.index("Two patients …"))
    assert page.renumber.isEnabled()
    page.renumber.click()
    dialog = page.findChild(RenumberDialog)
    qtbot.waitUntil(lambda: len(dialog.choices.buttons()) == 2, timeout=5_000)
    names = sorted(button.text().split(",")[0] for button in dialog.choices.buttons())
    assert names == ["Brennan", "Okafor"]
    dialog.choices.buttons()[1].setChecked(True)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: page.everyone.table.rowCount() == 1, timeout=5_000)
    assert session.tasks.list()[0].title == "Order gloves"
