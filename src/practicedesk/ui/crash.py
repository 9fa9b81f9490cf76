"""The crash handler: an unexpected error becomes a log entry and a plain-language dialog.

The log (platformdirs log folder) gets the traceback but no patient data: exception
messages from the database carry no parameters (the engine hides them) and our own
messages name files and users only. The program keeps running: whatever the user saved
before is in the database already.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("practicedesk.crash")


class _CrashRelay(QObject):
    """Brings errors raised on worker threads to the UI thread before showing anything."""

    sig_error_raised = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.sig_error_raised.connect(self._on_error_raised)

    @Slot(object)
    def _on_error_raised(self, error: BaseException) -> None:
        # Show the dialog from the event loop, never from inside the failing code's frame.
        QTimer.singleShot(0, lambda: report_bug(error, QApplication.activeWindow()))


_relay: _CrashRelay | None = None
_showing = False


def install_crash_handler() -> None:
    global _relay
    _relay = _CrashRelay()

    def excepthook(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.critical("unexpected error", exc_info=(kind, error, tb))
        if _relay is not None:
            _relay.sig_error_raised.emit(error)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def report_bug(error: BaseException, parent: QWidget | None = None) -> None:
    global _showing
    from practicedesk.logfile import log_path

    log.critical("unexpected error", exc_info=(type(error), error, error.__traceback__))
    if _showing:  # one dialog at a time, even if errors repeat
        return
    _showing = True
    try:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(box.tr("PracticeDesk ran into a problem"))
        box.setText(
            box.tr(
                "PracticeDesk ran into a problem it did not expect. What you saved before "
                "this is safe. If something you were doing did not finish, please do it again."
            )
        )
        box.setInformativeText(
            box.tr(
                "The details (without patient information) were written to:\n{path}\n\n"
                "If it happens again, send that file to whoever supports your PracticeDesk."
            ).format(path=log_path())
        )
        box.exec()
    finally:
        _showing = False
