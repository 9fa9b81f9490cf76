"""User accounts: the owner adds, changes, turns off and resets them; anyone changes their
own password. Every change re-wraps the master key in the keystore; data is never
re-encrypted for a password change."""

from __future__ import annotations

import builtins
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput, PermissionDenied, WrongPassword
from practicedesk.security.keystore import normalize_username
from practicedesk.security.passwords import check_new_password
from practicedesk.security.roles import Permission, Role
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.users.unlocking import KeyAccess
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import AppUser, Practice

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    active: bool
    locked_out: bool = False
    must_change_password: bool = False


def clean_username(username: str) -> str:
    name = normalize_username(username)
    if not _USERNAME.match(name):
        raise InvalidInput(
            "A user name has 2 to 40 letters, digits, dots, dashes or underscores, "
            "and starts with a letter or digit (for example: maria or j.smith)."
        )
    return name


def clean_display_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not name:
        raise InvalidInput("Give the person's name as it should appear on screen.")
    if len(name) > 120:
        raise InvalidInput("The name is too long (at most 120 characters).")
    return name


class UserService:
    def __init__(self, context: Context, keys: KeyAccess, master_key: bytes) -> None:
        self._ctx = context
        self._keys = keys
        self._master_key = master_key

    def list(self) -> list[UserInfo]:
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(AppUser).where(AppUser.deleted_at.is_(None)).order_by(AppUser.username)
            ).all()
            return [self._info(row) for row in rows]

    def get(self, user_id: uuid.UUID) -> UserInfo:
        with self._ctx.db.reading() as session:
            return self._info(_user(session, user_id))

    def add(
        self,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        *,
        must_change_password: bool = True,
    ) -> UserInfo:
        """A new account; by default its holder chooses their own password at first login."""
        self._ctx.require(Permission.MANAGE_USERS)
        username = clean_username(username)
        display_name = clean_display_name(display_name)
        with self._ctx.db.writing() as session:
            if session.scalar(select(AppUser.id).where(AppUser.username == username)):
                raise InvalidInput(f"There is already a user called {username}.")
            check_new_password(password, self._context_words(session, username))
            row = AppUser(username=username, display_name=display_name, role=Role(role).value)
            session.add(row)
            session.flush()
            self._keys.keystore.set_password(
                self._master_key, str(row.id), username, password, must_change=must_change_password
            )
            self._keys.save(session, self._master_key)
            self._audit(
                session, audit.Action.USER_ADDED, row.id, f"{username} ({Role(role).label.lower()})"
            )
            info = self._info(row)
        self._ctx.announce(Area.USERS)
        return info

    def update(self, user_id: uuid.UUID, display_name: str, role: Role) -> UserInfo:
        self._ctx.require(Permission.MANAGE_USERS)
        display_name = clean_display_name(display_name)
        role = Role(role)
        with self._ctx.db.writing() as session:
            row = _user(session, user_id)
            if row.role == Role.OWNER and role != Role.OWNER:
                self._refuse_if_last_owner(session, row)
            changes = []
            if row.display_name != display_name:
                changes.append(f"name {row.display_name!r} → {display_name!r}")
                row.display_name = display_name
            if row.role != role.value:
                changes.append(f"role {row.role} → {role.value}")
                row.role = role.value
            if changes:
                self._audit(
                    session,
                    audit.Action.USER_CHANGED,
                    row.id,
                    f"{row.username}: " + "; ".join(changes),
                )
            info = self._info(row)
        self._ctx.announce(Area.USERS)
        return info

    def disable(self, user_id: uuid.UUID) -> None:
        """Turn an account off: its wrapped key is removed, so its password opens nothing."""
        self._ctx.require(Permission.MANAGE_USERS)
        if user_id == self._ctx.actor.user_id:
            raise PermissionDenied("You cannot turn off your own account.")
        with self._ctx.db.writing() as session:
            row = _user(session, user_id)
            if row.role == Role.OWNER:
                self._refuse_if_last_owner(session, row)
            row.active = False
            session.flush()
            self._keys.keystore.disable(row.username)
            self._keys.save(session, self._master_key)
            self._audit(session, audit.Action.USER_DISABLED, row.id, row.username)
        self._ctx.announce(Area.USERS)

    def enable(self, user_id: uuid.UUID, temporary_password: str) -> None:
        self._ctx.require(Permission.MANAGE_USERS)
        with self._ctx.db.writing() as session:
            row = _user(session, user_id)
            row.active = True
            session.flush()
            self._give_temporary_password(session, row, temporary_password)
            self._audit(session, audit.Action.USER_ENABLED, row.id, row.username)
        self._ctx.announce(Area.USERS)

    def reset_password(self, user_id: uuid.UUID, temporary_password: str) -> None:
        """For a forgotten password: the user must choose a new one at next login."""
        self._ctx.require(Permission.MANAGE_USERS)
        with self._ctx.db.writing() as session:
            row = _user(session, user_id)
            if not row.active:
                raise InvalidInput(f"{row.username} is turned off; turn the account on instead.")
            self._give_temporary_password(session, row, temporary_password)
            self._audit(session, audit.Action.PASSWORD_RESET, row.id, row.username)
        self._ctx.announce(Area.USERS)

    def unlock_account(self, user_id: uuid.UUID) -> None:
        """Lift a lock after too many failed logins, without changing the password."""
        self._ctx.require(Permission.MANAGE_USERS)
        with self._ctx.db.writing() as session:
            row = _user(session, user_id)
            self._keys.clear_lockout(row.username)
            self._audit(session, audit.Action.ACCOUNT_UNLOCKED, row.id, row.username)
        self._ctx.announce(Area.USERS)

    def change_own_password(self, current_password: str, new_password: str) -> None:
        actor = self._ctx.actor
        unlocked = self._keys.unlock(actor.username, current_password)
        if unlocked.user_id != str(actor.user_id):
            raise WrongPassword()
        if current_password == new_password:
            raise InvalidInput("The new password must be different from the current one.")
        with self._ctx.db.writing() as session:
            check_new_password(new_password, self._context_words(session, actor.username))
            self._keys.keystore.set_password(
                self._master_key, str(actor.user_id), actor.username, new_password
            )
            self._keys.save(session, self._master_key)
            self._audit(session, audit.Action.PASSWORD_CHANGED, actor.user_id, actor.username)
        self._ctx.announce(Area.USERS)

    def set_own_password_after_recovery(self, new_password: str) -> None:
        """Only for a session opened with the recovery code: replace the lost password."""
        actor = self._ctx.actor
        if not self._ctx.emergency_access:
            raise PermissionDenied("Use Change password, with your current password.")
        with self._ctx.db.writing() as session:
            check_new_password(new_password, self._context_words(session, actor.username))
            self._keys.keystore.set_password(
                self._master_key, str(actor.user_id), actor.username, new_password
            )
            self._keys.save(session, self._master_key)
            self._keys.clear_lockout(actor.username)
            self._audit(
                session,
                audit.Action.PASSWORD_CHANGED,
                actor.user_id,
                f"{actor.username}, after emergency access",
            )
        self._ctx.emergency_access = False
        self._ctx.announce(Area.USERS)

    def password_context(self) -> builtins.list[str]:
        """Words a password must not be built from, for the UI's live feedback."""
        with self._ctx.db.reading() as session:
            return self._context_words(session, self._ctx.actor.username)

    def _give_temporary_password(self, session: Session, row: AppUser, password: str) -> None:
        """The owner's temporary password: re-wrap, lift any lockout, force a change."""
        check_new_password(password, self._context_words(session, row.username))
        self._keys.keystore.set_password(
            self._master_key, str(row.id), row.username, password, must_change=True
        )
        self._keys.save(session, self._master_key)
        self._keys.clear_lockout(row.username)

    def _audit(self, session: Session, action: str, user_id: uuid.UUID, summary: str) -> None:
        audit.record(
            session,
            self._ctx.actor,
            action,
            summary,
            subject_type="user",
            subject_id=str(user_id),
        )

    def _info(self, row: AppUser) -> UserInfo:
        slot = self._keys.keystore.slot_for(row.username)
        return UserInfo(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            role=Role(row.role),
            active=row.active,
            locked_out=self._keys.is_locked_out(row.username),
            must_change_password=bool(slot and slot.must_change_password),
        )

    @staticmethod
    def _context_words(session: Session, username: str) -> builtins.list[str]:
        practice = session.scalar(select(Practice.name).where(Practice.deleted_at.is_(None)))
        return [username, practice or ""]

    @staticmethod
    def _refuse_if_last_owner(session: Session, row: AppUser) -> None:
        owners = session.scalars(
            select(AppUser.id).where(
                AppUser.role == Role.OWNER.value,
                AppUser.active.is_(True),
                AppUser.deleted_at.is_(None),
            )
        ).all()
        if owners == [row.id]:
            raise PermissionDenied(
                f"{row.username} is the only owner. Make another user an owner first."
            )


def _user(session: Session, user_id: uuid.UUID) -> AppUser:
    return live_row(session, AppUser, user_id, "That user no longer exists.")
