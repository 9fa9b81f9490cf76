"""About PracticeDesk: versions and where things are kept, for a support call."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from practicedesk import __version__
from practicedesk.logfile import log_path
from practicedesk.services.session import PracticeSession


class AboutWidget(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("PracticeDesk {version}").format(version=__version__))
        title.setObjectName("pageTitle")
        blurb = QLabel(
            self.tr(
                "The front desk of a small dental or medical office: schedule, charts, forms "
                "and packets, kept encrypted on this PC."
            )
        )
        blurb.setWordWrap(True)
        form = QFormLayout()
        for label, value in (
            (self.tr("Data folder"), str(session.data_dir)),
            (self.tr("Log file"), str(log_path())),
            (self.tr("Python"), platform.python_version()),
            (self.tr("Qt"), f"{qVersion()} (PySide6 {pyside_version})"),
            (self.tr("Encryption"), session.encryption_version()),
        ):
            value_label = QLabel(value)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            form.addRow(label, value_label)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addStretch(1)


class AboutDialog(QDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About PracticeDesk"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(AboutWidget(session))
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
