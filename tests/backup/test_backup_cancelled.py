"""Backups, checks and restores that report how far they are, and that the person stops
midway: nothing half-written is left, nothing is audited as done, the practice is as it was."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from practicedesk.backup import writing
from practicedesk.progress import Cancelled
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.backup.files import OwnerPassword, restore_backup, verify_backup
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice
from tests.recording_progress import RecordingProgress

WRITING = "Writing the backup…"
CHECKING = "Checking every part of the backup…"
OWNER_KEY = OwnerPassword(OWNER, OWNER_PASSWORD)


@pytest.fixture
def large_session(owner_session: PracticeSession) -> PracticeSession:
    """A practice whose backup spans several 1 MiB pieces: random bytes do not compress."""
    patient = owner_session.patients.add(NewPatient("Ana", "Alvarez"))
    scan = b"\x89PNG\r\n\x1a\n" + os.urandom(3_000_000)
    owner_session.documents.add(patient.id, scan, category="x-ray or image", title="Pano")
    return owner_session


def _left_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _audited(session: PracticeSession, action: str) -> int:
    return len(session.audit.entries(AuditFilter(action=action)))


def test_a_backup_says_how_far_it_is_in_every_step(
    large_session: PracticeSession, tmp_path: Path
) -> None:
    progress = RecordingProgress()
    info = large_session.backups.make(tmp_path, progress)
    assert progress.steps() == [
        "Copying the database…",
        WRITING,
        CHECKING,
        "Checking the database inside the backup…",
    ]
    for step in (WRITING, CHECKING):
        reports = progress.of(step)
        assert len(reports) >= 4  # the bar moves, piece by piece
        assert [done for done, _ in reports] == sorted(done for done, _ in reports)
        assert reports[-1][0] == reports[-1][1] > 3_000_000  # ends full, counted in bytes
    assert info.path.exists()


@pytest.mark.parametrize("step", [WRITING, CHECKING])
def test_a_backup_cancelled_midway_leaves_nothing_half_written(
    large_session: PracticeSession, tmp_path: Path, step: str
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    made_before = _audited(large_session, Action.BACKUP_MADE)
    progress = RecordingProgress(cancel_in=step, after=2)
    with pytest.raises(Cancelled):
        large_session.backups.make(folder, progress)
    assert _left_in(folder) == []  # no .pdbackup, no .partial
    assert writing.leftover_staging(large_session.data_dir) == []
    assert not list(large_session.data_dir.glob(f"{writing.STAGING_PREFIX}*"))
    assert _audited(large_session, Action.BACKUP_MADE) == made_before


def test_a_scheduled_backup_cancelled_stays_due_and_is_not_a_failure(
    large_session: PracticeSession, tmp_path: Path
) -> None:
    place = tmp_path / "backups"
    place.mkdir()
    schedule = large_session.backup_schedule
    schedule.set_places(place, None)
    with pytest.raises(Cancelled):
        schedule.run_if_due(RecordingProgress(cancel_in=WRITING, after=2))
    assert _left_in(place) == []
    assert schedule.due()
    assert schedule.status().last_run is None  # not shown as "Last backup failed"
    assert schedule.run_if_due() is not None  # and the next one goes through
    assert len(list(place.glob("*.pdbackup"))) == 1


def test_cancelled_in_the_second_place_the_first_places_backup_counts(
    large_session: PracticeSession, tmp_path: Path
) -> None:
    main, second = tmp_path / "main", tmp_path / "usb"
    main.mkdir()
    second.mkdir()
    schedule = large_session.backup_schedule
    schedule.set_places(main, second)
    with pytest.raises(Cancelled):  # as the second place's copy is taken
        schedule.run_now(RecordingProgress(cancel_in="Copying the database…", after=2))
    assert len(list(main.glob("*.pdbackup"))) == 1
    assert _left_in(second) == []
    last = schedule.status().last_run
    assert last is not None and not last.failed
    assert [result.place for result in last.results] == [main]


def test_a_check_cancelled_midway_is_not_audited_as_good_or_bad(
    large_session: PracticeSession, tmp_path: Path
) -> None:
    backup = large_session.backups.make(tmp_path).path
    with pytest.raises(Cancelled):
        large_session.backups.verify(backup, OWNER_PASSWORD, RecordingProgress(CHECKING, 2))
    assert _audited(large_session, Action.BACKUP_VERIFIED) == 0
    assert verify_backup(backup, OWNER_KEY).practice_name  # the file is untouched


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_restore_cancelled_midway_leaves_the_practice_folder_as_it_was(
    large_session: PracticeSession, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    backup = large_session.backups.make(backups)
    other = tmp_path / "other-practice"
    make_practice(other).session.close()
    before = _fingerprint(other)
    with pytest.raises(Cancelled):
        restore_backup(
            backup.path, other, OWNER_KEY, replace=True, other_practice=True,
            progress=RecordingProgress(CHECKING, 2),
        )  # fmt: skip
    assert _fingerprint(other) == before  # no safety copy made, nothing replaced
    assert not list(tmp_path.glob(".practicedesk-restore-*"))  # the staging folder went


def test_a_restore_into_a_new_folder_cancelled_makes_no_folder(
    large_session: PracticeSession, tmp_path: Path
) -> None:
    backup = large_session.backups.make(tmp_path).path
    target = tmp_path / "new-pc" / "practice"
    with pytest.raises(Cancelled):
        restore_backup(backup, target, OWNER_KEY, progress=RecordingProgress(CHECKING, 2))
    assert not target.exists()
