"""A new PC joining a practice whose PCs already sync: the practice comes from the shared
folder (its newest copy, then every change since), opened with the user's own password.

Offered on the first page of the set-up wizard; when it is done, PracticeDesk goes on as
after a sign-in, on the joined practice.
"""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from practicedesk.ui.widgets.form_dialog import FormDialog


class JoinDialog(FormDialog):
    sig_joined = Signal(object)  # the open PracticeSession

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "Choose the shared folder the practice's other PCs sync with (set up in "
                "Settings → Sync on one of them), and sign in as you would there. The practice "
                "is copied into {folder}, then kept up to date with the other PCs."
            ).format(folder=data_dir),
        )
        self.setWindowTitle(self.tr("Join a practice that already syncs"))
        self.data_dir = data_dir
        self.session: object | None = None
        self.share = QLineEdit()
        self.share.setPlaceholderText(self.tr(r"e.g. \\office-server\PracticeDesk or S:\Sync"))
        self.share.setAccessibleName(self.tr("Shared folder"))
        self.browse = QPushButton(self.tr("Browse…"))
        row = QHBoxLayout()
        row.addWidget(self.share, 1)
        row.addWidget(self.browse)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pc_name = QLineEdit(socket.gethostname()[:60])
        self.pc_name.setMaxLength(60)
        self.pc_name.setPlaceholderText(self.tr("e.g. Surgery 1"))
        self.form.addRow(self.tr("Shared folder"), row)
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow(self.tr("This PC's name"), self.pc_name)
        self.ok_button().setText(self.tr("Join"))
        self.browse.clicked.connect(self._on_browse_clicked)
        for field in (self.share, self.username, self.password, self.pc_name):
            field.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button().setEnabled(
            all(f.text().strip() for f in (self.share, self.username, self.pc_name))
            and bool(self.password.text())
        )

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Shared folder"), self.share.text())
        if chosen:
            self.share.setText(chosen)

    def _on_ok_clicked(self) -> None:
        data_dir, share = self.data_dir, Path(self.share.text().strip())
        username, password = self.username.text().strip(), self.password.text()
        pc_name = self.pc_name.text()
        self.message.setText(self.tr("Copying the practice from the shared folder…"))

        def work() -> object:
            from practicedesk.services.joining import join_practice

            session, _report = join_practice(data_dir, share, username, password, pc_name)
            return session

        self.submit(work, self._on_joined, database=False)

    def _on_joined(self, session: object) -> None:
        self.session = session
        self.password.clear()
        self.sig_joined.emit(session)
