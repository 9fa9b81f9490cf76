"""Starting the program: the first-run wizard or the sign-in window, then the main window.

Only Qt and the sign-in window are imported before the first paint (measured in
benchmarks/); the database layer is imported on a worker thread while the user types the
password, so the main window is ready soon after the key is derived.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from practicedesk.resources import resource
from practicedesk.ui.app_icon import application_icon
from practicedesk.ui.collector import collect_on_ui_thread
from practicedesk.ui.crash import install_crash_handler
from practicedesk.ui.login.login_window import LoginWindow

FIRST_PAINT_VARIABLE = "PRACTICEDESK_BENCH_FIRST_PAINT"


def run(data_dir: Path | None = None, suggested_user: str = "") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    install_crash_handler()
    from practicedesk.services.practice.folders import default_data_dir

    launcher = Launcher(data_dir or default_data_dir(), suggested_user, chosen=data_dir is not None)
    if not launcher.start():
        return 1
    return app.exec()


def configure_application(app: QApplication) -> None:
    app.setApplicationName("PracticeDesk")
    app.setApplicationDisplayName("PracticeDesk")
    app.setWindowIcon(application_icon())
    app.setDesktopFileName("practicedesk")  # Linux docks match windows to practicedesk.desktop
    app.setStyle("Fusion")
    collect_on_ui_thread(app)
    if QLocale.system().language() == QLocale.Language.C:
        # A bare "C" locale (services, minimal Linux installs) writes dates as "2 07 1970":
        # US English is what an unconfigured front-desk PC most likely means.
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    style = resource("styles", "practicedesk.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


class Launcher(QObject):
    """Moves the user from window to window and owns the open practice session."""

    def __init__(self, data_dir: Path, suggested_user: str = "", *, chosen: bool = False) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.chosen = chosen  # given with --data-dir, rather than this PC's default
        self.suggested_user = suggested_user
        self.window: QWidget | None = None
        self.session: object | None = None
        self.login_ready = False  # the sign-in window was painted and the folder checked
        QApplication.instance().aboutToQuit.connect(self._on_about_to_quit)  # type: ignore[union-attr]

    def start(self) -> bool:
        from practicedesk.services.practice.folders import has_practice

        if has_practice(self.data_dir):
            self.show_login()
        elif self.chosen and not self._confirm_new_practice():
            return False
        else:
            self.show_setup()
        return True

    def _confirm_new_practice(self) -> bool:
        """A chosen folder without a practice may be a drive that is not plugged in."""
        box = QMessageBox(QMessageBox.Icon.Question, "PracticeDesk", "")
        box.setText(
            box.tr(
                "There is no practice in {folder}. If the practice is on a USB drive or another "
                "disk, connect it and start PracticeDesk again."
            ).format(folder=self.data_dir)
        )
        create = box.addButton(
            box.tr("Set up a new practice here"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(box.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is create

    def show_login(self) -> None:
        from practicedesk.services.practice.folders import last_user

        login = LoginWindow(self.data_dir, last_user(self.data_dir) or self.suggested_user)
        login.sig_session_opened.connect(self._on_session_opened)
        login.sig_recovery_requested.connect(self._on_recovery_requested)
        self._first_paint = _OnFirstPaint(login, self._on_login_painted)
        self._replace_window(login)

    def _on_login_painted(self) -> None:
        """Checks and imports that would only delay the first paint happen now."""
        if os.environ.get(FIRST_PAINT_VARIABLE):
            print(f"first-paint {time.time():.6f}", flush=True)  # noqa: T201 - for benchmarks/
            QTimer.singleShot(0, QApplication.quit)
            return
        from practicedesk.errors import PracticeDeskError
        from practicedesk.services.practice.folders import check_not_in_use

        if self.session is None:  # not yet signed in: someone else may hold the folder
            try:
                check_not_in_use(self.data_dir)
            except PracticeDeskError as exc:
                QMessageBox.warning(self.window, "PracticeDesk", exc.message)
                QApplication.quit()
                return
        self.login_ready = True
        threading.Thread(target=_preload, name="preload", daemon=True).start()
        self._warmer = QtEnumWarmer(self.window)

    def show_setup(self) -> None:
        from practicedesk.ui.setup.wizard import SetupWizard

        wizard = SetupWizard(self.data_dir)
        wizard.sig_practice_created.connect(lambda created: self.show_main(created.session))
        wizard.sig_practice_restored.connect(self._on_practice_restored)
        wizard.sig_practice_joined.connect(self._on_session_opened)  # as after a sign-in
        wizard.rejected.connect(self._on_setup_cancelled)
        self._replace_window(wizard)

    def show_main(self, session: object) -> None:
        from practicedesk.ui.shell.main_window import MainWindow

        self.session = session
        main = MainWindow(session)  # type: ignore[arg-type]
        main.sig_signed_out.connect(self._on_signed_out)
        self._replace_window(main)
        QTimer.singleShot(2000, lambda: self._check_integrity(main))
        for notice in getattr(session, "notices", ()):
            QMessageBox.information(main, "PracticeDesk", notice)
        QTimer.singleShot(0, main, lambda: self._tell_backup_news(main, session))

    def _tell_backup_news(self, main: QWidget, session: object) -> None:
        """The owner hears of an old or failed backup, or of no passing restore drill, once
        the window is up: worked out then, so signing in does not wait for it."""
        from practicedesk.ui.tasks import run_task

        schedule = getattr(session, "backup_schedule", None)
        if schedule is None:
            return

        def tell(notice: str | None) -> None:
            if notice and main.isVisible():
                QMessageBox.information(main, "PracticeDesk", notice)

        run_task(main, schedule.login_notice, tell, lambda _error: None)

    def _replace_window(self, window: QWidget) -> None:
        old, self.window = self.window, window
        window.show()
        if old is not None:
            old.hide()
            old.deleteLater()

    def _on_session_opened(self, session: object) -> None:
        if getattr(session, "must_change_password", False):
            from practicedesk.ui.widgets.password_change_dialog import PasswordChangeDialog

            dialog = PasswordChangeDialog(session, forced=True, parent=self.window)  # type: ignore[arg-type]
            if not dialog.exec():
                session.close()  # type: ignore[attr-defined]
                return
        from practicedesk.services.practice.folders import remember_last_user

        remember_last_user(self.data_dir, session.user.username)  # type: ignore[attr-defined]
        self.show_main(session)

    def _on_recovery_requested(self, username: str) -> None:
        from practicedesk.ui.login.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self.data_dir, username, self.window)
        if dialog.exec() and dialog.session is not None:
            self.show_main(dialog.session)

    def _on_signed_out(self) -> None:
        self.session = None
        self.show_login()

    def _on_practice_restored(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.show_login()

    def _on_setup_cancelled(self) -> None:
        QApplication.quit()

    def _check_integrity(self, main: QWidget) -> None:
        from practicedesk.ui.errors import show_error
        from practicedesk.ui.tasks import run_task

        session = self.session
        if session is None:
            return

        def on_failed(error: BaseException) -> None:
            if self.session is session:
                show_error(main, error, main.tr("The practice database is damaged"))
                main.show_damage()  # type: ignore[attr-defined]

        run_task(
            main,
            lambda: session.check_integrity(thorough=True),  # type: ignore[attr-defined]
            lambda _: None,
            on_failed,
        )

    def _on_about_to_quit(self) -> None:
        from practicedesk.ui.tasks import wait_for_tasks

        wait_for_tasks()
        if self.session is not None:
            self.session.close()  # type: ignore[attr-defined]
            self.session = None


def _preload() -> None:
    """Import the database layer and the main window while the user types the password
    (see STACK-NOTES): signing in then costs the key derivation and little else."""
    modules = [
        "practicedesk.api",
        "sqlalchemy.dialects.sqlite.pysqlite",
        "sqlcipher3.dbapi2",
        "practicedesk.ui.shell.main_window",
    ]
    try:
        for module in modules:
            importlib.import_module(module)
        from practicedesk.ui.shell.main_window import PAGE_MODULES

        for module in PAGE_MODULES:
            importlib.import_module(module)
        from practicedesk.services.opening import prepare_for_sign_in

        prepare_for_sign_in()
    except Exception:  # the real import will fail again and be reported there
        return


class QtEnumWarmer(QObject):
    """PySide6 builds each Qt enum's Python class the first time it is used, and the main
    window uses over a hundred: about 80 ms of signing in (benchmarks/README.md). They are
    built here instead, while the password is typed, a few milliseconds per turn of the
    event loop so typing stays smooth — and on this thread, as building them from the
    preload thread could race the window's own first use."""

    SLICE_S = 0.006

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._pending = _qt_enum_names()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start(0)

    def _on_tick(self) -> None:
        deadline = time.perf_counter() + self.SLICE_S
        for owner, name in self._pending:
            getattr(owner, name, None)
            if time.perf_counter() > deadline:
                return
        self._timer.stop()


def _qt_enum_names() -> Iterator[tuple[type, str]]:
    from PySide6 import QtCore, QtGui, QtWidgets

    for module in (QtCore, QtGui, QtWidgets):
        for class_name in dir(module):
            owner = getattr(module, class_name, None)
            if isinstance(owner, type):
                for name in list(vars(owner)):
                    if name[:1].isupper():
                        yield owner, name


class _OnFirstPaint(QObject):
    """Calls back once, just after `window` has been painted for the first time."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False
