"""Settings → Practice: the details printed on letterheads and the Emergency Kit, and the
folder this PC saves printouts to without asking (Ctrl+Shift+P on a visit)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
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
)

from practicedesk.services.practice.details import PracticeDetails, time_zone_names
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_done, show_inline, show_note, show_problem
from practicedesk.ui.tasks import run_task

LOGO_SHOWN = QSize(160, 48)
FIELD_WIDTH = 480


class PracticeTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._loaded: PracticeDetails | None = None
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.fields = {
            "name": QLineEdit(),
            "street": QLineEdit(),
            "city": QLineEdit(),
            "region": QLineEdit(),
            "postal_code": QLineEdit(),
            "phone": QLineEdit(),
            "email": QLineEdit(),
        }
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(time_zone_names())
        completer = self.time_zone.completer()
        assert completer is not None  # an editable combo box makes its own
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        labels = {
            "name": self.tr("Practice name"),
            "street": self.tr("Street address"),
            "city": self.tr("City"),
            "region": self.tr("State"),
            "postal_code": self.tr("ZIP code"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
        }
        form = QFormLayout()
        for key, widget in self.fields.items():
            widget.setMaximumWidth(FIELD_WIDTH)
            form.addRow(labels[key], widget)
        self.time_zone.setMaximumWidth(FIELD_WIDTH)  # as wide as the fields above it
        form.addRow(self.tr("Time zone"), self.time_zone)
        self.logo = QLabel(self.tr("none"))
        self.logo.setObjectName("practiceLogo")
        self.logo.setFixedHeight(LOGO_SHOWN.height())
        self.choose_logo = QPushButton(self.tr("Choose…"))
        self.remove_logo = QPushButton(self.tr("Remove"))
        self.remove_logo.hide()  # until a logo is there to remove
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        logo_row.addStretch(1)
        form.addRow(self.tr("Logo on printouts"), logo_row)
        self.printout_folder = QLabel(self.tr("none: ask where each time"))
        self.printout_folder.setObjectName("printoutFolder")
        self.choose_folder = QPushButton(self.tr("Choose…"))
        self.clear_folder = QPushButton(self.tr("Ask each time"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.printout_folder, 1)
        folder_row.addWidget(self.choose_folder)
        folder_row.addWidget(self.clear_folder)
        form.addRow(self.tr("Save printouts to this folder"), folder_row)
        self.choose_folder.setToolTip(
            self.tr("On this PC, packets are saved here as PDF files without a file dialog")
        )
        self.message = message_line()
        self.save = QPushButton(self.tr("Save"))
        self.revert = QPushButton(self.tr("Undo changes"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.revert)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        editable = self.session.can(Permission.EDIT_PRACTICE)
        for control in (
            *self.fields.values(), self.time_zone, self.choose_logo, self.remove_logo,
            self.choose_folder, self.clear_folder,
        ):  # fmt: skip
            control.setEnabled(editable)
        self.save.setVisible(editable)
        self.revert.setVisible(editable)
        if not editable:
            show_note(self.message, self.tr("Only the owner can change the practice details."))

    def _connect(self) -> None:
        self.save.clicked.connect(self._on_save_clicked)
        self.revert.clicked.connect(self._show_loaded)
        for widget in self.fields.values():
            widget.textChanged.connect(self._on_edited)
        self.time_zone.currentTextChanged.connect(self._on_edited)
        self.choose_logo.clicked.connect(self._on_choose_logo)
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        self.choose_folder.clicked.connect(self._on_choose_folder)
        self.clear_folder.clicked.connect(lambda: self.set_printout_folder(None))

    def refresh(self) -> None:
        run_task(self, self.session.practice.details, self._on_loaded)
        run_task(self, self.session.practice.logo, self._show_logo)
        run_task(self, self.session.printout_folder.folder, self._show_folder)

    def _show_logo(self, logo: bytes | None) -> None:
        image = QImage.fromData(QByteArray(logo)) if logo else QImage()
        if image.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText(self.tr("none"))
        else:
            self.logo.setPixmap(
                QPixmap.fromImage(image).scaled(
                    LOGO_SHOWN,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.remove_logo.setVisible(logo is not None)

    def _on_choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the logo"),
            str(Path.home()),
            self.tr("Pictures (*.png *.jpg *.jpeg)"),
        )
        if not name:
            return
        try:
            content = Path(name).read_bytes()
        except OSError as error:
            problem = self.tr("{name} cannot be read ({why}).")
            show_problem(self.message, problem.format(name=name, why=error.strerror))
            return
        self.set_logo(content)

    def _on_choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Save printouts to this folder"))
        if chosen:
            self.set_printout_folder(Path(chosen))

    def set_printout_folder(self, folder: Path | None) -> None:
        """Saved at once, apart from the details' Save: it belongs to this PC alone."""
        printouts = self.session.printout_folder
        run_task(
            self,
            lambda: printouts.set_folder(folder),
            lambda _: self._show_folder(folder),
            lambda error: show_inline(error, self.message, self),
        )

    def _show_folder(self, folder: Path | None) -> None:
        self.printout_folder.setText(
            str(folder) if folder else self.tr("none: ask where each time")
        )
        self.clear_folder.setEnabled(folder is not None and self.choose_folder.isEnabled())

    def set_logo(self, content: bytes | None) -> None:
        practice = self.session.practice
        run_task(
            self,
            lambda: practice.set_logo(content),
            lambda _: self._show_logo(content),
            lambda error: show_inline(error, self.message, self),
        )

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.current() != self._loaded

    def current(self) -> PracticeDetails:
        values = {key: widget.text() for key, widget in self.fields.items()}
        return PracticeDetails(time_zone=self.time_zone.currentText(), **values)

    def _on_loaded(self, details: PracticeDetails) -> None:
        self._loaded = details
        self._show_loaded()

    def _show_loaded(self) -> None:
        if self._loaded is None:
            return
        for key, widget in self.fields.items():
            widget.setText(getattr(self._loaded, key))
        self.time_zone.setCurrentText(self._loaded.time_zone)
        if self.session.can(Permission.EDIT_PRACTICE):
            self.message.setText("")
        self._on_edited()

    def _on_edited(self) -> None:
        changed = self.has_unsaved_changes()
        self.save.setEnabled(changed)
        self.revert.setEnabled(changed)

    def _on_save_clicked(self) -> None:
        details = self.current()
        self.save.setEnabled(False)
        run_task(
            self, lambda: self.session.practice.update(details), self._on_saved, self._on_failed
        )

    def _on_saved(self, details: PracticeDetails) -> None:
        self._on_loaded(details)
        show_done(self.message, self.tr("Saved."))

    def _on_failed(self, error: BaseException) -> None:
        self._on_edited()
        show_inline(error, self.message, self)
