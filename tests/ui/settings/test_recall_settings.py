"""Settings → Recall: the usual recall types in one click, a recall type of the practice's
own, and a follow-up task that a missed visit leaves behind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.settings.recall_dialogs import FollowUpRuleDialog, RecallTypeDialog
from practicedesk.ui.settings.recall_tab import RecallTab
from practicedesk.ui.widgets.combo import select_value
from tests.services.schedule_fixtures import Office, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def tab(qtbot, office: Office) -> RecallTab:  # type: ignore[no-untyped-def]
    widget = RecallTab(office.session)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.loaded is not None, timeout=5_000)
    return widget


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def test_the_usual_recall_types_are_added_once_tied_to_the_cleaning(qtbot, tab: RecallTab) -> None:  # type: ignore[no-untyped-def]
    tab.add_usual.click()
    qtbot.waitUntil(lambda: tab.recall_types.count() == 2, timeout=5_000)
    assert tab.status.text() == "2 recall types added."
    assert _texts(tab.recall_types) == [
        "Hygiene — every 6 months, done by Cleaning; everyone",
        "Bitewing X-rays — every 12 months, done by Cleaning; everyone",
    ]
    tab.add_usual.click()
    qtbot.waitUntil(lambda: tab.status.text().startswith("Nothing added"), timeout=5_000)
    assert tab.recall_types.count() == 2


def test_a_recall_type_of_the_practices_own_needs_the_visits_that_do_it(
    qtbot, tab: RecallTab, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []

    def fill(dialog: RecallTypeDialog) -> int:
        dialog.name.setText("Extraction check")
        dialog.months.setValue(0)
        dialog.days.setValue(10)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5_000)
        problems.append(dialog.message.text())
        extraction = next(
            dialog.satisfied_by.item(i)
            for i in range(dialog.satisfied_by.count())
            if dialog.satisfied_by.item(i).text() == "Extraction"
        )
        extraction.setCheckState(Qt.CheckState.Checked)
        select_value(dialog.book_as, office.exam.id)
        dialog.everyone.setCurrentIndex(1)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(RecallTypeDialog, "exec", fill)
    tab.add_type.click()
    assert problems == ["Choose the visit types that count as this recall done."]
    qtbot.waitUntil(lambda: tab.recall_types.count() == 1, timeout=5_000)
    assert _texts(tab.recall_types) == [
        "Extraction check — every 10 days, done by Extraction; patients put on it"
    ]
    (kind,) = office.session.recall_types.list()
    assert (kind.satisfied_by, kind.book_type_id, kind.everyone) == (
        (office.extraction.id,), office.exam.id, False,
    )  # fmt: skip


def test_a_follow_up_rule_for_no_shows_leaves_a_task_after_one(
    qtbot, tab: RecallTab, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: FollowUpRuleDialog) -> int:
        select_value(dialog.trigger, "no-show")
        dialog.title.setText("Reschedule the missed visit")
        dialog.due_after.setValue(2)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(FollowUpRuleDialog, "exec", fill)
    tab.add_rule.click()
    qtbot.waitUntil(lambda: tab.rules.count() == 1, timeout=5_000)
    assert _texts(tab.rules) == [
        "After a no-show: Reschedule the missed visit, due 2 working days after"
    ]
    session = office.session
    visit = session.schedule.book(office.visit(office.ben, 0, 9))
    session.schedule.set_status(visit.id, VisitStatus.NO_SHOW)
    assert [t.title for t in session.tasks.list() if t.patient_id == office.ben.id] == [
        "Reschedule the missed visit"
    ]
