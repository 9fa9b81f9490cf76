"""Every surgery packet for a day, made off the UI thread with progress, saved to a folder;
Cancel stops it between two packets."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from practicedesk.services.session import PracticeSession
from practicedesk.ui.forms.packet_batch_dialog import PacketBatchDialog
from tests.services.schedule_fixtures import set_up_office
from tests.ui.conftest import progress_windows


def test_tomorrows_packets_are_saved_one_per_surgery(
    qtbot, owner_session: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    office = set_up_office(owner_session)
    schedule = owner_session.schedule
    for patient, hour in ((office.ana, 9), (office.ben, 13)):
        schedule.book(office.visit(patient, 1, hour, kind=office.extraction, minutes=60))
    schedule.book(office.visit(office.cleo, 1, 10))  # an exam: no packet
    day = office.monday + timedelta(days=1)
    dialog = PacketBatchDialog(owner_session, day)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.visits) == 2, timeout=5_000)
    dialog.start(folder=tmp_path)
    qtbot.waitUntil(lambda: dialog.done_count == 2, timeout=20_000)
    qtbot.waitUntil(lambda: "2 of 2" in dialog.message.text(), timeout=5_000)
    saved = sorted(tmp_path.glob("*.pdf"))
    assert [p.name.split(" ", 2)[2] for p in saved] == ["Alvarez, Ana.pdf", "Brooks, Ben.pdf"]
    first = PdfReader(saved[0]).pages[0].extract_text()
    assert "Ana Alvarez" in first and "8:30 AM" in first


def test_cancelling_stops_after_the_packet_being_made_and_keeps_it(
    qtbot, owner_session: PracticeSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    office = set_up_office(owner_session)
    for patient, hour in ((office.ana, 9), (office.ben, 13)):
        owner_session.schedule.book(office.visit(patient, 1, hour, kind=office.extraction))
    dialog = PacketBatchDialog(owner_session, office.monday + timedelta(days=1))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.visits) == 2, timeout=5_000)
    cancel_pressed = threading.Event()
    real_packet = owner_session.forms.packet

    def slow_packet(appointment_id: uuid.UUID) -> bytes:
        cancel_pressed.wait(10)  # the first packet is still being made when Cancel comes
        return real_packet(appointment_id)

    monkeypatch.setattr(owner_session.forms, "packet", slow_packet)
    dialog.start(folder=tmp_path)
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    (window,) = progress_windows()
    assert window.label.text() == "Making the packet for Alvarez, Ana…"
    qtbot.mouseClick(window.cancel, Qt.MouseButton.LeftButton)
    cancel_pressed.set()
    qtbot.waitUntil(lambda: "1 of 2" in dialog.message.text(), timeout=20_000)
    assert [p.name.split(" ", 2)[2] for p in tmp_path.glob("*.pdf")] == ["Alvarez, Ana.pdf"]
    assert dialog.save_all.isEnabled()
