"""The chart's Treatment plans tab as the desk uses it: a plan's items with their estimates
and totals, items added with the code completed from the list, accepted, and booked through
the appointment book, which marks the item booked."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from practicedesk.services.money.plan_records import ItemStatus, NewPlanItem
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.chart.plan_item_dialog import PlanItemDialog
from practicedesk.ui.chart.plan_items_model import PlanItemsModel
from practicedesk.ui.chart.plan_sign_dialog import PlanSignDialog
from practicedesk.ui.chart.plans_tab import PlansTab
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.widgets.page import BookingRequest
from tests.services.money.money_fixtures import MoneyOffice, set_up_money


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def _plan(money: MoneyOffice) -> uuid.UUID:
    plans = money.session.plans
    plan_id = plans.create(money.office.ana.id, "Upper right")
    plans.add_item(plan_id, NewPlanItem("D2391", "30", phase=1))
    plans.add_item(plan_id, NewPlanItem("D2740", "3", phase=2))
    return plan_id


def _tab(qtbot, money: MoneyOffice, rows: int) -> tuple[ChartWidget, PlansTab]:  # type: ignore[no-untyped-def]
    chart = ChartWidget(money.session, money.office.ana.id)
    qtbot.addWidget(chart)
    chart.resize(1300, 760)
    chart.show()
    chart.load()
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    tab = chart.plans
    chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows, timeout=5_000)
    return chart, tab


def test_the_tab_shows_each_items_estimate_and_the_totals(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _plan(money)
    _chart, tab = _tab(qtbot, money, 2)
    model = tab.model
    assert [model.index(0, c).data() for c in range(8)] == [
        "1", "D2391", "White filling back: one surface", "30", "$180.00", "$104.00", "$76.00",
        "Proposed",
    ]  # fmt: skip
    assert model.index(1, 5).data() == "$625.00"
    assert "Phase 1: fees $180.00 · insurance $104.00 · patient $76.00" in tab.totals.text()
    assert (
        "Total: fees $1,430.00 · insurance estimate $729.00 · patient's portion $701.00"
        in tab.totals.text()
    )
    assert "Upper right" in tab.heading.text() and "Bluewater Dental PPO" in tab.heading.text()
    assert not tab.book.isEnabled(), "nothing accepted yet"


def test_the_items_model_passes_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(money)
    model = PlanItemsModel()
    model.set_rows(list(money.session.plans.read(plan_id).items))
    qtmodeltester.check(model)


def test_an_item_is_added_with_its_code_completed_from_the_list(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _plan(money)
    _chart, tab = _tab(qtbot, money, 2)
    tab.add_item.click()
    qtbot.waitUntil(lambda: tab.findChild(PlanItemDialog) is not None, timeout=5_000)
    dialog = tab.findChild(PlanItemDialog)
    completer = dialog.code.completer()
    completer.setCompletionPrefix("night")
    assert completer.currentCompletion() == "D9944 Night guard"
    dialog.code.setText(completer.currentCompletion())
    dialog.phase.setValue(2)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5_000)
    added = tab.model.row_object(2)
    assert (added.code, added.phase, added.fee) == ("D9944", 2, 55_000)
    tab.add_item.click()
    qtbot.waitUntil(lambda: len(tab.findChildren(PlanItemDialog)) == 2, timeout=5_000)
    second = tab.findChildren(PlanItemDialog)[-1]
    second.code.setText("D0000")
    second.ok_button().click()
    qtbot.waitUntil(lambda: "not on the procedure list" in second.message.text(), timeout=5_000)


def test_an_accepted_item_is_booked_through_the_book_and_marked_booked(
    qtbot, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(money)
    _chart, tab = _tab(qtbot, money, 2)
    tab.table.selectRow(1)
    tab.accept_items.click()
    qtbot.waitUntil(lambda: tab.model.row_object(1).status is ItemStatus.ACCEPTED, timeout=5_000)
    tab.table.selectRow(1)
    assert tab.book.isEnabled()
    asked: list[BookingRequest] = []
    tab.sig_booking_requested.connect(asked.append)
    tab.book.click()
    (request,) = asked
    crown = tab.model.row_object(1)
    assert (request.patient_id, request.plan_item_id) == (money.office.ana.id, crown.id)

    def pick_the_first(finder: SlotFinderDialog) -> int:
        finder.search.click()
        qtbot.waitUntil(lambda: finder.results.count() > 0, timeout=5_000)
        finder.results.setCurrentRow(0)
        finder.pick.click()
        return finder.result()

    monkeypatch.setattr(SlotFinderDialog, "exec", pick_the_first)
    book = SchedulePage(money.session)
    qtbot.addWidget(book)
    book.refresh()
    qtbot.waitUntil(lambda: book.choices is not None, timeout=5_000)
    book.find_time(request)
    plans = money.session.plans
    qtbot.waitUntil(lambda: plans.read(plan_id).items[1].status is ItemStatus.BOOKED, timeout=5_000)
    booked = plans.read(plan_id).items[1]
    assert money.session.schedule.get(booked.appointment_id).patient_id == money.office.ana.id
    assert plans.accepted_not_booked() == []


def test_the_patient_signs_on_screen_and_the_plan_stays_as_signed(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(money)
    _chart, tab = _tab(qtbot, money, 2)
    tab.sign.click()
    qtbot.waitUntil(lambda: tab.findChild(PlanSignDialog) is not None, timeout=5_000)
    dialog = tab.findChild(PlanSignDialog)
    assert dialog.signer.text() == "Ana Alvarez"
    dialog.ok_button().click()
    assert "Sign on the pad first" in dialog.message.text()
    dialog.pad.show()
    QTest.mousePress(dialog.pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 60))
    for x in range(30, 170, 10):
        QTest.mouseMove(dialog.pad, QPoint(x, 60 + (x // 10 % 3) * 8))
    QTest.mouseRelease(dialog.pad, Qt.MouseButton.LeftButton, pos=QPoint(170, 50))
    dialog.ok_button().click()
    plans = money.session.plans
    qtbot.waitUntil(lambda: plans.read(plan_id).signed, timeout=5_000)
    qtbot.waitUntil(lambda: tab.plan is not None and tab.plan.signed, timeout=5_000)
    assert "signed" in tab.heading.text()
    assert not tab.add_item.isEnabled() and not tab.sign.isEnabled()
    assert [tab.model.index(r, 7).data() for r in range(2)] == ["Accepted", "Accepted"]
