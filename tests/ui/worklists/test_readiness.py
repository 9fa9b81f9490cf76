"""The surgery readiness board on the Worklists page, and one surgery's checklist dialog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from practicedesk.domain.readiness import Colour, Key, State
from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.worklists import worklists_page
from practicedesk.ui.worklists.readiness_dialog import ReadinessDialog
from tests.services.schedule_fixtures import Office, set_up_office

WORKLISTS, BOARD_TAB = 2, 4


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    office = set_up_office(owner_session)
    office.session.schedule.book(office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60))
    return office


@pytest.fixture
def page(qtbot, office: Office) -> Iterator[worklists_page.WorklistsPage]:  # type: ignore[no-untyped-def]
    main = MainWindow(office.session)
    qtbot.addWidget(main)
    main.show()
    board = main.page(WORKLISTS)
    board.tabs.setCurrentIndex(BOARD_TAB)
    qtbot.waitUntil(lambda: board.surgeries.table.rowCount() == 1, timeout=5_000)
    yield board


def test_the_board_lists_the_surgery_with_its_colour_in_words(
    page: worklists_page.WorklistsPage,
) -> None:
    table = page.surgeries.table
    assert table.item(0, 1).text() == "Alvarez, Ana"
    assert table.item(0, 2).text() == "Extraction"
    assert table.item(0, 4).text() in ("Amber — not yet", "Red — at risk")
    assert "escort" in table.item(0, 5).text()
    assert page.tabs.tabText(BOARD_TAB) == "Surgery readiness (1)"


def test_ticking_the_escort_in_the_checklist_changes_the_item(
    qtbot,  # type: ignore[no-untyped-def]
    page: worklists_page.WorklistsPage,
    office: Office,
) -> None:
    page.surgeries.table.selectRow(0)
    row = page.surgeries.selected()
    dialog = ReadinessDialog(office.session, row, office.session.schedule.zone(), page)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: "escort" in dialog.boxes, timeout=5_000)
    dialog.note.setText("her son drives")
    dialog.boxes["escort"].click()
    qtbot.waitUntil(
        lambda: (
            dialog.checklist is not None and dialog.checklist.item(Key.ESCORT).state is State.DONE
        ),
        timeout=5_000,
    )
    assert dialog.boxes["escort"].isChecked()
    assert "her son drives" in dialog.checklist.item(Key.ESCORT).detail
    dialog.close()
    qtbot.waitUntil(lambda: "escort" not in page.surgeries.table.item(0, 5).text(), timeout=5_000)


def test_print_packet_previews_the_visits_packet(
    qtbot,  # type: ignore[no-untyped-def]
    page: worklists_page.WorklistsPage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[bytes] = []

    class FakePreview:
        def __init__(self, pdf: bytes, *_args: object, **_kwargs: object) -> None:
            shown.append(pdf)

        def open(self) -> None:
            pass

    monkeypatch.setattr(worklists_page, "PdfPreviewDialog", FakePreview)
    page.surgeries.table.selectRow(0)
    assert page.print_packet.isEnabled()
    page.print_packet.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown[0].startswith(b"%PDF-")


def test_the_board_counts_each_missing_item_above_the_list(
    page: worklists_page.WorklistsPage,
) -> None:
    """One surgery with an empty chart: every item a person must bring is counted once, and
    the count line says how many are at risk and how many are in the next working days."""
    counts = page.board_counts.text()
    assert page.board_counts.isVisibleTo(page)
    assert "Still to do: " in counts
    for gap in ("consent 1", "escort 1", "photo ID 1", "pre-op instructions 1"):
        assert gap in counts
    row = page.surgeries.selected() or page.surgeries._rows[0]
    assert f"{int(row.colour is Colour.RED)} at risk" in counts
    assert f"{int(row.soon)} in the next 2 working days" in counts
