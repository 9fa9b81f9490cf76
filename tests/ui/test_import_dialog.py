"""Importing a CSV from the Patients page: columns guessed, preview, check, import, report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from practicedesk.services.session import PracticeSession
from practicedesk.ui.patients.import_dialog import ImportPatientsDialog

CSV = (
    "Surname;Given Name;DOB;Cell;Notes\r\n"
    "Ferreira;Joana;03/14/1979;(503) 555-0101;likes mornings\r\n"
    "Nakamura;Kenji;1988-11-02;;\r\n"
    "Ostrowski;;01/01/1990;;no first name\r\n"
    "Ferreira;Joana;03/14/1979;(503) 555-0101;the same row again\r\n"
).encode("cp1252")


@pytest.fixture
def dialog(qtbot, session_with_patients: PracticeSession, tmp_path: Path) -> ImportPatientsDialog:  # type: ignore[no-untyped-def]
    path = tmp_path / "old system export.csv"
    path.write_bytes(CSV)
    shown = ImportPatientsDialog(session_with_patients)
    qtbot.addWidget(shown)
    shown.load(path)
    qtbot.waitUntil(lambda: shown.preview.rowCount() == 4, timeout=5_000)
    return shown


def test_columns_are_guessed_and_previewed(dialog: ImportPatientsDialog) -> None:
    assert dialog.columns["last_name"].currentText() == "Surname"
    assert dialog.columns["first_name"].currentText() == "Given Name"
    assert dialog.columns["date_of_birth"].currentText() == "DOB"
    assert dialog.columns["mobile_phone"].currentText() == "Cell"
    assert dialog.columns["street"].currentText() == "(not imported)"
    last = dialog.preview.columnCount() - 1
    assert dialog.preview.item(0, last).text() == "ok"
    assert "first name" in dialog.preview.item(2, last).text()


def test_a_column_left_out_changes_the_preview(qtbot, dialog: ImportPatientsDialog) -> None:  # type: ignore[no-untyped-def]
    before = dialog.preview.columnCount()
    dialog.columns["mobile_phone"].setCurrentText("(not imported)")
    qtbot.waitUntil(lambda: dialog.preview.columnCount() == before - 1, timeout=5_000)


def test_check_then_import_then_nothing_twice(
    qtbot,
    dialog: ImportPatientsDialog,
    session_with_patients: PracticeSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    patients = session_with_patients.patients
    before = patients.count()
    dialog.check.click()
    qtbot.waitUntil(lambda: "would be added" in dialog.report.toPlainText(), timeout=5_000)
    report = dialog.report.toPlainText()
    assert "2 patients would be added" in report
    assert "line 4:" in report  # the row without a first name, by its line in the file
    assert patients.count() == before
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.run.click()
    qtbot.waitUntil(lambda: "2 patients added" in dialog.report.toPlainText(), timeout=5_000)
    assert patients.count() == before + 2
    assert [p.phone for p in patients.search("Ferreira")] == ["(503) 555-0101"]
    dialog.check.click()
    qtbot.waitUntil(
        lambda: "0 patients would be added" in dialog.report.toPlainText(), timeout=5_000
    )
    assert "3 already in the practice" in dialog.report.toPlainText()  # the repeat too


def test_a_file_that_is_not_a_csv_says_so(
    qtbot, session_with_patients: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    dialog = ImportPatientsDialog(session_with_patients)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5_000)
    assert not dialog.run.isEnabled()
    assert dialog.isEnabled()
