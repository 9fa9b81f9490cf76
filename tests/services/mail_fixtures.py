"""A real SMTP server on 127.0.0.1 (aiosmtpd), started by the tests, and practices set up to
send their reminders through it.

The server keeps what it accepted, in order, as parsed e-mails. It can refuse some
recipients (550), insist on STARTTLS with a certificate made here for the test, ask for a
user name and password, or drop the connection when a given message arrives, before
accepting it: the way a connection lost mid-batch looks to the sender.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from practicedesk.interop.smtp_channel import Security
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.reminders.setup import ReminderSetup
from practicedesk.services.session import PracticeSession
from tests.sync.sync_fixtures import edit

FROM = "front.desk@harbor-dental.example"
USER, PASSWORD = "frontdesk", "mail server secret 42"


@dataclass
class Inbox:
    """The server's handler: what it accepted, and how it misbehaves."""

    refuse: frozenset[str] = frozenset()
    drop_at: int | None = None  # drop the connection when this message (0-based) arrives
    received: list[EmailMessage] = field(default_factory=list)
    dropped: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_at is not None and len(self.received) + self.dropped == self.drop_at:
            self.dropped += 1
            server.transport.close()  # before "250": the message was not accepted
            return "421 4.4.2 Connection dropped"
        mail = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.received.append(mail)
        return "250 2.0.0 Accepted"

    def to(self) -> list[str]:
        return [str(mail["To"]) for mail in self.received]


_READY_SECONDS = 60.0  # a busy shared machine may take seconds to start the server's thread


class _BoundController(Controller):
    """Serves on a socket bound before it starts, so no other program on the machine can
    take the port between choosing it and listening on it (as with a port probed free)."""

    def __init__(self, handler: Any, listening: socket.socket, **kwargs: Any) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=listening.getsockname()[1],
                         ready_timeout=_READY_SECONDS, **kwargs)  # fmt: skip
        self._listening = listening

    def _create_server(self) -> Any:
        return self.loop.create_server(
            self._factory_invoker, sock=self._listening, ssl=self.ssl_context
        )


def _accept_login(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> Any:
    ok = isinstance(auth, LoginPassword) and (_text(auth.login), _text(auth.password)) == (
        USER,
        PASSWORD,
    )
    return AuthResult(success=ok, handled=False)


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


@contextmanager
def mail_server(inbox: Inbox, *, tls: ssl.SSLContext | None = None) -> Iterator[int]:
    """Serve on 127.0.0.1 until the block ends; yields the port. With `tls` the server
    insists on STARTTLS and on a user name and password (over TLS only)."""
    extra: dict[str, Any] = {}
    if tls is not None:
        extra = {
            "tls_context": tls, "require_starttls": True, "authenticator": _accept_login,
            "auth_required": True,
        }  # fmt: skip
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        controller = _BoundController(inbox, listening, **extra)
        controller.start()
        try:
            yield controller.port
        finally:
            controller.stop()


@dataclass(frozen=True)
class Certificate:
    pem: str  # the certificate, to trust
    context: ssl.SSLContext  # the server's side


def self_signed(folder: Path) -> Certificate:
    """A certificate for 127.0.0.1 made now, valid for a day, trusted by nothing."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mail.harbor-dental.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "mail.crt", folder / "mail.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return Certificate(cert_path.read_text(encoding="ascii"), context)


def send_from_here(
    session: PracticeSession,
    port: int,
    *,
    security: Security = Security.NONE,
    user: str = "",
    password: str | None = None,
    trusted: str = "",
    **changes: Any,
) -> ReminderSetup:
    """Reminders on, through the server at `port`, sent by this PC; the stored password
    stays unless one is given."""
    setup = replace(
        ReminderSetup(), enabled=True, host="127.0.0.1", port=port, security=security,
        user=user, from_address=FROM, from_name="Harbor Test Dental",
        sender_device=session.reminder_setup.this_pc, trusted_certificate=trusted,
    )  # fmt: skip
    return session.reminder_setup.save(replace(setup, **changes), password)


def reachable(session: PracticeSession, patient: PatientSummary, email: str) -> None:
    """The patient has an address and agreed to e-mail reminders, as ticked on the chart."""
    edit(session, patient.id, email=email, email_reminders=True)
