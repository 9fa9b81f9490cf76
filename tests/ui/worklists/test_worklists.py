"""The Worklists page: my tasks, and a double-click that opens the patient's chart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from practicedesk.services.chart.insurance import PolicyChange
from practicedesk.services.chart.tasks import NewTask
from practicedesk.services.patients.chart_numbers import CHART_NUMBER_TASK
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Task
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.renumber_dialog import RenumberDialog
from practicedesk.ui.widgets.verify_dialog import VerifyDialog
from tests.services.insurance_fixtures import policy_checked_long_ago
from tests.services.record_fixtures import share_number
from tests.services.schedule_fixtures import set_up_office

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


def test_enter_on_a_policy_to_verify_records_the_call_from_the_last_answers(
    qtbot, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    office = set_up_office(owner_session)
    policy = policy_checked_long_ago(office, office.ana)
    other = owner_session.insurance.add_carrier("Harbor Mutual")
    owner_session.insurance.save_policy(office.ben.id, PolicyChange(other.id, "HM-7"))
    owner_session.schedule.book(office.visit(office.ana, 0, 9))
    owner_session.schedule.book(office.visit(office.ben, 0, 11))
    main = MainWindow(owner_session)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=5_000)
    page = main.page(WORKLISTS)
    page.tabs.setCurrentWidget(page.verify)
    qtbot.waitUntil(lambda: page.verify.table.rowCount() == 2, timeout=5_000)
    assert not page.record_check.isEnabled()  # no row chosen yet
    page.verify.table.selectRow(0)
    assert page.record_check.isEnabled()
    page.verify.table.setFocus()
    qtbot.keyClick(page.verify.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.findChild(VerifyDialog) is not None, timeout=5_000)
    dialog = page.findChild(VerifyDialog)
    assert dialog.windowTitle() == "Verify Bluewater Dental"
    assert (dialog.remaining.text(), dialog.deductible_left.text()) == ("1200.00", "50.00")
    dialog.remaining.setText("950")
    dialog.reference.setText("R-9")
    qtbot.keyClick(dialog.reference, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.verify.table.rowCount() == 1, timeout=5_000)
    assert page.verify.selected().patient_id == office.ben.id  # the next one, for Enter
    qtbot.waitUntil(lambda: main.focusWidget() is page.verify.table, timeout=5_000)
    last = owner_session.insurance.last_verification(office.ana.id, policy)
    assert last is not None
    assert (last.reference, last.remaining_cents, last.deductible_left_cents) == (
        "R-9", 95_000, 5_000,
    )  # fmt: skip
    assert "Verified Bluewater Dental for Alvarez, Ana" in main.statusBar().currentMessage()
