"""The Worklists page's lists in four groups: every list within reach on a 1366-pixel screen,
one group's tabs shown at a time, and a list chosen from anywhere brings its group along."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.worklists.worklists_page import WorklistsPage

WORKLISTS = 2


@pytest.fixture
def page(qtbot, owner_session: PracticeSession) -> Iterator[WorklistsPage]:  # type: ignore[no-untyped-def]
    window = MainWindow(owner_session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(WORKLISTS)
    worklists = window.page(WORKLISTS)
    assert isinstance(worklists, WorklistsPage)
    yield worklists


def _shown(page: WorklistsPage) -> list[str]:
    tabs = page.tabs
    return [tabs.tabText(i).split(" (")[0] for i in range(tabs.count()) if tabs.isTabVisible(i)]


def _scrolls(page: WorklistsPage) -> bool:
    """Whether the lists' tab bar shows its arrows (some tab out of sight)."""
    arrows = page.tabs.tabBar().findChildren(QToolButton)
    return any(arrow.isVisible() for arrow in arrows)


def test_each_group_shows_its_own_lists_and_every_one_fits_the_screen(
    qtbot, page: WorklistsPage
) -> None:  # type: ignore[no-untyped-def]
    groups = page.groups
    assert [groups.tabText(i) for i in range(groups.count())] == [
        "Tasks", "Before the visits", "Calls", "Money",
    ]  # fmt: skip
    expected = [
        ["My tasks", "All open tasks"],
        ["Insurance to verify", "Referrals && authorizations", "Surgery readiness"],
        ["&Recall", "C&onfirmations", "&Unscheduled", "Reminders"],
        ["Balances to collect", "Claims to follow", "Accepted, not booked", "The day's money"],
    ]
    for index, lists in enumerate(expected):
        groups.setCurrentIndex(index)
        qtbot.wait(20)
        assert _shown(page) == lists
        assert not _scrolls(page)
    for index in range(page.tabs.count()):  # all thirteen in one row, as before the groups
        page.tabs.setTabVisible(index, True)
    qtbot.wait(20)
    assert _scrolls(page)


def test_a_list_of_another_group_brings_its_group_and_each_group_remembers_its_list(
    qtbot, page: WorklistsPage
) -> None:  # type: ignore[no-untyped-def]
    groups = page.groups
    assert groups.currentIndex() == 0 and page.tabs.currentWidget() is page.mine
    page.tabs.setCurrentWidget(page.surgeries)  # as a link to the readiness board does
    assert groups.currentIndex() == 1 and page.tabs.currentWidget() is page.surgeries
    assert _shown(page)[-1] == "Surgery readiness"
    qtbot.keyClick(page.window(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert groups.currentIndex() == 2 and page.tabs.currentWidget() is page.confirmations
    qtbot.keyClick(page.window(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.unscheduled  # the tab bar's own Alt+U
    groups.setCurrentIndex(1)
    assert page.tabs.currentWidget() is page.surgeries  # where this group was left
    groups.setCurrentIndex(2)
    assert page.tabs.currentWidget() is page.unscheduled
    groups.setCurrentIndex(3)
    assert page.tabs.currentWidget() is page.money[0]
