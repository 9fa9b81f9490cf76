"""First run: where the data lives, the practice, the owner, then the recovery code.

The practice is created when the owner page is accepted (key tuning and the first database
take a second or two, on a worker). The last page shows the recovery code once and will not
finish until the owner confirms the Emergency Kit is saved or printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from practicedesk.documents.emergency_kit import EmergencyKit
from practicedesk.services.opening import NewOwner, NewPractice
from practicedesk.services.practice.details import PracticeDetails, guess_time_zone, time_zone_names
from practicedesk.services.practice.folders import why_not_usable
from practicedesk.ui.errors import message_line
from practicedesk.ui.setup.emergency_kit_actions import print_kit, save_kit
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.password_field import NewPasswordWidget


class SetupWizard(QWizard):
    sig_practice_created = Signal(object)  # NewPractice, emitted when the wizard finishes
    sig_practice_restored = Signal(object)  # Path: a backup was restored there instead
    sig_practice_joined = Signal(object)  # PracticeSession: joined from a sync folder instead

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up PracticeDesk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.created: NewPractice | None = None
        self.folder_page = FolderPage(data_dir)
        self.folder_page.restore.clicked.connect(self._on_restore_clicked)
        self.folder_page.join.clicked.connect(self._on_join_clicked)
        self.restore_wizard: QWidget | None = None
        self.join_dialog: QWidget | None = None
        self.practice_page = PracticePage()
        self.owner_page = OwnerPage(self)
        self.kit_page = KitPage(self)
        for page in (self.folder_page, self.practice_page, self.owner_page, self.kit_page):
            self.addPage(page)
        self.resize(760, 600)
        self.finished.connect(self._on_finished)

    def details(self) -> PracticeDetails:
        return self.practice_page.details()

    def data_dir(self) -> Path:
        return self.folder_page.data_dir()

    def _on_finished(self, result: int) -> None:
        if result == QWizard.DialogCode.Accepted and self.created is not None:
            self.sig_practice_created.emit(self.created)

    def _on_restore_clicked(self) -> None:
        """A new PC: the practice comes back from a backup instead of being set up again."""
        from practicedesk.ui.backup.restore_wizard import open_restore_wizard

        self.restore_wizard = open_restore_wizard(
            self, self.data_dir(), self.sig_practice_restored.emit
        )

    def _on_join_clicked(self) -> None:
        """Another PC of the practice already syncs: this one starts from the shared copy."""
        from practicedesk.ui.sync.join_dialog import JoinDialog

        dialog = JoinDialog(self.data_dir(), self)
        dialog.sig_joined.connect(self.sig_practice_joined.emit)
        self.join_dialog = dialog
        dialog.open()


class FolderPage(QWizardPage):
    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to PracticeDesk"))
        self.setSubTitle(
            self.tr(
                "PracticeDesk keeps the practice's records encrypted on this PC. First, where "
                "should they live?"
            )
        )
        self.folder = QLineEdit(str(data_dir))
        self.folder.setAccessibleName(self.tr("Data folder"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._on_choose_clicked)
        self.problem = message_line()
        note = QLabel(
            self.tr(
                "Use a folder on this PC's own disk. Network drives and cloud folders such as "
                "OneDrive or Dropbox damage databases that are in use; to share the practice "
                "with another PC, set up Sync later. If another PC of the practice already "
                "syncs, join it below."
            )
        )
        note.setWordWrap(True)
        self.restore = QPushButton(self.tr("Restore from a backup…"))
        self.restore.setObjectName("linkButton")
        self.restore.setFlat(True)
        self.restore.setToolTip(
            self.tr(
                "A new PC, or a practice moving here: put a backup into this folder, opened "
                "with an owner's password or the recovery code."
            )
        )
        self.join = QPushButton(self.tr("Join a practice that already syncs…"))
        self.join.setObjectName("linkButton")
        self.join.setFlat(True)
        self.join.setToolTip(
            self.tr(
                "Another PC of the practice syncs through a shared folder: copy the practice "
                "from there into this folder and keep it up to date."
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Data folder")))
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addStretch(1)
        links = QHBoxLayout()
        links.addWidget(self.restore)
        links.addWidget(self.join)
        links.addStretch(1)
        layout.addLayout(links)
        self.folder.textChanged.connect(self._on_folder_changed)
        self._on_folder_changed()

    def data_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def isComplete(self) -> bool:
        return bool(self.folder.text().strip()) and not self.problem.text()

    def _on_choose_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Data folder"), self.folder.text())
        if chosen:
            self.folder.setText(str(Path(chosen) / "PracticeDesk"))

    def _on_folder_changed(self) -> None:
        text = self.folder.text().strip()
        problem = why_not_usable(Path(text).expanduser()) if text else None
        self.problem.setText(problem or "")
        self.join.setEnabled(not problem and bool(text))
        self.completeChanged.emit()


class PracticePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("The practice"))
        self.setSubTitle(self.tr("This appears on letterheads, forms and packets."))
        self.name = QLineEdit()
        self.street = QLineEdit()
        self.city = QLineEdit()
        self.region = QLineEdit()
        self.region.setMaximumWidth(120)
        self.postal_code = QLineEdit()
        self.postal_code.setMaximumWidth(120)
        self.phone = QLineEdit()
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(time_zone_names())
        completer = self.time_zone.completer()
        assert completer is not None  # an editable combo box makes its own
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.time_zone.setCurrentText(guess_time_zone() or "America/New_York")
        self.problem = message_line()
        place = QHBoxLayout()
        place.addWidget(self.city, 1)
        place.addWidget(self.region)
        place.addWidget(self.postal_code)
        form = QFormLayout(self)
        form.addRow(self.tr("Practice name"), self.name)
        form.addRow(self.tr("Street address"), self.street)
        form.addRow(self.tr("City, state, ZIP"), place)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Time zone"), self.time_zone)
        form.addRow(self.problem)
        self.name.textChanged.connect(self.completeChanged)
        self.time_zone.currentTextChanged.connect(self.completeChanged)

    def details(self) -> PracticeDetails:
        return PracticeDetails(
            name=self.name.text(),
            time_zone=self.time_zone.currentText().strip(),
            street=self.street.text(),
            city=self.city.text(),
            region=self.region.text(),
            postal_code=self.postal_code.text(),
            phone=self.phone.text(),
        )

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) and bool(self.time_zone.currentText().strip())

    def validatePage(self) -> bool:
        from practicedesk.errors import InvalidInput

        try:
            self.details().validated()
        except InvalidInput as exc:
            self.problem.setText(exc.message)
            return False
        self.problem.setText("")
        return True


class OwnerPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._creating = False
        self.setTitle(self.tr("The owner's account"))
        self.setSubTitle(
            self.tr("The owner adds the other users, sees the audit log and looks after backups.")
        )
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("e.g. Dr. Ana Costa"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("e.g. ana"))
        self.password = NewPasswordWidget(
            lambda: [self.username.text(), self._wizard.details().name]
        )
        self.problem = message_line()
        form = QFormLayout(self)
        form.addRow(self.tr("Your name"), self.display_name)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.problem)
        for field in (self.display_name, self.username):
            field.textChanged.connect(self.completeChanged)
        self.password.sig_validity_changed.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return (
            not self._creating
            and bool(self.display_name.text().strip())
            and bool(self.username.text().strip())
            and self.password.is_valid()
        )

    def validatePage(self) -> bool:
        """Create the practice on a worker; move on by ourselves when it is done."""
        if self._wizard.created is not None:
            return True
        self._creating = True
        self.completeChanged.emit()
        self.problem.setText(self.tr("Creating the practice and its encryption keys…"))
        data_dir, details = self._wizard.data_dir(), self._wizard.details()
        owner = NewOwner(self.username.text(), self.display_name.text(), self.password.value())

        def work() -> NewPractice:
            from practicedesk.api import create_practice

            return create_practice(data_dir, details, owner)

        run_task(self, work, self._on_created, self._on_failed, database=False)
        return False

    def _on_created(self, created: NewPractice) -> None:
        self._wizard.created = created
        self._creating = False
        self.problem.setText("")
        self._wizard.next()

    def _on_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_inline

        self._creating = False
        self.completeChanged.emit()
        show_inline(error, self.problem, self)


class KitPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Your recovery code"))
        self.setSubTitle(
            self.tr(
                "If the owner's password is ever lost, this code is the only way back in. It is "
                "shown only now: save or print the Emergency Kit and keep it in a safe place."
            )
        )
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save = QPushButton(self.tr("Save as PDF…"))
        self.print_ = QPushButton(self.tr("Print…"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.confirm = QCheckBox(
            self.tr("I have saved or printed the Emergency Kit and will keep it in a safe place.")
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(self.print_)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addSpacing(12)
        layout.addWidget(self.code)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.confirm)
        self.save.clicked.connect(self._on_save_clicked)
        self.print_.clicked.connect(self._on_print_clicked)
        self.confirm.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:
        created = self._wizard.created
        if created is not None:
            self.code.setText(created.recovery_code)

    def isComplete(self) -> bool:
        return self.confirm.isChecked()

    def kit(self) -> EmergencyKit:
        created = self._wizard.created
        assert created is not None
        details = self._wizard.details().validated()
        return EmergencyKit(
            practice_name=details.name,
            practice_address=details.address_lines,
            data_folder=str(self._wizard.data_dir()),
            owner_username=created.session.user.username,
            recovery_code=created.recovery_code,
            created=created.session.today(),
        )

    def _on_save_clicked(self) -> None:
        path = save_kit(self, self.kit())
        if path:
            self.status.setText(
                self.tr("Saved to {path}. Print it, then move the file somewhere safe.").format(
                    path=path
                )
            )

    def _on_print_clicked(self) -> None:
        if print_kit(self, self.kit()):
            self.status.setText(self.tr("Sent to the printer."))
