"""Settings → Sync: whether this PC shares its changes with the practice's other PCs, through
which shared folder, under what name; the other PCs as this one last saw them; and what the
last round did.

Everyone sees the state and may press "Sync now"; only the owner (who may make backups: the
shared folder holds a full copy of the practice) starts or stops syncing, lets in a batch
that sync held back, and forgets a PC that is gone for good (until then the shared folder
keeps every batch that PC has not taken in). Rounds run through the session's one
`SyncRunner`, so "Sync now" never starts a round on top of the background one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.session import Permission, PracticeSession
from practicedesk.services.sync.rounds import CLOCK_SKEW_MS, PeerView, RoundReport, SyncSettings
from practicedesk.ui.errors import message_line
from practicedesk.ui.sync.runner import sync_runner
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import practice_time


class SyncTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._sync = session.sync
        self.runner = sync_runner(session)
        self.settings: SyncSettings | None = None
        self.shown_peers: dict[str, PeerView] = {}  # by device id, as the list shows them
        self._busy = False
        self._build_ui()
        self._connect()
        if self.runner.last_report is not None:
            self._show_report(self.runner.last_report)

    def _build_ui(self) -> None:
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.state.setWordWrap(True)
        self.state.setProperty("warning", False)
        self.about = QLabel(
            self.tr(
                "PCs of one practice keep each other up to date through a shared folder: a "
                "folder on the office server or on one PC, shared on the office network. Each "
                "PC keeps its own full copy, so the front desk goes on working when the folder "
                "cannot be reached, and catches up when it can."
            )
        )
        self.about.setWordWrap(True)
        self.about.setObjectName("pageNote")
        self.share = QLineEdit()
        self.share.setPlaceholderText(self.tr(r"e.g. \\office-server\PracticeDesk or S:\Sync"))
        self.share.setAccessibleName(self.tr("Shared folder"))
        self.browse = QPushButton(self.tr("Browse…"))
        self.pc_name = QLineEdit()
        self.pc_name.setPlaceholderText(self.tr("e.g. Front desk"))
        self.pc_name.setMaxLength(60)
        self.pc_name.setAccessibleName(self.tr("This PC's name"))
        self.rename = QPushButton(self.tr("Rename"))
        self.start = QPushButton(self.tr("Start syncing"))
        self.sync_now = QPushButton(self.tr("Sync now"))
        self.stop = QPushButton(self.tr("Stop syncing"))
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setObjectName("pageNote")
        self.message = message_line()
        self.peers = QTreeWidget()
        self.peers.setRootIsDecorated(False)
        self.peers.setHeaderLabels(
            [self.tr("PC"), self.tr("Last seen"), self.tr("Clock"), self.tr("Waiting")]
        )
        self.peers.setAccessibleName(self.tr("Other PCs"))
        self.peers.setMaximumHeight(170)  # an office has a handful of PCs
        # Beside the list rather than in its rows: the list is rebuilt after every round,
        # and widgets inside a QTreeWidget's rows do not survive that reliably (PySide).
        self.let_in = QPushButton(self.tr("Let it in"))
        self.let_in.setToolTip(
            self.tr(
                "Sync held this PC's batch back because it deletes many records. Let it in "
                "only if those deletions were meant."
            )
        )
        self.forget = QPushButton(self.tr("Forget this PC…"))
        self.forget.setToolTip(
            self.tr(
                "For a PC that is gone for good: the shared folder stops keeping its batches "
                "for it. Its changes stay."
            )
        )
        self.report = QLabel(self.tr("No round yet since PracticeDesk started."))
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.addRow(self.tr("Shared folder"), _row(self.share, self.browse, stretch_first=True))
        form.addRow(self.tr("This PC's name"), _row(self.pc_name, self.rename, stretch_first=True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addLayout(_row(self.start, self.sync_now, self.stop))
        layout.addWidget(self.why)
        layout.addWidget(self.message)
        layout.addWidget(_heading(self.tr("Other PCs")))
        peer_buttons = QVBoxLayout()
        peer_buttons.addWidget(self.let_in)
        peer_buttons.addWidget(self.forget)
        peer_buttons.addStretch(1)
        peer_row = QHBoxLayout()
        peer_row.addWidget(self.peers, 1)
        peer_row.addLayout(peer_buttons)
        layout.addLayout(peer_row)
        layout.addWidget(_heading(self.tr("Last round")))
        layout.addWidget(self.report)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.browse.clicked.connect(self._on_browse_clicked)
        self.start.clicked.connect(self._on_start_clicked)
        self.sync_now.clicked.connect(self._on_sync_now_clicked)
        self.stop.clicked.connect(self._on_stop_clicked)
        self.rename.clicked.connect(self._on_rename_clicked)
        self.let_in.clicked.connect(self._on_let_in_clicked)
        self.forget.clicked.connect(self._on_forget_clicked)
        self.peers.currentItemChanged.connect(self._update_buttons)
        self.share.textChanged.connect(self._update_buttons)
        self.pc_name.textChanged.connect(self._update_buttons)
        self.runner.sig_round_started.connect(self._update_buttons)
        self.runner.sig_syncing.connect(self._on_syncing)
        self.runner.sig_round_finished.connect(self._on_round_finished)
        self.runner.sig_round_failed.connect(self._on_round_failed)
        self.runner.sig_status_changed.connect(self._show_status)

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        sync = self._sync

        def work() -> tuple[SyncSettings, list[PeerView]]:
            return sync.settings(), sync.peers()

        run_task(self, work, self._show)
        self.runner.refresh_status()

    def _show(self, found: tuple[SyncSettings, list[PeerView]]) -> None:
        settings, peers = found
        first = self.settings is None
        self.settings = settings
        on = bool(settings.share)
        if on or first:
            self.share.setText(settings.share)
        if (on or first) and not self.pc_name.isModified():
            self.pc_name.setText(settings.pc_name or _default_pc_name())
        self.share.setReadOnly(on)
        self.browse.setVisible(not on)
        self.rename.setVisible(on)
        self.start.setVisible(not on)
        self.stop.setVisible(on)
        self._show_peers(peers)
        self._update_buttons()

    def _show_status(self, status: object) -> None:
        from practicedesk.services.sync.rounds import SyncStatus

        assert isinstance(status, SyncStatus)
        if status.state == "off":
            text = self.tr("This PC does not sync: its records are on this PC only.")
        else:
            text = self.tr("This PC syncs. {state}").format(state=status.text)
            if status.held:
                text += "\n" + "\n".join(_sentence(reason) for reason in status.held)
        self.state.setText(text)
        warning = status.state in ("out of step", "conflicts", "held")
        if self.state.property("warning") != warning:
            self.state.setProperty("warning", warning)
            self.state.style().unpolish(self.state)
            self.state.style().polish(self.state)

    def _show_peers(self, peers: list[PeerView]) -> None:
        """Rebuilt after every round: the PC chosen before stays chosen, so a round finishing
        never takes the choice away under the owner's mouse; with none chosen, a PC whose
        batch waits is, so "Let it in" is one click away."""
        chosen = self._chosen_peer()
        keep = chosen.device if chosen else next((p.device for p in peers if p.held), "")
        self.shown_peers = {peer.device: peer for peer in peers}
        self.peers.clear()
        if not peers:
            item = QTreeWidgetItem([self.tr("No other PC has synced yet."), "", "", ""])
            item.setFirstColumnSpanned(True)
            self.peers.addTopLevelItem(item)
        zone = self.session.zone()
        for peer in peers:
            seen = practice_time(peer.last_seen, zone) if peer.last_seen else self.tr("not yet")
            item = QTreeWidgetItem([_peer_name(peer), seen, _clock(peer), peer.held])
            item.setData(0, Qt.ItemDataRole.UserRole, peer.device)
            if abs(peer.clock_skew_s) * 1000 >= CLOCK_SKEW_MS:
                item.setToolTip(
                    2,
                    self.tr(
                        "This PC's clock and that one's differ by more than five minutes: set "
                        "both to the right time (Windows: Settings → Time → Sync now)."
                    ),
                )
            if peer.held:
                item.setToolTip(3, peer.held)
            self.peers.addTopLevelItem(item)
            if peer.device == keep:
                self.peers.setCurrentItem(item)
        for column in range(3):
            self.peers.resizeColumnToContents(column)

    def _show_report(self, report: RoundReport) -> None:
        self.report.setText("\n".join(report.lines()))

    def _update_buttons(self) -> None:
        owner = self.session.can(Permission.MAKE_BACKUPS)
        on = bool(self.settings and self.settings.share)
        running = self.runner.running or self._busy
        ready = bool(self.share.text().strip() and self.pc_name.text().strip())
        self.start.setEnabled(owner and not on and ready and not self._busy)
        self.stop.setEnabled(owner and on and not self._busy)
        self.sync_now.setEnabled(on and not running)
        self.rename.setEnabled(on and self.session.can(Permission.EDIT_SETTINGS) and not self._busy)
        self.pc_name.setReadOnly(on and not self.session.can(Permission.EDIT_SETTINGS))
        chosen = self._chosen_peer()
        self.let_in.setVisible(any(peer.held for peer in self.shown_peers.values()))
        self.let_in.setEnabled(
            owner and chosen is not None and bool(chosen.held) and not self._busy
        )
        self.forget.setEnabled(owner and chosen is not None and not self._busy)
        if not owner:
            self.why.setText(
                self.tr(
                    "Only the owner starts or stops syncing, lets in a batch sync held back and "
                    "forgets a PC: the shared folder holds a copy of the whole practice, like a "
                    "backup."
                )
            )
        elif not on and not ready:
            self.why.setText(
                self.tr(
                    "Choose an empty shared folder (or the one the practice's other PCs "
                    "already use, to join them from here, set up PracticeDesk on a new PC "
                    "with “Join a practice that already syncs”) and name this PC."
                )
            )
        else:
            self.why.setText("")
        self.why.setVisible(bool(self.why.text()))

    def _chosen_peer(self) -> PeerView | None:
        """The PC chosen in the list; None for none, or for the "no other PC" line."""
        item = self.peers.currentItem()
        device = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return self.shown_peers.get(device) if device else None

    # -- acting -----------------------------------------------------------------------------

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Shared folder"), self.share.text())
        if chosen:
            self.share.setText(chosen)

    def _on_start_clicked(self) -> None:
        share = Path(self.share.text().strip())
        name = self.pc_name.text()
        self._set_busy(True, self.tr("Setting up the shared folder and copying the practice…"))
        sync = self._sync
        run_task(self, lambda: sync.start(share, name), self._on_started, self._on_failed,
                 database=False)  # fmt: skip

    def _on_started(self, _result: object) -> None:
        self._set_busy(False)
        self.pc_name.setModified(False)
        self.refresh()
        self.runner.run_now()

    def _on_sync_now_clicked(self) -> None:
        self.message.clear()
        self.runner.run_now()
        self._update_buttons()

    def _on_syncing(self) -> None:
        self.state.setText(self.tr("This PC syncs. Syncing…"))

    def _on_round_finished(self, report: RoundReport) -> None:
        self._show_report(report)
        self.refresh()

    def _on_round_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_inline

        show_inline(error, self.message, self)
        self._update_buttons()

    def _on_stop_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Stop syncing"),
            self.tr(
                "This PC will stop sharing its changes with the practice's other PCs, and stop "
                "taking in theirs. What is changed here meanwhile goes out if it starts again. "
                "Stop syncing?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._set_busy(True)
        run_task(self, self._sync.stop, self._on_stopped, self._on_failed)

    def _on_stopped(self, _result: object) -> None:
        self._set_busy(False)
        self.refresh()

    def _on_rename_clicked(self) -> None:
        name = self.pc_name.text()
        self._set_busy(True)
        sync = self._sync
        run_task(self, lambda: sync.rename(name), self._on_renamed, self._on_failed)

    def _on_renamed(self, _result: object) -> None:
        self._set_busy(False)
        self.pc_name.setModified(False)
        self.message.setText("")
        self.refresh()

    def _on_forget_clicked(self) -> None:
        chosen = self._chosen_peer()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Forget this PC"),
            self.tr(
                "Forget “{name}”?\n\nDo this only for a PC that is gone for good — broken, "
                "replaced, or the old copy a backup was restored from. Its changes stay. Until "
                "it is forgotten, the shared folder keeps every batch for it. If it syncs "
                "again, it comes back."
            ).format(name=_peer_name(chosen)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._set_busy(True)
        sync, device = self._sync, chosen.device
        run_task(self, lambda: sync.forget(device), self._on_forgotten, self._on_failed)

    def _on_forgotten(self, _result: object) -> None:
        self._set_busy(False)
        self.refresh()

    def _on_let_in_clicked(self) -> None:
        chosen = self._chosen_peer()
        if chosen is None or not chosen.held:
            return
        sync, device = self._sync, chosen.device
        self._set_busy(True)
        run_task(self, lambda: sync.release(device), self._on_released, self._on_failed)

    def _on_released(self, _result: object) -> None:
        self._set_busy(False)
        self.runner.run_now()  # the batch is taken in on the next round: now
        self.refresh()

    def _on_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_inline

        self._set_busy(False)
        show_inline(error, self.message, self)

    def _set_busy(self, busy: bool, note: str = "") -> None:
        self._busy = busy
        if busy:
            self.message.setText(note)
        self._update_buttons()


def _clock(peer: PeerView) -> str:
    seconds = peer.clock_skew_s
    if abs(seconds) * 1000 < CLOCK_SKEW_MS:
        return "OK"
    minutes = abs(seconds) // 60
    side = "ahead" if seconds > 0 else "behind"
    return f"⚠ {minutes} min {side}"


def _peer_name(peer: PeerView) -> str:
    return peer.name or QCoreApplication.translate(
        "SyncTab", "PC {device} (name not known yet)"
    ).format(device=peer.device[:8])


def _default_pc_name() -> str:
    import socket

    return socket.gethostname()[:60]


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


def _sentence(text: str) -> str:
    """A service's reason ("batch 3 of PC … deletes 30 records") as a line of its own."""
    return text[:1].upper() + text[1:]


def _row(*widgets: QWidget, stretch_first: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    for index, widget in enumerate(widgets):
        row.addWidget(widget, 1 if stretch_first and index == 0 else 0)
    if not stretch_first:
        row.addStretch(1)
    return row
