"""The form library: the templates forms are started from and the packets that bind them for
a visit, each the shipped set merged with the practice's own copies (kept in its database,
docs/forms.md), read, checked and — by the owner — saved with a higher version or removed.

Touches only the own-template and own-packet rows and the audit log, never a patient's forms.
`FormService` (forms.py) extends this class with filling, signing and printing, so the UI and
scripts reach both through `session.forms`; the library is kept apart because it reads no
chart and no visit, and the forms side only reads it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput, NotFound
from practicedesk.forms.model import FormTemplate
from practicedesk.forms.packets import PacketDefinition, PacketSet, load_packets, packet_of
from practicedesk.forms.templates import TemplateSet, load_templates, template_of
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.models import OwnPacket, OwnTemplate
from practicedesk.store.models.base import utcnow


def read_templates(session: Session) -> TemplateSet:
    """Shipped and the practice's own; broken ones are in `.problems`, not raised."""
    own = _own_rows(session, OwnTemplate.template_id)
    return load_templates(own={f"{key}.yaml": raw for key, raw in own.items()})


def read_packets(session: Session, template_ids: Collection[str]) -> PacketSet:
    """Shipped and the practice's own; a packet naming a form that did not load is in
    `.problems`, so a packet is never printed with a form missing."""
    own = _own_rows(session, OwnPacket.packet_id)
    return load_packets(template_ids, own={f"{key}.yaml": raw for key, raw in own.items()})


def read_template(session: Session, template_id: str) -> FormTemplate:
    found = read_templates(session).templates.get(template_id)
    if found is None:
        raise NotFound(f"There is no form template called {template_id!r}.")
    return found


def read_raw(session: Session, template: FormTemplate) -> bytes:
    """The bytes a template was read from: the database's for the practice's own."""
    if not template.shipped:
        own = _own_rows(session, OwnTemplate.template_id).get(template.id)
        if own is not None:
            return own
    assert template.source is not None
    return template.source.read_bytes()


def _own_rows(session: Session, key: Any) -> dict[str, bytes]:
    """The practice's own texts of one kind (templates or packets), by id."""
    rows = session.execute(select(key, key.class_.content).where(key.class_.deleted_at.is_(None)))
    return dict(rows.all())


class FormLibrary:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- templates ----------------------------------------------------------------------------

    def templates(self) -> TemplateSet:
        """Shipped and the practice's own; broken ones are in `.problems`, not raised."""
        with self._ctx.db.reading() as session:
            return read_templates(session)

    def _check_version(self, id_: str, version: int, current: Any, same: bool) -> None:
        """A changed form or packet needs a higher version than the one it replaces."""
        if current is not None and not same and version <= current.version:
            raise InvalidInput(
                f"Raise the version to {current.version + 1} or more: version "
                f"{current.version} of {id_} is already in use."
            )

    def template(self, template_id: str) -> FormTemplate:
        with self._ctx.db.reading() as session:
            return read_template(session, template_id)

    def template_text(self, template_id: str) -> str:
        """The YAML the template was read from: where the owner's own copy starts."""
        with self._ctx.db.reading() as session:
            return read_raw(session, read_template(session, template_id)).decode("utf-8-sig")

    def check_template(self, text: str) -> FormTemplate:
        """The template the text makes, or TemplateError naming the line that is wrong."""
        return template_of(text.encode("utf-8"), "your template.yaml", shipped=False)

    def save_own_template(self, text: str) -> FormTemplate:
        """The owner's version of a form. A changed form needs a higher version than the one
        it replaces, so a printed or signed copy always says which wording it had."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        template = self.check_template(text)
        with self._ctx.db.writing() as session:
            current = read_templates(session).templates.get(template.id)
            same = current is not None and read_raw(session, current).decode("utf-8-sig") == text
            self._check_version(template.id, template.version, current, same)
            _keep_own(session, OwnTemplate.template_id, template.id, text)
            self._record_setting(
                session, f"form template {template.id} saved (version {template.version})"
            )
        self._ctx.announce(Area.FORMS)
        return template

    def remove_own_template(self, template_id: str) -> None:
        """Back to the shipped wording (or none, for a form the practice made itself)."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        missing = f"The practice has no own copy of {template_id}."
        with self._ctx.db.writing() as session:
            _drop_own(session, OwnTemplate.template_id, template_id, missing)
            self._record_setting(session, f"form template {template_id} removed")
        self._ctx.announce(Area.FORMS)

    def _record_setting(self, session: Session, summary: str) -> None:
        audit.record(session, self._ctx.actor, audit.Action.SETTING_CHANGED, summary)

    # -- packets ------------------------------------------------------------------------------

    def packets(self) -> PacketSet:
        """Shipped and the practice's own; a packet naming a form that did not load is in
        `.problems`, so a packet is never printed with a form missing."""
        with self._ctx.db.reading() as session:
            return read_packets(session, read_templates(session).templates.keys())

    def packet_text(self, packet_id: str) -> str:
        """The YAML of a packet: where the owner's own copy starts."""
        with self._ctx.db.reading() as session:
            return _packet_text(session, packet_id)

    def check_packet(self, text: str) -> PacketDefinition:
        """The packet the text makes, or PacketError naming the line that is wrong."""
        templates = self.templates().templates
        return packet_of(text.encode("utf-8"), "your packet.yaml", templates.keys())

    def save_own_packet(self, text: str) -> PacketDefinition:
        """The owner's version of a packet, checked against the forms that exist; like a
        form, a changed packet needs a higher version than the one it replaces."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        with self._ctx.db.writing() as session:
            templates = read_templates(session).templates
            packet = packet_of(text.encode("utf-8"), "your packet.yaml", templates.keys())
            current = read_packets(session, templates.keys()).packets.get(packet.id)
            same = current is not None and _packet_text(session, packet.id) == text
            self._check_version(packet.id, packet.version, current, same)
            _keep_own(session, OwnPacket.packet_id, packet.id, text)
            self._record_setting(session, f"packet {packet.id} saved (version {packet.version})")
        self._ctx.announce(Area.FORMS)
        return packet

    def remove_own_packet(self, packet_id: str) -> None:
        self._ctx.require(Permission.EDIT_PRACTICE)
        missing = f"The practice has no own copy of the packet {packet_id}."
        with self._ctx.db.writing() as session:
            _drop_own(session, OwnPacket.packet_id, packet_id, missing)
            self._record_setting(session, f"packet {packet_id} removed")
        self._ctx.announce(Area.FORMS)


def _packet_text(session: Session, packet_id: str) -> str:
    found = read_packets(session, read_templates(session).templates.keys()).packets.get(packet_id)
    if found is None:
        raise NotFound(f"There is no packet called {packet_id!r}.")
    own = _own_rows(session, OwnPacket.packet_id).get(packet_id) if not found.shipped else None
    if own is not None:
        return own.decode("utf-8-sig")
    assert found.source is not None
    return found.source.read_text(encoding="utf-8-sig")


def _keep_own(session: Session, key: Any, id_: str, text: str) -> None:
    row = session.scalars(select(key.class_).where(key == id_)).one_or_none()
    if row is None:
        session.add(key.class_(**{key.key: id_, "content": text.encode("utf-8")}))
    else:
        row.content, row.deleted_at = text.encode("utf-8"), None


def _drop_own(session: Session, key: Any, id_: str, missing: str) -> None:
    row = session.scalars(
        select(key.class_).where(key == id_, key.class_.deleted_at.is_(None))
    ).one_or_none()
    if row is None:
        raise NotFound(missing)
    row.deleted_at = utcnow()
