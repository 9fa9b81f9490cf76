"""The small window that long work shows while it runs: what is being done, how far, Cancel.

Opened by ui/tasks.py only (`run_task(..., progress=...)`), never by a screen itself. It is a
plain dialog rather than `QProgressDialog`, whose `setValue` runs a nested event loop while it
is modal (`processEvents`), which is how a click could start a second backup inside the first.
Closing the window, Escape and Cancel all ask the work to stop; the window goes away when the
work has stopped, not before, so nobody thinks it stopped while it is still finishing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

BAR_STEPS = 1000  # bars count in int; a backup counts bytes, far more than an int holds


class ProgressDialog(QDialog):
    sig_cancel_requested = Signal()

    def __init__(
        self, text: str, *, title: str = "", cancel_text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._stopping = False
        self.setWindowTitle(title or self.tr("PracticeDesk"))
        modality = Qt.WindowModality
        self.setWindowModality(modality.WindowModal if parent else modality.ApplicationModal)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # until the first report: work goes on, how much is not known
        self.bar.setTextVisible(False)
        self.cancel = QPushButton(cancel_text or self.tr("Cancel"))
        self._build_ui()
        self.cancel.clicked.connect(self._on_cancel_clicked)

    def _build_ui(self) -> None:
        self.setMinimumWidth(380)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    @property
    def stopping(self) -> bool:
        return self._stopping

    def show_report(self, done: int, total: int, text: str) -> None:
        if text and not self._stopping:
            self.label.setText(text)
        if total > 0:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(max(0, min(done, total)) * BAR_STEPS // total)
        else:
            self.bar.setRange(0, 0)

    def reject(self) -> None:
        """Escape and the window's close button: a request to stop, as Cancel is."""
        self._on_cancel_clicked()

    def _on_cancel_clicked(self) -> None:
        if self._stopping:
            return
        self._stopping = True
        self.cancel.setEnabled(False)
        self.label.setText(self.tr("Stopping…"))
        self.sig_cancel_requested.emit()
