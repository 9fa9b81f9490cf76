"""Settings → Backups: where this PC's backups go, how often, how many are kept, what each
place holds, and a backup on demand.

Everyone sees the state; only those who may make backups (the owner) change anything or back
up by hand. Reading the folders and backing up run off the UI thread: a USB drive or a share
may be slow, and the front desk goes on meanwhile. "Restore…" only asks
(`sig_restore_requested`); the restore wizard is opened by whoever listens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.backup.schedule import (
    INTERVAL_HOURS,
    KEEP_LIMITS,
    BackupRun,
    BackupStatus,
    PlaceListing,
    Rotation,
)
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import ShownProgress, run_task
from practicedesk.ui.widgets.formats import practice_time


class BackupsTab(QWidget):
    sig_restore_requested = Signal()

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._schedule = session.backup_schedule
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        may = self.session.can(Permission.MAKE_BACKUPS)
        self.state = QLabel()
        self.state.setObjectName("backupState")
        self.state.setWordWrap(True)
        self.spread = QLabel()
        self.spread.setWordWrap(True)
        self.main_place = QLineEdit()
        self.main_place.setReadOnly(True)
        self.choose_main = QPushButton(self.tr("Choose…"))
        self.second_place = QLineEdit()
        self.second_place.setReadOnly(True)
        self.second_place.setPlaceholderText(self.tr("None: a USB drive or another PC's folder"))
        self.choose_second = QPushButton(self.tr("Choose…"))
        self.clear_second = QPushButton(self.tr("Remove"))
        self.interval = QSpinBox()
        self.interval.setRange(*INTERVAL_HOURS)
        self.interval.setSuffix(self.tr(" hours"))
        self.keep = {name: QSpinBox() for name in KEEP_LIMITS}
        for name, box in self.keep.items():
            box.setRange(*KEEP_LIMITS[name])
        self.back_up_now = QPushButton(self.tr("Back up now"))
        self.restore = QPushButton(self.tr("Restore…"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.backups = QTreeWidget()
        self.backups.setHeaderLabels([self.tr("Backup"), self.tr("Made"), self.tr("State")])
        self.backups.setRootIsDecorated(True)
        for widget in (self.choose_main, self.choose_second, self.clear_second, self.interval,
                       self.back_up_now, self.restore, *self.keep.values()):  # fmt: skip
            widget.setEnabled(may)
        self.owner_only = QLabel(
            self.tr(
                "Backups run by themselves on this schedule whoever is signed in. Only the "
                "practice owner can back up by hand, restore, or change where and how often."
            )
        )
        self.owner_only.setObjectName("pageNote")
        self.owner_only.setWordWrap(True)
        self.owner_only.setVisible(not may)
        if not may:
            why = self.tr("Only the practice owner can do this")
            for button in (self.back_up_now, self.restore, self.choose_main, self.choose_second):
                button.setToolTip(why)
        form = QFormLayout()
        form.addRow(
            self.tr("Back up to"), _row(self.main_place, self.choose_main, stretch_first=True)
        )
        form.addRow(
            self.tr("Second place"),
            _row(self.second_place, self.choose_second, self.clear_second, stretch_first=True),
        )
        form.addRow(self.tr("Back up every"), _row(self.interval))
        form.addRow(
            self.tr("Keep"),
            _row(
                QLabel(self.tr("daily")), self.keep["daily"],
                QLabel(self.tr("weekly")), self.keep["weekly"],
                QLabel(self.tr("monthly")), self.keep["monthly"],
            ),
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.owner_only)
        layout.addWidget(self.spread)
        layout.addLayout(form)
        layout.addLayout(_row(self.back_up_now, self.restore, self.result, stretch_last=True))
        layout.addWidget(self.backups, 1)

    def _connect(self) -> None:
        self.choose_main.clicked.connect(self._on_choose_main_clicked)
        self.choose_second.clicked.connect(self._on_choose_second_clicked)
        self.clear_second.clicked.connect(lambda: self._set_places(second=None))
        self.interval.editingFinished.connect(self._on_interval_edited)
        for box in self.keep.values():
            box.editingFinished.connect(self._on_rotation_edited)
        self.back_up_now.clicked.connect(self._on_back_up_now_clicked)
        self.restore.clicked.connect(self.sig_restore_requested.emit)

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        schedule = self._schedule.settings()
        self.main_place.setText(str(schedule.main))
        self.second_place.setText(str(schedule.second) if schedule.second else "")
        self.clear_second.setEnabled(
            schedule.second is not None and self.session.can(Permission.MAKE_BACKUPS)
        )
        self.interval.setValue(schedule.interval_hours)
        for name, box in self.keep.items():
            box.setValue(getattr(schedule.rotation, name))
        run_task(self, self._schedule.status, self._show_status)
        run_task(self, self._schedule.listing, self._show_listing, database=False)

    def _show_status(self, state: BackupStatus) -> None:
        self.state.setText(state.line.long)
        self.spread.setText(state.spread.long)
        self.state.setProperty("warning", state.warning)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)

    def _show_listing(self, listings: tuple[PlaceListing, ...]) -> None:
        self.backups.clear()
        zone = self.session.zone()
        for listing in listings:
            place = QTreeWidgetItem([str(listing.place), "", ""])
            if not listing.available:
                schedule = self._schedule.settings()
                missing = (
                    self.tr("made with the first backup")
                    if schedule.main_is_default and listing.place == schedule.main
                    else self.tr("not there (drive not connected?)")
                )
                place.setText(2, missing)
            for found in listing.backups:
                made = practice_time(found.taken_at, zone) if found.taken_at else ""
                if found.taken_at is None:
                    state = self.tr("cannot be read")
                elif found.verified:
                    state = self.tr("verified on this PC")
                else:
                    state = self.tr("made elsewhere, not checked here")
                place.addChild(QTreeWidgetItem([found.name, made, state]))
            self.backups.addTopLevelItem(place)
            place.setExpanded(True)
        self.backups.resizeColumnToContents(0)

    # -- changing ---------------------------------------------------------------------------

    def _on_choose_main_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Back up to"), self.main_place.text()
        )
        if folder:
            self._set_places(main=Path(folder))

    def _on_choose_second_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Second backup place"), self.second_place.text()
        )
        if folder:
            self._set_places(second=Path(folder))

    def _set_places(self, **change: Path | None) -> None:
        current = self._schedule.settings()
        main = change.get("main", None if current.main_is_default else current.main)
        second = change.get("second", current.second)
        run_task(self, lambda: self._schedule.set_places(main, second), lambda _: self.refresh())

    def _on_interval_edited(self) -> None:
        hours = self.interval.value()
        if hours != self._schedule.settings().interval_hours:
            run_task(self, lambda: self._schedule.set_interval(hours))

    def _on_rotation_edited(self) -> None:
        rotation = Rotation(*(self.keep[name].value() for name in ("daily", "weekly", "monthly")))
        if rotation != self._schedule.settings().rotation:
            run_task(self, lambda: self._schedule.set_rotation(rotation))

    def _on_back_up_now_clicked(self) -> None:
        self.back_up_now.setEnabled(False)
        self.result.clear()
        shown = ShownProgress(self.tr("Backing up…"), title=self.tr("Back up now"))
        run_task(
            self, self._schedule.run_now, self._on_backed_up, self._on_back_up_failed,
            database=False, progress=shown, on_cancelled=self._on_back_up_cancelled,
        )  # fmt: skip

    def _on_backed_up(self, run: BackupRun) -> None:
        self._finish()
        if run.failed:
            self.result.setText(run.results[0].message)
        else:
            done = self.tr("Backed up and verified.")
            self.result.setText(" ".join((done, *run.warnings)))
        self.refresh()

    def _on_back_up_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_error

        self._finish()
        show_error(self, error)

    def _on_back_up_cancelled(self) -> None:
        self._finish()
        self.result.setText(self.tr("Cancelled; nothing half-written was left behind."))
        self.refresh()

    def _finish(self) -> None:
        self.back_up_now.setEnabled(self.session.can(Permission.MAKE_BACKUPS))


def _row(*widgets: QWidget, stretch_last: bool = False, stretch_first: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    for index, widget in enumerate(widgets):
        row.addWidget(widget, 1 if stretch_first and index == 0 else 0)
    if not stretch_last and not stretch_first:
        row.addStretch(1)
    return row
