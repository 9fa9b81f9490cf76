"""Unconfirmed visits of the coming working days stand out in the book: a dashed border, a
"?" and "Not confirmed", explained in the tooltip."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from practicedesk.domain.hours import local_instant
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.schedule.grid_content import GridBlock
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.schedule.time_grid import TimeGridWidget
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office


def _next_working_day() -> date:
    day = practice_today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def page(qtbot, office: Office) -> SchedulePage:  # type: ignore[no-untyped-def]
    """Tomorrow's book (the next working day): Ana not confirmed at 9, Ben confirmed at 10."""
    day, schedule = _next_working_day(), office.session.schedule
    for patient, hour in ((office.ana, 9), (office.ben, 10)):
        schedule.book(
            replace(office.visit(patient, 0, hour), starts_at=local_instant(day, time(hour), ZONE))
        )
    ben = next(v for v in schedule.day(day).appointments if v.patient_id == office.ben.id)
    schedule.set_status(ben.id, VisitStatus.CONFIRMED)
    window = MainWindow(office.session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    book = window.page(0)
    assert isinstance(book, SchedulePage)
    book.show_day(day)
    qtbot.waitUntil(
        lambda: (
            book.day_view.grid.content is not None
            and book.day_view.grid.content.columns[0].day == day
            and len(book.day_view.grid.content.blocks) == 2
        ),
        timeout=5_000,
    )
    return book


def _block(grid: TimeGridWidget, name: str) -> GridBlock:
    assert grid.content is not None
    return next(b for b in grid.content.blocks if b.appointment.patient_name.startswith(name))


def _breaks_in_the_top_border(image: QImage, grid: TimeGridWidget, block: GridBlock) -> int:
    """How often the colour along the block's top edge jumps: a dashed line breaks at every
    dash, a solid one never."""
    rect = grid.block_rect(block)
    shades = [
        QColor(image.pixel(x, rect.top())).lightness()
        for x in range(rect.left() + 8, rect.right() - 24)
    ]
    return sum(1 for a, b in pairwise(shades) if abs(a - b) > 40)


def test_only_the_unconfirmed_visit_of_the_next_working_day_is_marked(
    page: SchedulePage,
) -> None:
    grid = page.day_view.grid
    assert _block(grid, "Alvarez").unconfirmed
    assert not _block(grid, "Brooks").unconfirmed  # confirmed already


def test_the_unconfirmed_visit_has_a_dashed_border_and_the_confirmed_one_a_solid_one(
    page: SchedulePage,
) -> None:
    grid = page.day_view.grid
    image = grid.grab().toImage()
    assert _breaks_in_the_top_border(image, grid, _block(grid, "Alvarez")) > 10
    assert _breaks_in_the_top_border(image, grid, _block(grid, "Brooks")) == 0


def test_hovering_the_unconfirmed_visit_says_what_the_dashes_mean(page: SchedulePage) -> None:
    grid = page.day_view.grid
    for name, said in (("Alvarez", True), ("Brooks", False)):
        where = grid.block_rect(_block(grid, name)).center()
        QApplication.sendEvent(
            grid, QHelpEvent(QEvent.Type.ToolTip, where, grid.mapToGlobal(where))
        )
        assert ("Not confirmed yet (dashed)" in QToolTip.text()) is said
