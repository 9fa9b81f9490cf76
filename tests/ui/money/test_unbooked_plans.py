"""Worklists → Accepted, not booked: treatment a patient agreed to with no visit yet, booked
from the list through the appointment book (the item then leaves the list), or its chart
opened."""

from __future__ import annotations

import pytest

from practicedesk.services.money.plan_records import ItemStatus, NewPlanItem
from practicedesk.ui.money.unbooked_plans_model import UnbookedPlansModel
from practicedesk.ui.money.unbooked_plans_widget import UnbookedPlansWidget
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.money.money_fixtures import MoneyOffice

WORKLISTS = 2


def _accepted(money: MoneyOffice) -> None:
    plans = money.session.plans
    plan_id = plans.create(money.office.ana.id, "Upper right")
    for code, tooth in (("D2740", "3"), ("D2391", "30"), ("D0120", "")):
        plans.add_item(plan_id, NewPlanItem(code, tooth))
    crown, filling, _exam = plans.read(plan_id).items
    plans.decide([crown.id, filling.id], accepted=True)


def _unbooked(qtbot, window: MainWindow, rows: int) -> UnbookedPlansWidget:  # type: ignore[no-untyped-def]
    page = window.page(WORKLISTS)
    widget = next(w for w in page.money if isinstance(w, UnbookedPlansWidget))
    page.tabs.setCurrentWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() == rows, timeout=5_000)
    return widget


def test_accepted_items_are_listed_and_booked_from_the_list(
    qtbot, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _accepted(money)
    window = MainWindow(money.session)
    qtbot.addWidget(window)
    window.resize(1300, 700)
    window.show()
    widget = _unbooked(qtbot, window, 2)
    page = window.page(WORKLISTS)
    assert page.tabs.tabText(page.tabs.indexOf(widget)) == "Accepted, not booked (2)"
    model: UnbookedPlansModel = widget.model
    assert [model.index(0, c).data() for c in range(1, 9)] == [
        "Alvarez, Ana", "Upper right", "1", "D2740", "Crown: porcelain/ceramic", "3",
        "$1,250.00", "never booked",
    ]  # fmt: skip
    assert widget.total.text() == "2 to book, $1,430.00 of treatment"
    assert not widget.book.isEnabled()

    def pick_the_first(finder: SlotFinderDialog) -> int:
        finder.search.click()
        qtbot.waitUntil(lambda: finder.results.count() > 0, timeout=5_000)
        finder.results.setCurrentRow(0)
        finder.pick.click()
        return finder.result()

    monkeypatch.setattr(SlotFinderDialog, "exec", pick_the_first)
    widget.table.selectRow(0)
    widget.book.click()
    plans = money.session.plans
    qtbot.waitUntil(lambda: len(plans.accepted_not_booked()) == 1, timeout=5_000)
    (plan,) = plans.for_patient(money.office.ana.id)
    assert plans.read(plan.id).items[0].status is ItemStatus.BOOKED
    page.tabs.setCurrentWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5_000)
    assert widget.model.index(0, 4).data() == "D2391"


def test_open_the_chart_shows_the_patients_chart(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _accepted(money)
    window = MainWindow(money.session)
    qtbot.addWidget(window)
    window.show()
    widget = _unbooked(qtbot, window, 2)
    widget.table.selectRow(1)
    widget.open_chart.click()
    assert window.pages.currentIndex() == 1  # Patients, with Ana's chart
    assert window.page(1).tabs.currentWidget().patient_id == money.office.ana.id


def test_the_unbooked_model_passes_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _accepted(money)
    model = UnbookedPlansModel()
    model.set_rows(money.session.plans.accepted_not_booked())
    qtmodeltester.check(model)
