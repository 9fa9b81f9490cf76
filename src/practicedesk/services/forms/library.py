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


class FormLibrary:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- templates ----------------------------------------------------------------------------

    def templates(self) -> TemplateSet:
        """Shipped and the practice's own; broken ones are in `.problems`, not raised."""
        return load_templates(own={f"{key}.yaml": raw for key, raw in self._own_texts().items()})

    def _own_texts(self) -> dict[str, bytes]:
        return self._own_rows(OwnTemplate.template_id)

    def _own_rows(self, key: Any) -> dict[str, bytes]:
        """The practice's own texts of one kind (templates or packets), by id."""
        with self._ctx.db.reading() as session:
            rows = session.execute(
                select(key, key.class_.content).where(key.class_.deleted_at.is_(None))
            )
            return dict(rows.all())

    def _check_version(self, id_: str, version: int, current: Any, same: bool) -> None:
        """A changed form or packet needs a higher version than the one it replaces."""
        if current is not None and not same and version <= current.version:
            raise InvalidInput(
                f"Raise the version to {current.version + 1} or more: version "
                f"{current.version} of {id_} is already in use."
            )

    def _keep_own(self, key: Any, id_: str, text: str) -> None:
        with self._ctx.db.writing() as session:
            row = session.scalars(select(key.class_).where(key == id_)).one_or_none()
            if row is None:
                session.add(key.class_(**{key.key: id_, "content": text.encode("utf-8")}))
            else:
                row.content, row.deleted_at = text.encode("utf-8"), None

    def _drop_own(self, key: Any, id_: str, missing: str) -> None:
        with self._ctx.db.writing() as session:
            row = session.scalars(
                select(key.class_).where(key == id_, key.class_.deleted_at.is_(None))
            ).one_or_none()
            if row is None:
                raise NotFound(missing)
            row.deleted_at = utcnow()

    def template(self, template_id: str) -> FormTemplate:
        found = self.templates().templates.get(template_id)
        if found is None:
            raise NotFound(f"There is no form template called {template_id!r}.")
        return found

    def _raw(self, template: FormTemplate) -> bytes:
        """The bytes a template was read from: the database's for the practice's own."""
        if not template.shipped:
            own = self._own_texts().get(template.id)
            if own is not None:
                return own
        assert template.source is not None
        return template.source.read_bytes()

    def template_text(self, template_id: str) -> str:
        """The YAML the template was read from: where the owner's own copy starts."""
        return self._raw(self.template(template_id)).decode("utf-8-sig")

    def check_template(self, text: str) -> FormTemplate:
        """The template the text makes, or TemplateError naming the line that is wrong."""
        return template_of(text.encode("utf-8"), "your template.yaml", shipped=False)

    def save_own_template(self, text: str) -> FormTemplate:
        """The owner's version of a form. A changed form needs a higher version than the one
        it replaces, so a printed or signed copy always says which wording it had."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        template = self.check_template(text)
        current = self.templates().templates.get(template.id)
        same = current is not None and self._raw(current).decode("utf-8-sig") == text
        self._check_version(template.id, template.version, current, same)
        self._keep_own(OwnTemplate.template_id, template.id, text)
        self._record_setting(f"form template {template.id} saved (version {template.version})")
        return template

    def remove_own_template(self, template_id: str) -> None:
        """Back to the shipped wording (or none, for a form the practice made itself)."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        missing = f"The practice has no own copy of {template_id}."
        self._drop_own(OwnTemplate.template_id, template_id, missing)
        self._record_setting(f"form template {template_id} removed")

    def _record_setting(self, summary: str) -> None:
        with self._ctx.db.writing() as session:
            audit.record(session, self._ctx.actor, audit.Action.SETTING_CHANGED, summary)
        self._ctx.announce(Area.FORMS)

    # -- packets ------------------------------------------------------------------------------

    def packets(self) -> PacketSet:
        """Shipped and the practice's own; a packet naming a form that did not load is in
        `.problems`, so a packet is never printed with a form missing."""
        return self._packets(self.templates().templates.keys())

    def _packets(self, template_ids: Collection[str]) -> PacketSet:
        own = {f"{key}.yaml": raw for key, raw in self._own_packet_texts().items()}
        return load_packets(template_ids, own=own)

    def _own_packet_texts(self) -> dict[str, bytes]:
        return self._own_rows(OwnPacket.packet_id)

    def packet_text(self, packet_id: str) -> str:
        """The YAML of a packet: where the owner's own copy starts."""
        found = self.packets().packets.get(packet_id)
        if found is None:
            raise NotFound(f"There is no packet called {packet_id!r}.")
        own = self._own_packet_texts().get(packet_id) if not found.shipped else None
        if own is not None:
            return own.decode("utf-8-sig")
        assert found.source is not None
        return found.source.read_text(encoding="utf-8-sig")

    def check_packet(self, text: str) -> PacketDefinition:
        """The packet the text makes, or PacketError naming the line that is wrong."""
        templates = self.templates().templates
        return packet_of(text.encode("utf-8"), "your packet.yaml", templates.keys())

    def save_own_packet(self, text: str) -> PacketDefinition:
        """The owner's version of a packet, checked against the forms that exist; like a
        form, a changed packet needs a higher version than the one it replaces."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        templates = self.templates().templates
        packet = packet_of(text.encode("utf-8"), "your packet.yaml", templates.keys())
        current = self._packets(templates.keys()).packets.get(packet.id)
        same = current is not None and self.packet_text(packet.id) == text
        self._check_version(packet.id, packet.version, current, same)
        self._keep_own(OwnPacket.packet_id, packet.id, text)
        self._record_setting(f"packet {packet.id} saved (version {packet.version})")
        return packet

    def remove_own_packet(self, packet_id: str) -> None:
        self._ctx.require(Permission.EDIT_PRACTICE)
        missing = f"The practice has no own copy of the packet {packet_id}."
        self._drop_own(OwnPacket.packet_id, packet_id, missing)
        self._record_setting(f"packet {packet_id} removed")
