"""Automatic backups on this PC: both places written and verified, a missing second place only
a warning, old backups rotated away, and the status and due time as the clock moves on."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.backup.drill import DrillService
from practicedesk.services.backup.files import OwnerPassword, verify_backup
from practicedesk.services.backup.schedule import (
    BackupScheduleService,
    Rotation,
    _remember,
    default_place,
)
from practicedesk.services.context import Actor, Context
from practicedesk.services.session import PracticeSession
from tests.conftest import OWNER, OWNER_PASSWORD


class Clock:
    """Real time moved on by hand: backups are stamped with the real time when written."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def clock(owner_session: PracticeSession) -> Clock:
    moved = Clock()
    owner_session.backup_schedule.clock = moved
    return moved


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    main, usb = tmp_path / "main", tmp_path / "usb"
    main.mkdir()
    usb.mkdir()
    return main, usb


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdbackup"))


def test_a_backup_is_written_and_verified_in_both_places(
    owner_session: PracticeSession, places: tuple[Path, Path], clock: Clock
) -> None:
    main, usb = places
    schedule = owner_session.backup_schedule
    schedule.set_places(main, usb)
    run = schedule.run_now()
    assert not run.failed and run.warnings == ()
    for folder in (main, usb):
        (written,) = _backups(folder)
        assert verify_backup(written, OwnerPassword(OWNER, OWNER_PASSWORD)).practice_name
    state = schedule.status()
    assert (state.line.short, state.warning) == ("Backed up just now", False)
    assert state.recent_places == 2 and not state.spread.warning
    made = owner_session.audit.entries(AuditFilter(action=Action.BACKUP_MADE))
    assert len(made) == 2 and all("by hand" in entry.summary for entry in made)


def test_a_missing_second_place_is_a_warning_and_the_main_backup_still_counts(
    owner_session: PracticeSession, places: tuple[Path, Path], clock: Clock
) -> None:
    main, usb = places
    shutil.rmtree(usb)  # the USB drive is not plugged in
    schedule = owner_session.backup_schedule
    schedule.set_places(main, usb)
    run = schedule.run_now()
    assert not run.failed
    (warning,) = run.warnings
    assert "is not there" in warning
    assert len(_backups(main)) == 1 and not usb.exists()
    state = schedule.status()
    assert not state.warning
    assert state.recent_places == 1 and "Only one place" in state.spread.long


def test_the_first_backup_goes_to_the_default_place_beside_the_data_folder(
    owner_session: PracticeSession, clock: Clock
) -> None:
    schedule = owner_session.backup_schedule
    assert schedule.settings().main == default_place(owner_session.data_dir)
    assert schedule.due()
    run = schedule.run_if_due()
    assert run is not None and not run.failed
    assert len(_backups(default_place(owner_session.data_dir))) == 1
    assert schedule.run_if_due() is None  # not due again so soon


def test_rotation_prunes_old_backups_and_keeps_the_newest_verified(
    owner_session: PracticeSession, places: tuple[Path, Path], clock: Clock
) -> None:
    main, _ = places
    schedule = owner_session.backup_schedule
    schedule.set_places(main, None)
    schedule.set_rotation(Rotation(daily=3, weekly=0, monthly=0))
    first = schedule.run_now().results[0].file_name
    now = datetime.now(UTC)
    old = {
        f"PracticeDesk-backup-old-{days}.pdbackup": now - timedelta(days=days)
        for days in range(1, 6)
    }
    with owner_session._ctx.db.writing() as session:
        for name, taken_at in old.items():
            shutil.copy(main / first, main / name)
            _remember(session, main, name, taken_at)
    foreign = main / "PracticeDesk-backup-from-another-pc.pdbackup"
    shutil.copy(main / first, foreign)
    newest = schedule.run_now().results[0].file_name
    left = {path.name for path in _backups(main)}
    # today's newest, then the newest of each of the two days before; the other PC's file stays
    assert left == {
        newest,
        "PracticeDesk-backup-old-1.pdbackup",
        "PracticeDesk-backup-old-2.pdbackup",
        foreign.name,
    }
    listed = {b.name: b.verified for b in schedule.listing()[0].backups}
    assert listed[newest] and not listed[foreign.name]


def test_status_and_due_follow_the_clock(
    owner_session: PracticeSession, places: tuple[Path, Path], clock: Clock
) -> None:
    main, _ = places
    schedule = owner_session.backup_schedule
    schedule.set_places(main, None)
    schedule.set_interval(6)
    schedule.run_now()
    assert "No restore drill has passed yet" in (schedule.login_notice() or "")
    owner_session.backup_drills.run_newest(main)
    assert not schedule.due()
    clock.offset = timedelta(hours=7)
    assert schedule.due()
    assert schedule.status().line.short == "Backed up 7 h ago"
    assert schedule.login_notice() == (  # one place only: the 3-2-1 advice, nothing else
        schedule.status().spread.long + " Open Settings → Backups to see more, or to back up now."
    )
    clock.offset = timedelta(days=3, minutes=1)
    state = schedule.status()
    assert (state.line.short, state.warning) == ("Last backup 3 days ago", True)
    assert state.recent_places == 1  # three days old is still this week's copy
    assert "3 days ago" in (schedule.login_notice() or "")


def test_two_places_with_this_weeks_backup_need_no_advice(
    owner_session: PracticeSession, places: tuple[Path, Path], clock: Clock
) -> None:
    main, usb = places
    schedule = owner_session.backup_schedule
    schedule.set_places(main, usb)
    schedule.run_now()
    owner_session.backup_drills.run_newest(main)
    assert schedule.login_notice() is None


def test_a_scheduled_backup_is_followed_by_the_monthly_restore_drill(
    owner_session: PracticeSession, places: tuple[Path, Path], clock: Clock
) -> None:
    main, _ = places
    schedule, drills = owner_session.backup_schedule, owner_session.backup_drills
    schedule.set_places(main, None)
    assert drills.status(clock()).last_passed_at is None
    run = schedule.run_if_due()
    assert run is not None and not run.failed
    status = drills.status(clock())
    assert status.last_passed_at is not None and not status.overdue
    assert schedule.run_if_due() is None  # not due again yet, and no second drill either
    clock.offset = timedelta(days=31)
    assert drills.due(clock())


def test_a_failed_backup_is_a_warning_retried_after_an_hour(
    owner_session: PracticeSession, tmp_path: Path, clock: Clock
) -> None:
    schedule = owner_session.backup_schedule
    schedule.set_places(tmp_path / "unplugged", None)
    run = schedule.run_now()
    assert run.failed and "is not there" in run.results[0].message
    assert schedule.status().line.short == "Last backup failed"
    assert "failed" in (schedule.login_notice() or "")
    assert not schedule.due()
    clock.offset = timedelta(minutes=61)
    assert schedule.due()


def _as(session: PracticeSession, role: Role) -> BackupScheduleService:
    ctx = session._ctx
    actor = Actor(uuid.uuid4(), "cora", "Cora Desk", role)
    acting = Context(ctx.db, ctx.folder, actor)
    key = session.backups._master_key
    return BackupScheduleService(acting, key, DrillService(acting, key))


def test_scheduled_backups_run_for_anyone_but_only_the_owner_backs_up_by_hand(
    owner_session: PracticeSession, places: tuple[Path, Path]
) -> None:
    coordinator = _as(owner_session, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        coordinator.run_now()
    with pytest.raises(PermissionDenied):
        coordinator.set_places(*places)
    run = coordinator.run_if_due()
    assert run is not None and not run.failed
    coordinator.clock = lambda: datetime.now(UTC) + timedelta(days=5)
    assert coordinator.login_notice() is None  # the owner is told, not the front desk


@pytest.mark.parametrize(
    "change",
    [
        lambda s, d: s.set_places(d / "backups", None),
        lambda s, d: s.set_interval(0),
        lambda s, d: s.set_rotation(Rotation(daily=0)),
    ],
    ids=["inside-the-data-folder", "interval-zero", "no-daily"],
)
def test_unsafe_settings_are_refused(
    owner_session: PracticeSession,
    change: Callable[[BackupScheduleService, Path], None],
) -> None:
    with pytest.raises(InvalidInput):
        change(owner_session.backup_schedule, owner_session.data_dir)


def test_the_recovery_code_is_never_written_to_a_backup_place(
    new_practice,
    places: tuple[Path, Path],  # type: ignore[no-untyped-def]
) -> None:
    schedule = new_practice.session.backup_schedule
    schedule.set_places(*places)
    schedule.run_now()
    code = new_practice.recovery_code.encode()
    for folder in places:
        for path in folder.rglob("*"):
            assert code not in path.read_bytes()


def test_an_import_is_preceded_by_a_backup_that_the_front_desk_may_make_and_restore_from(
    owner_session: PracticeSession, places: tuple[Path, Path]
) -> None:
    main, _usb = places
    owner_session.backup_schedule.set_places(main, None)
    coordinator = _as(owner_session, Role.COORDINATOR)
    written = coordinator.before_import("visits from appointment.txt")
    assert written.parent == main and _backups(main) == [written]
    assert verify_backup(written, OwnerPassword(OWNER, OWNER_PASSWORD)).practice_name
    [made] = owner_session.audit.entries(AuditFilter(action=Action.BACKUP_MADE))
    assert "before importing visits from appointment.txt" in made.summary
    with pytest.raises(PermissionDenied):
        _as(owner_session, Role.CLINICIAN).before_import("visits")


def test_an_import_whose_backup_cannot_be_made_is_refused(
    owner_session: PracticeSession, places: tuple[Path, Path]
) -> None:
    main, _usb = places
    owner_session.backup_schedule.set_places(main, None)
    shutil.rmtree(main)
    main.write_text("a file where the backup folder was")
    with pytest.raises(InvalidInput, match="nothing was imported"):
        owner_session.backup_schedule.before_import("visits")
