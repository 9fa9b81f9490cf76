"""Rules for automatic backups: which files to keep, when the next one is due, whether the
copies are spread widely enough (3-2-1), and how the state reads to a person.

Pure: plain values in, plain values out. Listing folders, reading clocks and deleting files
belong to services/backup/schedule.py.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

WARN_AFTER = timedelta(hours=48)
RECENT = timedelta(days=7)
RETRY_AFTER = timedelta(hours=1)
PLACES_WANTED = 2


@dataclass(frozen=True, slots=True)
class Rotation:
    """How many of the newest days, weeks and months keep a backup each."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True, slots=True)
class BackupFile:
    name: str
    taken_at: datetime  # in the zone whose days, weeks and months count
    verified: bool


@dataclass(frozen=True, slots=True)
class StatusLine:
    short: str  # for the status bar
    long: str  # for tooltips, the Backups tab and the owner's message at login
    warning: bool


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    year, week, _ = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def _newest_per_period(
    files: list[BackupFile], period: Callable[[datetime], Hashable], count: int
) -> set[str]:
    """The newest file of each of the `count` newest periods that have one. Counting periods
    that hold a backup, not calendar periods, means a PC switched off for a fortnight still
    keeps seven daily backups rather than none."""
    kept: set[str] = set()
    seen: set[Hashable] = set()
    for found in sorted(files, key=lambda f: (f.taken_at, f.name), reverse=True):
        key = period(found.taken_at)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(found.name)
    return kept


def keep(files: Iterable[BackupFile], rotation: Rotation) -> frozenset[str]:
    """The names to keep: the union of the daily, weekly and monthly picks among verified
    backups, the newest verified backup whatever the numbers say, and every unverified file
    newer than it (it may be the only copy of recent work; nothing proves it useless yet).
    Unverified files older than the newest verified one are not worth a disk's space.

    Each pick is the newest backup of its period, so keeping the kept set gives the same set
    again: pruning twice removes nothing more."""
    every = list(files)
    verified = [found for found in every if found.verified]
    if not verified:
        return frozenset(found.name for found in every)
    newest = max(verified, key=lambda f: (f.taken_at, f.name))
    kept = {newest.name}
    kept |= _newest_per_period(verified, _day, rotation.daily)
    kept |= _newest_per_period(verified, _week, rotation.weekly)
    kept |= _newest_per_period(verified, _month, rotation.monthly)
    kept |= {
        found.name
        for found in every
        if not found.verified and (found.taken_at, found.name) > (newest.taken_at, newest.name)
    }
    return frozenset(kept)


def to_prune(files: Iterable[BackupFile], rotation: Rotation) -> list[BackupFile]:
    every = list(files)
    kept = keep(every, rotation)
    return sorted((found for found in every if found.name not in kept), key=lambda f: f.taken_at)


def is_due(
    now: datetime,
    last_verified_at: datetime | None,
    last_failed_at: datetime | None,
    interval: timedelta,
) -> bool:
    """Due once `interval` has passed since the last good backup (at once if there was none),
    but not again within an hour of a failure: a drive that is full or gone is retried, not
    hammered every few minutes while the front desk works."""
    if last_verified_at is not None and now - last_verified_at < interval:
        return False
    return last_failed_at is None or now - last_failed_at >= RETRY_AFTER


def places_with_recent_copy(
    newest_by_place: Mapping[str, datetime | None], now: datetime
) -> tuple[str, ...]:
    """The places holding a verified backup from the last seven days, in the given order."""
    return tuple(
        place
        for place, newest in newest_by_place.items()
        if newest is not None and now - newest <= RECENT
    )


def three_two_one(recent_places: int) -> StatusLine:
    """The 3-2-1 advice in words: one place is a single disk or drive that can fail or be
    stolen with the PC; two or more places, one of them away from the PC, survive that."""
    if recent_places >= PLACES_WANTED:
        return StatusLine(
            f"{recent_places} places",
            f"{recent_places} places hold a backup from this week.",
            False,
        )
    if recent_places == 1:
        return StatusLine(
            "1 place",
            "Only one place holds a backup from this week. Set a second place (a USB drive "
            "taken home, or another PC) so one broken or stolen disk cannot lose everything.",
            True,
        )
    return StatusLine("no place", "No place holds a backup from this week.", True)


def age_in_words(age: timedelta) -> tuple[str, str]:
    """(short, long): "2 h ago" for the status bar, "2 hours ago" for sentences."""
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 1:
        return "just now", "just now"
    if minutes < 60:
        return f"{minutes} min ago", _plural(minutes, "minute") + " ago"
    hours = minutes // 60
    if age < WARN_AFTER:
        return f"{hours} h ago", _plural(hours, "hour") + " ago"
    days = hours // 24
    return _plural(days, "day") + " ago", _plural(days, "day") + " ago"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def describe(
    now: datetime, last_verified_at: datetime | None, last_attempt_failed: bool
) -> StatusLine:
    """A failed last attempt outranks the age: it is the news the owner must act on. A good
    backup older than 48 hours is a warning too (the PC has been off, or backups stopped)."""
    if last_verified_at is None:
        if last_attempt_failed:
            return StatusLine(
                "Last backup failed", "The last backup failed, and there is no backup yet.", True
            )
        return StatusLine("Not backed up yet", "No backup has been made on this PC yet.", True)
    short_age, long_age = age_in_words(now - last_verified_at)
    if last_attempt_failed:
        return StatusLine(
            "Last backup failed",
            f"The last backup failed; the last verified backup was made {long_age}.",
            True,
        )
    if now - last_verified_at > WARN_AFTER:
        return StatusLine(
            f"Last backup {short_age}", f"The last verified backup was made {long_age}.", True
        )
    return StatusLine(
        f"Backed up {short_age}", f"The last verified backup was made {long_age}.", False
    )
