"""E-mail through the practice's own mail server (SMTP), as a `Channel`.

STARTTLS or TLS check the server's certificate against the system's trust store, plus one
certificate the practice chose to trust (a mail server in the office with a certificate of
its own). Plain SMTP is there for a relay on the same PC or network; it is the owner's
choice. The server's replies become `DeliveryFailed` reasons, worded for the worklist: a
5xx reply is permanent, a 4xx reply or a lost connection is worth another try later.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from enum import StrEnum
from types import TracebackType

from practicedesk.interop.channels import DeliveryFailed, Outgoing

TIMEOUT_SECONDS = 30


class Security(StrEnum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    security: Security
    user: str
    password: str
    from_address: str
    from_name: str = ""
    trusted_certificate: str = ""  # PEM, trusted besides the system's store


class SmtpChannel:
    name = "email"

    def __init__(self, server: SmtpServer) -> None:
        self._server = server
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpChannel:
        server = self._server
        where = f"{server.host}:{server.port}"
        try:
            if server.security is Security.TLS:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    server.host, server.port, timeout=TIMEOUT_SECONDS, context=self._context()
                )
            else:
                smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
            self._smtp = smtp
            if server.security is Security.STARTTLS:
                smtp.starttls(context=self._context())
            if server.user:
                smtp.login(server.user, server.password)
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise DeliveryFailed(
                f"The mail server {where} refused the user name or password "
                f"({_reply(exc.smtp_code, exc.smtp_error)}).",
                stop=True,
            ) from None
        except smtplib.SMTPNotSupportedError:
            self._close()
            raise DeliveryFailed(
                f"The mail server {where} does not offer what the settings ask for "
                "(STARTTLS, or signing in): check the security choice and the port.",
                stop=True,
            ) from None
        except ssl.SSLCertVerificationError as exc:
            self._close()
            raise DeliveryFailed(
                f"The mail server {where} showed a certificate this PC does not trust "
                f"({exc.verify_message}).",
                stop=True,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise DeliveryFailed(
                f"Could not reach the mail server {where}: {_said(exc)}.", stop=True
            ) from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._close()

    def send(self, message: Outgoing) -> None:
        if self._smtp is None:
            raise RuntimeError("open the channel with `with` first")
        try:
            self._smtp.send_message(self.as_email(message))
        except smtplib.SMTPRecipientsRefused as exc:
            code, said = next(iter(exc.recipients.values()))
            raise DeliveryFailed(
                f"The mail server refused the address ({_reply(code, said)}).",
                permanent=code >= 500,
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise DeliveryFailed(
                f"The mail server refused the sender {exc.sender!r} "
                f"({_reply(exc.smtp_code, exc.smtp_error)}).",
                stop=True,
            ) from None
        except smtplib.SMTPResponseException as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            raise DeliveryFailed(
                f"The mail server did not take the message ({reply}).",
                permanent=exc.smtp_code >= 500,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()  # the connection is gone: nothing more goes through it
            raise DeliveryFailed(
                f"The connection to the mail server was lost: {_said(exc)}.", stop=True
            ) from None

    def as_email(self, message: Outgoing) -> EmailMessage:
        server = self._server
        mail = EmailMessage()
        mail["From"] = formataddr((server.from_name, server.from_address))
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=True)
        mail["Message-ID"] = message.message_id
        mail.set_content(message.text)
        for attachment in message.attachments:
            maintype, _, subtype = attachment.media_type.partition("/")
            mail.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype,
                filename=attachment.file_name,
            )  # fmt: skip
        return mail

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self._server.trusted_certificate:
            context.load_verify_locations(cadata=self._server.trusted_certificate)
        return context

    def _close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _reply(code: int, said: bytes | str) -> str:
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
    return f"{code} {' '.join(text.split())}".strip()


def _said(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "no answer in time"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed it"
    return (
        str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
        or type(exc).__name__
    )
