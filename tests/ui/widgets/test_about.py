"""The program's icon on its windows, and the About box: the version, the build and the
self-test's verdict, which support asks for first."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QLabel

from practicedesk import __version__
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.about_dialog import AboutDialog


def test_every_window_carries_the_practicedesk_icon_in_small_and_large_sizes(
    qapp: QApplication,
) -> None:
    sizes = qapp.windowIcon().availableSizes()
    assert QSize(16, 16) in sizes and QSize(256, 256) in sizes
    assert qapp.desktopFileName() == "practicedesk"


def test_the_about_box_shows_version_build_and_the_self_test_verdict(
    qtbot,
    owner_session: PracticeSession,  # type: ignore[no-untyped-def]
) -> None:
    dialog = AboutDialog(owner_session)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"PracticeDesk {__version__}" in texts
    assert "run from source (not a release build)" in texts
    assert dialog.about.self_test_label.text().startswith("Checking this PC")
    qtbot.waitUntil(lambda: not dialog.about.self_test.running(), timeout=120_000)
    assert dialog.about.self_test_label.text() == "Passed: all 9 parts work."
    assert "ok    Printing" in dialog.about.self_test_label.toolTip()


def test_closing_the_about_box_early_stops_its_self_test(
    qtbot,
    owner_session: PracticeSession,  # type: ignore[no-untyped-def]
) -> None:
    dialog = AboutDialog(owner_session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.about.self_test_label.text().startswith("Checking this PC")
    assert not dialog.about.self_test.running()
