"""The Settings page: practice details, users (owner), the appointment book, recall and
follow-ups, forms, checks, fees (for those who see money), my account, security, backups,
sync, about."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from practicedesk.services.areas import Area
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.settings.account_tab import AccountTab
from practicedesk.ui.settings.practice_tab import PracticeTab
from practicedesk.ui.settings.security_tab import SecurityTab
from practicedesk.ui.widgets.about_dialog import AboutWidget
from practicedesk.ui.widgets.page import PageWidget


class SettingsPage(PageWidget):
    areas = frozenset(
        {
            Area.PRACTICE,
            Area.USERS,
            Area.SETTINGS,
            Area.STAFF,
            Area.SCHEDULE_SETUP,
            Area.FORMS,
            Area.BACKUPS,
            Area.SYNC,
            Area.MONEY,
        }
    )

    def __init__(self, session: PracticeSession) -> None:
        super().__init__(session)
        self.tabs = QTabWidget()
        self.practice = PracticeTab(session)
        self.tabs.addTab(self.practice, self.tr("Practice"))
        self.users = None
        if session.can(Permission.MANAGE_USERS):
            from practicedesk.ui.settings.users_tab import UsersTab

            self.users = UsersTab(session)
            self.tabs.addTab(self.users, self.tr("Users"))
        from practicedesk.ui.settings.schedule_setup_tab import ScheduleSetupTab

        self.schedule_setup = ScheduleSetupTab(session)
        self.tabs.addTab(self.schedule_setup, self.tr("Appointment book"))
        from practicedesk.ui.settings.recall_tab import RecallTab

        self.recall = RecallTab(session)
        self.tabs.addTab(self.recall, self.tr("Recall"))
        from practicedesk.ui.settings.forms_tab import FormsSettingsTab

        self.forms = FormsSettingsTab(session)
        self.tabs.addTab(self.forms, self.tr("Forms"))
        from practicedesk.ui.settings.checks_tab import ChecksTab

        self.checks = ChecksTab(session)
        self.tabs.addTab(self.checks, self.tr("Checks"))
        self.fees = None
        if session.can(Permission.VIEW_MONEY):
            from practicedesk.ui.money.fees_tab import FeesTab

            self.fees = FeesTab(session)
            self.tabs.addTab(self.fees, self.tr("Fees"))
        self.account = AccountTab(session)
        self.tabs.addTab(self.account, self.tr("My account"))
        self.security = SecurityTab(session)
        self.tabs.addTab(self.security, self.tr("Security"))
        from practicedesk.ui.settings.backups_tab import BackupsTab

        self.backups = BackupsTab(session)
        self.backups.sig_restore_requested.connect(self._on_restore_requested)
        self.tabs.addTab(self.backups, self.tr("Backups"))
        from practicedesk.ui.settings.sync_tab import SyncTab

        self.sync = SyncTab(session)
        self.tabs.addTab(self.sync, self.tr("Sync"))
        self.reminders = None
        if session.can(Permission.SET_UP_REMINDERS):
            from practicedesk.ui.settings.reminders_tab import RemindersTab

            self.reminders = RemindersTab(session)
            self.tabs.addTab(self.reminders, self.tr("Reminders"))
        self.tabs.addTab(AboutWidget(session), self.tr("About"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        if not self.practice.has_unsaved_changes():
            self.practice.refresh()
        if self.users is not None:
            self.users.refresh()
        self.security.refresh()
        self.backups.refresh()
        self.sync.refresh()
        if self.reminders is not None:
            self.reminders.refresh()
        self.schedule_setup.refresh()
        self.recall.refresh()
        self.forms.refresh()
        self.checks.refresh()
        if self.fees is not None:
            self.fees.refresh()

    def show_sync(self) -> None:
        self.tabs.setCurrentWidget(self.sync)

    def _on_restore_requested(self) -> None:
        """A restore replaces the open practice, which this PC holds while signed in: sign
        out first, then restore from the sign-in window. Looking something up in a backup
        needs no sign-out: it opens in its own read-only window."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Restore from a backup"))
        box.setText(
            self.tr(
                "To put a backup back, PracticeDesk signs out first; then choose “Restore from "
                "a backup…” on the sign-in window. To look something up in an old backup "
                "without changing anything, open it read-only."
            )
        )
        sign_out = box.addButton(self.tr("Sign out to restore"), QMessageBox.ButtonRole.AcceptRole)
        look_up = box.addButton(self.tr("Open one read-only…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is sign_out:
            self.window().sign_out()  # type: ignore[attr-defined]
        elif box.clickedButton() is look_up:
            from practicedesk.ui.backup.restore_wizard import open_restore_wizard

            open_restore_wizard(
                self, self.session.data_dir, lambda _folder: None, zone=self.session.zone()
            )
