"""The sign-in window: the first thing painted, so it imports nothing but Qt widgets (not
even the `Qt` enum namespace, which costs 14 ms).

Signing in derives the key (about half a second) on a worker thread; while the user types,
another worker imports the database layer so the main window is ready right after.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from practicedesk.ui.widgets.card import build_card, message_label

if TYPE_CHECKING:
    from practicedesk.services.backup.files import BackupInfo


class LoginWindow(QWidget):
    sig_session_opened = Signal(object)  # PracticeSession
    sig_recovery_requested = Signal(str)  # the user name typed so far

    def __init__(self, data_dir: Path, suggested_user: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._data_dir = data_dir
        self._offered_backup: Path | None = None  # the newest backup, once damage is found
        self.restore_wizard: QWidget | None = None
        self.setWindowTitle(self.tr("PracticeDesk — Sign in"))
        self.setObjectName("loginWindow")
        self._build_ui(suggested_user)
        self._connect()

    def _build_ui(self, suggested_user: str) -> None:
        subtitle = QLabel(self.tr("Sign in to open the practice."))
        subtitle.setObjectName("loginSubtitle")
        self.username = QLineEdit(suggested_user)
        self.username.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.message = message_label()
        self.message.hide()
        self.sign_in = QPushButton(self.tr("Sign in"))
        self.sign_in.setDefault(True)
        self.sign_in.setAutoDefault(True)
        self.forgot = QPushButton(self.tr("Forgot the owner's password?"))
        self.forgot.setFlat(True)
        self.forgot.setObjectName("linkButton")
        self.restore = QPushButton(self.tr("Restore from a backup…"))
        self.restore.setFlat(True)
        self.restore.setObjectName("linkButton")
        folder = QLabel(self.tr("Data folder: {folder}").format(folder=self._data_dir))
        folder.setObjectName("loginFolder")
        folder.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot)
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in)

        card_layout = build_card(self, self.tr("PracticeDesk"))
        card_layout.addWidget(subtitle)
        card_layout.addSpacing(16)
        card_layout.addLayout(form)
        card_layout.addWidget(self.message)
        card_layout.addSpacing(8)
        card_layout.addLayout(buttons)
        card_layout.addSpacing(12)
        card_layout.addWidget(folder)
        self.resize(640, 460)
        (self.password if self.username.text() else self.username).setFocus()

    def _connect(self) -> None:
        self.sign_in.clicked.connect(self._on_sign_in_clicked)
        self.password.returnPressed.connect(self._on_sign_in_clicked)
        self.username.returnPressed.connect(self.password.setFocus)
        self.forgot.clicked.connect(self._on_forgot_clicked)
        self.restore.clicked.connect(self._on_restore_clicked)
        QShortcut(QKeySequence.StandardKey.Quit, self, self.close)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.sign_in, self.forgot, self.restore):
            widget.setEnabled(not busy)
        self.sign_in.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        if not busy:
            self.password.setFocus()

    def _on_forgot_clicked(self) -> None:
        self.sig_recovery_requested.emit(self.username.text().strip())

    def _on_restore_clicked(self) -> None:
        from practicedesk.ui.backup.restore_wizard import open_restore_wizard

        self.restore_wizard = open_restore_wizard(
            self, self._data_dir, self._on_restored, self._offered_backup
        )

    def _on_restored(self, _data_dir: Path) -> None:
        self._offered_backup = None
        self.restore.setText(self.tr("Restore from a backup…"))
        self.restore.setFlat(True)
        self.show_message(
            self.tr(
                "The practice is restored. Sign in with the password you had when the backup "
                "was made."
            )
        )
        self.username.setFocus()

    def _on_sign_in_clicked(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_message(self.tr("Type your user name and password."))
            return
        self.show_message("")
        self.set_busy(True)
        data_dir = self._data_dir

        def work() -> object:
            from practicedesk.api import open_practice

            return open_practice(data_dir, username, password)

        from practicedesk.ui.tasks import run_task

        run_task(self, work, self._on_opened, self._on_failed, database=False)

    def _on_opened(self, session: object) -> None:
        self.password.clear()
        self.set_busy(False)
        self.sig_session_opened.emit(session)

    def _on_failed(self, error: BaseException) -> None:
        from practicedesk.errors import (
            DamagedDatabase,
            DamagedKeystore,
            PracticeDeskError,
            WrongPassword,
        )

        self.set_busy(False)
        self.password.selectAll()
        if isinstance(error, PracticeDeskError):
            self.show_message(error.message)
            if not isinstance(error, WrongPassword):
                self.password.clear()
            if isinstance(error, DamagedDatabase | DamagedKeystore):
                self._offer_newest_backup(error.message)
            return
        from practicedesk.ui.crash import report_bug

        report_bug(error, self)

    def _offer_newest_backup(self, problem: str) -> None:
        """A damaged practice: name the newest backup in plain words, one click from the
        restore. Its backup places are stored inside the damaged database, so the search is
        in the usual folder beside the data folder; the wizard lets the owner pick another."""
        from practicedesk.services.backup.files import find_backups, usual_backup_folder
        from practicedesk.ui.tasks import run_task

        usual = usual_backup_folder(self._data_dir)

        def offer(found: list[BackupInfo]) -> None:
            from practicedesk.ui.backup.restore_wizard import describe_backup

            if found:
                newest = found[0]
                self._offered_backup = newest.path
                self.restore.setText(
                    self.tr("Restore the newest backup ({backup})…").format(
                        backup=describe_backup(newest)
                    )
                )
                advice = self.tr("The newest backup can put the practice back.")
            else:
                advice = self.tr(
                    "No backup was found in {folder}. If there is one on a USB drive or "
                    "elsewhere, restore it from there."
                ).format(folder=usual)
            self.show_message(f"{problem}\n\n{advice}")
            self.restore.setFlat(False)
            self.restore.setFocus()

        run_task(self, lambda: find_backups(usual), offer, database=False)
