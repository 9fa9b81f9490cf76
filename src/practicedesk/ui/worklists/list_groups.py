"""The Worklists page's lists in groups: a row of groups (Tasks, Before the visits, Calls,
Money) above the lists' own tabs, which show only the chosen group's. Thirteen tabs in one
row did not fit a 1366-pixel screen: the first ones, the coordinator's own tasks, scrolled
out of sight behind the tab bar's arrows. A column of lists beside the tables was tried and
left out: at that width it took the room the tables' names and dates need.

The lists stay the pages of one `QTabWidget`, so choosing a list from anywhere (a link, a
test, Alt and a title's letter) works as before: the group row follows whichever list is
shown, and each group remembers the list last shown in it. A hidden tab answers no Alt and
letter, so the lists of the other groups get a shortcut of their own while hidden (not
while shown: two shortcuts on one key would leave Qt to fire neither).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget


class ListGroups(QTabBar):
    def __init__(
        self, tabs: QTabWidget, groups: Sequence[tuple[str, Sequence[QWidget]]], page: QWidget
    ) -> None:
        super().__init__()
        self.setObjectName("worklistGroups")
        self.setExpanding(False)
        self.setDrawBase(False)
        self._tabs = tabs
        self._members: list[list[QWidget]] = []
        self._last: dict[int, QWidget] = {}
        self._shortcuts: dict[QWidget, QShortcut] = {}
        for title, lists in groups:
            shown = [widget for widget in lists if tabs.indexOf(widget) >= 0]
            if shown:
                self.addTab(title)
                self._members.append(shown)
            for widget in shown:
                letter = _mnemonic(tabs.tabText(tabs.indexOf(widget)))
                if letter:  # while the page shows (a window shortcut of the page)
                    shortcut = QShortcut(QKeySequence(f"Alt+{letter}"), page)
                    shortcut.activated.connect(lambda w=widget: tabs.setCurrentWidget(w))
                    self._shortcuts[widget] = shortcut
        self.currentChanged.connect(self._show_group)
        tabs.currentChanged.connect(self._follow_list)
        self._follow_list()
        self._show_group(self.currentIndex())

    def _group_of(self, widget: QWidget | None) -> int:
        return next((i for i, members in enumerate(self._members) if widget in members), -1)

    def _show_group(self, group: int) -> None:
        if not 0 <= group < len(self._members):
            return
        members = self._members[group]
        # The list asked for first: a tab bar whose current tab is hidden makes the next tab
        # shown current, and the list asked for would be lost.
        wanted = self._tabs.currentWidget()
        wanted = wanted if wanted in members else self._last.get(group, members[0])
        self._tabs.setTabVisible(self._tabs.indexOf(wanted), True)
        self._tabs.setCurrentWidget(wanted)
        for index in range(self._tabs.count()):
            self._tabs.setTabVisible(index, self._tabs.widget(index) in members)
        for widget, shortcut in self._shortcuts.items():
            shortcut.setEnabled(widget not in members)

    def _follow_list(self) -> None:
        current = self._tabs.currentWidget()
        group = self._group_of(current)
        if group < 0:
            return
        self._last[group] = current
        if group != self.currentIndex():
            self.setCurrentIndex(group)  # shows the group's lists


def _mnemonic(title: str) -> str:
    """The letter after a single '&' in a tab's title, upper case; '' when it has none."""
    marked = title.replace("&&", "")
    place = marked.find("&")
    return marked[place + 1].upper() if 0 <= place < len(marked) - 1 else ""
