"""Settings → Reminders as the owner sets them up: the mail server, a test e-mail that really
goes (to the test's own server), the words with a warning when they tell too much, and the
password never shown again. The front desk does not see the tab."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from practicedesk.api import open_practice
from practicedesk.interop.smtp_channel import Security
from practicedesk.security.roles import Role
from practicedesk.services.session import PracticeSession
from practicedesk.ui.settings.reminders_tab import RemindersTab
from practicedesk.ui.settings.settings_page import SettingsPage
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.services.mail_fixtures import FROM, Inbox, mail_server


def test_the_owner_sets_up_reminders_and_a_test_email_arrives(
    qtbot, owner_session: PracticeSession, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(owner_session)
    qtbot.addWidget(page)
    tab = page.reminders
    assert isinstance(tab, RemindersTab)
    page.tabs.setCurrentWidget(tab)
    page.refresh()
    qtbot.waitUntil(lambda: tab.loaded is not None, timeout=5_000)
    assert not tab.enabled.isChecked()  # off until the owner turns it on
    assert tab.sending_pc.currentText().startswith("This PC")
    inbox = Inbox()
    told: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("owner@example.com", True))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    with mail_server(inbox) as port:
        tab.enabled.setChecked(True)
        tab.host.setText("127.0.0.1")
        tab.security.setCurrentIndex(tab.security.findData(Security.NONE))
        tab.port.setValue(port)
        tab.password.setText("app password 1")
        tab.from_address.setText(FROM)
        tab.from_name.setText("Harbor Test Dental")
        tab.text.setPlainText("Hi {first_name}, {procedure} on {day} at {time}.")
        assert "{procedure}" in tab.health.text()  # more than needed: the owner is told
        qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: owner_session.reminder_setup.get().enabled, timeout=5_000)
        qtbot.waitUntil(lambda: tab.password.placeholderText() != "", timeout=5_000)
        qtbot.mouseClick(tab.test, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    saved = owner_session.reminder_setup.get()
    assert (saved.host, saved.port, saved.from_address, saved.password_set) == (
        "127.0.0.1", port, FROM, True,
    )  # fmt: skip
    this_pc = owner_session.reminder_setup.this_pc
    assert saved.sender_device == this_pc
    assert saved.sender_name == owner_session.reminder_setup.pc_names()[this_pc]  # not "This PC"
    assert tab.password.text() == ""  # a stored password is never read back
    assert told == ["The mail server took it. Check that it arrived at owner@example.com."]
    (test,) = inbox.received
    assert test["To"] == "owner@example.com"
    assert test.get_body(("plain",)).get_content().startswith("Hi Alex, Cleaning on ")


def test_the_front_desk_does_not_see_the_reminders_tab(qtbot, closed_practice: Path) -> None:  # type: ignore[no-untyped-def]
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as owner:
        owner.users.add("cora", "Cora", Role.COORDINATOR, OTHER_PASSWORD,
                        must_change_password=False)  # fmt: skip
    with open_practice(closed_practice, "cora", OTHER_PASSWORD) as coordinator:
        page = SettingsPage(coordinator)
        qtbot.addWidget(page)
        titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert page.reminders is None and "Reminders" not in titles
        page.close()
