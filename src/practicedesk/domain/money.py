"""Sums of money: reading what a coordinator types, writing it for paper, and splitting it.

Inside the program every amount is an `int` of cents, so that adding a day's payments can
never drift by a cent the way binary floats do. `Decimal` appears only here, where text
becomes cents. Reading is strict on purpose: "12.505" or "1,23" is refused with a sentence
rather than rounded or guessed, because a guessed amount is money posted that nobody typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from practicedesk.errors import InvalidAmount

MAX_CENTS = 10_000_000 * 100
"""Above $10,000,000 an amount is a slip of the keyboard in a small office, never a fee."""

_MINUS_SIGNS = ("-", "\u2212")
# Digits with commas between groups of three, or digits alone; then an optional point with
# any number of decimals (counted separately, to name the rule that was broken).
_NUMBER = re.compile(r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?P<part>[0-9]*))?", re.ASCII)


def parse_cents(text: str, *, allow_zero: bool = False, allow_negative: bool = False) -> int:
    """The amount in `text` in cents: "12", "12.5", "$1,234.56", " -$5.00 ".

    Zero and negative amounts are refused unless the caller allows them: a payment of $0.00
    or of minus $20 is a mistake at the desk, while an adjustment may be either sign.
    """
    body = text.strip()
    if not body:
        raise InvalidAmount("Type an amount, such as 12.50.")
    negative = False
    for _ in range(2):  # "-$5.00" and "$-5.00" are both read, each sign at most once
        if body[:1] in _MINUS_SIGNS and not negative:
            negative, body = True, body[1:].lstrip()
        if body[:1] == "$":
            body = body[1:].lstrip()
    match = _NUMBER.fullmatch(body)
    if match is None or not any(ch.isdigit() for ch in body):
        raise InvalidAmount(_why_not_a_number(body))
    part = match.group("part") or ""
    if len(part) > 2:
        raise InvalidAmount("Amounts have at most two digits after the point.")
    value = Decimal((match.group("whole") or "0").replace(",", "") + "." + part.ljust(2, "0"))
    cents = int(value * 100)
    if negative:
        cents = -cents
    if cents == 0 and not allow_zero:
        raise InvalidAmount("The amount must be more than zero.")
    if cents < 0 and not allow_negative:
        raise InvalidAmount("The amount cannot be negative here.")
    if abs(cents) > MAX_CENTS:
        raise InvalidAmount(f"Amounts above {format_cents(MAX_CENTS)} are not accepted.")
    return cents


def _why_not_a_number(body: str) -> str:
    if any(not (ch.isascii() and ch.isdigit()) and ch not in ",." for ch in body):
        return "An amount holds only digits, a point and commas, such as 1,234.50."
    if not any(ch.isdigit() for ch in body):
        return "Type an amount, such as 12.50."
    if body.count(".") > 1:
        return "An amount has at most one decimal point."
    return "Commas in an amount go between groups of three digits, as in 1,234.50."


def format_cents(cents: int) -> str:
    """Text such as "$1,234.56" or "-$5.00" for PDFs and CSV files; screens use the locale."""
    sign, dollars, rest = _split(cents)
    return f"{sign}${dollars:,}.{rest:02d}"


def dollars(cents: int) -> Decimal:
    """Cents as dollars with two decimals, for a file a spreadsheet reads as numbers: a
    number, not text, so a negative amount is not taken for a formula and quoted."""
    return Decimal(cents).scaleb(-2)


def _split(cents: int) -> tuple[str, int, int]:
    dollars, rest = divmod(abs(cents), 100)
    return ("-" if cents < 0 else ""), dollars, rest


def percent_of(cents: int, percent: int) -> int:
    """`percent` % of `cents`, a half cent rounded away from zero (as on paper: 80% of $0.05
    is 4 cents, 50% of 5 cents is 3). The sign follows `cents`, so a credit splits alike."""
    if percent < 0:
        raise ValueError("a percentage of money is never negative")
    whole, rest = divmod(abs(cents) * percent, 100)
    rounded = whole + (1 if rest * 2 >= 100 else 0)
    return -rounded if cents < 0 else rounded


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split in proportion to `weights`, in whole cents that add up to `total` exactly.

    Largest remainder: everyone gets the floor of their exact share, and the cents left go
    one each to the largest fractions; equal fractions go to the earlier weight, so the same
    split comes out on every PC. A negative total splits like its opposite, negated.
    """
    if any(weight < 0 for weight in weights):
        raise ValueError("weights are never negative")
    whole = sum(weights)
    if whole == 0:
        if total == 0:
            return [0] * len(weights)
        raise ValueError("a non-zero total needs at least one positive weight")
    size = abs(total)
    shares = [size * weight // whole for weight in weights]
    remainders = [size * weight % whole for weight in weights]
    left = size - sum(shares)
    by_fraction = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in by_fraction[:left]:
        shares[index] += 1
    return [-share for share in shares] if total < 0 else shares
