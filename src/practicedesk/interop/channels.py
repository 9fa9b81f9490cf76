"""How a message leaves the office: what every channel (e-mail today, text messages when an
outside service is set up) takes, and how it says that a message did not go.

A channel is opened for a batch (`with channel:`), sends one message at a time, and raises
`DeliveryFailed` with the other side's reason. `permanent` says that trying again cannot help
(an address the server does not know); `stop` says the batch cannot go on (the connection was
lost, the password was refused), so the caller keeps the rest for the next round. A message
the other side did not accept is never reported as sent: the caller may send it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Attachment:
    file_name: str
    media_type: str  # "text/calendar"
    content: bytes


@dataclass(frozen=True, slots=True)
class Outgoing:
    message_id: str  # the same on every attempt, so a repeat can be recognised downstream
    to: str  # an e-mail address, or a phone number for a text channel
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = ()


class DeliveryFailed(Exception):
    def __init__(self, reason: str, *, permanent: bool = False, stop: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.stop = stop


class Channel(Protocol):
    """`name` is what the queue's `channel` column holds ("email", "text")."""

    name: str

    def __enter__(self) -> Channel: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def send(self, message: Outgoing) -> None: ...
