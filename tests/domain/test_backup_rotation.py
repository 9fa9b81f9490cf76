"""Backup rotation, due times, the 3-2-1 check and the status wording, as pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practicedesk.domain.backup_rotation import (
    BackupFile,
    Rotation,
    describe,
    is_due,
    keep,
    places_with_recent_copy,
    three_two_one,
    to_prune,
)

START = datetime(2026, 1, 1, 18, 0, tzinfo=UTC)


def _daily_for(days: int) -> list[BackupFile]:
    return [BackupFile(f"b{day:04d}", START + timedelta(days=day), True) for day in range(days)]


def test_a_simulated_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly() -> None:
    files = _daily_for(365)
    kept = keep(files, Rotation())
    kept_files = sorted((f for f in files if f.name in kept), key=lambda f: f.taken_at)
    newest = files[-1].taken_at
    assert all(f.name in kept for f in files[-7:])
    months = {(f.taken_at.year, f.taken_at.month) for f in kept_files}
    assert len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    assert kept_files[0].taken_at > newest - timedelta(days=366)
    assert len(to_prune(files, Rotation())) == 365 - len(kept)


def _day(month: int, day: int, hour: int = 18) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def test_a_simulated_year_with_missed_and_unverified_days_keeps_exactly_the_rules_picks() -> None:
    """Every day of 2026 a backup at 18:00 (and on Sundays one at 09:00 as well), pruned after
    each as the service does; none during a fortnight's holiday in August or on 25 and 26
    December; some not verified, among them the last day of October and November and the very
    last backup of the year."""
    missed = {_day(8, 10) + timedelta(days=n) for n in range(14)} | {_day(12, 25), _day(12, 26)}
    unverified = {_day(10, 31), _day(11, 30), _day(12, 29), _day(12, 31)}
    kept: list[BackupFile] = []
    newest_verified = ""
    moment = _day(1, 1)
    while moment.year == 2026:
        sunday = moment.isoweekday() == 7
        taken_today = [moment - timedelta(hours=9), moment] if sunday else [moment]
        for taken in [] if moment in missed else taken_today:
            made = BackupFile(f"{taken:%m-%d %H}", taken, taken not in unverified)
            newest_verified = made.name if made.verified else newest_verified
            kept.append(made)
            gone = {found.name for found in to_prune(kept, Rotation())}
            kept = [found for found in kept if found.name not in gone]
            assert newest_verified in {found.name for found in kept}
            assert to_prune(kept, Rotation()) == []
        moment += timedelta(days=1)
    daily = ["12-30", "12-28", "12-27", "12-24", "12-23", "12-22", "12-21"]  # 25, 26 missed
    weekly = ["12-30", "12-27", "12-20", "12-13"]  # ISO weeks 53, 52, 51, 50 (Sundays' 18:00)
    # the last verified day of each month
    monthly = ["12-30", "11-29", "10-30", "09-30", "08-31", "07-31", "06-30", "05-31", "04-30",
               "03-31", "02-28", "01-31"]  # fmt: skip
    newer_than_newest_verified = ["12-31"]
    expected = {f"{day} 18" for day in daily + weekly + monthly + newer_than_newest_verified}
    assert {found.name for found in kept} == expected
    assert len(expected) == 21
    days = [found.taken_at.date() for found in kept]
    assert len(days) == len(set(days)), "one backup at most survives of each day"


def test_backups_taken_several_times_a_day_keep_the_newest_of_each_day() -> None:
    files = [
        BackupFile(f"d{day}h{hour}", START + timedelta(days=day, hours=hour), True)
        for day in range(10)
        for hour in (0, 2, 4)
    ]
    kept = keep(files, Rotation(daily=7, weekly=0, monthly=0))
    assert kept == {f"d{day}h4" for day in range(3, 10)}


def test_a_pc_off_for_weeks_still_keeps_seven_daily_backups() -> None:
    files = _daily_for(7)
    later = [BackupFile("late", START + timedelta(days=60), True)]
    assert keep(files + later, Rotation(daily=7, weekly=0, monthly=0)) == {
        f.name for f in files[1:] + later
    }


@pytest.mark.parametrize(
    ("unverified_at", "kept"),
    [(timedelta(days=-3), False), (timedelta(days=+1), True)],
    ids=["older-than-newest-verified-goes", "newer-than-newest-verified-stays"],
)
def test_unverified_files_go_only_when_older_than_the_newest_verified(
    unverified_at: timedelta, kept: bool
) -> None:
    files = _daily_for(3)
    odd = BackupFile("odd", files[-1].taken_at + unverified_at, False)
    assert ("odd" in keep([*files, odd], Rotation())) is kept


def test_with_nothing_verified_nothing_is_pruned() -> None:
    files = [BackupFile(f"u{i}", START + timedelta(days=i), False) for i in range(30)]
    assert to_prune(files, Rotation(daily=1, weekly=0, monthly=0)) == []


_files = st.lists(
    st.builds(
        BackupFile,
        name=st.text("abcdef0123", min_size=1, max_size=6),
        taken_at=st.datetimes(
            min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
        ),
        verified=st.booleans(),
    ),
    max_size=60,
    unique_by=lambda f: f.name,
)
_rotations = st.builds(
    Rotation,
    daily=st.integers(0, 10),
    weekly=st.integers(0, 6),
    monthly=st.integers(0, 14),
)


@settings(max_examples=300, deadline=None)
@given(files=_files, rotation=_rotations)
def test_the_newest_verified_backup_always_survives_and_pruning_again_removes_nothing(
    files: list[BackupFile], rotation: Rotation
) -> None:
    kept = keep(files, rotation)
    verified = [f for f in files if f.verified]
    if verified:
        assert max(verified, key=lambda f: (f.taken_at, f.name)).name in kept
    survivors = [f for f in files if f.name in kept]
    assert keep(survivors, rotation) == kept
    assert {f.name for f in to_prune(files, rotation)} == {f.name for f in files} - kept


NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.mark.parametrize(
    ("last_verified", "last_failed", "due"),
    [
        (None, None, True),
        (NOW - timedelta(hours=23), None, False),
        (NOW - timedelta(hours=24), None, True),
        (NOW - timedelta(hours=30), NOW - timedelta(minutes=20), False),
        (NOW - timedelta(hours=30), NOW - timedelta(minutes=61), True),
        (None, NOW - timedelta(minutes=5), False),
    ],
)
def test_a_backup_is_due_after_the_interval_and_a_failure_waits_an_hour(
    last_verified: datetime | None, last_failed: datetime | None, due: bool
) -> None:
    assert is_due(NOW, last_verified, last_failed, DAY) is due


def test_places_with_a_copy_from_the_last_seven_days() -> None:
    newest = {
        "main": NOW - timedelta(days=1),
        "usb": NOW - timedelta(days=8),
        "share": None,
    }
    assert places_with_recent_copy(newest, NOW) == ("main",)
    assert three_two_one(1).warning
    assert not three_two_one(2).warning
    assert "No place" in three_two_one(0).long


@pytest.mark.parametrize(
    ("age", "failed", "short", "warning"),
    [
        (timedelta(seconds=20), False, "Backed up just now", False),
        (timedelta(minutes=35), False, "Backed up 35 min ago", False),
        (timedelta(hours=2, minutes=10), False, "Backed up 2 h ago", False),
        (timedelta(hours=47), False, "Backed up 47 h ago", False),
        (timedelta(days=3, hours=1), False, "Last backup 3 days ago", True),
        (timedelta(hours=2), True, "Last backup failed", True),
        (None, False, "Not backed up yet", True),
        (None, True, "Last backup failed", True),
    ],
)
def test_the_status_says_how_old_the_last_verified_backup_is(
    age: timedelta | None, failed: bool, short: str, warning: bool
) -> None:
    line = describe(NOW, None if age is None else NOW - age, failed)
    assert (line.short, line.warning) == (short, warning)


def test_the_long_wording_is_a_sentence() -> None:
    line = describe(NOW, NOW - timedelta(hours=2), False)
    assert line.long == "The last verified backup was made 2 hours ago."
    assert "1 hour ago" in describe(NOW, NOW - timedelta(minutes=61), False).long
