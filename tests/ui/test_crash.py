"""An unexpected error: logged for support, explained in plain words, the program goes on."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from practicedesk.errors import InvalidInput
from practicedesk.ui import crash
from practicedesk.ui.errors import show_error


@pytest.mark.crash_dialog
def test_an_unexpected_error_is_logged_and_explained(
    qtbot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    previous_hook = sys.excepthook
    crash.install_crash_handler()
    try:
        with caplog.at_level(logging.CRITICAL, logger="practicedesk.crash"):
            try:
                raise RuntimeError("internal detail")
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
            qtbot.waitUntil(lambda: bool(shown), timeout=3_000)
    finally:
        sys.excepthook = previous_hook
    assert "did not expect" in shown[0] and "safe" in shown[0]
    assert "internal detail" not in shown[0]
    assert any(record.exc_info for record in caplog.records)


def test_a_users_error_is_shown_as_its_own_sentence(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, QMessageBox.Icon]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.icon())))
    show_error(None, InvalidInput("The practice needs a name."))
    assert shown == [("The practice needs a name.", QMessageBox.Icon.Warning)]
