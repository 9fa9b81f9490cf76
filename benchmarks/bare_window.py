"""The baseline: Python, PySide6 and one plain window of the sign-in window's size.

Prints `first-paint <unix time>` on its first paint, then its resident memory, then quits.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, _report_paint_memory_and_quit)
        return False


def _report_paint_memory_and_quit() -> None:
    """Called right after the first paint, exactly as the program reports its own."""
    print(f"first-paint {time.time():.6f}", flush=True)
    import psutil

    print(f"rss {psutil.Process().memory_info().rss}", flush=True)
    QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    QVBoxLayout(window).addWidget(QLabel("Sign in"))
    window.resize(640, 460)
    watcher = _FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
