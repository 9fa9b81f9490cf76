"""Hand-to-patient mode as the patient and the staff use it: no way out but the staff
password; forms signed in order; drafts handed over as the patient types."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from practicedesk.errors import WrongPassword
from practicedesk.forms.answers import Answer
from practicedesk.forms.templates import load_template
from practicedesk.ui.forms.form_view import FormViewWidget
from practicedesk.ui.forms.patient_mode import PatientModeWindow
from practicedesk.ui.widgets.signature_pad import SignaturePadWidget

CONSENT = """\
id: small-consent
version: 1
title: Small consent
sections:
  - title: Consent
    fields:
      - id: name
        type: text
        label: Your name
        required: true
      - id: signature
        type: signature
        label: Signature
        required: true
"""
NOTICE = """\
id: small-notice
version: 1
title: Small notice
sections:
  - title: Notice
    fields:
      - type: paragraph
        text: We keep your records private.
      - id: initials
        type: initials
        label: I have read the notice
"""
PASSWORD = "blue heron coffee morning"


def _unlock(password: str) -> None:
    if password != PASSWORD:
        raise WrongPassword()


@pytest.fixture
def done() -> list[tuple[int, dict[str, Answer]]]:
    return []


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, done: list[tuple[int, dict[str, Answer]]]
) -> Iterator[PatientModeWindow]:
    templates = []
    for name, text in (("consent", CONSENT), ("notice", NOTICE)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        templates.append(load_template(path))
    consent, notice = templates
    signer = {"signer_name": "Bruno Okafor", "today": "05/14/2025"}
    forms = [
        ("Consent", FormViewWidget(consent, large=True, **signer)),
        ("Notice", lambda: FormViewWidget(notice, large=True, **signer)),
    ]
    mode = PatientModeWindow(
        forms, lambda index, answers: done.append((index, answers)), _unlock, "Dana"
    )
    qtbot.addWidget(mode)
    mode.start()
    qtbot.waitExposed(mode)
    yield mode
    mode._unlocked = True  # let the test's window go
    mode.close()


def _draw(pad: SignaturePadWidget) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 50))
    for x in range(30, 150, 10):
        QTest.mouseMove(pad, QPoint(x, 50 + (x // 10 % 2) * 10))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(150, 45))


def test_escape_and_closing_are_refused(qtbot: QtBot, window: PatientModeWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    assert window.close() is False
    assert window.isVisible()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isModal()


def test_a_wrong_staff_password_keeps_it_open_with_a_message(
    qtbot: QtBot, window: PatientModeWindow
) -> None:
    qtbot.mouseClick(window.staff, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.unlock_page
    qtbot.keyClicks(window.password, "wrong guess")
    qtbot.keyClick(window.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.unlock_message.text()), timeout=5_000)
    assert "password" in window.unlock_message.text().lower()
    assert window.isVisible() and window.password.text() == ""
    qtbot.mouseClick(window.return_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.form_pages[0]


def test_the_right_staff_password_unlocks_and_closes(
    qtbot: QtBot, window: PatientModeWindow
) -> None:
    qtbot.mouseClick(window.staff, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.password, PASSWORD)
    with qtbot.waitSignal(window.sig_unlocked, timeout=5_000):
        qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_a_missing_required_answer_blocks_signing_and_says_which(
    qtbot: QtBot, window: PatientModeWindow, done: list[tuple[int, dict[str, Answer]]]
) -> None:
    view = window.view(0)
    qtbot.keyClicks(view.editors["name"].edit, "Bruno Okafor")
    qtbot.mouseClick(window.sign, Qt.MouseButton.LeftButton)
    assert "Signature" in window.message.text()
    assert window.current == 0 and not window.signed[0] and done == []
    assert not view.is_read_only()


def test_signing_every_form_reaches_the_thank_you_screen(
    qtbot: QtBot, window: PatientModeWindow, done: list[tuple[int, dict[str, Answer]]]
) -> None:
    assert window.progress.text().startswith("Form 1 of 2")
    first = window.view(0)
    qtbot.keyClicks(first.editors["name"].edit, "Bruno Okafor")
    _draw(first.editors["signature"].pad)
    with qtbot.waitSignal(window.sig_signed) as signed:
        qtbot.mouseClick(window.sign, Qt.MouseButton.LeftButton)
    assert signed.args[0] == 0 and signed.args[1]["name"] == "Bruno Okafor"
    assert first.is_read_only()
    assert window.current == 1 and window.progress.text().startswith("Form 2 of 2")
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.current == 0 and not window.sign.isVisible()  # signed: read, not re-signed
    qtbot.mouseClick(window.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.sign, Qt.MouseButton.LeftButton)  # initials are optional
    assert window.pages.currentWidget() is window.thanks
    assert not window.footer.isVisible()
    assert [index for index, _answers in done] == [0, 1]
    assert window.close() is False  # still the staff's to unlock


def test_drafts_are_handed_over_after_a_pause_in_typing(
    qtbot: QtBot, window: PatientModeWindow
) -> None:
    drafts: list[tuple[int, dict[str, Answer]]] = []
    window.sig_draft_changed.connect(lambda index, answers: drafts.append((index, answers)))
    qtbot.keyClicks(window.view(0).editors["name"].edit, "Bru")
    assert drafts == []  # not one save per key
    qtbot.waitUntil(lambda: bool(drafts), timeout=3_000)
    assert drafts == [(0, {"name": "Bru"})]
