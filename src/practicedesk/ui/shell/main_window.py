"""The main window: navigation, the pages, the status bar, and the screen lock.

Pages are built the first time they are shown, so signing in costs only the first page.
While locked the window shows the lock screen alone: pages, menus and every other open
window are hidden until the same user's password is typed again.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from practicedesk.services.areas import Area
from practicedesk.services.practice.settings import IDLE_LOCK_MINUTES
from practicedesk.services.session import PracticeSession
from practicedesk.ui.reminders.runner import reminder_runner
from practicedesk.ui.shell.backup_status import BackupStatusWidget
from practicedesk.ui.shell.change_relay import ChangeRelay
from practicedesk.ui.shell.idle import IdleWatcher
from practicedesk.ui.shell.lock_screen import LockScreenWidget
from practicedesk.ui.sync.runner import sync_runner
from practicedesk.ui.sync.status_button import SyncStatusButton
from practicedesk.ui.tasks import run_task, wait_for_tasks
from practicedesk.ui.widgets.page import BookingRequest, PageWidget

log = logging.getLogger(__name__)


# (title, module, class): a page's module is imported on its first visit, not at sign-in.
_PAGES = (
    ("Schedule", "practicedesk.ui.schedule.schedule_page", "SchedulePage"),
    ("Patients", "practicedesk.ui.patients.patients_page", "PatientsPage"),
    ("Worklists", "practicedesk.ui.worklists.worklists_page", "WorklistsPage"),
    ("Reports", "practicedesk.ui.reports.reports_page", "ReportsPage"),
    ("Settings", "practicedesk.ui.settings.settings_page", "SettingsPage"),
)
PAGE_MODULES = tuple(module for _, module, _ in _PAGES)


def _page_factories() -> list[tuple[str, Callable[[PracticeSession], PageWidget]]]:
    def factory(module: str, name: str) -> Callable[[PracticeSession], PageWidget]:
        def build(session: PracticeSession) -> PageWidget:
            page_class = getattr(importlib.import_module(module), name)
            return page_class(session)

        return build

    return [
        (QApplication.translate("MainWindow", title), factory(module, name))
        for title, module, name in _PAGES
    ]


class MainWindow(QMainWindow):
    sig_signed_out = Signal()

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._factories = _page_factories()
        self._pages: dict[int, PageWidget] = {}
        self._stale: set[int] = set()
        self._hidden_windows: list[QWidget] = []
        self._closing = False  # the session is being closed: no way back
        self._session_closed = False
        self.locked = False
        self._title_before_lock = ""
        self._relay = ChangeRelay(self)
        self._unsubscribe = session.subscribe(self._relay.listener)
        self._build_ui()
        self._connect()
        self.idle = IdleWatcher(session.settings.get(IDLE_LOCK_MINUTES), self)
        self.idle.sig_idle_timed_out.connect(self.lock)
        self.show_page(0)

    # -- building ---------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("PracticeDesk"))
        self.resize(1280, 800)
        self.setMinimumSize(1000, 640)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(176)
        for index, (title, _) in enumerate(self._factories):
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("{page} (Ctrl+{number})").format(page=title, number=index + 1))
            self.nav.addItem(item)
        self.pages = QStackedWidget()
        for _ in self._factories:
            self.pages.addWidget(QWidget())  # placeholder until first visit
        content = QWidget()
        content.setObjectName("content")
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.lock_screen = LockScreenWidget(self.session.user.display_name)
        self.root = QStackedWidget()
        self.root.addWidget(content)
        self.root.addWidget(self.lock_screen)
        self.setCentralWidget(self.root)
        self._content = content
        self._build_search_bar()
        self._build_menus()
        self._build_status_bar()

    def _build_search_bar(self) -> None:
        """The patient search is always in reach, whatever page is showing."""
        from practicedesk.ui.patients.search_box import PatientSearchWidget

        self.search = PatientSearchWidget(self.session)
        bar = QToolBar(self.tr("Find a patient"))
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setEnabled(False)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self.search)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.search_bar = bar

    def _build_menus(self) -> None:
        menu = self.menuBar()
        practice = menu.addMenu(self.tr("&Practice"))
        self.lock_action = QAction(self.tr("&Lock screen"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.sign_out_action = QAction(self.tr("&Sign out"), self)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        practice.addActions([self.lock_action, self.sign_out_action])
        practice.addSeparator()
        practice.addAction(self.quit_action)
        go = menu.addMenu(self.tr("&Go"))
        for index, (title, _) in enumerate(self._factories):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.show_page(i))
            go.addAction(action)
        self.find_action = QAction(self.tr("&Find patient"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        go.addSeparator()
        go.addAction(self.find_action)
        help_menu = menu.addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About PracticeDesk"), self)
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        user = self.session.user
        self.user_label = QLabel(
            self.tr("Signed in as {name} ({role})").format(
                name=user.display_name, role=user.role.label.lower()
            )
        )
        self.lock_button = QToolButton()
        self.lock_button.setText(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Lock the screen now (Ctrl+L)"))
        self.lock_button.setAutoRaise(True)
        self.backup_status = BackupStatusWidget(self.session)
        self.sync_status = SyncStatusButton(self.session)
        self.sync_runner = sync_runner(self.session)
        self.reminder_runner = reminder_runner(self.session)
        self.damage_label = QLabel(
            self.tr("The practice database is damaged: nothing more is saved. Restore a backup.")
        )
        self.damage_label.setObjectName("fieldProblem")
        self.damage_label.hide()
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.damage_label)
        bar.addPermanentWidget(self.sync_status)
        bar.addPermanentWidget(self.backup_status)
        bar.addPermanentWidget(self.lock_button)

    def show_damage(self) -> None:
        """Found after sign-in: the status bar says so for as long as the window is open."""
        self.damage_label.show()

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(self.show_page)
        self.lock_action.triggered.connect(self.lock)
        self.lock_button.clicked.connect(self.lock)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self._on_find_requested)
        self.search.sig_patient_chosen.connect(self._on_patient_requested)
        self.about_action.triggered.connect(self._on_about_requested)
        self.lock_screen.sig_unlock_requested.connect(self._on_unlock_requested)
        self.lock_screen.sig_sign_out_requested.connect(self.sign_out)
        self._relay.sig_areas_changed.connect(self._on_areas_changed)
        self.sync_status.sig_conflicts_requested.connect(self.show_conflicts)
        self.sync_status.sig_settings_requested.connect(self.show_sync_settings)
        if not getattr(self.session, "read_only", False):  # a backup opened to look something up
            self.sync_runner.start_background()
            self.reminder_runner.start_background()

    # -- pages ------------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        if self.locked or not 0 <= index < len(self._factories):
            return
        page = self._pages.get(index)
        if page is None:
            page = self._factories[index][1](self.session)
            placeholder = self.pages.widget(index)
            assert placeholder is not None  # every page waits as a placeholder until first shown
            self.pages.insertWidget(index, page)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[index] = page
            page.sig_patient_requested.connect(self._on_patient_requested)
            page.sig_booking_requested.connect(self._on_booking_requested)
            page.refresh()
        elif index in self._stale:
            page.refresh()
        self._stale.discard(index)
        self.pages.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

    def page(self, index: int) -> PageWidget:
        self.show_page(index)
        return self._pages[index]

    def _on_areas_changed(self, areas: frozenset[Area]) -> None:
        if Area.BACKUPS in areas:
            self.backup_status.refresh()
        if Area.SYNC in areas:
            self.sync_status.refresh()
        if Area.SETTINGS in areas:
            self.idle.set_minutes(self.session.settings.get(IDLE_LOCK_MINUTES))
        current = self.pages.currentIndex()
        for index, page in self._pages.items():
            if page.areas & areas:
                if index == current and not self.locked:
                    page.refresh()
                else:
                    self._stale.add(index)

    def show_conflicts(self) -> None:
        from practicedesk.ui.sync.conflicts_dialog import open_conflicts

        open_conflicts(self.session, self)

    def show_sync_settings(self) -> None:
        settings = len(self._factories) - 1
        page = self.page(settings)
        page.show_sync()  # type: ignore[attr-defined]

    def _on_find_requested(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_patient_requested(self, patient_id: object, display_name: str) -> None:
        patients = 1
        self.show_page(patients)
        self._pages[patients].show_patient(patient_id, display_name)

    def _on_booking_requested(self, request: BookingRequest) -> None:
        """A call list's Book: Find a time opens over the list, which stays on screen, so the
        coordinator goes on down the list after booking."""
        schedule = 0
        book = self._pages.get(schedule) or self.page(schedule)
        book.find_time(request)

    def _on_about_requested(self) -> None:
        from practicedesk.ui.widgets.about_dialog import AboutDialog

        AboutDialog(self.session, self).exec()

    # -- locking ----------------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.idle.pause()
        self._hidden_windows = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self and widget.isVisible()
        ]
        for widget in self._hidden_windows:
            widget.hide()
        self.root.setCurrentWidget(self.lock_screen)
        self._content.hide()
        self.search_bar.hide()
        self.menuBar().hide()
        self.statusBar().hide()
        self._title_before_lock = self.windowTitle()  # e.g. "Backup of … — read-only"
        self.setWindowTitle(self.tr("PracticeDesk — locked"))
        self.lock_screen.reset()
        session = self.session
        run_task(self, session.lock_screen, on_error=_log_only)

    def _on_unlock_requested(self, password: str) -> None:
        self.lock_screen.set_busy(True)
        session = self.session
        run_task(
            self,
            lambda: session.unlock_screen(password),
            lambda _: self._unlocked(),
            self._on_unlock_failed,
            database=False,
        )

    def _on_unlock_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_inline

        self.lock_screen.set_busy(False)
        self.lock_screen.password.selectAll()
        show_inline(error, self.lock_screen.message, self)

    def _unlocked(self) -> None:
        self.locked = False
        self.lock_screen.reset()
        self._content.show()
        self.root.setCurrentIndex(0)
        self.search_bar.show()
        self.menuBar().show()
        self.statusBar().show()
        self.setWindowTitle(self._title_before_lock)
        for widget in self._hidden_windows:
            widget.show()
        self._hidden_windows = []
        self.idle.resume()
        stale_current = self.pages.currentIndex()
        if stale_current in self._stale:
            self.show_page(stale_current)

    # -- leaving ----------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Every page with unsaved work asks first; one "Cancel" keeps the program open."""
        return all(page.may_close() for page in self._pages.values())

    def sign_out(self) -> None:
        """From the lock screen nothing is asked: the question would show a patient's name
        to whoever stands at the desk, and signing out there means giving the PC up."""
        if self._closing or (not self.locked and not self.may_close()):
            return
        self._close_session(self._on_signed_out)

    def _on_signed_out(self) -> None:
        self.close()
        self.sig_signed_out.emit()

    def _close_session(self, then: Callable[[], object]) -> None:
        """Stop what runs on timers, let running work finish, make the backup that is due,
        then close the session and go on with `then`. While that backup runs the window is
        hidden and a small one says why: the click that closed it visibly did something."""
        self._closing = True
        self.idle.stop()
        self.backup_status.stop()
        self.sync_runner.stop_background()
        self.reminder_runner.stop_background()
        self._unsubscribe()
        wait_for_tasks()

        def closed() -> None:
            self.session.close()
            self._session_closed = True
            if isValid(self):
                then()

        if self.backup_status.back_up_before_closing(closed):
            self.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window closes once its session has: at once, or after the backup at closing,
        when this is called again (from `_close_session`'s `then`)."""
        if not self._closing:
            if not self.locked and not self.may_close():
                event.ignore()
                return
            self._close_session(self.close)  # when closed at once, Qt ignores this inner close
        if not self._session_closed:
            event.ignore()
            return
        for widget in self._hidden_windows:
            widget.close()
        event.accept()


def _log_only(error: BaseException) -> None:
    """Locking must never wait on the disk: a failed audit write is logged, not shown."""
    log.warning("could not record the screen lock: %s", type(error).__name__)
