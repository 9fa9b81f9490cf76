"""The book on a narrow window: the toolbar's widgets never draw over one another, and the
agenda gives a long name the room it needs instead of cutting it to "Cervantes, …"."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.schedule.schedule_toolbar import ScheduleToolbar, View
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.schedule_fixtures import Office, set_up_office

LONG_NAME = NewPatient("Maximiliana Esperanza", "Cervantes-Villalobos")  # like the demo's longest


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _page(qtbot, office: Office, width: int) -> SchedulePage:  # type: ignore[no-untyped-def]
    window = MainWindow(office.session)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    qtbot.waitExposed(window)
    page = window.page(0)
    assert isinstance(page, SchedulePage)
    page.show_day(office.monday)
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5_000)
    return page


def _shown(toolbar: QWidget) -> list[tuple[str, QRect]]:
    """Every visible control of the toolbar, in the toolbar's coordinates (the controls, not
    their own insides such as a date box's text field)."""
    found = []
    for widget in toolbar.findChildren(QWidget):
        holder = widget.parentWidget()
        if (
            widget.isVisible()
            and widget.layout() is None
            and type(holder) in (QWidget, ScheduleToolbar)
        ):
            corner = widget.mapTo(toolbar, widget.rect().topLeft())
            found.append((widget.text() if hasattr(widget, "text") else type(widget).__name__,
                          QRect(corner, widget.size())))  # fmt: skip
    return found


@pytest.mark.parametrize("view", [View.DAY, View.WEEK, View.AGENDA])
def test_at_1000_pixels_wide_no_toolbar_widget_covers_another(
    qtbot, office: Office, view: View
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, office, 1000)
    page.toolbar.view_buttons.button(list(View).index(view)).click()
    qtbot.wait(50)
    shown = _shown(page.toolbar)
    assert len(shown) >= 10  # the views, the date, the columns box, the tools
    overlapping = [(a, b) for (a, ra), (b, rb) in combinations(shown, 2) if ra.intersects(rb)]
    assert overlapping == []
    for name, rect in shown:
        assert page.toolbar.rect().contains(rect), name


def test_at_1600_pixels_wide_the_toolbar_is_one_row(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, office, 1600)
    rows = {rect.top() // 20 for _name, rect in _shown(page.toolbar)}
    assert len(rows) == 1


@pytest.mark.parametrize("width", [1000, 1600])
def test_the_agenda_shows_a_long_name_in_full(qtbot, office: Office, width: int) -> None:  # type: ignore[no-untyped-def]
    patient = office.session.patients.add(LONG_NAME)
    office.session.schedule.book(office.visit(patient, 1, 10))
    page = _page(qtbot, office, width)
    page.toolbar.view_buttons.button(list(View).index(View.AGENDA)).click()
    qtbot.waitUntil(lambda: page.agenda.rowCount() == 1, timeout=5_000)
    view = page.agenda_view
    name = page.agenda.index(0, 1).data()
    assert name == "Cervantes-Villalobos, Maximiliana Esperanza"
    needed = view.fontMetrics().horizontalAdvance(name)
    qtbot.waitUntil(lambda: view.columnWidth(1) >= needed, timeout=2_000)
