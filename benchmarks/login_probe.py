"""One sign-in, as a person does it, in a fresh process; prints timings and memory as JSON.

`python -m benchmarks.login_probe DATA_DIR USERNAME PASSWORD`

The real flow: `Launcher(data_dir).start()` shows the sign-in window; the "user" takes 1.5 s
to type (the program preloads its database layer and pages meanwhile, as it does for real);
then the clock runs from clicking *Sign in* until the main window has finished its first
paint. "Finished" is the same moment the program's own start-up marker uses: the first
event-loop turn after the window's first Paint event. Resident memory is read right then.
Key derivation alone, with the practice's stored parameters, is timed last, for context.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

TYPING_SECONDS = 1.5
GIVE_UP_SECONDS = 30.0


class _FirstPaintClock(QObject):
    """Watches one window; `done_at` is set on the loop turn after its first paint."""

    def __init__(self) -> None:
        super().__init__()
        self.done_at: float | None = None

    def watch(self, window: QWidget) -> None:
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._on_painted)
        return False

    def _on_painted(self) -> None:
        self.done_at = time.perf_counter()


def main(data_dir: Path, username: str, password: str) -> int:
    app = QApplication(sys.argv[:1])
    from practicedesk.ui.app import Launcher, configure_application

    configure_application(app)
    launcher = Launcher(data_dir)
    launcher.start()
    _spin(app, TYPING_SECONDS)  # the user types; the program preloads meanwhile
    login = launcher.window
    login.username.setText(username)  # type: ignore[union-attr]
    login.password.setText(password)  # type: ignore[union-attr]

    clock = _FirstPaintClock()
    built_at: list[float] = []

    def on_session_opened(_session: object) -> None:
        # Connected after the launcher's own slot, so this runs once the main window has
        # been built and shown, and before any of its paint events can be delivered.
        built_at.append(time.perf_counter())
        clock.watch(launcher.window)  # type: ignore[arg-type]

    login.sig_session_opened.connect(on_session_opened)  # type: ignore[union-attr]
    started = time.perf_counter()
    login.sign_in.click()  # type: ignore[union-attr]
    while clock.done_at is None:
        app.processEvents()
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            message = f"no main window painted {GIVE_UP_SECONDS:.0f} s after signing in"
            print(json.dumps({"error": message}))
            return 1
        time.sleep(0.0005)

    from practicedesk.ui.shell.main_window import MainWindow
    from practicedesk.ui.tasks import wait_for_tasks

    if not isinstance(launcher.window, MainWindow):
        print(json.dumps({"error": f"ended on {type(launcher.window).__name__}"}))
        return 1
    import psutil

    rss = psutil.Process().memory_info().rss
    result = {
        "login_s": clock.done_at - started,
        "built_s": built_at[0] - started,
        "kdf_s": _key_derivation_seconds(data_dir),
        "rss": rss,
    }
    print(json.dumps(result))
    launcher.window.close()
    wait_for_tasks()  # the backup due at closing runs on a worker: not cut off by exit
    return 0


def _spin(app: QApplication, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _key_derivation_seconds(data_dir: Path) -> float:
    from practicedesk.security import kdf
    from practicedesk.security.keystore import Keystore

    params = Keystore.load(data_dir / "keystore.json").kdf
    started = time.perf_counter()
    kdf.derive(b"benchmark", b"\0" * kdf.SALT_BYTES, params)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
