"""Walking the first-run wizard as a new owner would."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from practicedesk.api import open_practice
from practicedesk.security import kdf
from practicedesk.ui.setup.wizard import SetupWizard
from tests.conftest import FAST_KDF

PASSWORD = "harbour lights over quiet water"


@pytest.fixture(autouse=True)
def fast_key_tuning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf, "calibrate", lambda *a, **k: FAST_KDF)


def test_wizard_creates_the_practice_and_shows_the_recovery_code_once(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "office"
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    assert wizard.folder_page.isComplete()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    page = wizard.practice_page
    assert not page.isComplete()
    qtbot.keyClicks(page.name, "Seaside Smiles")
    qtbot.keyClicks(page.street, "4 Pier Road")
    page.time_zone.setCurrentText("America/Chicago")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    owner = wizard.owner_page
    qtbot.keyClicks(owner.display_name, "Dr. Nadia Reyes")
    qtbot.keyClicks(owner.username, "nadia")
    qtbot.keyClicks(owner.password.password, "short")
    assert "at least 15" in owner.password.feedback.text()
    assert not next_button.isEnabled()
    owner.password.password.clear()
    qtbot.keyClicks(owner.password.password, PASSWORD)
    qtbot.keyClicks(owner.password.repeat, PASSWORD)
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.kit_page, timeout=10_000)
    code = wizard.kit_page.code.text()
    assert len(code.replace("-", "")) == 32
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "the kit must be confirmed before finishing"

    kit_file = tmp_path / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(kit_file), ""))
    qtbot.mouseClick(wizard.kit_page.save, Qt.MouseButton.LeftButton)
    kit_text = "".join(p.extract_text() for p in PdfReader(kit_file).pages)
    assert code in kit_text and "Seaside Smiles" in kit_text

    wizard.kit_page.confirm.setChecked(True)
    with qtbot.waitSignal(wizard.sig_practice_created) as created:
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    created.args[0].session.close()

    with open_practice(data_dir, "nadia", PASSWORD) as session:
        assert session.practice.details().name == "Seaside Smiles"
        assert session.user.role.value == "owner"


def test_wizard_refuses_a_cloud_folder(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(tmp_path / "Dropbox" / "practice")
    qtbot.addWidget(wizard)
    assert not wizard.folder_page.isComplete()
    assert "own disk" in wizard.folder_page.problem.text()
    wizard.folder_page.folder.setText(str(tmp_path / "local" / "practice"))
    assert wizard.folder_page.isComplete()
