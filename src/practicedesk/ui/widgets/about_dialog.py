"""About PracticeDesk: versions, the build, where things are kept, and the self-test's
verdict, for a support call.

The self-test runs (in its own process) the first time the box is shown, not when the
Settings page builds its About tab, so nobody pays for it who does not look."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from practicedesk import __version__
from practicedesk.build_info import build_info
from practicedesk.logfile import log_path
from practicedesk.services.session import PracticeSession
from practicedesk.ui.self_test import SelfTestProcess


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
        self.self_test_label = QLabel(self.tr("Checking this PC… (a few seconds)"))
        self.self_test_label.setWordWrap(True)
        self.self_test = SelfTestProcess(self)
        self.self_test.sig_finished.connect(self._on_self_test_finished)
        self._self_test_started = False
        form = QFormLayout()
        for label, value in (
            (self.tr("Build"), build_info().describe()),
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
        form.addRow(self.tr("Self-test"), self.self_test_label)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._self_test_started:
            self._self_test_started = True
            self.self_test.start()

    def _on_self_test_finished(self, verdict: str) -> None:
        shown = verdict.removeprefix("Self-test ")  # the row is already called Self-test
        self.self_test_label.setText(shown[:1].upper() + shown[1:])
        self.self_test_label.setToolTip(self.self_test.output.strip())


class AboutDialog(QDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About PracticeDesk"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.about = AboutWidget(session)
        layout.addWidget(self.about)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def done(self, result: int) -> None:
        self.about.self_test.stop()  # closed before it finished: no orphan process
        super().done(result)
