"""Opening a practice: the password, the delays and locks around it, the recovery code, and
every broken or missing file refused with a clear message and nothing overwritten."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sqlite3
import weakref
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practicedesk.api import open_practice, recover_access
from practicedesk.errors import (
    AccountLocked,
    DamagedDatabase,
    DamagedKeystore,
    DataFolderInUse,
    DataFolderMissing,
    DataFolderReadOnly,
    InvalidInput,
    LoginDelayed,
    PermissionDenied,
    PracticeAlreadyExists,
    PracticeDeskError,
    PracticeNotFound,
    WeakPassword,
    WrongPassword,
)
from practicedesk.security.roles import Role
from practicedesk.security.throttle import FREE_ATTEMPTS, LOCK_AFTER
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.opening import NewOwner, create_practice
from practicedesk.services.practice.folders import has_practice
from practicedesk.services.session import PracticeSession
from practicedesk.services.users.unlocking import KeyAccess
from practicedesk.store.data_folder import DataFolder
from tests.conftest import FAST_KDF, OTHER_PASSWORD, OWNER, OWNER_PASSWORD, PRACTICE, make_practice

NEW_PASSWORD = "copper kettle on a windy hill"
WRONG = "a wrong guess of a password"
LONG_AGO = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
APART = timedelta(seconds=400)  # longer than the longest delay


def _access(data_dir: Path) -> KeyAccess:
    """Everything read afresh from the files, as after a restart of the program."""
    return KeyAccess(DataFolder(data_dir))


def _fail(data_dir: Path, username: str, times: int, *, start: datetime = LONG_AGO) -> None:
    """Wrong passwords spread out in the past, each after the delay of the one before."""
    for attempt in range(times):
        with pytest.raises((WrongPassword, AccountLocked)):
            _access(data_dir).unlock(username, WRONG, now=start + attempt * APART)


@pytest.fixture
def with_maria(data_dir: Path) -> Path:
    """A closed practice with a coordinator whose password needs no change."""
    created = make_practice(data_dir)
    created.session.users.add(
        "maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    created.session.close()
    return data_dir


@pytest.fixture
def with_recovery_code(data_dir: Path) -> tuple[Path, str]:
    created = make_practice(data_dir)
    created.session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    created.session.close()
    return data_dir, created.recovery_code


# -- passwords ------------------------------------------------------------------------------------


def test_the_right_password_opens_the_practice(closed_practice: Path) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert (session.user.username, session.user.role) == (OWNER, Role.OWNER)
        assert session.practice.details().name == PRACTICE.name
        assert not session.must_change_password


def test_a_closed_practice_leaves_nothing_in_memory(closed_practice: Path) -> None:
    """Signing out and in all day must not pile up databases, engines and their caches."""
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.patients.count()
        database = weakref.ref(session._ctx.db)
        engine = weakref.ref(session._ctx.db.engine)
    del session
    gc.collect()
    assert database() is None
    assert engine() is None


def test_user_names_are_not_case_sensitive(closed_practice: Path) -> None:
    with open_practice(closed_practice, f"  {OWNER.upper()} ", OWNER_PASSWORD) as session:
        assert session.user.username == OWNER


def test_a_wrong_password_and_an_unknown_user_get_the_identical_answer(
    closed_practice: Path,
) -> None:
    with pytest.raises(WrongPassword) as wrong_password:
        open_practice(closed_practice, OWNER, WRONG)
    with pytest.raises(WrongPassword) as unknown_user:
        open_practice(closed_practice, "nobody", WRONG)
    assert type(wrong_password.value) is type(unknown_user.value) is WrongPassword
    assert wrong_password.value.message == unknown_user.value.message
    assert OWNER not in wrong_password.value.message


def test_a_few_typos_cost_nothing(closed_practice: Path) -> None:
    for _ in range(FREE_ATTEMPTS - 1):
        with pytest.raises(WrongPassword):
            open_practice(closed_practice, OWNER, WRONG)
    open_practice(closed_practice, OWNER, OWNER_PASSWORD).close()


def test_after_the_free_attempts_the_next_one_must_wait_and_the_wait_grows(
    closed_practice: Path,
) -> None:
    access = _access(closed_practice)
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassword):
            access.unlock(OWNER, WRONG, now=LONG_AGO)

    with pytest.raises(LoginDelayed) as first:
        access.unlock(OWNER, OWNER_PASSWORD, now=LONG_AGO)
    assert first.value.seconds > 0 and f"{first.value.seconds} seconds" in first.value.message

    later = LONG_AGO + timedelta(seconds=first.value.seconds)
    with pytest.raises(WrongPassword):
        access.unlock(OWNER, WRONG, now=later)
    with pytest.raises(LoginDelayed) as second:
        access.unlock(OWNER, OWNER_PASSWORD, now=later)
    assert second.value.seconds > first.value.seconds

    after_the_wait = later + timedelta(seconds=second.value.seconds)
    assert access.unlock(OWNER, OWNER_PASSWORD, now=after_the_wait).user_id


def test_unknown_user_names_are_delayed_the_same_way(closed_practice: Path) -> None:
    access = _access(closed_practice)
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassword):
            access.unlock("nobody", WRONG, now=LONG_AGO)
    with pytest.raises(LoginDelayed):
        access.unlock("nobody", WRONG, now=LONG_AGO)


def test_a_delay_survives_a_restart(closed_practice: Path) -> None:
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassword):
            open_practice(closed_practice, OWNER, WRONG)
    # Nothing of the first attempts is in memory any more: a new start reads the file.
    with pytest.raises(LoginDelayed):
        open_practice(closed_practice, OWNER, OWNER_PASSWORD)
    with pytest.raises(LoginDelayed):
        _access(closed_practice).unlock(OWNER, OWNER_PASSWORD)
    # The file holds the failures, and an attempt refused for the wait is not one more.
    access = _access(closed_practice)
    assert access.attempts.get(access.keystore.lookup(OWNER)).failures == FREE_ATTEMPTS
    # Once the wait is over the right password works, and the count starts again.
    soon = datetime.now(UTC) + timedelta(minutes=10)
    _access(closed_practice).unlock(OWNER, OWNER_PASSWORD, now=soon)
    open_practice(closed_practice, OWNER, OWNER_PASSWORD).close()


def test_a_clock_set_back_does_not_stretch_a_delay(closed_practice: Path) -> None:
    """Failures stamped a month ahead (a wrong date, since corrected) cost the usual wait."""
    ahead = datetime.now(UTC) + timedelta(days=30)
    for attempt in range(FREE_ATTEMPTS + 1):
        with pytest.raises((WrongPassword, LoginDelayed)):
            _access(closed_practice).unlock(OWNER, WRONG, now=ahead + attempt * APART)
    with pytest.raises(LoginDelayed) as delayed:
        open_practice(closed_practice, OWNER, OWNER_PASSWORD)
    assert delayed.value.seconds <= 8


def test_many_failures_lock_the_account_even_against_the_right_password(
    with_maria: Path,
) -> None:
    _fail(with_maria, "maria", LOCK_AFTER - 1)
    with pytest.raises(AccountLocked) as locked:
        _access(with_maria).unlock("maria", WRONG, now=LONG_AGO + LOCK_AFTER * APART)
    assert "owner" in locked.value.message and "recovery code" in locked.value.message
    with pytest.raises(AccountLocked):
        open_practice(with_maria, "maria", OTHER_PASSWORD)
    with pytest.raises(AccountLocked):
        _access(with_maria).unlock("maria", OTHER_PASSWORD, now=datetime.now(UTC) + APART * 99)
    open_practice(with_maria, OWNER, OWNER_PASSWORD).close()  # other accounts are not affected


def test_the_owner_lifts_a_lock_and_it_is_audited(with_maria: Path) -> None:
    _fail(with_maria, "maria", LOCK_AFTER)
    with open_practice(with_maria, OWNER, OWNER_PASSWORD) as owner:
        maria = next(user for user in owner.users.list() if user.username == "maria")
        assert maria.locked_out
        owner.users.unlock_account(maria.id)
        assert not owner.users.get(maria.id).locked_out
        actions = [entry.action for entry in owner.audit.entries(AuditFilter(username="maria"))]
        assert Action.ACCOUNT_LOCKED in actions
        assert owner.audit.entries(AuditFilter(action=Action.ACCOUNT_UNLOCKED))
    with open_practice(with_maria, "maria", OTHER_PASSWORD) as session:
        assert session.user.username == "maria"


# -- the recovery code -----------------------------------------------------------------------


def test_the_recovery_code_opens_the_practice_and_replaces_the_owner_password(
    with_recovery_code: tuple[Path, str],
) -> None:
    data_dir, code = with_recovery_code
    typed = code.lower().replace("-", " ")  # read from paper, typed loosely
    with recover_access(data_dir, OWNER, typed, NEW_PASSWORD) as session:
        assert session.user.username == OWNER and not session.must_change_password
        [emergency] = session.audit.entries(AuditFilter(action=Action.EMERGENCY_ACCESS))
        assert emergency.action == "emergency access" and emergency.username == OWNER
        [changed] = session.audit.entries(AuditFilter(action=Action.PASSWORD_CHANGED))
        assert "emergency access" in changed.summary
    with pytest.raises(WrongPassword):
        open_practice(data_dir, OWNER, OWNER_PASSWORD)
    with open_practice(data_dir, OWNER, NEW_PASSWORD) as session:
        assert session.user.role is Role.OWNER


def test_the_recovery_code_lifts_a_locked_owner(with_recovery_code: tuple[Path, str]) -> None:
    data_dir, code = with_recovery_code
    _fail(data_dir, OWNER, LOCK_AFTER)
    with pytest.raises(AccountLocked):
        open_practice(data_dir, OWNER, OWNER_PASSWORD)
    recover_access(data_dir, OWNER, code, NEW_PASSWORD).close()
    open_practice(data_dir, OWNER, NEW_PASSWORD).close()


def test_the_recovery_code_is_refused_for_anyone_but_an_owner(
    with_recovery_code: tuple[Path, str],
) -> None:
    data_dir, code = with_recovery_code
    keystore_before = (data_dir / "keystore.json").read_bytes()
    with pytest.raises(PermissionDenied, match="owner"):
        recover_access(data_dir, "maria", code, NEW_PASSWORD)
    with pytest.raises(InvalidInput, match="no owner called nobody"):
        recover_access(data_dir, "nobody", code, NEW_PASSWORD)
    assert (data_dir / "keystore.json").read_bytes() == keystore_before
    open_practice(data_dir, OWNER, OWNER_PASSWORD).close()
    with pytest.raises(WrongPassword):
        open_practice(data_dir, "maria", NEW_PASSWORD)


def test_a_weak_new_password_keeps_the_old_one(with_recovery_code: tuple[Path, str]) -> None:
    data_dir, code = with_recovery_code
    with pytest.raises(WeakPassword):
        recover_access(data_dir, OWNER, code, "password1234567")
    open_practice(data_dir, OWNER, OWNER_PASSWORD).close()


def test_a_wrong_recovery_code_fails_clearly(closed_practice: Path) -> None:
    with pytest.raises(WrongPassword) as wrong:
        recover_access(closed_practice, OWNER, "AAAA-" * 7 + "AAAA", NEW_PASSWORD)
    assert "recovery code" in wrong.value.message and "Emergency Kit" in wrong.value.message
    with pytest.raises(InvalidInput, match="32 letters"):
        recover_access(closed_practice, OWNER, "my dog's name", NEW_PASSWORD)
    open_practice(closed_practice, OWNER, OWNER_PASSWORD).close()


def test_mistyped_recovery_codes_delay_but_never_lock_emergency_access(
    with_recovery_code: tuple[Path, str],
) -> None:
    """Only the code itself could lift such a lock, so it would shut the owner out for good."""
    data_dir, code = with_recovery_code
    for attempt in range(LOCK_AFTER + 2):
        with pytest.raises(WrongPassword):
            _access(data_dir).unlock_with_recovery_code(
                "AAAA-" * 7 + "AAAA", now=LONG_AGO + attempt * APART
            )
    with pytest.raises(LoginDelayed):
        _access(data_dir).unlock_with_recovery_code(code, now=LONG_AGO + LOCK_AFTER * APART)
    recover_access(data_dir, OWNER, code, NEW_PASSWORD).close()


# -- bad input: nothing overwritten --------------------------------------------------------------

_SQLITE_LEFTOVERS = {"practice.db-shm", "practice.db-wal"}


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _refused(
    folder: Path,
    error: type[PracticeDeskError],
    *words: str,
    attempt: Callable[[], object] | None = None,
) -> str:
    """Try to open; check the error and its message, and that no file in the folder changed.

    SQLite may leave its empty write-ahead log and shared-memory index behind after a file it
    could not read; they hold no data, but every file that was there must be byte-for-byte the
    same, and the folder must not be left held.
    """
    before = _fingerprint(folder)
    with pytest.raises(error) as raised:
        if attempt:
            attempt()
        else:
            open_practice(folder, OWNER, OWNER_PASSWORD)
    after = _fingerprint(folder)
    assert {name: after.get(name) for name in before} == before, "a file was changed"
    for name in set(after) - set(before):
        assert name in _SQLITE_LEFTOVERS, f"{name} was written"
        assert name != "practice.db-wal" or (folder / name).stat().st_size == 0
    message = raised.value.message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    if folder.is_dir():
        DataFolder(folder).lock().release()
    return message


def test_a_deleted_keystore(closed_practice: Path) -> None:
    (closed_practice / "keystore.json").unlink()
    _refused(closed_practice, DamagedKeystore, str(closed_practice / "keystore.json"), "backup")


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not json",
        os.urandom(300),
        b"\xff\xfe\x00garbage",
        b'{"format": "something-else"}',
        b"[]",
    ],
    ids=["empty", "broken json", "random bytes", "utf-16 mark", "other format", "a list"],
)
def test_a_garbage_keystore(closed_practice: Path, garbage: bytes) -> None:
    (closed_practice / "keystore.json").write_bytes(garbage)
    _refused(closed_practice, DamagedKeystore, str(closed_practice / "keystore.json"), "backup")


def test_a_keystore_from_another_practice(closed_practice: Path, tmp_path: Path) -> None:
    make_practice(tmp_path / "other").session.close()
    shutil.copy(tmp_path / "other" / "keystore.json", closed_practice / "keystore.json")
    _refused(
        closed_practice,
        DamagedDatabase,
        str(closed_practice),
        "keystore.json",
        "do not belong together",
        "backup",
    )


def test_a_database_from_another_practice(closed_practice: Path, tmp_path: Path) -> None:
    make_practice(tmp_path / "other").session.close()
    shutil.copy(tmp_path / "other" / "practice.db", closed_practice / "practice.db")
    _refused(closed_practice, DamagedDatabase, "practice.db", "do not belong together")


def test_a_keystore_put_back_from_an_older_copy(closed_practice: Path, tmp_path: Path) -> None:
    shutil.copy(closed_practice / "keystore.json", tmp_path / "old-keystore.json")
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.change_password(OWNER_PASSWORD, NEW_PASSWORD)
    shutil.copy(tmp_path / "old-keystore.json", closed_practice / "keystore.json")
    # The old copy still knows the old password, and its MAC is genuine: only the version
    # counter inside the database tells it is a rollback.
    _refused(closed_practice, DamagedKeystore, "keystore.json", "older copy", "backup")


def _edit_keystore(folder: Path, change: Callable[[dict[str, object]], None]) -> None:
    path = folder / "keystore.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _remove_other_slot(data: dict[str, object]) -> None:
    users = data["users"]
    assert isinstance(users, dict) and len(users) == 2
    owner_lookup = _owner_lookup(data)
    for lookup in list(users):
        if lookup != owner_lookup:
            del users[lookup]


def _owner_lookup(data: dict[str, object]) -> str:
    return hashlib.sha256(f"{data['practice_id']}\n{OWNER}".encode()).hexdigest()


def _owner_must_change(data: dict[str, object]) -> None:
    users = data["users"]
    assert isinstance(users, dict)
    users[_owner_lookup(data)]["must_change_password"] = True


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.update(version=int(data["version"]) + 5),
        lambda data: data.update(database_salt="00" * 16),
        _owner_must_change,
        _remove_other_slot,
    ],
    ids=["version raised", "database salt", "flag on the owner", "a user removed"],
)
def test_a_keystore_edited_by_hand(
    with_recovery_code: tuple[Path, str], change: Callable[[dict[str, object]], None]
) -> None:
    data_dir, _ = with_recovery_code
    _edit_keystore(data_dir, change)
    _refused(data_dir, DamagedKeystore, "keystore.json", "changed outside PracticeDesk")


@pytest.mark.parametrize("keep", [0.5, 0.1, 4096], ids=["half", "a tenth", "the first page"])
def test_a_database_cut_short(closed_practice: Path, keep: float) -> None:
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        for number in range(40):
            session.staff.add_room(f"Chair {number}", "#A5D6A7")
    database = closed_practice / "practice.db"
    size = database.stat().st_size
    database.write_bytes(database.read_bytes()[: int(keep if keep > 1 else size * keep)])
    _refused(closed_practice, DamagedDatabase, str(database), "backup", "Nothing was changed")


def test_a_database_replaced_by_random_bytes(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    database.write_bytes(os.urandom(database.stat().st_size))
    _refused(closed_practice, DamagedDatabase, "practice.db", "backup")


def test_a_database_damaged_inside_with_its_header_intact(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    data = bytearray(database.read_bytes())
    data[16:4096] = os.urandom(4096 - 16)  # the first page, after SQLCipher's salt
    database.write_bytes(bytes(data))
    _refused(closed_practice, DamagedDatabase, str(database), "cannot be read", "backup")


def test_a_database_replaced_by_a_plain_sqlite_file(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    database.unlink()
    plain = sqlite3.connect(database)
    plain.execute("CREATE TABLE patient (name TEXT)")
    plain.execute("INSERT INTO patient VALUES ('Ana Alvarez')")
    plain.commit()
    plain.close()
    _refused(
        closed_practice,
        DamagedDatabase,
        str(database),
        "unencrypted",
        "not a PracticeDesk database",
        "backup",
    )


def test_a_deleted_database_beside_its_keystore(closed_practice: Path) -> None:
    """Not an empty folder to set up again: the practice is there, damaged."""
    database = closed_practice / "practice.db"
    database.unlink()
    assert has_practice(closed_practice), "the program shows sign-in, not the set-up wizard"
    _refused(closed_practice, DamagedDatabase, str(database), "missing", "backup")
    _refused(closed_practice, PracticeAlreadyExists, attempt=lambda: make_practice(closed_practice))


def test_a_data_folder_on_a_missing_drive(tmp_path: Path) -> None:
    folder = tmp_path / "E-drive" / "practice"
    with pytest.raises(DataFolderMissing) as missing:
        open_practice(folder, OWNER, OWNER_PASSWORD)
    assert str(folder) in missing.value.message and "connect it" in missing.value.message
    assert not (tmp_path / "E-drive").exists()


def test_a_folder_without_a_practice(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a practice")
    message = _refused(tmp_path, PracticeNotFound, "no practice", str(tmp_path), "practice.db")
    assert "set up a new practice" in message


def test_a_read_only_data_folder(closed_practice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() == 0:  # root writes anywhere: fail the write probe as a read-only disk would
        real_write = Path.write_bytes

        def read_only(self: Path, data: bytes) -> int:
            if self.parent == closed_practice:
                raise PermissionError(30, "Read-only file system", str(self))
            return real_write(self, data)

        monkeypatch.setattr(Path, "write_bytes", read_only)
    else:
        closed_practice.chmod(0o555)
    try:
        _refused(closed_practice, DataFolderReadOnly, str(closed_practice), "cannot write")
    finally:
        closed_practice.chmod(0o755)


def test_a_folder_in_use_by_an_open_session(owner_session: PracticeSession, data_dir: Path) -> None:
    before = _fingerprint(data_dir)
    with pytest.raises(DataFolderInUse) as in_use:
        open_practice(data_dir, OWNER, OWNER_PASSWORD)
    assert str(data_dir) in in_use.value.message and "already open" in in_use.value.message
    assert _fingerprint(data_dir) == before
    assert owner_session.users.list(), "the open session carries on"


def test_creating_a_practice_where_one_exists_is_refused(closed_practice: Path) -> None:
    message = _refused(
        closed_practice, PracticeAlreadyExists, attempt=lambda: make_practice(closed_practice)
    )
    assert str(closed_practice) in message
    open_practice(closed_practice, OWNER, OWNER_PASSWORD).close()


@pytest.mark.parametrize(
    "password",
    ["short", "passwordpassword", "harbor test dental 1", "olive olive olive"],
)
def test_a_weak_owner_password_leaves_nothing_behind(tmp_path: Path, password: str) -> None:
    folder = tmp_path / "practice"
    with pytest.raises(WeakPassword):
        create_practice(folder, PRACTICE, NewOwner(OWNER, "Olive", password), kdf_params=FAST_KDF)
    assert not folder.exists() or not any(folder.iterdir())
    make_practice(folder).session.close()  # and the folder is free for a good attempt


def test_the_last_user_of_this_pc_is_remembered_and_a_damaged_note_is_ignored(
    tmp_path: Path,
) -> None:
    from practicedesk.services.practice.folders import (
        LAST_USER_FILE,
        last_user,
        remember_last_user,
    )

    assert last_user(tmp_path) == ""
    remember_last_user(tmp_path, "maria")
    assert last_user(tmp_path) == "maria"
    for damaged in (b"\xff\xfe\x00bad", b"x" * 500, b"maria\x1b[31m"):
        (tmp_path / LAST_USER_FILE).write_bytes(damaged)
        assert last_user(tmp_path) == ""
    remember_last_user(tmp_path / "gone" / "folder", "maria")  # cannot be written: no error
