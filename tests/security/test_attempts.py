"""The login-attempts file: failures survive restarts, and reach the audit log exactly once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practicedesk.security.attempts import AttemptsFile, PendingEvent
from practicedesk.security.throttle import LOCK_AFTER, Attempts

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ANA, BEN = "a" * 64, "b" * 64  # user-name hashes, as the keystore makes them


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "login-attempts.json"


def _fail(path: Path, lookup: str, times: int, start: datetime = NOW) -> Attempts:
    """Each failure from a fresh instance, as if the program restarted in between."""
    result = Attempts()
    for i in range(times):
        result = AttemptsFile(path).record_failure(lookup, start + timedelta(seconds=i))
    return result


def test_a_new_file_knows_no_failures(path: Path) -> None:
    attempts = AttemptsFile(path)
    assert attempts.get(ANA) == Attempts()
    assert attempts.take_pending() == []


def test_failures_survive_a_restart(path: Path) -> None:
    _fail(path, ANA, 4)
    reopened = AttemptsFile(path).get(ANA)
    assert reopened == Attempts(4, NOW + timedelta(seconds=3))


def test_each_user_name_is_counted_on_its_own(path: Path) -> None:
    _fail(path, ANA, 3)
    _fail(path, BEN, 1)
    reopened = AttemptsFile(path)
    assert (reopened.get(ANA).failures, reopened.get(BEN).failures) == (3, 1)


def test_a_failure_is_waiting_for_the_audit_log_after_a_restart(path: Path) -> None:
    AttemptsFile(path).record_failure(ANA, NOW)
    assert AttemptsFile(path).take_pending() == [PendingEvent(ANA, NOW, "failed_login")]


def test_the_lock_is_recorded_once_at_the_threshold(path: Path) -> None:
    _fail(path, ANA, LOCK_AFTER + 3)
    events = [(e.event, e.at) for e in AttemptsFile(path).take_pending()]
    locked_at = NOW + timedelta(seconds=LOCK_AFTER - 1)
    assert [e for e in events if e[0] == "account_locked"] == [("account_locked", locked_at)]
    assert [e for e, _ in events].count("failed_login") == LOCK_AFTER + 3
    # The lock follows the failure that caused it.
    assert events.index(("account_locked", locked_at)) == LOCK_AFTER


def test_what_cannot_be_locked_records_no_lock(path: Path) -> None:
    for i in range(LOCK_AFTER + 2):  # the recovery code: delayed, never locked
        AttemptsFile(path).record_failure(ANA, NOW + timedelta(seconds=i), lockable=False)
    events = [e.event for e in AttemptsFile(path).take_pending()]
    assert events == ["failed_login"] * (LOCK_AFTER + 2)


def test_the_failure_that_locks_says_so(path: Path) -> None:
    assert not _fail(path, ANA, LOCK_AFTER - 1).locked
    assert AttemptsFile(path).record_failure(ANA, NOW).locked


def test_taking_the_pending_events_empties_them_for_good(path: Path) -> None:
    attempts = AttemptsFile(path)
    attempts.record_failure(ANA, NOW)
    attempts.record_failure(BEN, NOW)
    assert [e.lookup for e in attempts.take_pending()] == [ANA, BEN]
    assert attempts.take_pending() == []
    assert AttemptsFile(path).take_pending() == []
    assert AttemptsFile(path).get(ANA).failures == 1  # the count itself stays


def test_clearing_a_user_forgets_their_failures_only(path: Path) -> None:
    _fail(path, ANA, 5)
    _fail(path, BEN, 2)
    AttemptsFile(path).clear(ANA)
    reopened = AttemptsFile(path)
    assert reopened.get(ANA) == Attempts()
    assert reopened.get(BEN).failures == 2


def test_clearing_a_user_without_failures_writes_nothing(path: Path) -> None:
    AttemptsFile(path).clear(ANA)
    assert not path.exists()


def test_the_file_holds_hashes_and_times_only(path: Path) -> None:
    _fail(path, ANA, 2)
    data = json.loads(path.read_text())
    assert set(data) == {"format", "entries", "pending"}
    assert set(data["entries"]) == {ANA}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"garbage", id="garbage"),
        pytest.param(b"\xff\xfe\x00not utf-8", id="not text"),
        pytest.param(b'{"format": "practicedesk-attempts", "entries": {', id="truncated"),
        pytest.param(b"[" * 100_000, id="deeply nested"),
        pytest.param(b"[]", id="a list"),
        pytest.param(b'{"format": "x"}', id="wrong format"),
        pytest.param(b'{"format": "practicedesk-attempts"}', id="no entries"),
        pytest.param(
            b'{"format": "practicedesk-attempts", "entries": [], "pending": []}',
            id="entries a list",
        ),
        pytest.param(
            b'{"format": "practicedesk-attempts", "pending": [],'
            b' "entries": {"h": {"failures": "many", "last_failure": null}}}',
            id="failures text",
        ),
        pytest.param(
            b'{"format": "practicedesk-attempts", "pending": [],'
            b' "entries": {"h": {"failures": 2, "last_failure": "2026-11-24T09:00:00"}}}',
            id="time without zone",
        ),
        pytest.param(
            b'{"format": "practicedesk-attempts", "entries": {},'
            b' "pending": [{"lookup": "h", "at": null, "event": "failed_login"}]}',
            id="event without time",
        ),
    ],
)
def test_a_damaged_file_is_started_afresh_and_that_is_recorded(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    attempts = AttemptsFile(path)
    assert attempts.get(ANA) == Attempts()
    assert [e.event for e in attempts.take_pending()] == ["attempts_file_reset"]
    # The front desk carries on: the next failure is recorded in a readable file.
    attempts.record_failure(ANA, NOW)
    assert AttemptsFile(path).get(ANA) == Attempts(1, NOW)


def test_a_damaged_file_keeps_the_reset_event_with_later_failures(path: Path) -> None:
    path.write_text("garbage")
    AttemptsFile(path).record_failure(ANA, NOW)
    events = [e.event for e in AttemptsFile(path).take_pending()]
    assert events == ["attempts_file_reset", "failed_login"]
