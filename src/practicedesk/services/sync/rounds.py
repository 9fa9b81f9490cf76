"""Sync between the practice's PCs through a shared folder: one round, its status, conflicts.

A round (`run_round`) writes this PC's new changes as its next batches, publishes what it has
taken in (`pc.json`), reads the other PCs' batches it has not taken in, applies them through
the change log (store/sync_log.py), recomputes what each PC derives itself (search words),
carries keystore slots into the key file, and turns cross-row problems a merge made (one
chair booked twice, one patient registered twice) into tasks. Nothing in a round can stop
the front desk: an unreachable, read-only or full folder, or a damaged file, is reported and
the round goes on with the rest; every change stays in the log until it has been written.

A round can be cancelled through its `Progress` (when the program closes, say, while a slow
share is read) between two batches written, before the batches read are applied, and before
what was taken in is published: at each of those points what is done is committed and what
is not is simply done by the next round.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.atomic import write_atomically
from practicedesk.domain.merge import Change
from practicedesk.errors import InvalidInput, PracticeDeskError, SyncFileRejected
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security import keystore
from practicedesk.security.keystore import slot_from_json
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.patients import chart_numbers
from practicedesk.services.patients.listing import refresh_search_text
from practicedesk.services.practice.this_pc import NAME_KEY, SHARE_KEY
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.services.sync import catch_up, compaction, conflicts
from practicedesk.services.sync.conflicts import ConflictView
from practicedesk.services.sync.rules import after_merge
from practicedesk.services.users.unlocking import KeyAccess, mirror_slots
from practicedesk.store import sync_log
from practicedesk.store.database import get_meta, set_meta
from practicedesk.store.models import ChangeEntry, KeySlot, Patient, SyncConflict, SyncPeer
from practicedesk.sync import batches, folder, peers

log = logging.getLogger(__name__)

_SENT_THROUGH = "sync.sent_through"  # change-log seq of the last change written out
_WAITING = "sync.waiting"  # rows whose insert or parent has not arrived yet
_OUT_SINCE = "sync.out_since"
_PROBLEM = "sync.problem"
_SENT_AS = "sync.sent_as"  # the device id this copy's sent changes went out under
_FORGOTTEN = "sync.forgotten"  # PCs the owner said are gone for good (JSON list)

# What a round that took changes in may have touched: any record of the practice. Views
# that are not on screen only note that they are stale, so announcing them all is cheap.
SYNCED_AREAS = tuple(Area)

BATCH_CHANGES = 5_000
BATCH_BYTES = 40 * 1024 * 1024
MASS_DELETE = 25  # a batch deleting this many records waits for the owner
CLOCK_SKEW_MS = 5 * 60 * 1000


@dataclass(frozen=True, slots=True)
class SyncSettings:
    share: str  # "" when this PC does not sync
    pc_name: str
    device: str


@dataclass
class RoundReport:
    sent: int = 0  # changes written out
    batches_written: int = 0
    received: int = 0  # changes from other PCs taken in
    batches_read: int = 0
    conflicts: int = 0  # open conflicts after the round
    problems: list[str] = field(default_factory=list)  # files skipped, folder trouble
    rule_problems: list[str] = field(default_factory=list)  # tasks made for a person
    held: list[str] = field(default_factory=list)  # batches waiting for the owner
    # What keeps this PC out of step though the folder is there: its changes cannot go out,
    # or another PC's next batch cannot be read.
    blocked: list[str] = field(default_factory=list)
    clock_warnings: list[str] = field(default_factory=list)
    reachable: bool = True

    def lines(self) -> list[str]:
        out = [
            f"Sent {self.sent} change(s) in {self.batches_written} batch(es).",
            f"Received {self.received} change(s) from {self.batches_read} batch(es).",
            f"Conflicts to review: {self.conflicts}.",
        ]
        out += [f"Problem: {text}" for text in self.problems]
        out += [f"To resolve: {text}" for text in self.rule_problems]
        out += [f"Waiting for the owner: {text}" for text in self.held]
        out += [f"Held up: {text}" for text in self.blocked]
        out += [f"Clock: {text}" for text in self.clock_warnings]
        return out


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the status bar says: `state` is off, in step, out of step or conflicts."""

    state: str
    text: str
    conflicts: int
    held: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PeerView:
    device: str
    name: str
    applied: int
    last_seen: datetime | None
    clock_skew_s: int
    held: str


class SyncService:
    def __init__(self, context: Context, master_key: bytes, keys: KeyAccess) -> None:
        self._ctx = context
        self._master_key = master_key
        self._keys = keys
        self._sync_key = batches.sync_key(master_key)
        self._round = threading.Lock()

    # -- settings ---------------------------------------------------------------------------

    def settings(self) -> SyncSettings:
        with self._ctx.db.reading() as session:
            return SyncSettings(
                get_meta(session, SHARE_KEY) or "",
                get_meta(session, NAME_KEY) or "",
                self._ctx.db.clock.device,
            )

    def start(self, share: Path, pc_name: str) -> None:
        """Make `share` the practice's shared folder (it must be empty or already ours)."""
        self._ctx.require(Permission.MAKE_BACKUPS)
        name = pc_name_checked(pc_name)
        share = share.absolute()  # a relative path would follow the working folder
        practice_id = self._practice_id()
        folder.mark_share(share, practice_id)
        with self._ctx.db.writing() as session:
            set_meta(session, SHARE_KEY, str(share))
            set_meta(session, NAME_KEY, name)
            mirror_slots(session, self._keys.keystore)
            audit.record(session, self._ctx.actor, audit.Action.SYNC_SET_UP, f"{share} as {name}")
        self._publish_keys(share)
        self._claim_quietly(share)
        if not peers.snapshots(share)[0]:
            self.write_snapshot(share)
        self._ctx.announce(Area.SYNC)

    def joined(self, share: Path, pc_name: str) -> None:
        """Settings of a PC just made from the share's snapshot (services/joining.py)."""
        with self._ctx.db.writing() as session:
            set_meta(session, SHARE_KEY, str(share))
            set_meta(session, NAME_KEY, pc_name_checked(pc_name))
            # Everything already in the copy came from other PCs: none of it is ours to send.
            last = session.scalar(select(func.max(ChangeEntry.seq))) or 0
            set_meta(session, _SENT_THROUGH, str(last))
            set_meta(session, _SENT_AS, self._ctx.db.clock.device)
            set_meta(session, _WAITING, "[]")
            for key in (_OUT_SINCE, _PROBLEM):
                set_meta(session, key, "")
            set_meta(session, compaction.LAST_SNAPSHOT, str(int(time.time())))  # from one
            audit.record(
                session, self._ctx.actor, audit.Action.SYNC_JOINED, f"{share} as {pc_name}"
            )
        self._claim_quietly(share)

    def _claim_quietly(self, share: Path) -> None:
        """Chart numbers in hand from the start; if the share refuses now, the round retries."""
        device = self._ctx.db.clock.device
        try:
            chart_numbers.claim_blocks(self._ctx.db, share, self._practice_id(), (device,))
        except OSError as exc:
            log.warning("no chart numbers claimed yet: %s", exc.strerror)

    def rename(self, pc_name: str) -> None:
        self._ctx.require(Permission.EDIT_SETTINGS)
        with self._ctx.db.writing() as session:
            set_meta(session, NAME_KEY, pc_name_checked(pc_name))
        self._ctx.announce(Area.SYNC)

    def stop(self) -> None:
        """This PC stops syncing; its changes stay in its log and go out if it starts again."""
        self._ctx.require(Permission.MAKE_BACKUPS)
        with self._ctx.db.writing() as session:
            set_meta(session, SHARE_KEY, "")
            audit.record(session, self._ctx.actor, audit.Action.SYNC_SET_UP, "stopped")
        self._ctx.announce(Area.SYNC)

    # -- one round --------------------------------------------------------------------------

    def run_round(self, progress: Progress = NO_PROGRESS) -> RoundReport:
        report = RoundReport()
        settings = self.settings()
        if not settings.share:
            return report
        share = Path(settings.share)
        if not self._round.acquire(blocking=False):
            return report  # a round is already running: this one would find nothing new
        try:
            state = folder.check_share(share, self._practice_id())
            if state is not folder.ShareState.THIS_PRACTICE:
                report.reachable = False
                report.problems.append(f"the shared folder {share} {state.value}")
            else:
                self._exchange(share, settings, report, progress)
        finally:
            self._round.release()
        self._note_outcome(report)
        if report.received or report.rule_problems:
            self._ctx.announce(*SYNCED_AREAS)
        return report

    def _exchange(
        self, share: Path, settings: SyncSettings, report: RoundReport, progress: Progress
    ) -> None:
        try:
            listing = folder.list_batches(share)
            seen, unreadable = peers.read_pc_states(share)
        except OSError as exc:
            report.reachable = False
            report.problems.append(_folder_trouble(share, exc, "read"))
            return
        own = listing.batches.get(settings.device, [])
        try:
            self._number_charts(share, settings.device)
        except OSError as exc:
            report.problems.append(_folder_trouble(share, exc, "written to"))
        try:
            self._send(share, settings.device, own[-1].seq if own else 0, report, progress)
        except OSError as exc:
            trouble = _folder_trouble(share, exc, "written to")
            report.problems.append(trouble)
            report.blocked.append(f"this PC's changes cannot go out: {trouble}")
            if (
                folder.check_share(share, self._practice_id())
                is not folder.ShareState.THIS_PRACTICE
            ):
                report.reachable = False  # gone since it was listed, not merely read-only
                return
        report.problems += unreadable
        report.problems += [
            f"{p.relative_to(share)} is not a PracticeDesk file" for p in listing.strays
        ]
        self._receive(share, listing, settings.device, seen, report, progress)
        stop_if_cancelled(progress)
        try:
            self._publish_state(share, settings, seen, report)
            self._publish_keys(share)
            compaction.compact(
                self._ctx, self._master_key, share, settings.device, listing, seen, unreadable
            )
        except OSError as exc:
            report.problems.append(_folder_trouble(share, exc, "written to"))
        with self._ctx.db.reading() as session:
            report.conflicts = session.scalar(select(func.count()).select_from(SyncConflict)) or 0

    def _number_charts(self, share: Path, device: str) -> None:
        """Keep this PC's chart numbers in hand and number the charts it registered while it
        had none (services/patients/chart_numbers.py). Before `_send`, which forgets the id
        this copy had before a restore: charts that copy registered are this PC's to number."""
        with self._ctx.db.reading() as session:
            devices = (device, get_meta(session, _SENT_AS) or device)
        chart_numbers.claim_blocks(self._ctx.db, share, self._practice_id(), devices)
        with self._ctx.db.writing() as session:
            ids = chart_numbers.waiting(session, devices)
            numbers = chart_numbers.take(session, device, len(ids))
            for patient_id, number in zip(ids, numbers, strict=True):
                row = session.get(Patient, patient_id)
                if number is None or row is None:
                    break
                row.chart_number = number
                refresh_search_text(session, row)
        if ids:
            self._ctx.announce(Area.PATIENTS)

    def _send(
        self, share: Path, device: str, highest: int, report: RoundReport, progress: Progress
    ) -> None:
        """`highest`: this PC's highest batch in the share, so a number is never reused."""
        with self._ctx.db.reading() as session:
            sent_through = int(get_meta(session, _SENT_THROUGH) or 0)
            # A copy restored from a backup has a device id of its own: changes its old self
            # made after its last round are sent now, relayed in this PC's batches.
            old_self = get_meta(session, _SENT_AS) or device
            relays = "" if old_self == device else old_self
            entries = session.execute(
                select(ChangeEntry)
                .where(
                    ChangeEntry.seq > sent_through,
                    ChangeEntry.device_id.in_({device, old_self}),
                )
                .order_by(ChangeEntry.seq)
            ).scalars()
            pending = [(entry.seq, sync_log.to_change(entry)) for entry in entries]
            own = session.get(SyncPeer, device)
            sent = own.applied_seq if own else 0
        sent = max(sent, highest)
        for chunk in _chunks(pending):
            stop_if_cancelled(progress)
            progress.report(report.sent, len(pending), "Sending this PC's changes…")
            sent += 1
            batches.write_batch(
                share,
                self._practice_id(),
                self._sync_key,
                device,
                sent,
                [c for _, c in chunk],
                relays,
            )
            with self._ctx.db.writing() as session:
                set_meta(session, _SENT_THROUGH, str(chunk[-1][0]))
                _peer(session, device).applied_seq = sent
            report.sent += len(chunk)
            report.batches_written += 1
        if relays:  # sent: what the old self's batches bring later is taken in, not relayed
            with self._ctx.db.writing() as session:
                set_meta(session, _SENT_AS, device)

    def _receive(
        self,
        share: Path,
        listing: folder.Listing,
        device: str,
        seen: dict[str, peers.SeenPc],
        report: RoundReport,
        progress: Progress,
    ) -> None:
        catch_up.catch_up(
            share,
            lambda: catch_up.gaps(self._applied(), listing, device, seen),
            lambda snapshot: self._take_in_snapshot(snapshot, device, report),
        )
        with self._ctx.db.reading() as session:
            known = {row.device_id: row for row in session.scalars(select(SyncPeer))}
            session.expunge_all()
        incoming: list[Change] = []
        applied_through: dict[str, int] = {}
        holds: dict[str, tuple[int, str]] = {}
        for other, files in listing.batches.items():
            if other == device:
                continue
            peer = known.get(other)
            applied = peer.applied_seq if peer else 0
            release = peer.release_seq if peer else 0
            for batch_file in files:
                if batch_file.seq <= applied:
                    continue
                stop_if_cancelled(progress)
                progress.report(report.batches_read, 0, "Reading the other PCs' changes…")
                if batch_file.seq != applied + 1:
                    report.blocked.append(
                        f"batch {applied + 1} of PC {_name(seen, other)} is missing from the "
                        f"shared folder (batch {batch_file.seq} is there); waiting for it"
                    )
                    break
                try:
                    batch = batches.read_batch(batch_file.path, self._practice_id(), self._sync_key)
                except SyncFileRejected as exc:
                    report.problems.append(str(exc))
                    report.blocked.append(
                        f"batch {batch_file.seq} of PC {_name(seen, other)} cannot be used, so "
                        "its later changes wait"
                    )
                    break
                deletions = sum(1 for change in batch.changes if change.op == "delete")
                if deletions >= MASS_DELETE and release != batch.seq:
                    reason = (
                        f"batch {batch.seq} of PC {_name(seen, other)} deletes {deletions} records"
                    )
                    holds[other] = (batch.seq, reason)
                    report.held.append(reason)
                    break
                incoming.extend(batch.changes)
                applied = batch.seq
                report.batches_read += 1
            applied_through[other] = applied
        for other, pc in seen.items():
            taken = applied_through.get(other, known[other].applied_seq if other in known else 0)
            if (
                other != device
                and other not in listing.batches
                and pc.state.sent > taken
                and not _batch_there(share, other, taken + 1)
            ):
                report.blocked.append(
                    f"the batches of PC {_name(seen, other)} this PC still needs are gone "
                    "from the shared folder, and no snapshot there holds them"
                )
        stop_if_cancelled(progress)
        progress.report(0, 0, "Taking in the other PCs' changes…")
        now = datetime.now(UTC)
        with self._ctx.db.writing() as session:
            fresh = self._take_in(session, [incoming], now, report)
            for other, applied in applied_through.items():
                peer = _peer(session, other)
                peer.applied_seq = applied
                peer.held_seq, peer.held_reason = holds.get(other, (0, ""))
            for other, pc in seen.items():  # named as soon as its pc.json is there
                if other != device:
                    peer = _peer(session, other)
                    peer.name = pc.state.name[:60]
                    peer.last_seen = now
            forgotten = json.loads(get_meta(session, _FORGOTTEN) or "[]")
            if any(other in seen for other in forgotten):  # it was not gone after all
                kept = [other for other in forgotten if other not in seen]
                set_meta(session, _FORGOTTEN, json.dumps(kept))
            if fresh:
                audit.record(
                    session,
                    self._ctx.actor,
                    audit.Action.SYNC_RECEIVED,
                    f"{fresh} change(s) from {report.batches_read} batch(es)",
                )
        report.received += fresh

    def _take_in(
        self,
        session: Session,
        chunks: Iterable[list[Change]],
        now: datetime,
        report: RoundReport,
    ) -> int:
        """Log the changes not seen before, bring their rows (and rows still waiting) up to
        date, and do what a merge leaves to each PC; returns how many were new."""
        keys: set[sync_log.RowKey] = set()
        count = 0
        for chunk in chunks:
            for change in chunk:
                self._ctx.db.clock.observe(change.stamp)
            fresh = sync_log.record(session, chunk, now)
            keys |= {(c.table, c.row_id) for c in fresh}
            count += len(fresh)
        keys |= {tuple(key) for key in json.loads(get_meta(session, _WAITING) or "[]")}
        done = sync_log.materialize(session, keys) if keys else sync_log.Materialized()
        conflicts.refresh_listed(session, keys)
        set_meta(session, _WAITING, json.dumps(sorted(done.waiting)))
        written = set(done.written)
        report.rule_problems += after_merge(session, written)
        self._apply_key_slots(session, [row for table, row in written if table == "key_slot"])
        return count

    def _take_in_snapshot(self, snapshot: peers.Snapshot, device: str, report: RoundReport) -> bool:
        try:
            with (
                catch_up.snapshot_changes(snapshot.path, self._master_key) as chunks,
                self._ctx.db.writing() as session,
            ):
                fresh = self._take_in(session, chunks, datetime.now(UTC), report)
                for other, covered in snapshot.covers.items():
                    if other != device:
                        peer = _peer(session, other)
                        peer.applied_seq = max(peer.applied_seq, covered)
                audit.record(
                    session,
                    self._ctx.actor,
                    audit.Action.SYNC_RECEIVED,
                    f"{fresh} change(s) from the snapshot {snapshot.path.name}, whose batches "
                    "were no longer in the shared folder",
                )
        except (PracticeDeskError, OSError) as exc:  # a damaged snapshot: nothing taken in
            report.problems.append(str(exc))
            return False
        report.received += fresh
        return True

    def _apply_key_slots(self, session: Session, row_ids: Iterable[str]) -> None:
        changed = False
        store = self._keys.keystore
        for row_id in row_ids:
            row = session.get(KeySlot, uuid.UUID(row_id))
            if row is None:
                continue
            try:
                slot = slot_from_json(json.loads(row.slot))
            except (ValueError, TypeError, KeyError, AttributeError):
                log.warning("a synced key slot could not be read; the key file keeps its own")
                continue
            if row.deleted_at is None and store.users.get(row.lookup) != slot:
                store.users[row.lookup] = slot
                changed = True
        if changed:
            self._keys.save(session, self._master_key)

    def _publish_state(
        self,
        share: Path,
        settings: SyncSettings,
        seen: dict[str, peers.SeenPc],
        report: RoundReport,
    ) -> None:
        with self._ctx.db.reading() as session:
            rows = list(session.scalars(select(SyncPeer)))
        applied = {
            row.device_id: row.applied_seq for row in rows if row.device_id != settings.device
        }
        own = next((row.applied_seq for row in rows if row.device_id == settings.device), 0)
        state = peers.PcState(
            settings.device, settings.pc_name, applied, own, time.time_ns() // 1_000_000
        )
        my_lead = peers.write_pc_state(share, state)
        with self._ctx.db.writing() as session:
            for other, pc in seen.items():
                if other == settings.device:
                    continue
                skew = pc.skew_ms - my_lead
                row = _peer(session, other)
                row.clock_skew_ms = skew
                row.name = pc.state.name[:60]  # also for a PC that has sent nothing yet
                if abs(skew) > CLOCK_SKEW_MS:
                    report.clock_warnings.append(
                        f"the clock of PC {pc.state.name or other} is {_minutes(skew)} "
                        f"{'ahead of' if skew > 0 else 'behind'} this PC's; set both to the "
                        "right time"
                    )

    def _publish_keys(self, share: Path) -> None:
        """Keep the share's copy of the key file, which a joining PC opens with a password."""
        target = share / folder.SHARED_KEYS
        mine = self._keys.keystore
        try:
            current = keystore.Keystore.load(target)
            if current.users == mine.users and current.recovery == mine.recovery:
                return
        except (OSError, ValueError):
            pass
        write_atomically(target, self._ctx.folder.file(keystore.FILE_NAME).read_bytes())

    # -- snapshots --------------------------------------------------------------------------

    def write_snapshot(self, share: Path) -> Path:
        """A whole copy of the practice for joining PCs, saying which batches it holds."""
        return compaction.write_snapshot(self._ctx, self._master_key, share)

    def _applied(self) -> dict[str, int]:
        with self._ctx.db.reading() as session:
            return compaction.taken_in(session)

    # -- status, conflicts, holds -----------------------------------------------------------

    def status(self) -> SyncStatus:
        with self._ctx.db.reading() as session:
            share = get_meta(session, SHARE_KEY) or ""
            if not share:
                return SyncStatus("off", "Sync is off", 0)
            open_conflicts = session.scalar(select(func.count()).select_from(SyncConflict)) or 0
            held = tuple(
                row.held_reason for row in session.scalars(select(SyncPeer)) if row.held_seq
            )
            out_since = get_meta(session, _OUT_SINCE) or ""
            problem = get_meta(session, _PROBLEM) or ""
            zone = practice_zone(session)
        if out_since:
            when = datetime.fromisoformat(out_since).astimezone(zone)
            return SyncStatus(
                "out of step", f"Out of step since {when:%H:%M} — {problem}", open_conflicts, held
            )
        if open_conflicts:
            return SyncStatus(
                "conflicts", f"{open_conflicts} conflict(s) to review", open_conflicts, held
            )
        if held:
            return SyncStatus("held", "A batch waits for the owner", 0, held)
        return SyncStatus("in step", "In step", 0, held)

    def peers(self) -> list[PeerView]:
        """The other PCs, but not those forgotten (until they sync again)."""
        with self._ctx.db.reading() as session:
            device = self._ctx.db.clock.device
            gone = set(json.loads(get_meta(session, _FORGOTTEN) or "[]")) | {device}
            return [
                PeerView(
                    row.device_id,
                    row.name,
                    row.applied_seq,
                    row.last_seen,
                    row.clock_skew_ms // 1000,
                    row.held_reason if row.held_seq else "",
                )
                for row in session.scalars(select(SyncPeer).order_by(SyncPeer.name))
                if row.device_id not in gone
            ]

    def forget(self, device: str) -> None:
        """The owner says a PC is gone for good (broken, replaced, or the old self of a copy
        restored from a backup). Its file leaves the share, so the other PCs stop keeping
        batches for it; its changes stay. A PC that was not gone comes back at its next
        round, and takes in from the newest snapshot what was removed meanwhile."""
        self._ctx.require(Permission.MAKE_BACKUPS)
        settings = self.settings()
        if device == settings.device:
            raise InvalidInput("This PC cannot forget itself; stop sync on it instead.")
        with self._ctx.db.reading() as session:
            peer = session.get(SyncPeer, device)
            if peer is None:
                raise InvalidInput("This PC does not know that PC.")
            name = peer.name or device
        if settings.share:
            try:
                (Path(settings.share) / device / folder.PC_FILE).unlink(missing_ok=True)
            except OSError as exc:
                raise InvalidInput(
                    f"{_folder_trouble(Path(settings.share), exc, 'written to')}. "
                    "Try again when it can."
                ) from exc
        with self._ctx.db.writing() as session:
            gone = set(json.loads(get_meta(session, _FORGOTTEN) or "[]")) | {device}
            set_meta(session, _FORGOTTEN, json.dumps(sorted(gone)))
            audit.record(session, self._ctx.actor, audit.Action.SYNC_SET_UP, f"forgot PC {name}")
        self._ctx.announce(Area.SYNC)

    def release(self, device: str) -> None:
        """The owner lets a held batch in: it is applied on the next round."""
        self._ctx.require(Permission.MAKE_BACKUPS)
        with self._ctx.db.writing() as session:
            peer = session.get(SyncPeer, device)
            if peer is None or not peer.held_seq:
                raise InvalidInput("No batch of that PC is waiting.")
            peer.release_seq = peer.held_seq
            audit.record(
                session, self._ctx.actor, audit.Action.SYNC_SET_UP, f"let in {peer.held_reason}"
            )

    def conflicts(self) -> list[ConflictView]:
        with self._ctx.db.reading() as session:
            names = {row.device_id: row.name for row in session.scalars(select(SyncPeer))}
            names[self._ctx.db.clock.device] = get_meta(session, NAME_KEY) or "this PC"
            return conflicts.listed(session, names)

    def resolve(self, conflict_id: int, keep_loser: bool) -> None:
        """Keep one value: a new change that has seen every version settles it on every PC."""
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            summary = conflicts.settle(
                session, conflict_id, keep_loser, self._ctx.db.clock.tick(), self._ctx.db.author
            )
            audit.record(session, self._ctx.actor, audit.Action.SYNC_CONFLICT_SETTLED, summary)
        self._ctx.announce(*SYNCED_AREAS)

    # -- helpers ----------------------------------------------------------------------------

    def _practice_id(self) -> str:
        return self._keys.keystore.practice_id

    def _note_outcome(self, report: RoundReport) -> None:
        """Remember since when the folder has been out of reach; a write only on a change,
        since a round runs every few seconds."""
        trouble = report.problems[0] if not report.reachable else ""
        if report.reachable and report.blocked:
            trouble = report.blocked[0]
        with self._ctx.db.reading() as session:
            since, problem = get_meta(session, _OUT_SINCE) or "", get_meta(session, _PROBLEM) or ""
        if problem == trouble and bool(since) == bool(trouble):
            return
        with self._ctx.db.writing() as session:
            set_meta(session, _OUT_SINCE, since or datetime.now(UTC).isoformat() if trouble else "")
            set_meta(session, _PROBLEM, trouble)


def _peer(session: Session, device: str) -> SyncPeer:
    row = session.get(SyncPeer, device)
    if row is None:
        row = SyncPeer(
            device_id=device,
            name="",
            applied_seq=0,
            held_seq=0,
            held_reason="",
            release_seq=0,
            clock_skew_ms=0,
        )
        session.add(row)
    return row


def _chunks(pending: list[tuple[int, Change]]) -> Iterable[list[tuple[int, Change]]]:
    chunk: list[tuple[int, Change]] = []
    size = 0
    for item in pending:
        weight = len(json.dumps(dict(item[1].fields))) + 200
        if chunk and (len(chunk) >= BATCH_CHANGES or size + weight > BATCH_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += weight
    if chunk:
        yield chunk


def pc_name_checked(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 60:
        raise InvalidInput("Give this PC a name of 1 to 60 characters, such as “Front desk”.")
    return cleaned


def _name(seen: dict[str, peers.SeenPc], device: str) -> str:
    pc = seen.get(device)
    return f"“{pc.state.name}”" if pc and pc.state.name else device


def _batch_there(share: Path, device: str, seq: int) -> bool:
    """Whether a PC's batch is in the share, asked by name: a share's listing can lag behind
    the file (and the PC's pc.json, read fresh, already counts it), so a batch missing from
    the listing is not gone until the share says so when asked for it."""
    try:
        return batches.batch_path(share, device, seq).is_file()
    except (OSError, ValueError):
        return False


def _folder_trouble(share: Path, exc: OSError, verb: str) -> str:
    reason = exc.strerror or type(exc).__name__
    return f"the shared folder {share} cannot be {verb} ({reason})"


def _minutes(ms: int) -> str:
    return f"{abs(ms) // 60000} minutes"
