"""The audit log: what is recorded, the owner's filters, and the hash chain that shows an
edited or removed entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from practicedesk.api import open_practice
from practicedesk.errors import WrongPassword
from practicedesk.security.audit import entry_hash
from practicedesk.security.roles import Role
from practicedesk.services import audit
from practicedesk.services.audit import Action, AuditFilter, AuditRecord
from practicedesk.services.practice.settings import IDLE_LOCK_MINUTES
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import AuditEntry
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice

TEMPORARY = "marble staircase under moonlight"


def _actions(entries: list[AuditRecord]) -> list[str]:
    return [entry.action for entry in entries]


def _tamper(session: PracticeSession, statement: str) -> None:
    """What someone with the key and an SQL shell could do behind the program's back."""
    with session._ctx.db.engine.begin() as connection:
        connection.execute(text(statement))


@pytest.fixture
def reopened(closed_practice: Path) -> Iterator[PracticeSession]:
    """Created (1 practice created, 2 login), closed (3 logout), opened again (4 login)."""
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        yield session


def test_sign_in_and_out_are_recorded_oldest_first_by_sequence(
    reopened: PracticeSession,
) -> None:
    entries = reopened.audit.entries()
    assert [e.seq for e in entries] == [4, 3, 2, 1], "newest first"
    assert _actions(entries) == [
        Action.LOGIN,
        Action.LOGOUT,
        Action.LOGIN,
        Action.PRACTICE_CREATED,
    ]
    assert {e.username for e in entries} == {OWNER}


def test_failed_logins_are_recorded_at_the_next_sign_in(closed_practice: Path) -> None:
    for username in (OWNER, "nobody"):
        with pytest.raises(WrongPassword):
            open_practice(closed_practice, username, "a wrong guess of a password")
    with open_practice(closed_practice, OWNER.upper(), OWNER_PASSWORD) as session:
        failed = session.audit.entries(AuditFilter(action=Action.LOGIN_FAILED))
        [login] = session.audit.entries(AuditFilter(action=Action.LOGIN), limit=1)
    assert sorted((e.username, e.summary) for e in failed) == [
        ("", "unknown user name"),
        (OWNER, ""),
    ]
    assert all(e.at <= login.at + timedelta(seconds=1) for e in failed), "stamped when they failed"
    # Moved into the log once, not again at the following sign-in.
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert len(session.audit.entries(AuditFilter(action=Action.LOGIN_FAILED))) == 2


def test_locking_and_unlocking_the_screen_are_recorded(owner_session: PracticeSession) -> None:
    owner_session.lock_screen()
    with pytest.raises(WrongPassword):
        owner_session.unlock_screen("not the password at all")
    owner_session.unlock_screen(OWNER_PASSWORD)
    assert _actions(owner_session.audit.entries(limit=3)) == [
        Action.SCREEN_UNLOCKED,
        Action.LOGIN_FAILED,
        Action.SCREEN_LOCKED,
    ]


def test_user_changes_are_recorded_against_the_user(owner_session: PracticeSession) -> None:
    users = owner_session.users
    maria = users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    users.update(maria.id, "Maria López", Role.CLINICIAN)
    users.reset_password(maria.id, TEMPORARY)
    users.disable(maria.id)
    users.enable(maria.id, TEMPORARY)
    users.unlock_account(maria.id)
    about_maria = [e for e in owner_session.audit.entries() if e.subject_id == str(maria.id)][::-1]
    assert _actions(about_maria) == [
        Action.USER_ADDED,
        Action.USER_CHANGED,
        Action.PASSWORD_RESET,
        Action.USER_DISABLED,
        Action.USER_ENABLED,
        Action.ACCOUNT_UNLOCKED,
    ]
    assert {(e.username, e.subject_type) for e in about_maria} == {(OWNER, "user")}
    assert about_maria[0].summary == "maria (coordinator)"
    assert "role coordinator → clinician" in about_maria[1].summary
    for entry in about_maria:
        assert OTHER_PASSWORD not in entry.summary and TEMPORARY not in entry.summary


def test_settings_and_practice_changes_are_recorded(owner_session: PracticeSession) -> None:
    owner_session.settings.set(IDLE_LOCK_MINUTES, 12)
    details = owner_session.practice.details()
    owner_session.practice.update(type(details)(**{**_fields(details), "phone": "(603) 555-0101"}))
    setting, practice = (
        owner_session.audit.entries(AuditFilter(action=action))[0]
        for action in (Action.SETTING_CHANGED, Action.PRACTICE_CHANGED)
    )
    assert setting.summary == "Lock the screen after: 12 minutes"
    assert setting.subject_id == IDLE_LOCK_MINUTES.key
    assert practice.summary == "changed: phone"


def _fields(details: object) -> dict[str, object]:
    return {name: getattr(details, name) for name in details.__dataclass_fields__}  # type: ignore[attr-defined]


def test_a_logout_is_recorded_when_the_session_closes(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        logouts_before = session.audit.count(AuditFilter(action=Action.LOGOUT))
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert session.audit.count(AuditFilter(action=Action.LOGOUT)) == logouts_before + 1


# -- the owner's filters ---------------------------------------------------------------------


@pytest.fixture
def busy_log(data_dir: Path) -> tuple[Path, datetime]:
    """Olive sets up maria; maria changes a setting after `middle`."""
    created = make_practice(data_dir)
    created.session.users.add(
        "maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    created.session.close()
    middle = datetime.now(UTC)
    with open_practice(data_dir, "maria", OTHER_PASSWORD) as session:
        session.settings.set(IDLE_LOCK_MINUTES, 12)
    return data_dir, middle


def test_the_log_filters_by_action_user_time_and_text(busy_log: tuple[Path, datetime]) -> None:
    data_dir, middle = busy_log
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as owner:
        log = owner.audit
        everything = log.entries(limit=1000)

        [added] = log.entries(AuditFilter(action=Action.USER_ADDED))
        assert added.summary == "maria (coordinator)"

        assert _actions(log.entries(AuditFilter(username="maria"))) == [
            Action.LOGOUT,
            Action.SETTING_CHANGED,
            Action.LOGIN,
        ]

        since = log.entries(AuditFilter(since=middle), limit=1000)
        until = log.entries(AuditFilter(until=middle), limit=1000)
        assert len(since) + len(until) == len(everything)
        assert all(e.at >= middle for e in since) and all(e.at < middle for e in until)
        assert Action.USER_ADDED in _actions(until) and Action.USER_ADDED not in _actions(since)
        # A time given in the practice's own zone means the same instant.
        local = middle.astimezone(ZoneInfo("America/New_York"))
        assert log.entries(AuditFilter(since=local), limit=1000) == since
        assert log.entries(AuditFilter(since=middle + timedelta(days=1))) == []

        [found] = log.entries(AuditFilter(text="SCREEN AFTER: 12"))
        assert found.action == Action.SETTING_CHANGED and found.username == "maria"
        combined = AuditFilter(username="maria", action=Action.LOGIN, until=middle)
        assert log.entries(combined) == []

        assert log.count() == len(everything)
        assert log.count(AuditFilter(username="maria")) == 3
        assert log.usernames() == ["maria", OWNER]


def test_the_log_pages_through_long_histories(reopened: PracticeSession) -> None:
    for minutes in range(20, 45):
        reopened.settings.set(IDLE_LOCK_MINUTES, minutes)
    first = reopened.audit.entries(limit=10)
    second = reopened.audit.entries(limit=10, offset=10)
    assert [e.seq for e in first + second] == list(range(29, 9, -1))


# -- the hash chain ----------------------------------------------------------------------------


def test_a_fresh_practice_has_an_intact_log_and_the_check_is_recorded(
    owner_session: PracticeSession,
) -> None:
    result = owner_session.audit.verify()
    assert result.ok and result.broken is None and result.entries == 2
    [checked] = owner_session.audit.entries(AuditFilter(action=Action.AUDIT_VERIFIED))
    assert checked.summary == "2 entries, intact"
    assert owner_session.audit.verify().entries == 3, "the record of the check is chained too"


def test_an_edited_entry_is_the_first_break(reopened: PracticeSession) -> None:
    _tamper(reopened, "UPDATE audit_log SET summary = 'x' WHERE seq = 3")
    total = reopened.audit.count()
    assert total > 3
    result = reopened.audit.verify()
    assert not result.ok and result.broken is not None
    assert result.broken.seq == 3 and "changed" in result.broken.reason
    [checked] = reopened.audit.entries(AuditFilter(action=Action.AUDIT_VERIFIED))
    assert checked.summary == f"{total} entries, broken at entry 3"  # all, not up to it


def test_an_entry_forged_with_a_valid_hash_breaks_the_next_link(
    reopened: PracticeSession,
) -> None:
    """Recomputing the edited entry's own hash does not help: the next one chains the old."""
    with reopened._ctx.db.reading() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.seq == 2)).one()
        db.expunge(entry)
    entry.summary = "nothing happened here"
    forged = entry_hash(entry.prev_hash, audit._content(entry))
    _tamper(
        reopened,
        f"UPDATE audit_log SET summary = '{entry.summary}', hash = '{forged}' WHERE seq = 2",
    )
    broken = reopened.audit.verify().broken
    assert broken is not None and broken.seq == 3
    assert "does not follow" in broken.reason


def test_a_removed_entry_breaks_the_chain_where_it_was(reopened: PracticeSession) -> None:
    _tamper(reopened, "DELETE FROM audit_log WHERE seq = 3")
    total = reopened.audit.count()
    broken = reopened.audit.verify().broken
    assert broken is not None and broken.seq == 4
    assert "3" in broken.reason and "missing" in broken.reason
    assert reopened.audit.entries(AuditFilter(action=Action.AUDIT_VERIFIED))[0].summary == (
        f"{total} entries, broken at entry 4"
    )
