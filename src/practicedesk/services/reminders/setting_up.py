"""The owner's use cases for Settings → Reminders: read and save the setup, see which PC
sends, and let this PC take over from one that is gone for good."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.security.roles import Permission
from practicedesk.security.sealing import settings_key
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.practice.this_pc import NAME_KEY
from practicedesk.services.reminders import setup
from practicedesk.services.reminders.setup import ReminderSetup, SenderState
from practicedesk.store.database import get_meta
from practicedesk.store.models import SyncPeer


class ReminderSetupService:
    def __init__(self, context: Context, master_key: bytes) -> None:
        self._ctx = context
        self._key = settings_key(master_key)

    @property
    def this_pc(self) -> str:
        """This PC's device id: what `ReminderSetup.sender_device` names to send from here."""
        return self._ctx.db.clock.device

    def get(self) -> ReminderSetup:
        self._ctx.require(Permission.SET_UP_REMINDERS)
        with self._ctx.db.reading() as session:
            return setup.read_setup(session)

    def save(self, reminders: ReminderSetup, password: str | None = None) -> ReminderSetup:
        """`password` None keeps the stored one; "" removes it."""
        self._ctx.require(Permission.SET_UP_REMINDERS)
        reminders = setup.checked(reminders)
        with self._ctx.db.writing() as session:
            changed = setup.write_setup(session, self._key, reminders, password)
            if changed:
                audit.record(
                    session, self._ctx.actor, audit.Action.SETTING_CHANGED,
                    "E-mail reminders: " + ", ".join(changed),
                    subject_type="setting", subject_id=setup.KEY,
                )  # fmt: skip
            saved = setup.read_setup(session)
        self._ctx.announce(Area.SETTINGS)
        return saved

    def take_over(self) -> None:
        """This PC sends from now on without waiting for the others: only for a sending PC
        that will never run again (what it sent but never synced may go out a second time)."""
        self._ctx.require(Permission.SET_UP_REMINDERS)
        with self._ctx.db.writing() as session:
            name = _pc_names(session, self.this_pc)[self.this_pc]
            setup.take_over(session, self.this_pc, name)
            audit.record(
                session, self._ctx.actor, audit.Action.SETTING_CHANGED,
                "E-mail reminders: this PC took over sending without waiting",
                subject_type="setting", subject_id=setup.KEY,
            )  # fmt: skip
        self._ctx.announce(Area.SETTINGS)

    def sender(self) -> SenderState:
        """Whether this PC sends, in words; any role may read it (the worklist says it)."""
        with self._ctx.db.reading() as session:
            return setup.sender_state(session, self.this_pc, _pc_names(session, self.this_pc))

    def pc_names(self) -> dict[str, str]:
        """Device id -> name of the PCs this one knows, this PC first: the sender choices."""
        with self._ctx.db.reading() as session:
            return _pc_names(session, self.this_pc)


def _pc_names(session: Session, device: str) -> dict[str, str]:
    names = {device: get_meta(session, NAME_KEY) or "this PC"}
    for peer in session.scalars(select(SyncPeer).order_by(SyncPeer.name)):
        names.setdefault(peer.device_id, peer.name or peer.device_id)
    return names
