"""The Settings page: practice details, users (owner), the appointment book, forms, my
account, security, backups, about."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.settings.account_tab import AccountTab
from practicedesk.ui.settings.practice_tab import PracticeTab
from practicedesk.ui.settings.security_tab import SecurityTab
from practicedesk.ui.shell.about_dialog import AboutWidget
from practicedesk.ui.shell.page import PageWidget


class SettingsPage(PageWidget):
    areas = frozenset(
        {"practice", "users", "settings", "staff", "schedule setup", "forms", "backups"}
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
        from practicedesk.ui.settings.forms_tab import FormsSettingsTab

        self.forms = FormsSettingsTab(session)
        self.tabs.addTab(self.forms, self.tr("Forms"))
        self.account = AccountTab(session)
        self.tabs.addTab(self.account, self.tr("My account"))
        self.security = SecurityTab(session)
        self.tabs.addTab(self.security, self.tr("Security"))
        from practicedesk.ui.settings.backups_tab import BackupsTab

        self.backups = BackupsTab(session)
        self.tabs.addTab(self.backups, self.tr("Backups"))
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
        self.schedule_setup.refresh()
        self.forms.refresh()
