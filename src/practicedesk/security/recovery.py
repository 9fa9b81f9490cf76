"""The recovery code printed on the owner's Emergency Kit.

160 random bits in base32, grouped in fours so it can be read aloud and typed from paper.
Typing is forgiving: case, spaces, dashes, and the digits people confuse with letters
(0/O, 1/I, 8/B) all work.
"""

from __future__ import annotations

import base64
import secrets

from practicedesk.errors import InvalidInput

_CODE_BYTES = 20
_GROUP = 4
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(_CODE_BYTES)).decode("ascii")
    return "-".join(raw[i : i + _GROUP] for i in range(0, len(raw), _GROUP))


def normalize_recovery_code(typed: str) -> str:
    """The canonical form that is fed to the key derivation."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != 32 or any(ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for ch in cleaned):
        raise InvalidInput(
            "That is not a recovery code: it has 32 letters and digits in groups of four, "
            "as printed on the Emergency Kit."
        )
    return cleaned
