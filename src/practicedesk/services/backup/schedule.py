"""Automatic backups on this PC: where they go, how often, what is kept, and how it went.

Everything here is per PC and kept in `local_meta` (never synced): backup places are folders
and drives of this PC, and each PC backs up its own copy. This module never writes the
recovery code anywhere; the backup header carries only the recovery *wrap* of the master key.

Who may run what: the scheduled backups (`run_if_due`, on a timer and at closing) run for
whoever is signed in, because they protect the practice and need no judgement; a backup on
demand, and changing places, interval or rotation, take `MAKE_BACKUPS` (the owner); the backup
made before an import (`before_import`) runs for whoever may import.

`status()` reads only the database, never the backup folders, so the status bar cannot hang
on a USB drive or a network share; `listing()` reads the folders and belongs on a worker.

What a killed backup leaves (a `.partial` file, a staging folder) is removed here, by the
first backup run or check of the session (`remove_leftovers`): that is the first moment this
PC's places are known and read on a worker anyway (sign-in never waits on a slow drive), and
it holds `_running`, which every scheduled and "Back up now" backup takes, while the data
folder's lock keeps any other process of this practice out: no backup of ours is under way.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from practicedesk.backup import header, writing
from practicedesk.domain import backup_rotation as rules
from practicedesk.domain.backup_rotation import BackupFile, Rotation, StatusLine
from practicedesk.errors import InvalidInput, PracticeDeskError
from practicedesk.progress import NO_PROGRESS, Cancelled, Progress
from practicedesk.security import keystore
from practicedesk.security.roles import Permission, Role
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.backup.drill import DrillService
from practicedesk.services.backup.files import check_outside_data_folder, read_backup_header
from practicedesk.services.context import Context
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.database import Database, get_meta, set_meta
from practicedesk.store.models import LocalMeta

__all__ = [
    "BackupRun",
    "BackupSchedule",
    "BackupScheduleService",
    "BackupStatus",
    "ListedBackup",
    "PlaceListing",
    "PlaceResult",
    "Rotation",
    "default_place",
]

log = logging.getLogger(__name__)

_MAIN, _SECOND, _INTERVAL, _KEEP = "backup.main", "backup.second", "backup.hours", "backup.keep"
_FILES, _LAST = "backup.files", "backup.last_attempt"
INTERVAL_HOURS = (1, 168)
KEEP_LIMITS = {"daily": (1, 60), "weekly": (0, 52), "monthly": (0, 120)}


def default_place(data_dir: Path) -> Path:
    """Beside the data folder and named after it (`practice backups`): found at a glance,
    never inside the folder a restore replaces, and two practices on one PC never share one."""
    return data_dir.parent / f"{data_dir.name} backups"


@dataclass(frozen=True, slots=True)
class BackupSchedule:
    main: Path
    main_is_default: bool
    second: Path | None
    interval_hours: int
    rotation: Rotation


@dataclass(frozen=True, slots=True)
class PlaceResult:
    place: Path
    ok: bool
    message: str  # what happened, in words a coordinator can act on
    file_name: str = ""


@dataclass(frozen=True, slots=True)
class BackupRun:
    at: datetime
    results: tuple[PlaceResult, ...]  # the main place first

    @property
    def failed(self) -> bool:
        """Only the main place decides: a missing second place is a warning."""
        return not self.results[0].ok

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(result.message for result in self.results if not result.ok)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    line: StatusLine
    last_verified_at: datetime | None
    last_run: BackupRun | None
    places: tuple[tuple[Path, datetime | None], ...]  # each place, its newest verified backup
    recent_places: int
    spread: StatusLine  # the 3-2-1 state

    @property
    def warning(self) -> bool:
        return self.line.warning


@dataclass(frozen=True, slots=True)
class ListedBackup:
    name: str
    taken_at: datetime | None  # None: the header cannot be read
    verified: bool  # written and checked by this PC


@dataclass(frozen=True, slots=True)
class PlaceListing:
    place: Path
    available: bool
    backups: tuple[ListedBackup, ...]  # newest first


def _now() -> datetime:
    return datetime.now(UTC)


class BackupScheduleService:
    """`drills` runs the monthly restore drill on the newest backup after a good one."""

    def __init__(
        self,
        context: Context,
        master_key: bytes,
        drills: DrillService,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._ctx = context
        self._master_key = master_key
        self._drill_service = drills
        self.clock = clock
        self._running = threading.Lock()
        self._leftovers_checked = False

    # -- settings ---------------------------------------------------------------------------

    def settings(self) -> BackupSchedule:
        with self._ctx.db.reading() as session:
            main = get_meta(session, _MAIN)
            second = get_meta(session, _SECOND)
            hours = get_meta(session, _INTERVAL)
            keep = get_meta(session, _KEEP)
        default = default_place(self._ctx.folder.path)
        return BackupSchedule(
            main=Path(main) if main else default,
            main_is_default=not main,
            second=Path(second) if second else None,
            interval_hours=int(hours) if hours and hours.isdigit() else 24,
            rotation=_rotation(keep),
        )

    def set_places(self, main: Path | None, second: Path | None) -> None:
        """`main=None` is the default place. A place inside the data folder is refused: a
        disk that dies, or a restore that replaces the folder, would take the backups too."""
        self._ctx.require(Permission.MAKE_BACKUPS)
        for place in (main, second):
            if place is not None:
                check_outside_data_folder(place, self._ctx.folder.path)
        if main is not None and second is not None and main.resolve() == second.resolve():
            raise InvalidInput("The second place must be another folder than the main one.")
        self._write_settings(
            f"places: {main or 'default'}, second: {second or 'none'}",
            {_MAIN: str(main) if main else "", _SECOND: str(second) if second else ""},
        )

    def set_interval(self, hours: int) -> None:
        self._ctx.require(Permission.MAKE_BACKUPS)
        low, high = INTERVAL_HOURS
        if not low <= hours <= high:
            raise InvalidInput(f"Back up every {low} to {high} hours.")
        self._write_settings(f"every {hours} hours", {_INTERVAL: str(hours)})

    def set_rotation(self, rotation: Rotation) -> None:
        self._ctx.require(Permission.MAKE_BACKUPS)
        for field, (low, high) in KEEP_LIMITS.items():
            if not low <= getattr(rotation, field) <= high:
                raise InvalidInput(f"Keep {low} to {high} {field} backups.")
        value = json.dumps(
            {"daily": rotation.daily, "weekly": rotation.weekly, "monthly": rotation.monthly}
        )
        self._write_settings(
            f"keep {rotation.daily} daily, {rotation.weekly} weekly, {rotation.monthly} monthly",
            {_KEEP: value},
        )

    def _write_settings(self, summary: str, values: dict[str, str]) -> None:
        with self._ctx.db.writing() as session:
            for key, value in values.items():
                set_meta(session, key, value)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.SETTING_CHANGED,
                f"Backups on this PC: {summary}",
                subject_type="setting",
                subject_id="backups",
            )
        self._ctx.announce(Area.BACKUPS)

    # -- state ------------------------------------------------------------------------------

    def status(self) -> BackupStatus:
        now = self.clock()
        schedule = self.settings()
        with self._ctx.db.reading() as session:
            files = _load_files(get_meta(session, _FILES))
            last_run = _load_run(get_meta(session, _LAST))
        places = [schedule.main] + ([schedule.second] if schedule.second else [])
        newest = {str(place): _newest(files.get(str(place), {})) for place in places}
        verified = [moment for moment in newest.values() if moment is not None]
        last_verified = max(verified) if verified else None
        failed = last_run is not None and last_run.failed
        recent = len(rules.places_with_recent_copy(newest, now))
        return BackupStatus(
            line=rules.describe(now, last_verified, failed),
            last_verified_at=last_verified,
            last_run=last_run,
            places=tuple((place, newest[str(place)]) for place in places),
            recent_places=recent,
            spread=rules.three_two_one(recent),
        )

    def due(self) -> bool:
        if self._ctx.db.read_only:
            return False  # a backup opened to look something up is never backed up again
        state = self.status()
        run = state.last_run
        return rules.is_due(
            self.clock(),
            state.last_verified_at,
            run.at if run is not None and run.failed else None,
            timedelta(hours=self.settings().interval_hours),
        )

    def login_notice(self) -> str | None:
        """For the owner only, and only for news to act on: an old or failed backup, no
        passing restore drill, or fewer than two places holding this week's backup (3-2-1).
        A practice never backed up gets none: its first backup is due minutes after login."""
        if self._ctx.actor.role is not Role.OWNER:
            return None
        state = self.status()
        news = []
        if state.warning and (state.last_verified_at is not None or state.last_run is not None):
            news.append(state.line.long)
        if state.last_verified_at is not None:  # drills and places count from the first
            drill = self._drills().status(self.clock())
            if drill.overdue:
                with self._ctx.db.reading() as session:
                    news.append(drill.warning(practice_zone(session)))
            if state.spread.warning:
                news.append(state.spread.long)
        if not news:
            return None
        return " ".join(news) + " Open Settings → Backups to see more, or to back up now."

    def _drills(self) -> DrillService:
        return self._drill_service

    # -- running ----------------------------------------------------------------------------

    def run_now(self, progress: Progress = NO_PROGRESS) -> BackupRun:
        """A backup on demand (Back up now), for those who may make backups."""
        self._ctx.require(Permission.MAKE_BACKUPS)
        if self._ctx.db.read_only:  # an old copy saved as "newest" would prune real ones
            raise InvalidInput(self._ctx.db.read_only)
        with self._running:
            self._remove_leftovers_once()
            return self._run("by hand", progress)

    def before_import(self, what: str, progress: Progress = NO_PROGRESS) -> Path:
        """A backup just before an import changes many records at once, for whoever may
        import (like the scheduled backups, it protects the practice and needs no judgement):
        restoring it is how the office goes back if the import looks wrong. Returns the
        backup file; refuses (and so stops the import) when the main place cannot take it."""
        self._ctx.require(Permission.IMPORT_PATIENTS)
        if self._ctx.db.read_only:
            raise InvalidInput(self._ctx.db.read_only)
        with self._running:
            self._remove_leftovers_once()
            run = self._run(f"before importing {what}", progress)
        main = run.results[0]
        if not main.ok:
            raise InvalidInput(
                f"The backup to make before the import could not be made, so nothing was "
                f"imported: {main.message}"
            )
        return main.place / main.file_name

    def run_if_due(self, progress: Progress = NO_PROGRESS) -> BackupRun | None:
        """The scheduled backup, for whoever is signed in; None if not due or one is running.
        After a good one, the monthly restore drill runs on the newest backup when it is due:
        a backup never restored is a hope, not a backup. Never of a damaged database: it
        would rotate good backups out for copies of the damage. A backup cancelled stays due;
        the drill then waits for the next one."""
        if self._ctx.db.damage or not self._running.acquire(blocking=False):
            return None
        try:
            self._remove_leftovers_once()
            if not self.due():
                return None
            run = self._run("automatic", progress)
            drills = self._drills()
            if not run.failed and not progress.cancelled and drills.due(self.clock()):
                drills.run_newest(self.settings().main)
                self._ctx.announce(Area.BACKUPS)
            return run
        finally:
            self._running.release()

    def _remove_leftovers_once(self) -> None:
        if not self._leftovers_checked and not self._ctx.db.read_only:
            self._leftovers_checked = True
            self.remove_leftovers()

    def remove_leftovers(self) -> list[Path]:
        """Remove what a backup killed midway left: staging folders in the data folder, and
        the `.partial` files this PC wrote (named with its device id) in its main and second
        place. Nothing else: never a `.pdbackup`, never another PC's file in a shared place.
        Call it only while no backup of this practice runs (the data folder's lock keeps
        other processes out; `run_now` and `run_if_due` call it under `_running`)."""
        schedule = self.settings()
        writer = self._ctx.db.clock.device
        found = writing.leftover_staging(self._ctx.folder.path)
        for place in (schedule.main, schedule.second):
            if place is not None:
                try:
                    found += writing.leftover_partials(place, writer)
                except OSError:  # a drive pulled out while it is read: next session
                    continue
        removed: list[Path] = []
        for path in found:
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError as exc:
                log.warning("could not remove a backup leftover %s: %s", path.name, exc.strerror)
                continue
            removed.append(path)
        if removed:
            log.info(
                "removed %d leftovers of interrupted backups: %s",
                len(removed),
                ", ".join(str(path) for path in removed),
            )
        return removed

    def _run(self, how: str, progress: Progress) -> BackupRun:
        """Cancelled in the second place, the run is still recorded with the main place's
        backup, which is made and verified: the status bar must not show an older failure."""
        schedule = self.settings()
        if schedule.main_is_default:
            schedule.main.mkdir(parents=True, exist_ok=True)
        results = [self._back_up_to(schedule.main, schedule.rotation, how, progress)]
        try:
            if schedule.second is not None:
                results.append(self._back_up_to(schedule.second, schedule.rotation, how, progress))
        except Cancelled:
            self._record_run(BackupRun(self.clock(), tuple(results)))
            raise
        return self._record_run(BackupRun(self.clock(), tuple(results)))

    def _record_run(self, run: BackupRun) -> BackupRun:
        with self._ctx.db.writing() as session:
            set_meta(session, _LAST, _dump_run(run))
        self._ctx.announce(Area.BACKUPS)
        return run

    def _back_up_to(
        self, place: Path, rotation: Rotation, how: str, progress: Progress
    ) -> PlaceResult:
        try:
            with self._ctx.db.damage_checked():
                written = writing.write(
                    self._ctx.db.engine,
                    self._master_key,
                    self._ctx.folder.file(keystore.FILE_NAME),
                    place,
                    writer=self._ctx.db.clock.device,
                    progress=progress,
                )
        except PracticeDeskError as exc:
            log.warning("backup not written: %s", type(exc).__name__)
            return PlaceResult(place, False, exc.message)
        counts = written.header.counts
        summary = ", ".join(
            f"{counts.get(table, 0)} {table}s" for table in ("patient", "appointment", "document")
        )
        # When it was verified, to the microsecond: the header's second cannot order two
        # backups made within one second, and rotation must know which is the newer.
        verified_at = datetime.now(UTC)
        with self._ctx.db.writing() as session:
            _remember(session, place, written.path.name, verified_at)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.BACKUP_MADE,
                f"{written.path.name} in {place} ({summary}), verified, {how}",
            )
        self._prune(place, rotation)
        return PlaceResult(place, True, f"Backed up to {place}.", written.path.name)

    def _prune(self, place: Path, rotation: Rotation) -> None:
        """Only files this PC wrote and verified are pruned: a shared second place may hold
        another PC's backups, which are that PC's to rotate."""
        with self._ctx.db.reading() as session:
            ours = _load_files(get_meta(session, _FILES)).get(str(place), {})
            zone = practice_zone(session)  # a day's backup is the practice's day's, not the PC's
        present = {name: at for name, at in ours.items() if (place / name).is_file()}
        local = [BackupFile(name, at.astimezone(zone), True) for name, at in present.items()]
        gone = set(ours) - set(present)
        for found in rules.to_prune(local, rotation):
            try:
                (place / found.name).unlink()
            except OSError as exc:
                log.warning("could not remove an old backup: %s", exc.strerror)
                continue
            gone.add(found.name)
        if gone:
            with self._ctx.db.writing() as session:
                _forget(session, place, gone)

    def listing(self) -> tuple[PlaceListing, ...]:
        """Every backup file in each place, read from the folders (slow on a drive: call it
        from a worker). Files made elsewhere are listed as not verified by this PC."""
        schedule = self.settings()
        with self._ctx.db.reading() as session:
            files = _load_files(get_meta(session, _FILES))
        places = [schedule.main] + ([schedule.second] if schedule.second else [])
        return tuple(_list_place(place, files.get(str(place), {})) for place in places)


def _list_place(place: Path, ours: dict[str, datetime]) -> PlaceListing:
    if not place.is_dir():
        return PlaceListing(place, False, ())
    try:
        paths = list(place.glob(f"*{header.SUFFIX}"))
    except OSError:  # a drive pulled out while it is read
        return PlaceListing(place, False, ())
    found: list[ListedBackup] = []
    for path in paths:
        if path.name in ours:
            found.append(ListedBackup(path.name, ours[path.name], True))
            continue
        try:
            taken_at: datetime | None = read_backup_header(path).created_at
        except PracticeDeskError:
            taken_at = None
        found.append(ListedBackup(path.name, taken_at, False))
    found.sort(key=lambda b: b.taken_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    return PlaceListing(place, True, tuple(found))


def _rotation(text: str | None) -> Rotation:
    """Damaged or missing numbers read as the defaults rather than stopping backups."""
    try:
        data = json.loads(text or "{}")
        return Rotation(
            int(data.get("daily", 7)), int(data.get("weekly", 4)), int(data.get("monthly", 12))
        )
    except (ValueError, TypeError, AttributeError):
        return Rotation()


def _newest(files: dict[str, datetime]) -> datetime | None:
    return max(files.values(), default=None)


def _load_files(text: str | None) -> dict[str, dict[str, datetime]]:
    """Per place, the backups this PC wrote and verified there, with when they were taken."""
    try:
        data = json.loads(text or "{}")
        return {
            place: {name: datetime.fromisoformat(at) for name, at in names.items()}
            for place, names in data.items()
        }
    except (ValueError, TypeError, AttributeError):
        return {}


def _store_files(session: Session, files: dict[str, dict[str, datetime]]) -> None:
    data = {
        place: {name: at.isoformat() for name, at in names.items()}
        for place, names in files.items()
        if names
    }
    set_meta(session, _FILES, json.dumps(data, sort_keys=True))


def _remember(session: Session, place: Path, name: str, taken_at: datetime) -> None:
    files = _load_files(get_meta(session, _FILES))
    files.setdefault(str(place), {})[name] = taken_at
    _store_files(session, files)


def _forget(session: Session, place: Path, names: set[str]) -> None:
    files = _load_files(get_meta(session, _FILES))
    kept = {n: at for n, at in files.get(str(place), {}).items() if n not in names}
    files[str(place)] = kept
    _store_files(session, files)


def _dump_run(run: BackupRun) -> str:
    return json.dumps(
        {
            "at": run.at.isoformat(),
            "results": [
                {"place": str(r.place), "ok": r.ok, "message": r.message, "file": r.file_name}
                for r in run.results
            ],
        }
    )


def _load_run(text: str | None) -> BackupRun | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        results = tuple(
            PlaceResult(Path(r["place"]), bool(r["ok"]), str(r["message"]), str(r["file"]))
            for r in data["results"]
        )
        return BackupRun(datetime.fromisoformat(data["at"]), results) if results else None
    except (ValueError, TypeError, KeyError):
        return None


def restore_advice(db: Database | None, data_dir: Path, zone: ZoneInfo | None = None) -> str:
    """What to restore when the database is found damaged or empty: the newest backup this
    PC wrote and verified that is still in its place, else the newest in the default place.
    Read without a session (sessions refuse a damaged file) and never raising: it only words
    the message. Without the database (`db` None) only the default place is looked in."""
    text = None
    try:
        if db is not None:
            with db.engine.connect() as connection:
                text = connection.execute(
                    select(LocalMeta.value).where(LocalMeta.key == _FILES)
                ).scalar()
    except DBAPIError:
        log.warning("the list of verified backups could not be read")
    found = [
        (Path(place) / name, at)
        for place, names in _load_files(text).items()
        for name, at in names.items()
    ]
    try:
        present = [(path, at) for path, at in found if path.is_file()]
        if not present:
            present = [
                (path, datetime.fromtimestamp(path.stat().st_mtime, UTC))
                for path in default_place(data_dir).glob("*.pdbackup")
            ]
    except OSError:
        present = []
    if not present:
        return "Restore your most recent backup"
    path, at = max(present, key=lambda pair: pair[1])
    return (
        f"Restore the newest verified backup, {path.name} in {path.parent} (made "
        f"{at.astimezone(zone):%d %b %Y %H:%M}): choose “Restore from a backup…” on the "
        "sign-in window, or run practicedesk restore"
    )
