"""Creating a practice, and opening one with a password or the recovery code.

Opening is the one place where the folder, the keystore, the database and the schema meet,
in a fixed order: check the folder is usable and ours alone, unwrap the master key (with the
login delays), open and probe the database, upgrade its schema after a safety copy, check
the keystore has not been rolled back, and only then let the user in. Any failure releases
the folder and changes nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import BaseFileLock
from sqlalchemy import select

from practicedesk.backup.writing import leftover_staging
from practicedesk.domain.hlc import HybridClock
from practicedesk.errors import (
    AccountDisabled,
    DamagedDatabase,
    DamagedKeystore,
    DataFolderMissing,
    InvalidInput,
    PermissionDenied,
    PracticeAlreadyExists,
    WrongPassword,
)
from practicedesk.security import kdf, keys, keystore
from practicedesk.security.kdf import KdfParams
from practicedesk.security.keystore import Keystore
from practicedesk.security.passwords import check_new_password
from practicedesk.security.recovery import new_recovery_code
from practicedesk.security.roles import Role
from practicedesk.services import audit
from practicedesk.services.backup.schedule import restore_advice
from practicedesk.services.context import Actor, Context
from practicedesk.services.practice.details import PracticeDetails
from practicedesk.services.practice.settings import DECLARED
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.services.session import PracticeSession
from practicedesk.services.users.accounts import clean_display_name, clean_username
from practicedesk.services.users.unlocking import KeyAccess, mirror_slots
from practicedesk.store import schema
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.database import Database, get_meta, last_stamp, set_meta
from practicedesk.store.engine import check_library_versions, file_salt, make_engine, probe
from practicedesk.store.models import AppUser, Practice, Setting

log = logging.getLogger(__name__)

_DEVICE_KEY = "device_id"


@dataclass(frozen=True, slots=True)
class NewOwner:
    username: str
    display_name: str
    password: str


@dataclass(frozen=True, slots=True)
class NewPractice:
    session: PracticeSession
    recovery_code: str


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def create_practice(
    data_dir: Path,
    details: PracticeDetails,
    owner: NewOwner,
    *,
    kdf_params: KdfParams | None = None,
) -> NewPractice:
    """Make a new, empty practice and sign its owner in. The recovery code is shown once."""
    details = details.validated()
    username = clean_username(owner.username)
    display_name = clean_display_name(owner.display_name)
    check_new_password(owner.password, [username, display_name, details.name])

    folder = DataFolder(data_dir)
    folder.check_local()
    if folder.has_practice() or folder.file(keystore.FILE_NAME).exists():
        raise PracticeAlreadyExists(
            f"There is already a practice in {data_dir}. Open it, or choose an empty folder."
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DataFolderMissing(
            f"The folder {data_dir} cannot be made here ({exc.strerror or 'not allowed'}). "
            "If it is on a USB drive or another disk, connect it; otherwise choose another."
        ) from exc
    folder.check_writable()
    check_library_versions()
    folder_lock = folder.lock()
    created: list[Path] = []
    try:
        master_key = keys.new_master_key()
        recovery_code = new_recovery_code()
        practice_id = uuid.uuid4()
        owner_id = uuid.uuid4()
        params = kdf_params or kdf.calibrate()

        engine = make_engine(folder.database, master_key)
        created += [folder.database, Path(f"{folder.database}-wal"), Path(f"{folder.database}-shm")]
        schema.upgrade(engine)
        _owner_only(folder.database)
        device_id = uuid.uuid4().hex[:16]
        db = Database(engine, folder.database, HybridClock(device_id, _now_ms))
        store = Keystore.create(str(practice_id), master_key, recovery_code, params)
        store.database_salt = file_salt(folder.database)
        store.set_password(master_key, str(owner_id), username, owner.password)
        actor = Actor(owner_id, username, display_name, Role.OWNER)
        with db.writing() as session:
            set_meta(session, _DEVICE_KEY, device_id)
            session.add(Practice(id=practice_id, **_practice_columns(details)))
            session.add(
                AppUser(id=owner_id, username=username, display_name=display_name, role="owner")
            )
            for setting in DECLARED.values():
                session.add(Setting(key=setting.key, value=json.dumps(setting.default)))
            created.append(folder.file(keystore.FILE_NAME))
            store.save(folder.file(keystore.FILE_NAME), master_key)
            set_meta(session, "keystore_version", str(store.version))
            mirror_slots(session, store)
            audit.record(session, actor, audit.Action.PRACTICE_CREATED, details.name)
            audit.record(session, actor, audit.Action.LOGIN)
        key_access = KeyAccess(folder)
        context = Context(db, folder, actor)
        session_ = PracticeSession(context, key_access, master_key, folder_lock)
        return NewPractice(session_, recovery_code)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        folder_lock.release()
        raise


def open_practice(data_dir: Path, username: str, password: str) -> PracticeSession:
    """Sign in. Wrong passwords are delayed and counted whether or not the user exists."""
    folder, folder_lock = _claim(data_dir)
    try:
        access = KeyAccess(folder)
        unlocked = access.unlock(username, password)
        return _open(
            folder,
            folder_lock,
            access,
            unlocked.master_key,
            lambda users: _user_by_id(users, unlocked.user_id),
            must_change=unlocked.must_change_password,
        )
    except BaseException:
        folder_lock.release()
        raise


def recover_access(
    data_dir: Path, username: str, recovery_code: str, new_password: str
) -> PracticeSession:
    """Emergency access for a lost owner password: the recovery code opens the practice and
    the owner's password is replaced at once. Audited as emergency access."""
    name = clean_username(username)
    folder, folder_lock = _claim(data_dir)
    try:
        access = KeyAccess(folder)
        master_key = access.unlock_with_recovery_code(recovery_code)
        session = _open(
            folder,
            folder_lock,
            access,
            master_key,
            lambda users: _owner_by_name(users, name),
            must_change=False,
            emergency=True,
        )
    except BaseException:
        folder_lock.release()
        raise
    try:
        session.users.set_own_password_after_recovery(new_password)
    except BaseException:
        session.close()
        raise
    return session


def _owner_only(path: Path) -> None:
    """Other accounts on this PC need not even read the encrypted file (WAL files follow)."""
    if os.name == "posix":
        path.chmod(0o600)


def _claim(data_dir: Path) -> tuple[DataFolder, BaseFileLock]:
    folder = DataFolder(data_dir)
    if not folder.has_practice() and folder.file(keystore.FILE_NAME).is_file():
        raise DamagedDatabase(
            f"The practice database {folder.database} is missing; only its key file is left "
            f"in {folder.path}. Nothing was changed. Put back practice.db from your most "
            "recent backup."
        )
    folder.require_practice()
    folder.check_local()
    folder.check_writable()
    if folder.database.is_file() and folder.database.stat().st_size == 0:
        # Checked before SQLCipher opens it: keying an empty file makes it a new database.
        raise DamagedDatabase(
            f"The practice database {folder.database} is empty: what it held is gone (a "
            "disk, copy or sync program may have emptied it). Nothing was changed. "
            f"{restore_advice(None, folder.path)}."
        )
    lock = folder.lock()
    _tidy_backup_leftovers(folder)
    return folder, lock


def _tidy_backup_leftovers(folder: DataFolder) -> None:
    """Staging folders a backup killed mid-run left in the data folder (megabytes each).
    Safe while we hold the folder's lock: no other process of this practice is backing up."""
    for path in leftover_staging(folder.path):
        try:
            shutil.rmtree(path)
        except OSError as exc:
            log.warning("could not remove a backup leftover %s: %s", path.name, exc.strerror)
        else:
            log.info("removed the leftover of an interrupted backup: %s", path.name)


def _open(
    folder: DataFolder,
    folder_lock: BaseFileLock,
    access: KeyAccess,
    master_key: bytes,
    find_user: Callable[[list[AppUser]], AppUser],
    *,
    must_change: bool,
    emergency: bool = False,
) -> PracticeSession:
    check_library_versions()
    engine = make_engine(folder.database, master_key)
    try:
        try:
            probe(engine, folder.database)
        except DamagedDatabase:
            _explain_mismatch(folder, access)
            raise
        safety_copy = schema.ensure_current(engine, folder.database, folder.safety_dir)
        db = Database(engine, folder.database, HybridClock("pending", _now_ms))
        with db.writing() as session:
            zone = practice_zone(session)
            db.damage_advice = lambda: restore_advice(db, folder.path, zone)
            practice_id = session.scalar(select(Practice.id).where(Practice.deleted_at.is_(None)))
            if str(practice_id) != access.keystore.practice_id:
                raise DamagedKeystore(
                    f"The key file in {folder.path} belongs to a different practice than the "
                    "database beside it. Put back the keystore.json that came with this database."
                )
            access.check_version(session)
            device_id = get_meta(session, _DEVICE_KEY) or uuid.uuid4().hex[:16]
            set_meta(session, _DEVICE_KEY, device_id)
            row = find_user(list(session.scalars(select(AppUser))))
            if not row.active or row.deleted_at is not None:
                raise AccountDisabled()
            actor = Actor(row.id, row.username, row.display_name, Role(row.role))
            if safety_copy:
                audit.record(
                    session,
                    actor,
                    audit.Action.SCHEMA_UPGRADED,
                    f"to revision {schema.HEAD}; copy kept as {Path(safety_copy).name}",
                )
            stamp = last_stamp(session)
        db.clock = HybridClock(device_id, _now_ms, stamp)
        context = Context(db, folder, actor, emergency_access=emergency)
        session_ = PracticeSession(
            context, access, master_key, folder_lock, must_change_password=must_change
        )
        with db.writing() as session:
            login = audit.Action.EMERGENCY_ACCESS if emergency else audit.Action.LOGIN
            audit.record(session, actor, login, "with the recovery code" if emergency else "")
        session_.record_pending_login_events()
        return session_
    except BaseException:
        engine.dispose()
        raise


def _explain_mismatch(folder: DataFolder, access: KeyAccess) -> None:
    """A database that will not open with a genuine key file: say which pair is wrong."""
    salt = file_salt(folder.database)
    if bytes.fromhex(salt).startswith(b"SQLite format 3"):
        raise DamagedDatabase(
            f"{folder.database} is a plain, unencrypted SQLite file, not a PracticeDesk "
            "database. Nothing was changed. Put back practice.db from your most recent backup."
        )
    recorded = access.keystore.database_salt
    if recorded and salt not in ("", recorded):
        raise DamagedDatabase(
            f"The database practice.db and the key file keystore.json in {folder.path} do not "
            "belong together: one of them was replaced or damaged. Nothing was changed. Put "
            "back both files from your most recent backup."
        )


def _user_by_id(users: list[AppUser], user_id: str) -> AppUser:
    for row in users:
        if str(row.id) == user_id:
            return row
    raise WrongPassword()  # a slot without an account: treat as any failed login


def _owner_by_name(users: list[AppUser], username: str) -> AppUser:
    for row in users:
        if row.username == username and row.deleted_at is None:
            if row.role != Role.OWNER.value:
                raise PermissionDenied(
                    "The recovery code can only be used with an owner's user name."
                )
            return row
    raise InvalidInput(f"There is no owner called {username} in this practice.")


def _practice_columns(details: PracticeDetails) -> dict[str, str]:
    return {
        "name": details.name,
        "street": details.street,
        "city": details.city,
        "region": details.region,
        "postal_code": details.postal_code,
        "phone": details.phone,
        "email": details.email,
        "time_zone": details.time_zone,
    }


def prepare_for_sign_in() -> None:
    """Work the first sign-in would otherwise pay for, done while the password is typed:
    SQLAlchemy configures forty-odd mapped classes on their first query (tens of ms)."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
