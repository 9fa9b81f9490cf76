"""Importing a CSV from the Patients page: columns guessed, preview, check, import, report."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from practicedesk.progress import Progress
from practicedesk.services.session import PracticeSession
from practicedesk.ui.patients.import_dialog import ImportPatientsDialog
from tests.interop.patient_csv import csv_bytes
from tests.ui.conftest import progress_windows

HEADER = ("First Name", "Last Name", "DOB")

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


def test_an_import_cancelled_from_its_progress_window_adds_nobody(
    qtbot,
    dialog: ImportPatientsDialog,
    session_with_patients: PracticeSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    patients = session_with_patients.patients
    before = patients.count()
    importing = session_with_patients.patient_import
    real_run = importing.run

    def slow_run(*args: Any, progress: Progress, **kwargs: Any) -> object:
        deadline = time.monotonic() + 10  # as a file of many thousand rows takes a while
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_run(*args, progress=progress, **kwargs)

    monkeypatch.setattr(importing, "run", slow_run)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.run.click()
    assert not dialog.run.isEnabled()
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    (window,) = progress_windows()
    assert window.isEnabled()  # the dialog behind is busy, its Cancel is not
    qtbot.mouseClick(window.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cancelled" in dialog.report.toPlainText(), timeout=10_000)
    assert dialog.report.toPlainText() == "Cancelled: no patient was added."
    assert patients.count() == before
    assert dialog.run.isEnabled()


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


def _column(dialog: ImportPatientsDialog, header: str) -> list[str]:
    table = dialog.preview
    [column] = [c for c in range(table.columnCount())
                if table.horizontalHeaderItem(c).text() == header]  # fmt: skip
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _people(locale: str, count: int) -> list[tuple[str, ...]]:
    fake = Faker(locale)
    fake.seed_instance(8)
    return [(fake.first_name(), fake.last_name(), "1/2/1980") for _ in range(count)]


def _open(qtbot, session: PracticeSession, path: Path) -> ImportPatientsDialog:  # type: ignore[no-untyped-def]
    shown = ImportPatientsDialog(session)
    qtbot.addWidget(shown)
    shown.load(path)
    qtbot.waitUntil(lambda: shown.preview.rowCount() > 0, timeout=5_000)
    return shown


def test_a_shift_jis_file_is_previewed_with_its_names_readable(
    qtbot, session_with_patients: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    people = _people("ja_JP", 20)
    path = tmp_path / "japanese system.csv"
    path.write_bytes(csv_bytes(people, HEADER, encoding="shift_jis"))
    dialog = _open(qtbot, session_with_patients, path)
    assert _column(dialog, "First Name") == [first for first, *_ in people]
    assert "read as Shift-JIS (found from the file)" in dialog.read_as.text()


def test_names_read_in_a_wrong_encoding_are_seen_garbled_and_the_right_one_chosen(
    qtbot, session_with_patients: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    people = _people("pl_PL", 4)
    assert not all(last.isascii() for _, last, _ in people)
    path = tmp_path / "polish system.csv"
    path.write_bytes(csv_bytes(people, HEADER, encoding="cp1250"))
    dialog = _open(qtbot, session_with_patients, path)
    assert "(found from the file)" in dialog.read_as.text()
    right = [last for _, last, _ in people]
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("Windows-1251"))
    qtbot.waitUntil(lambda: "read as Windows-1251 (as chosen)" in dialog.read_as.text())
    garbled = _column(dialog, "Last Name")
    assert garbled != right and len(garbled) == len(right)  # wrong, and on show
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("Windows-1250"))
    qtbot.waitUntil(lambda: _column(dialog, "Last Name") == right, timeout=5_000)
    dialog.check.click()
    qtbot.waitUntil(lambda: "would be added" in dialog.report.toPlainText(), timeout=5_000)
    assert "(Windows-1250, comma-separated)" in dialog.report.toPlainText()


def test_an_encoding_the_file_is_not_in_is_said_and_nothing_stays_on_show(
    qtbot, session_with_patients: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "japanese system.csv"
    path.write_bytes(csv_bytes(_people("ja_JP", 5), HEADER, encoding="shift_jis"))
    dialog = _open(qtbot, session_with_patients, path)
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("UTF-8"))
    qtbot.waitUntil(lambda: "is not UTF-8 text" in dialog.message.text(), timeout=5_000)
    assert dialog.preview.rowCount() == 0
    assert not dialog.run.isEnabled()


def test_the_lines_as_read_stay_on_show_when_a_wrong_encoding_garbles_the_headers(
    qtbot, session_with_patients: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    people = _people("en_US", 5)
    path = tmp_path / "unicode text.csv"
    path.write_bytes(csv_bytes(people, HEADER, encoding="utf-16-le"))  # no byte-order mark
    dialog = _open(qtbot, session_with_patients, path)
    assert dialog.lines.toPlainText().splitlines()[0] == "First Name,Last Name,DOB"
    assert "read as UTF-16 LE (found from the file)" in dialog.read_as.text()
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("UTF-16 BE"))
    qtbot.waitUntil(lambda: "read as UTF-16 BE (as chosen)" in dialog.read_as.text())
    garbled = dialog.lines.toPlainText()
    assert garbled and "First Name" not in garbled  # what a wrong encoding looks like
    assert "column" in dialog.message.text()  # the columns cannot be made out
    assert dialog.preview.rowCount() == 0 and not dialog.run.isEnabled()
    dialog.encoding.setCurrentIndex(0)  # found from the file
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 5, timeout=5_000)
    assert _column(dialog, "First Name") == [first for first, *_ in people]


def test_a_doubtful_phone_is_previewed_as_to_check_and_reported_as_a_warning(
    qtbot, session_with_patients: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "loose numbers.csv"
    path.write_bytes(b"First Name,Last Name,DOB,Cell\r\nIvo,Petrov,2/3/1970,555-12\r\n")
    dialog = ImportPatientsDialog(session_with_patients)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 1, timeout=5_000)
    last = dialog.preview.columnCount() - 1
    assert dialog.preview.item(0, last).text().startswith("ok; to check: 555-12 is not a valid")
    dialog.check.click()
    qtbot.waitUntil(lambda: "would be added" in dialog.report.toPlainText(), timeout=5_000)
    report = dialog.report.toPlainText()
    assert "1 patients would be added" in report and "0 rows rejected" in report
    assert "Added with a value to check" in report
    assert "line 2: Petrov, Ivo. 555-12 is not a valid phone number" in report
