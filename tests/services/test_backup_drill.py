"""Restore drills: a good backup passes, a damaged one fails and says why, the result is
kept per PC, and the owner is told when none has passed for 35 days."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from practicedesk.services.backup.drill import DrillService, drill_due, drill_status, run_drill
from practicedesk.services.backup.files import OwnerPassword, RecoveryCode
from practicedesk.services.opening import NewPractice
from practicedesk.services.patients.listing import NewPatient
from tests.conftest import OWNER, OWNER_PASSWORD

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/Chicago")


@pytest.fixture
def scratch_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Scratch folders go here, so a test can see that none is left behind."""
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def backup(new_practice: NewPractice, tmp_path: Path) -> Path:
    new_practice.session.patients.add_many(
        [NewPatient("Amelia", "Zimmerman"), NewPatient("Bruno", "Okafor")], reason="test"
    )
    folder = tmp_path / "backups"
    folder.mkdir()
    return new_practice.session.backups.make(folder).path


def _drills(new_practice: NewPractice) -> DrillService:
    session = new_practice.session
    return DrillService(session._ctx, session.backups._master_key)


def test_a_good_backup_passes_the_drill_and_leaves_no_scratch_folder(
    backup: Path, scratch_root: Path
) -> None:
    result = run_drill(backup, OwnerPassword(OWNER, OWNER_PASSWORD), NOW)
    assert result.passed, result.detail
    assert "rows as stated" in result.detail
    assert list(scratch_root.iterdir()) == []


def test_the_recovery_code_runs_a_drill_too(backup: Path, new_practice: NewPractice) -> None:
    assert run_drill(backup, RecoveryCode(new_practice.recovery_code), NOW).passed


def test_a_damaged_backup_fails_the_drill_with_the_reason(backup: Path, scratch_root: Path) -> None:
    data = bytearray(backup.read_bytes())
    data[-100] ^= 0x01
    backup.write_bytes(bytes(data))
    result = run_drill(backup, OwnerPassword(OWNER, OWNER_PASSWORD), NOW)
    assert not result.passed
    assert "damaged" in result.detail or "changed" in result.detail
    assert list(scratch_root.iterdir()) == []


def test_a_wrong_password_is_a_failed_drill_not_a_crash(backup: Path) -> None:
    result = run_drill(backup, OwnerPassword(OWNER, "not the password at all"), NOW)
    assert not result.passed
    assert "password" in result.detail


def test_the_drill_is_recorded_per_pc_and_audited(backup: Path, new_practice: NewPractice) -> None:
    drills = _drills(new_practice)
    assert drills.status(NOW).last is None
    assert drills.status(NOW).overdue
    assert "No restore drill has passed yet" in drills.status(NOW).warning(ZONE)
    assert drills.due(NOW)

    result = drills.run(backup, NOW)
    status = drills.status(NOW)
    assert status.last == result
    assert status.last_passed_at == NOW
    assert not status.overdue and status.warning(ZONE) == ""
    assert not drills.due(NOW + timedelta(days=29))
    assert drills.due(NOW + timedelta(days=30))
    assert not drills.status(NOW + timedelta(days=35)).overdue
    late = drills.status(NOW + timedelta(days=36))
    assert late.overdue and "2026-11-29" in late.warning(ZONE)
    summaries = [entry.summary for entry in new_practice.session.audit.entries()]
    assert any("restore drill of" in text and "passed" in text for text in summaries)


def test_a_failed_drill_keeps_the_last_passed_date(backup: Path, new_practice: NewPractice) -> None:
    drills = _drills(new_practice)
    drills.run(backup, NOW)
    backup.write_bytes(backup.read_bytes()[:-10])
    failed = drills.run(backup, NOW + timedelta(days=31))
    db = new_practice.session._ctx.db
    status = drill_status(db, NOW + timedelta(days=31))
    assert not failed.passed
    assert status.last == failed
    assert status.last_passed_at == NOW
    assert drill_due(db, NOW + timedelta(days=31))


def test_the_monthly_drill_takes_the_newest_backup(backup: Path, new_practice: NewPractice) -> None:
    newer = new_practice.session.backups.make(backup.parent)
    result = _drills(new_practice).run_newest(backup.parent, backup.parent / "missing", now=NOW)
    assert result is not None and result.passed
    assert result.backup_name == newer.path.name
    assert _drills(new_practice).run_newest(backup.parent / "missing", now=NOW) is None


def test_the_overdue_notice_gives_the_practice_s_day_of_the_last_drill(
    backup: Path, new_practice: NewPractice
) -> None:
    """A drill at 8 pm in Chicago is the next day in UTC; the owner reads the day it was."""
    drills = _drills(new_practice)
    evening = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 29 November, 8 pm in Chicago
    drills.run(backup, evening)
    late = drills.status(evening + timedelta(days=36))
    assert "since 2026-11-29" in late.warning(ZONE)
    assert "since 2026-11-30" in late.warning(ZoneInfo("UTC"))
