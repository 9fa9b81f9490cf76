"""Setting up the book in Settings: a chair, its hours, an appointment type, the grid step."""

from __future__ import annotations

from datetime import time

import pytest

from practicedesk.domain.hours import DailyHours
from practicedesk.services.practice.settings import GRID_MINUTES
from practicedesk.services.session import PracticeSession
from practicedesk.ui.settings.schedule_setup_dialogs import AppointmentTypeDialog, ResourceDialog
from practicedesk.ui.settings.schedule_setup_tab import ScheduleSetupTab


@pytest.fixture
def tab(qtbot, owner_session: PracticeSession) -> ScheduleSetupTab:  # type: ignore[no-untyped-def]
    widget = ScheduleSetupTab(owner_session)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: bool(widget.loaded), timeout=5_000)
    return widget


def test_a_new_chair_gets_its_weekly_hours(
    qtbot, tab: ScheduleSetupTab, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def name_it(dialog: ResourceDialog) -> int:
        dialog.name.setText("Chair 5")
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(ResourceDialog, "exec", name_it)
    tab.add_chair.click()
    qtbot.waitUntil(lambda: tab.resources.count() == 1, timeout=5_000)
    tab.resources.setCurrentRow(0)
    saturday_works, saturday_times = tab.hours.rows[5]
    saturday_works.setChecked(True)
    saturday_times[2].setTime(saturday_times[1].time())  # no afternoon on Saturdays
    saturday_times[3].setTime(saturday_times[1].time())
    tab.save_hours.click()
    qtbot.waitUntil(lambda: tab.hours_status.text() == "Saved.", timeout=5_000)
    chair = tab.session.staff.rooms()[0]
    hours = tab.session.schedule_setup.weekly_hours("room", chair.id)
    assert DailyHours(5, time(8), time(12)) in hours
    assert DailyHours(5, time(13), time(17)) not in hours
    assert len(hours) == 11  # weekdays twice, Saturday once


def test_an_appointment_type_is_added(
    qtbot, tab: ScheduleSetupTab, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: AppointmentTypeDialog) -> int:
        dialog.name.setText("Whitening")
        dialog.minutes.setValue(45)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(AppointmentTypeDialog, "exec", fill)
    tab.add_type.click()
    qtbot.waitUntil(lambda: tab.types.count() == 1, timeout=5_000)
    [kind] = tab.session.schedule_setup.appointment_types()
    assert (kind.name, kind.minutes) == ("Whitening", 45)


def test_the_grid_step_is_a_setting(qtbot, tab: ScheduleSetupTab) -> None:  # type: ignore[no-untyped-def]
    tab.step.setCurrentIndex(tab.step.findData(10))
    tab.step.activated.emit(tab.step.currentIndex())
    qtbot.waitUntil(lambda: tab.session.settings.get(GRID_MINUTES) == 10, timeout=5_000)
