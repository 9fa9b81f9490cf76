"""The password rule, after NIST SP 800-63B: long, not guessable, no composition rules.

At least 15 characters and passphrases welcome. Instead of "one digit and one symbol" we
refuse what attackers try first: common passwords, repeats and keyboard walks, dictionary
words, and the practice's own name or the user name (zxcvbn's estimate, see
docs/decisions/0005-password-rule.md). Passwords are compared after Unicode NFKC
normalization so the same phrase typed on another keyboard still opens the practice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from practicedesk.errors import WeakPassword

MIN_LENGTH = 15
MAX_LENGTH = 256
_MIN_SCORE = 4  # zxcvbn: at least 10^10 guesses, centuries at half a second per guess


def normalize_password(password: str) -> bytes:
    return unicodedata.normalize("NFKC", password).encode("utf-8")


def check_new_password(password: str, context: Iterable[str] = ()) -> None:
    """Raise `WeakPassword` with a reason a person can act on, or return if acceptable."""
    length = len(unicodedata.normalize("NFKC", password))
    if length < MIN_LENGTH:
        raise WeakPassword(
            f"Use at least {MIN_LENGTH} characters (this has {length}). "
            "A few unrelated words make a password that is long and easy to remember."
        )
    if length > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    if not password.strip():
        raise WeakPassword("A password cannot be only spaces.")

    from zxcvbn import zxcvbn  # imported here: only needed when a password is being chosen

    words = _context_words(context)
    result = zxcvbn(password[:100], user_inputs=words)
    if result["score"] < _MIN_SCORE:
        # zxcvbn often has no warning (never for the names passed in): say why when we can,
        # and never repeat the first sentence.
        warning = result["feedback"].get("warning") or ""
        if not warning and any(
            m.get("dictionary_name") == "user_inputs" for m in result["sequence"]
        ):
            warning = "It uses the practice's name, a user name or a word about the practice"
        reason = f"{warning.rstrip('.')}. " if warning else ""
        raise WeakPassword(
            f"This password is too easy to guess. {reason}"
            "Try a phrase of three or four unrelated words."
        )


def _context_words(context: Iterable[str]) -> list[str]:
    """The practice name, user name and product name, whole and word by word."""
    words = {"practicedesk", "practice", "password", "dental", "dentist", "clinic"}
    for item in context:
        lowered = item.casefold().strip()
        if not lowered:
            continue
        parts = [part for part in re.split(r"\W+", lowered) if part]
        words.add(lowered)
        words.add("".join(parts))
        words.update(part for part in parts if len(part) >= 3)
    return sorted(words)
