"""What every service shares: the database, who is acting, and the change announcements."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from practicedesk.errors import PasswordChangeRequired
from practicedesk.security.roles import Permission, Role, require
from practicedesk.services.areas import Area
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: uuid.UUID
    username: str
    display_name: str
    role: Role


ChangeListener = Callable[[frozenset[Area]], None]


class Context:
    def __init__(
        self, db: Database, folder: DataFolder, actor: Actor, *, emergency_access: bool = False
    ) -> None:
        self.db = db
        self.folder = folder
        self.actor = actor
        db.author = str(actor.user_id)  # each change logged names who made it
        self.emergency_access = emergency_access  # opened with the recovery code
        # A temporary password set by the owner: nothing but choosing a new one until then.
        self.must_change_password = False
        self._listeners: list[ChangeListener] = []
        self._listeners_lock = threading.Lock()

    def require(self, permission: Permission) -> None:
        """Every use case asks this first, so a temporary password is changed "before
        anything else" from the window, the command line and scripts alike."""
        if self.must_change_password:
            raise PasswordChangeRequired()
        require(self.actor.role, permission)

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def announce(self, *areas: Area) -> None:
        """Tell listeners which areas a committed write touched; a value that is no `Area`
        raises here, in the write's tests, not later as a screen that never refreshes."""
        touched = frozenset(Area(area) for area in areas)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(touched)
            except Exception:  # a broken view must not undo a committed change
                log.exception("a change listener failed")
