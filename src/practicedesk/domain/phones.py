"""Phone numbers: checked and written one way, whatever way they were typed.

Stored as E.164 (+15032341111) so they compare and dial; shown in the national format of the
practice's country ((503) 234-1111) and internationally for other countries.
"""

from __future__ import annotations

import phonenumbers


class BadPhoneNumber(ValueError):
    pass


def normalize(typed: str, region: str = "US") -> str:
    """The E.164 form of a typed number, or BadPhoneNumber with a reason to show."""
    text = typed.strip()
    if not text:
        raise BadPhoneNumber("The phone number is empty.")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise BadPhoneNumber(f"{text} is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise BadPhoneNumber(
            f"{text} is not a valid phone number (check the area code and length)."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str, region: str = "US") -> str:
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def problem(typed: str, region: str = "US") -> str | None:
    """For live checking in forms: what is wrong, or None."""
    try:
        normalize(typed, region)
    except BadPhoneNumber as exc:
        return str(exc)
    return None
