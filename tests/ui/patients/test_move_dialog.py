"""Moving from another system on the Patients page: the old system's values matched once, the
preview's verdicts, a check, the import with its backup, and the mapping remembered."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QMessageBox

from practicedesk.services.moving.imports import LegacyImport
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.session import PracticeSession
from practicedesk.ui.patients.move_dialog import MoveDialog
from tests.services.moving.moving_fixtures import MovingOffice, set_up_moving

EXPORT = (
    "AptNum,PatNum,AptDateTime,Pattern,ProvNum,Op,ProcDescript,AptStatus,Note\r\n"
    "1,201,2025-03-04 09:00:00,//XXXX//,1,11,Ex,2,seen\r\n"
    "2,203,2025-03-04 10:00:00,XXXXXX,1,11,Pro,5,\r\n"
    "3,999,2025-03-04 11:00:00,XXXXXX,1,11,Pro,2,\r\n"
)


@pytest.fixture
def moving(owner_session: PracticeSession) -> MovingOffice:
    return set_up_moving(owner_session)


@pytest.fixture
def dialog(qtbot, moving: MovingOffice, tmp_path: Path) -> MoveDialog:  # type: ignore[no-untyped-def]
    path = tmp_path / "appointment.txt"
    path.write_text(EXPORT, "utf-8")
    shown = MoveDialog(moving.session)
    qtbot.addWidget(shown)
    assert shown.kind.currentData() == "appointments"
    assert shown.preset.currentData() == "open-dental"
    shown.load(path)
    qtbot.waitUntil(lambda: shown.preview.rowCount() == 3, timeout=5_000)
    return shown


def _match(dialog: MoveDialog, what: str, old: str, new: str) -> None:
    table = dialog.matches[what]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == old)
    box = table.cellWidget(row, 2)
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(new))


def test_the_old_systems_providers_and_chairs_are_matched_once_and_the_preview_follows(
    qtbot,  # type: ignore[no-untyped-def]
    dialog: MoveDialog,
) -> None:
    assert dialog.columns["starts"].currentText() == "AptDateTime"
    assert dialog.columns["provider"].currentText() == "ProvNum"
    assert "not matched" in dialog.preview.item(0, 1).text()
    providers = dialog.matches["provider"]
    assert (providers.item(0, 0).text(), providers.item(0, 1).text()) == ("1", "3")
    _match(dialog, "provider", "1", "Dr. Ada Park")
    _match(dialog, "chair", "11", "Chair 1")
    qtbot.waitUntil(lambda: dialog.preview.item(0, 1).text() == "ok", timeout=5_000)
    assert "No patient has the old system's id 999" in dialog.preview.item(2, 1).text()


def test_check_then_import_with_its_backup_then_nothing_the_second_time(
    qtbot,  # type: ignore[no-untyped-def]
    dialog: MoveDialog,
    moving: MovingOffice,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _match(dialog, "provider", "1", "Dr. Ada Park")
    _match(dialog, "chair", "11", "Chair 1")
    qtbot.waitUntil(lambda: dialog.preview.item(0, 1).text() == "ok", timeout=5_000)
    dialog.check.click()
    qtbot.waitUntil(lambda: "Would add" in dialog.report.toPlainText(), timeout=10_000)
    report = dialog.report.toPlainText()
    assert "Would add: 2 visits." in report and "line 4:" in report
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.run.click()
    qtbot.waitUntil(lambda: "Added: 2 visits." in dialog.report.toPlainText(), timeout=20_000)
    assert dialog.report.toPlainText().startswith("Backed up first to ")
    assert not dialog.run.isEnabled()
    session = moving.session
    dana = session.patients.search("Dana Reyes")[0].id
    [visit] = session.schedule.for_patient(dana)
    assert visit.starts_at.date() == date(2025, 3, 4)
    # The matches were remembered with the import: a new dialog starts from them.
    again = MoveDialog(session)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.mapping.value_map("provider") != {}, timeout=5_000)
    assert again.mapping.value_map("provider") == {"1": "Dr. Ada Park"}


def test_a_file_that_is_no_appointment_list_is_refused_in_a_sentence(
    qtbot,  # type: ignore[no-untyped-def]
    moving: MovingOffice,
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Shoe Size,Favourite Colour\r\n9,blue\r\n", "utf-8")
    shown = MoveDialog(moving.session)
    qtbot.addWidget(shown)
    shown.load(path)
    qtbot.waitUntil(lambda: "No column" in shown.message.text(), timeout=5_000)
    assert not shown.run.isEnabled() and not shown.check.isEnabled()


def test_a_file_read_before_its_mapping_is_in_is_not_previewed_with_no_mapping(
    qtbot,  # type: ignore[no-untyped-def]
    moving: MovingOffice,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a busy PC the file came in first and every line read "status 2 is not one
    PracticeDesk knows" until the preset's mapping arrived."""
    slow = LegacyImport.starting_mapping

    def starting_mapping(self: LegacyImport, preset_name: str | None = None) -> MoveMapping:
        time.sleep(0.5)
        return slow(self, preset_name)

    monkeypatch.setattr(LegacyImport, "starting_mapping", starting_mapping)
    path = tmp_path / "appointment.txt"
    path.write_text(EXPORT, "utf-8")
    shown = MoveDialog(moving.session)
    qtbot.addWidget(shown)
    verdicts: list[str] = []
    real = shown._show_preview

    def show(looked):  # type: ignore[no-untyped-def]
        real(looked)
        verdicts.extend(shown.preview.item(r, 1).text() for r in range(shown.preview.rowCount()))

    monkeypatch.setattr(shown, "_show_preview", show)
    shown.load(path)
    qtbot.waitUntil(lambda: shown.preview.rowCount() == 3, timeout=10_000)
    assert verdicts and not any("not one PracticeDesk knows" in v for v in verdicts)
