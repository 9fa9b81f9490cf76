"""Every surgery packet for a day, made off the UI thread with progress, saved to a folder."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader

from practicedesk.services.session import PracticeSession
from practicedesk.ui.forms.packet_batch_dialog import PacketBatchDialog
from tests.services.schedule_fixtures import set_up_office


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
