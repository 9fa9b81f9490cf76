"""Recall → Postcards and labels: the coordinator prints for those listed, minus the ones
unticked, and each patient printed for has one more attempt on the list and in the chart."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from practicedesk.api import open_practice
from practicedesk.domain.new_patient import NewPatient
from practicedesk.domain.recall import add_months
from practicedesk.security.roles import Role
from practicedesk.ui.recall.mailing_dialog import RecallMailingDialog
from practicedesk.ui.recall.recall_list import RecallListWidget
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.conftest import OTHER_PASSWORD
from tests.services.schedule_fixtures import Office, practice_today
from tests.ui.recall.conftest import cleaned, worklists


def _with_address(office: Office, first: str, last: str, months_ago: int) -> None:
    person = office.session.patients.add(
        NewPatient(first, last, street="77 Fir St", city="Salem", region="OR",
                   postal_code="97301")
    )  # fmt: skip
    cleaned(office, person, add_months(practice_today(), -months_ago))


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_postcards_and_labels_print_for_the_patients_ticked_and_count_as_an_attempt(
    qtbot, window: MainWindow, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _with_address(office, "Dora", "Diaz", 10)
    _with_address(office, "Eli", "Evans", 7)
    shown: list[tuple[str, bytes]] = []

    def choose(dialog: RecallMailingDialog) -> int:
        assert dialog.patients.count() == 5 and len(dialog.chosen()) == 5
        for n in range(dialog.patients.count()):
            if dialog.patients.item(n).text() == "Evans, Eli":
                dialog.patients.item(n).setCheckState(Qt.CheckState.Unchecked)
        dialog.labels.setChecked(True)
        assert dialog.print_button.text() == "Print for 4 patients"
        return RecallMailingDialog.DialogCode.Accepted

    monkeypatch.setattr(RecallMailingDialog, "exec", choose)
    monkeypatch.setattr(
        PdfPreviewDialog, "exec", lambda d: shown.append((d.windowTitle(), d.pdf)) or 0
    )
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    recall = worklists(window).recall
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: recall.model.rowCount() == 5, timeout=5_000)
    assert recall.postcards.isEnabled()
    recall.postcards.click()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    (cards_title, cards), (labels_title, labels) = shown
    assert (cards_title, labels_title) == ("Recall postcards", "Mailing labels")
    # Only Dora has an address among those ticked: Ana, Ben and Cleo are named as left out.
    assert "Dora" in _text(cards) and "Eli" not in _text(cards)
    assert "Dora Diaz" in _text(labels) and "Evans" not in _text(labels)
    assert recall.status.text() == (
        "Printed for 1 patient, noted as sent a postcard. Left out, with no mailing address: "
        "Alvarez, Ana; Brooks, Ben; Chen, Cleo."
    )
    dora = next(r for r in range(5) if recall.model.row_object(r).name == "Diaz, Dora")
    qtbot.waitUntil(lambda: recall.model.row_object(dora).attempts == 1, timeout=5_000)
    assert recall.model.row_object(dora).last_outcome == "postcard sent"
    assert sum(recall.model.row_object(r).attempts for r in range(5)) == 1


def test_a_clinician_sees_the_list_but_cannot_print_postcards(
    qtbot, office: Office, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        recall = RecallListWidget(clinician)
        qtbot.addWidget(recall)
        assert not recall.postcards.isEnabled()
        recall.show()
        recall.refresh()
        qtbot.waitUntil(lambda: recall.model.rowCount() == 3, timeout=5_000)
        QApplication.processEvents()
        assert not recall.postcards.isEnabled()
