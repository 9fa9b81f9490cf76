"""The restore wizard: pick a backup, prove it with a password or the recovery code, then put
it back into the data folder, or open it read-only to look something up.

It needs no signed-in session (a new PC, a damaged database, a lost password all start from
the sign-in window), so it calls the module functions of services/backup/files.py, never a
session's services. Every step that reads the disk runs on a worker; nothing is replaced
until the backup has been checked in full and the owner has confirmed what is replaced. The
long steps (checking, restoring, opening read-only) show their progress and can be cancelled
while the backup is read, which changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.progress import Progress
from practicedesk.services.backup.files import (
    BackupInfo,
    OwnerPassword,
    RecoveryCode,
    RestoreInfo,
    Secret,
)
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import practice_time

if TYPE_CHECKING:
    from practicedesk.services.looking_up import ReadOnlyBackup

_open_windows: set[QWidget] = set()  # read-only look-ups, kept alive until closed


def open_restore_wizard(
    parent: QWidget | None,
    data_dir: Path,
    on_restored: Callable[[Path], None],
    backup: Path | None = None,
    zone: tzinfo | None = None,
) -> RestoreWizard:
    """Start the wizard without blocking the caller; `on_restored(data_dir)` follows a
    restore (to offer the sign-in). A backup opened read-only gets its own main window.
    `zone` is the practice's, when someone is signed in (see `_when`)."""
    wizard = RestoreWizard(data_dir, backup, parent, zone)
    wizard.sig_restored.connect(lambda info: on_restored(info.data_dir))
    wizard.sig_backup_opened.connect(show_read_only_backup)
    wizard.open()
    return wizard


def show_read_only_backup(opened: ReadOnlyBackup) -> QWidget:
    """The ordinary main window on the backup's session: reading works, every change is
    refused by the service with one plain sentence, and closing it deletes the copy."""
    from practicedesk.ui.shell.main_window import MainWindow

    window = MainWindow(opened.session)
    when = _when(opened.backup.created_at, opened.session.zone())
    window.setWindowTitle(window.tr("Backup of {when} — read-only").format(when=when))
    _open_windows.add(window)
    window.destroyed.connect(lambda: _open_windows.discard(window))
    window.sig_signed_out.connect(window.deleteLater)
    window.show()
    return window


def describe_backup(info: BackupInfo, zone: tzinfo | None = None) -> str:
    return QCoreApplication.translate("RestoreWizard", "from {when}, in {folder}").format(
        when=_when(info.created_at, zone), folder=info.path.parent
    )


def _when(moment: datetime, zone: tzinfo | None) -> str:
    """On the practice's clocks when it is known. Before sign-in the practice's zone is
    locked inside its database, so this PC's zone is the only one there is."""
    local = moment.astimezone(zone)  # None: this PC's zone
    assert local.tzinfo is not None  # astimezone always gives an aware time
    return practice_time(local, local.tzinfo)


class RestoreWizard(QWizard):
    sig_restored = Signal(object)  # RestoreInfo
    sig_backup_opened = Signal(object)  # ReadOnlyBackup: the backup, a session on its copy

    PICK, KEY, RESTORE, LOOKUP, DONE = range(5)

    def __init__(
        self,
        data_dir: Path,
        backup: Path | None = None,
        parent: QWidget | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.zone = zone
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.pick_page = PickPage(backup)
        self.key_page = KeyPage(self)
        self.restore_page = RestorePage(self)
        self.lookup_page = LookupPage(self)
        self.done_page = DonePage()
        self.setPage(self.PICK, self.pick_page)
        self.setPage(self.KEY, self.key_page)
        self.setPage(self.RESTORE, self.restore_page)
        self.setPage(self.LOOKUP, self.lookup_page)
        self.setPage(self.DONE, self.done_page)
        self.resize(760, 560)
        self.finished.connect(self._on_finished)

    def _on_finished(self, _result: int) -> None:
        """Restored is restored, whether the owner clicks "Sign in" or closes the window."""
        if self.restore_page.restored is not None:
            self.sig_restored.emit(self.restore_page.restored)

    def backup(self) -> BackupInfo | None:
        return self.pick_page.info

    def read_only(self) -> bool:
        return self.pick_page.look_up.isChecked()

    def secret(self) -> Secret:
        return self.key_page.secret()


class PickPage(QWizardPage):
    def __init__(self, backup: Path | None) -> None:
        super().__init__()
        self.info: BackupInfo | None = None
        self.setTitle(self.tr("Which backup?"))
        self.setSubTitle(
            self.tr(
                "Choose a backup file (.pdbackup). You will see which practice it holds before "
                "anything is changed."
            )
        )
        self.file = QLineEdit(str(backup) if backup else "")
        self.file.setAccessibleName(self.tr("Backup file"))
        self.choose = QPushButton(self.tr("Choose…"))
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.problem = message_line()
        self.restore = QRadioButton(self.tr("Restore it: put the practice back as it was then"))
        self.look_up = QRadioButton(self.tr("Open read-only…: look something up, change nothing"))
        self.restore.setChecked(True)
        self._build_ui()
        self.choose.clicked.connect(self._on_choose_clicked)
        self.file.editingFinished.connect(self._on_file_chosen)
        if backup:
            self._on_file_chosen()

    def _build_ui(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.choose)
        group = QButtonGroup(self)
        group.addButton(self.restore)
        group.addButton(self.look_up)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.facts)
        layout.addSpacing(12)
        layout.addWidget(self.restore)
        layout.addWidget(self.look_up)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return self.info is not None

    def nextId(self) -> int:
        return RestoreWizard.KEY

    def _on_choose_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Backup file"), self.file.text(), self.tr("Backups (*.pdbackup)")
        )
        if chosen:
            self.file.setText(chosen)
            self._on_file_chosen()

    def _on_file_chosen(self) -> None:
        from practicedesk.services.backup.files import read_backup_header

        path = Path(self.file.text().strip()).expanduser()
        self.info = None
        self.facts.clear()
        self.problem.clear()
        self.completeChanged.emit()
        if not self.file.text().strip():
            return
        run_task(
            self,
            lambda: read_backup_header(path),
            self._on_header_read,
            self._on_header_failed,
            database=False,
        )

    def _on_header_read(self, info: BackupInfo) -> None:
        self.info = info
        when = _when(info.created_at, self.wizard().zone)  # type: ignore[attr-defined]
        self.facts.setText(
            self.tr(
                "<b>{practice}</b><br>Made {when} by PracticeDesk {program} (database "
                "revision {schema})<br>{counts}<br><br><i>This is what the file says about "
                "itself; it is proven only when the backup is checked with a password or the "
                "recovery code on the next page.</i>"
            ).format(
                practice=info.practice_name,
                when=when,
                program=info.program_version,
                schema=info.schema_revision,
                counts=info.summary,
            )
        )
        self.completeChanged.emit()

    def _on_header_failed(self, error: BaseException) -> None:
        if isinstance(error, PracticeDeskError):
            self.problem.setText(error.message)
        elif isinstance(error, OSError):
            self.problem.setText(
                self.tr("The file {file} cannot be read ({why}).").format(
                    file=self.file.text(), why=error.strerror or error
                )
            )
        else:
            from practicedesk.ui.crash import report_bug

            report_bug(error, self)


class KeyPage(QWizardPage):
    """Proves the backup: every chunk decrypted, the database inside checked and counted."""

    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.verified: BackupInfo | None = None
        self.setTitle(self.tr("Open the backup"))
        self.setSubTitle(
            self.tr(
                "A backup opens with an owner's password as it was when the backup was made, "
                "or with the recovery code from the Emergency Kit."
            )
        )
        self.with_password = QRadioButton(self.tr("With an owner's password"))
        self.with_code = QRadioButton(self.tr("With the recovery code (lost password)"))
        self.with_password.setChecked(True)
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("Owner's user name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.code.setAccessibleName(self.tr("Recovery code"))
        self.check = QPushButton(self.tr("Check the backup"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._build_ui()
        self._connect()
        self._on_method_changed()

    def _build_ui(self) -> None:
        group = QButtonGroup(self)
        group.addButton(self.with_password)
        group.addButton(self.with_code)
        form = QFormLayout()
        form.addRow(self.tr("Owner's user name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Recovery code"), self.code)
        layout = QVBoxLayout(self)
        layout.addWidget(self.with_password)
        layout.addWidget(self.with_code)
        layout.addLayout(form)
        layout.addWidget(self.check)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.with_password.toggled.connect(self._on_method_changed)
        self.check.clicked.connect(self._on_check_clicked)
        for field in (self.username, self.password, self.code):
            field.textChanged.connect(self._on_typed)
        self.password.returnPressed.connect(self._on_check_clicked)
        self.code.returnPressed.connect(self._on_check_clicked)

    def initializePage(self) -> None:
        self._on_typed()

    def secret(self) -> Secret:
        if self.with_code.isChecked():
            return RecoveryCode(self.code.text().strip())
        return OwnerPassword(self.username.text().strip(), self.password.text())

    def isComplete(self) -> bool:
        return self.verified is not None

    def nextId(self) -> int:
        return RestoreWizard.LOOKUP if self._wizard.read_only() else RestoreWizard.RESTORE

    def _on_method_changed(self) -> None:
        self._enable_fields()
        self._on_typed()

    def _on_typed(self) -> None:
        self.verified = None
        self.message.clear()
        self.completeChanged.emit()

    def _on_check_clicked(self) -> None:
        from practicedesk.services.backup.files import verify_backup

        info = self._wizard.backup()
        if info is None:
            return
        secret = self.secret()
        self._set_busy(True)
        checking = self.tr("Checking every part of the backup…")
        self.message.setText(checking)
        run_task(
            self,
            lambda progress: verify_backup(info.path, secret, progress),
            self._on_verified,
            self._on_failed,
            database=False,
            progress=checking,
            on_cancelled=self._on_cancelled,
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.check, self.username, self.password, self.code, self.with_code):
            widget.setEnabled(not busy)
        self.with_password.setEnabled(not busy)
        if not busy:
            self._enable_fields()

    def _enable_fields(self) -> None:
        by_code = self.with_code.isChecked()
        self.username.setEnabled(not by_code)
        self.password.setEnabled(not by_code)
        self.code.setEnabled(by_code)

    def _on_verified(self, info: BackupInfo) -> None:
        self._set_busy(False)
        self.verified = info
        self.message.setText(
            self.tr("The backup is whole and checked: {counts}.").format(counts=info.summary)
        )
        self.completeChanged.emit()

    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.message.setText(self.tr("The check was cancelled."))

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        show_inline(error, self.message, self)


class RestorePage(QWizardPage):
    """Says exactly what is replaced and where the old files are kept, then restores."""

    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.restored: RestoreInfo | None = None
        self._holds_practice = False
        self.setTitle(self.tr("Restore"))
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.other_practice = QCheckBox()
        self.other_practice.hide()
        self.start = QPushButton(self.tr("Restore now"))
        self.message = message_line()
        layout = QVBoxLayout(self)
        for widget in (self.explanation, self.other_practice, self.start, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.start.clicked.connect(self._on_start_clicked)
        self.other_practice.toggled.connect(self._on_confirmed)

    def initializePage(self) -> None:
        from practicedesk.services.backup.files import practice_in_folder
        from practicedesk.services.practice.folders import has_practice

        info = self._wizard.backup()
        assert info is not None
        data_dir = self._wizard.data_dir
        self._holds_practice = has_practice(data_dir)
        current = practice_in_folder(data_dir) if self._holds_practice else None
        other = current is not None and current != info.practice_id
        if self._holds_practice:
            text = self.tr(
                "The practice in {folder} will be replaced by {practice} as it was on {when}. "
                "First, a copy of its current files is kept in {folder}/safety-copies/"
                "before-restore-<date and time>, so nothing is lost. Close PracticeDesk on "
                "this PC first if it is open."
            )
        else:
            text = self.tr("{practice} as it was on {when} will be put into {folder}.")
        when = _when(info.created_at, self._wizard.zone)
        self.explanation.setText(
            text.format(folder=data_dir, practice=info.practice_name, when=when)
        )
        self.other_practice.setText(
            self.tr(
                "The folder holds a different practice. Yes, replace it with {practice}."
            ).format(practice=info.practice_name)
        )
        self.other_practice.setChecked(False)
        self.other_practice.setVisible(other)
        self.start.setEnabled(not other)
        self.message.clear()

    def isComplete(self) -> bool:
        return self.restored is not None

    def nextId(self) -> int:
        return RestoreWizard.DONE

    def _on_confirmed(self, checked: bool) -> None:
        self.start.setEnabled(checked)

    def _on_start_clicked(self) -> None:
        from practicedesk.services.backup.files import restore_backup

        info = self._wizard.backup()
        assert info is not None
        data_dir, secret = self._wizard.data_dir, self._wizard.secret()
        replace, other = self._holds_practice, self.other_practice.isChecked()
        self.start.setEnabled(False)
        self.message.clear()

        def work(progress: Progress) -> RestoreInfo:
            return restore_backup(
                info.path, data_dir, secret, replace=replace, other_practice=other,
                progress=progress,
            )  # fmt: skip

        run_task(
            self, work, self._on_restored, self._on_failed, database=False,
            progress=self.tr("Restoring…"), on_cancelled=self._on_cancelled,
        )  # fmt: skip

    def _on_cancelled(self) -> None:
        self.start.setEnabled(True)
        self.message.setText(self.tr("The restore was cancelled; nothing was changed."))

    def _on_restored(self, restored: RestoreInfo) -> None:
        self.restored = restored
        self._wizard.done_page.show_restored(restored)
        self.completeChanged.emit()
        self._wizard.next()

    def _on_failed(self, error: BaseException) -> None:
        self.start.setEnabled(True)
        show_inline(error, self.message, self)


class LookupPage(QWizardPage):
    def __init__(self, wizard: RestoreWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Open read-only"))
        self.setSubTitle(
            self.tr(
                "The backup opens in its own window, from a temporary copy on this PC. Nothing "
                "in it can be changed, and the copy is deleted when the window is closed. The "
                "practice in the data folder is not touched."
            )
        )
        self.start = QPushButton(self.tr("Open the backup"))
        self.message = message_line()
        layout = QVBoxLayout(self)
        layout.addWidget(self.start)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.start.clicked.connect(self._on_start_clicked)
        self.setFinalPage(True)

    def isComplete(self) -> bool:
        return False  # the button opens the window and closes the wizard

    def nextId(self) -> int:
        return -1

    def _on_start_clicked(self) -> None:
        from practicedesk.services.looking_up import open_backup_read_only

        info = self._wizard.backup()
        assert info is not None
        secret = self._wizard.secret()
        self.start.setEnabled(False)
        self.message.clear()
        run_task(
            self,
            lambda progress: open_backup_read_only(info.path, secret, progress),
            self._on_opened,
            self._on_failed,
            database=False,
            progress=self.tr("Opening the backup…"),
            on_cancelled=lambda: self.start.setEnabled(True),
        )

    def _on_opened(self, opened: ReadOnlyBackup) -> None:
        self._wizard.sig_backup_opened.emit(opened)
        self._wizard.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.start.setEnabled(True)
        show_inline(error, self.message, self)


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("The practice is back"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Sign in"))

    def show_restored(self, restored: RestoreInfo) -> None:
        info = restored.backup
        when = _when(info.created_at, self.wizard().zone)  # type: ignore[attr-defined]
        text = self.tr(
            "{practice} was restored into {folder} as it was on {when} ({counts}). Everyone "
            "signs in with the password they had then. The restore is recorded in the "
            "practice's audit log."
        ).format(practice=info.practice_name, folder=restored.data_dir, when=when,
                 counts=info.summary)  # fmt: skip
        if restored.safety_copy is not None:
            text += " " + self.tr(
                "The practice as it was before the restore is kept in {copy}."
            ).format(copy=restored.safety_copy)
        self.summary.setText(text)
