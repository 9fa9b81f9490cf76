"""One sign-in, as a person does it, in a fresh process: prints timings and memory as JSON.

The sign-in window is shown, the "user" takes 1.5 s to type (during which the program
preloads the database layer, as it does for real), then the time from pressing Sign in to
the main window's first paint is measured. Key derivation alone is timed afterwards with
the practice's own parameters, for comparison.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

TYPING_SECONDS = 1.5


class _Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def main(data_dir: Path, username: str, password: str) -> int:
    app = QApplication(sys.argv[:1])
    from practicedesk.ui.app import Launcher, configure_application

    configure_application(app)
    launcher = Launcher(data_dir)
    launcher.start()
    deadline = time.perf_counter() + TYPING_SECONDS
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    login = launcher.window
    login.username.setText(username)  # type: ignore[union-attr]
    login.password.setText(password)  # type: ignore[union-attr]

    from practicedesk.ui.shell.main_window import MainWindow

    painted = _Painted()
    started = time.perf_counter()
    login.sign_in.click()  # type: ignore[union-attr]
    watched = None
    while painted.at is None:
        app.processEvents()
        window = launcher.window
        if watched is None and isinstance(window, MainWindow):
            watched = window
            window.installEventFilter(painted)
            window.pages.currentWidget().installEventFilter(painted)
        if time.perf_counter() - started > 30:
            print(json.dumps({"error": "the main window did not appear in 30 s"}))
            return 1
        time.sleep(0.001)
    login_seconds = painted.at - started

    import psutil

    rss = psutil.Process().memory_info().rss
    kdf_seconds = _key_derivation_seconds(data_dir)
    print(json.dumps({"login_s": login_seconds, "kdf_s": kdf_seconds, "rss": rss}))
    launcher.window.close()  # type: ignore[union-attr]
    return 0


def _key_derivation_seconds(data_dir: Path) -> float:
    from practicedesk.security import kdf
    from practicedesk.security.keystore import Keystore

    params = Keystore.load(data_dir / "keystore.json").kdf
    start = time.perf_counter()
    kdf.derive(b"benchmark", b"\0" * kdf.SALT_BYTES, params)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
