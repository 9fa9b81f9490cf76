"""The Reports page as an owner and a coordinator use it: This week's cards open their
report, the period and filters count again, money stays the owner's, the table exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from practicedesk.api import open_practice
from practicedesk.forms.answers import Answer
from practicedesk.security.roles import Role
from practicedesk.services.reports.satisfaction import SURVEY_TEMPLATE
from practicedesk.services.schedule.records import RecordedVisit, VisitStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.reports.reports_page import KEY_ROLE, ReportsPage
from practicedesk.ui.tasks import wait_for_tasks
from practicedesk.ui.widgets.combo import select_value
from tests.services.schedule_fixtures import Office, practice_today, set_up_office

CORA_PASSWORD = "cora-reads-the-reports-7"
# The main window at its narrowest (1000 pixels) less its navigation list (176).
NARROWEST_PAGE = 1000 - 176


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    """An office whose last weeks saw a few visits, one of them a no-show."""
    office = set_up_office(owner_session)
    monday = practice_today() - timedelta(days=practice_today().weekday() + 7)
    office.monday = monday
    seen = []
    for day, patient, provider in (
        (0, office.ana, office.dentist), (1, office.ben, office.hygienist),
        (2, office.cleo, office.dentist),
    ):  # fmt: skip
        visit = office.visit(patient, day, 9, provider=provider)
        seen.append(RecordedVisit(
            visit, VisitStatus.COMPLETED, arrived_at=visit.starts_at,
            seated_at=visit.starts_at + timedelta(minutes=12),
            completed_at=visit.starts_at + timedelta(minutes=40),
        ))  # fmt: skip
    seen.append(RecordedVisit(office.visit(office.ana, 3, 10), VisitStatus.NO_SHOW))
    owner_session.schedule.record_many(seen, reason="test")
    return office


def _page(qtbot: QtBot, session: PracticeSession) -> ReportsPage:
    page = ReportsPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=20_000)
    return page


def _entries(page: ReportsPage) -> list[str]:
    return [page.list.item(row).data(KEY_ROLE) for row in range(page.list.count())]


def _counted(qtbot: QtBot, page: ReportsPage, key: str) -> None:
    view = page.report_view
    qtbot.waitUntil(
        lambda: view is not None and view.report is not None and view.report.key == key
        and view.state.text() == "",
        timeout=20_000,
    )  # fmt: skip


def test_this_week_opens_first_and_each_card_opens_its_report(qtbot: QtBot, office: Office) -> None:
    page = _page(qtbot, office.session)
    assert page.stack.currentWidget() is page.this_week
    assert page.this_week is not None
    card = next(c for c in page.this_week.cards if c.figure.label == "Median wait")
    assert card.link is not None
    qtbot.mouseClick(card.link, Qt.MouseButton.LeftButton)
    _counted(qtbot, page, card.figure.report)
    assert page.stack.currentWidget() is page.report_view
    assert page.list.currentItem().data(KEY_ROLE) == card.figure.report


def test_choosing_a_provider_counts_the_report_again_for_them(qtbot: QtBot, office: Office) -> None:
    page = _page(qtbot, office.session)
    page.open_report("flow")
    _counted(qtbot, page, "flow")
    view = page.report_view
    assert view is not None and view.report is not None
    assert view.report.filters == {}
    everyone = view.model.rowCount()
    bar = view.period_bar
    assert select_value(bar.provider, office.hygienist.id)
    qtbot.waitUntil(lambda: view.report is not None and bool(view.report.filters), timeout=20_000)
    assert "Hal Hughes" in view.report.filters.values()
    assert view.chart.isVisible() and view.model.rowCount() <= everyone


def test_a_named_period_sets_both_dates(qtbot: QtBot, office: Office) -> None:
    page = _page(qtbot, office.session)
    page.open_report("schedule")
    _counted(qtbot, page, "schedule")
    view = page.report_view
    assert view is not None
    bar = view.period_bar
    bar.preset.setCurrentIndex(bar.preset.findText("This year"))
    today = practice_today()
    qtbot.waitUntil(
        lambda: view.report is not None and view.report.first == today.replace(month=1, day=1),
        timeout=20_000,
    )
    assert view.report is not None and view.report.last == today


def test_export_writes_the_table_as_csv(qtbot: QtBot, office: Office, tmp_path: Path) -> None:
    page = _page(qtbot, office.session)
    page.open_report("schedule")
    _counted(qtbot, page, "schedule")
    view = page.report_view
    assert view is not None and view.report is not None
    target = tmp_path / "schedule.csv"
    view.export_to(target)
    qtbot.waitUntil(lambda: view.saved_to == target, timeout=20_000)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == list(view.report.table.columns)
    assert len(rows) == len(view.report.table.rows) + 1
    assert str(target) in view.state.text()


@pytest.fixture
def coordinator(office: Office, data_dir: Path) -> Iterator[PracticeSession]:
    office.session.users.add(
        "cora", "Cora Coordinator", Role.COORDINATOR, CORA_PASSWORD, must_change_password=False
    )
    office.session.close()  # one session per data folder
    cora = open_practice(data_dir, "cora", CORA_PASSWORD)
    yield cora
    wait_for_tasks()
    cora.close()


def test_a_coordinator_sees_the_operational_reports_without_money_or_audit(
    qtbot: QtBot, coordinator: PracticeSession
) -> None:
    page = _page(qtbot, coordinator)
    entries = _entries(page)
    assert entries[0] == "this-week" and "flow" in entries and "patients" in entries
    assert "money" not in entries and "audit" not in entries
    assert page.this_week is not None
    labels = [card.figure.label for card in page.this_week.cards]
    assert "Visits" in labels and "Collections" not in labels


def test_every_report_fits_the_main_window_at_its_narrowest(
    qtbot: QtBot, coordinator: PracticeSession
) -> None:
    page = _page(qtbot, coordinator)
    page.resize(NARROWEST_PAGE, 640)
    assert page.minimumSizeHint().width() <= NARROWEST_PAGE, "This week"
    assert page.loaded is not None
    for kind in page.loaded.kinds:
        page.open_report(kind.key)
        _counted(qtbot, page, kind.key)
        assert page.minimumSizeHint().width() <= NARROWEST_PAGE, kind.title
    page.open_report("flow")  # all three filters
    _counted(qtbot, page, "flow")
    view = page.report_view
    assert view is not None and view.period_bar.filters.isVisible()
    assert not view.period_bar.one_row, "the filters wrap under the dates"
    assert view.figures.columns < 4, "the figures' cards take fewer columns"


def test_a_long_comment_wraps_in_a_row_tall_enough_to_read_it(qtbot: QtBot, office: Office) -> None:
    session = office.session
    visit = session.schedule.book(office.visit(office.ana, 0, 11), book_anyway=True)
    draft = session.forms.start(office.ana.id, SURVEY_TEMPLATE, visit.id)
    answers: dict[str, Answer] = dict.fromkeys(
        ("welcome", "wait", "explained", "care", "recommend"), "4"
    )
    answers["comment"] = " ".join(["The hygienist explained every step of the cleaning."] * 6)
    session.forms.sign(draft.info.id, answers, "Ana Alvarez")
    page = _page(qtbot, session)
    page.open_report("satisfaction")
    _counted(qtbot, page, "satisfaction")
    view = page.report_view
    assert view is not None and view.model.rowCount() == 1
    assert view.table.rowHeight(0) >= 3 * view.table.fontMetrics().height()
