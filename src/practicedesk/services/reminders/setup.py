"""Settings → Reminders: the mail server, when reminders go, their words, and which PC sends.

Kept as JSON in the `setting` table, so every PC of the practice has the same; the mail
password inside is sealed under a key derived from the practice's master key
(security/sealing.py) and never leaves this module in clear except to open the connection.

**One PC sends.** The owner names it; the others never send. Choosing another PC is a
*handover*: the new sender waits until each PC that may still be sending (the old sender,
and any earlier one not yet heard from) has written that it knows of the change. A PC
writes that acknowledgement from its sending loop, after the last message it sent has
been marked sent, so by the time the acknowledgement reaches the new sender through sync,
so has every "sent" before it (a PC's changes are taken in in the order it made them). Two
PCs that both believe they are the sender for a while therefore never both send: the new
one is still waiting. "Take over now" skips the wait, for a PC that is gone for good.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.reminder_text import (
    DEFAULT_SUBJECT,
    DEFAULT_TEXT,
    rule_text,
    template_problems,
)
from practicedesk.domain.reminders import ReminderRule
from practicedesk.errors import InvalidInput
from practicedesk.interop.smtp_channel import Security, SmtpServer
from practicedesk.security.sealing import SealBroken, seal, unseal
from practicedesk.store.models import Setting

KEY = "reminders"
ACK_KEY = "reminders.ack."  # + device id: the handover that PC has heard of
_PASSWORD = "reminders.password"  # the sealed password's associated data
_NAMESPACE = uuid.UUID("5b0f3d36-8f4e-4a57-9a3c-0c4de1f6a9d2")
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_RULES = 4
MAX_DAYS_BEFORE = 14
USUAL_RULES = (ReminderRule(2, time(10)), ReminderRule(1, time(8)))


@dataclass(frozen=True, slots=True)
class ReminderSetup:
    """What the owner sets. The password is not here: `save` takes it apart, and
    `password_set` only says whether one is stored."""

    enabled: bool = False
    host: str = ""
    port: int = 587
    security: Security = Security.STARTTLS
    user: str = ""
    from_address: str = ""
    from_name: str = ""
    rules: tuple[ReminderRule, ...] = USUAL_RULES
    subject: str = DEFAULT_SUBJECT
    text: str = DEFAULT_TEXT
    attach_calendar: bool = True
    sender_device: str = ""  # the PC that sends ("" until the owner chooses)
    sender_name: str = ""  # its name when chosen, for the screen
    trusted_certificate: str = ""  # PEM: a mail server's own certificate to trust
    password_set: bool = False


@dataclass(frozen=True, slots=True)
class SenderState:
    """Whether this PC sends, and if not, why: for the settings, the worklist, the CLI."""

    sends_here: bool  # this PC may send now
    chosen_here: bool  # this PC is the one chosen (it may still be waiting)
    waiting_for: tuple[str, ...]  # PCs that have not yet heard of the handover
    text: str
    enabled: bool = True  # the practice sends reminders at all (from some PC)


def setting_id(key: str) -> uuid.UUID:
    """The same row on every PC, so two PCs writing a reminders setting make one row."""
    return uuid.uuid5(_NAMESPACE, key)


def stored(session: Session, key: str = KEY) -> dict[str, Any]:
    row = session.scalar(select(Setting).where(Setting.key == key))
    if row is None or row.deleted_at is not None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def store(session: Session, value: dict[str, Any], key: str = KEY) -> None:
    text = json.dumps(value, sort_keys=True)
    row = session.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        session.add(Setting(id=setting_id(key), key=key, value=text))
    elif row.value != text or row.deleted_at is not None:
        row.value, row.deleted_at = text, None


def read_setup(session: Session) -> ReminderSetup:
    """The setup as stored; a value a newer PC wrote that this one cannot read counts as
    not set (and so as off): a reminder never goes out on a guess."""
    value = stored(session)
    if not value:
        return ReminderSetup()
    try:
        return ReminderSetup(
            enabled=bool(value["enabled"]),
            host=str(value["host"]),
            port=int(value["port"]),
            security=Security(value["security"]),
            user=str(value["user"]),
            from_address=str(value["from_address"]),
            from_name=str(value["from_name"]),
            rules=tuple(
                ReminderRule(int(days), time.fromisoformat(at)) for days, at in value["rules"]
            ),
            subject=str(value["subject"]),
            text=str(value["text"]),
            attach_calendar=bool(value["attach_calendar"]),
            sender_device=str(value["sender"]),
            sender_name=str(value["sender_name"]),
            trusted_certificate=str(value.get("trusted_certificate", "")),
            password_set=bool(value.get("password")),
        )
    except (KeyError, TypeError, ValueError):
        return ReminderSetup()


def read_server(session: Session, key: bytes) -> SmtpServer:
    """The mail server with its password opened, for the sending loop alone."""
    setup, value = read_setup(session), stored(session)
    try:
        password = unseal(key, str(value.get("password", "")), _PASSWORD)
    except SealBroken:
        raise InvalidInput(
            "The stored mail password cannot be read on this PC; enter it again in "
            "Settings → Reminders."
        ) from None
    return SmtpServer(
        setup.host, setup.port, setup.security, setup.user, password,
        setup.from_address, setup.from_name, setup.trusted_certificate,
    )  # fmt: skip


def checked(setup: ReminderSetup) -> ReminderSetup:
    """Trimmed, or `InvalidInput` naming what is wrong. Off, a setup may be unfinished."""
    setup = replace(
        setup,
        host=setup.host.strip(),
        user=setup.user.strip(),
        from_address=setup.from_address.strip(),
        from_name=setup.from_name.strip(),
        trusted_certificate=setup.trusted_certificate.strip(),
    )
    for label, template in (("subject", setup.subject), ("text", setup.text)):
        if problems := template_problems(template):
            raise InvalidInput(f"The reminder's {label}: {problems[0]}")
    if "\n" in setup.subject.strip():
        raise InvalidInput("The reminder's subject is one line.")
    if not setup.rules or len(setup.rules) > MAX_RULES:
        raise InvalidInput(f"Reminders go out at one to {MAX_RULES} times before a visit.")
    if any(rule.days_before > MAX_DAYS_BEFORE for rule in setup.rules):
        raise InvalidInput(f"A reminder goes out at most {MAX_DAYS_BEFORE} days before.")
    if len({rule_text(rule) for rule in setup.rules}) != len(setup.rules):
        raise InvalidInput("Two reminder times are the same; remove one.")
    if setup.trusted_certificate and "BEGIN CERTIFICATE" not in setup.trusted_certificate:
        raise InvalidInput("The certificate to trust is not a PEM certificate.")
    if not setup.enabled:
        return setup
    if not setup.host:
        raise InvalidInput("Give the mail server's name (from your e-mail provider).")
    if not 0 < setup.port < 65536:
        raise InvalidInput("The mail server's port is a number from 1 to 65535.")
    if not _ADDRESS.fullmatch(setup.from_address):
        raise InvalidInput("Give the address reminders come from, like office@example.com.")
    if not setup.sender_device:
        raise InvalidInput("Choose the PC that sends the reminders.")
    return setup


def write_setup(
    session: Session, key: bytes, setup: ReminderSetup, password: str | None
) -> list[str]:
    """Store `setup` (`password` None keeps the stored one); the names of what changed,
    for the audit log. A new sender starts a handover (see the module's docstring)."""
    before, old = read_setup(session), stored(session)
    sealed = str(old.get("password", "")) if password is None else seal(key, password, _PASSWORD)
    value: dict[str, Any] = {
        "enabled": setup.enabled,
        "host": setup.host,
        "port": setup.port,
        "security": setup.security.value,
        "user": setup.user,
        "password": sealed,
        "from_address": setup.from_address,
        "from_name": setup.from_name,
        "rules": [[rule.days_before, rule.at.strftime("%H:%M")] for rule in setup.rules],
        "subject": setup.subject,
        "text": setup.text,
        "attach_calendar": setup.attach_calendar,
        "sender": setup.sender_device,
        "sender_name": setup.sender_name,
        "trusted_certificate": setup.trusted_certificate,
        "handover": str(old.get("handover", "")),
        "waits_for": list(old.get("waits_for", [])),
    }
    if setup.sender_device != before.sender_device:
        value["handover"] = uuid.uuid4().hex
        value["waits_for"] = sorted(still_sending(session) - {setup.sender_device})
    store(session, value)
    names = [
        name
        for name in ("enabled", "host", "port", "security", "user", "from_address", "from_name",
                     "rules", "subject", "text", "attach_calendar", "trusted_certificate")
        if value[name] != old.get(name)
    ]  # fmt: skip
    if password is not None and sealed != old.get("password"):
        names.append("password")
    if setup.sender_device != before.sender_device:
        names.append("sending PC")
    return names


def take_over(session: Session, device: str, name: str) -> None:
    """This PC sends from now on, without waiting for the others to hear of it: for a
    sender that is gone for good. Whatever it sent and never synced may go out again."""
    value = stored(session)
    value.update(sender=device, sender_name=name, handover=uuid.uuid4().hex, waits_for=[])
    store(session, value)


def still_sending(session: Session) -> set[str]:
    """The PCs that may be sending as far as this PC knows: the sender, and those the last
    handover waited for that have not acknowledged it yet."""
    value = stored(session)
    sender = str(value.get("sender", ""))
    handover = str(value.get("handover", ""))
    waiting = {str(device) for device in value.get("waits_for", [])}
    pending = {device for device in waiting if acknowledged(session, device) != handover}
    return pending | ({sender} if sender else set())


def acknowledged(session: Session, device: str) -> str:
    return str(stored(session, ACK_KEY + device).get("handover", ""))


def owes_acknowledgement(session: Session, device: str) -> bool:
    handover = str(stored(session).get("handover", ""))
    return bool(handover) and acknowledged(session, device) != handover


def acknowledge(session: Session, device: str) -> None:
    """This PC has heard of the current handover: written by the sending loop only, after
    its last message was marked sent."""
    if owes_acknowledgement(session, device):
        store(session, {"handover": str(stored(session)["handover"])}, ACK_KEY + device)


def sender_state(session: Session, device: str, names: dict[str, str]) -> SenderState:
    """`names`: device id -> PC name, for the sentence."""
    setup, value = read_setup(session), stored(session)
    chosen = setup.sender_device == device
    handover = str(value.get("handover", ""))
    waiting = tuple(
        sorted(
            str(other)
            for other in value.get("waits_for", [])
            if other != device and acknowledged(session, str(other)) != handover
        )
    )
    who = ", ".join(names.get(other) or f"the PC {other}" for other in waiting)
    sender = names.get(setup.sender_device) or setup.sender_name or "another PC"
    if not setup.enabled:
        return SenderState(False, chosen, waiting, "E-mail reminders are off.", enabled=False)
    if not chosen:
        return SenderState(False, False, waiting, f"Reminders are sent by {sender}, not this PC.")
    if waiting:
        return SenderState(
            False, True, waiting,
            f"This PC sends reminders once {who} has heard of it (it must sync once).",
        )  # fmt: skip
    return SenderState(True, True, (), "This PC sends the reminders.")


def may_send(session: Session, device: str) -> bool:
    return sender_state(session, device, {}).sends_here
