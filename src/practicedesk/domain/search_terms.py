"""What the patient search indexes, and how what a person types becomes a search.

People look patients up by any part of a name, a preferred name, a date of birth written
their way (1/2/1980, 1980-01-02, 01021980), a phone number in any format or its last digits,
a chart number, or an e-mail. Each patient's searchable words are built here once, and each
query is turned into FTS5 prefix terms here, so the two always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

_DATE_FORMS = (
    re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"),  # month/day/year
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),  # ISO
    re.compile(r"^(\d{2})(\d{2})(\d{4})$"),  # MMDDYYYY
)


def fold(text: str) -> str:
    """Lower case without accents: "Álvarez" and "alvarez" are the same name to a search.
    The database has it too, as the SQL function `folded()` (store/engine.py)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(*parts: str) -> list[str]:
    return [w for part in parts for w in re.split(r"[^\w]+", fold(part)) if w]


def birth_term(day: date) -> str:
    return f"d{day:%Y%m%d}"


def phone_terms(number: str) -> list[str]:
    """The whole number, without country code, and its last seven and four digits."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("1") and len(digits) == 11:
        digits = digits[1:]
    if len(digits) < 4:
        return []
    return sorted({f"p{digits}", f"p{digits[-7:]}", f"p{digits[-4:]}"})


def patient_terms(
    *,
    first: str,
    middle: str,
    last: str,
    preferred: str,
    born: date | None,
    phones: Iterable[str],
    chart_number: int | None,
    email: str,
    former_numbers: Iterable[int] = (),
) -> str:
    terms = _words(first, middle, last, preferred)
    if born is not None:
        terms.append(birth_term(born))
    for number in phones:
        terms += phone_terms(number)
    if chart_number is not None:
        terms.append(f"c{chart_number}")
    terms += [f"c{number}" for number in former_numbers]  # "formerly #12" is still found
    if email:
        terms.append(fold(email).replace("@", " ").replace(".", " "))
    return " ".join(terms)


def parse_birth_date(typed: str) -> date | None:
    """A date of birth as people type it, US order (month first); None if it is not one."""
    text = typed.strip()
    for index, form in enumerate(_DATE_FORMS):
        match = form.match(text)
        if not match:
            continue
        a, b, c = (int(group) for group in match.groups())
        year, month, day = (a, b, c) if index == 1 else (c, a, b)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def leading_name(typed: str) -> str:
    """The first word typed when it is a name: a patient whose last name starts with it ranks
    above one whose first name does ("jac" puts Jacobs above Reyes, Jack). Empty otherwise."""
    words = typed.split()
    if not words or parse_birth_date(words[0]) is not None or re.search(r"[\d#@]", words[0]):
        return ""
    found = _words(words[0])
    return found[0] if found else ""


def query_terms(typed: str) -> list[str]:
    """FTS5 terms for what was typed: each must match (AND), names as prefixes."""
    whole_digits = re.sub(r"\D", "", typed)
    born = parse_birth_date(typed)
    if born is not None:
        return [f'"{birth_term(born)}"']
    phone_like = re.fullmatch(r"[\d\s().+-]+", typed.strip() or "x")
    grouped = re.search(r"\d[\s().-]+\d", typed)  # "503 555", "(503) 2": a number being typed
    if phone_like and (len(whole_digits) >= 7 or (grouped and len(whole_digits) >= 6)):
        # "(503) 234-1111", "503.234.1111", "+1 503 234 1111": one phone number.
        if len(whole_digits) == 11 and whole_digits.startswith("1"):
            whole_digits = whole_digits[1:]
        return [f'"p{whole_digits}"*']
    terms: list[str] = []
    for token in typed.split():
        born = parse_birth_date(token)
        digits = re.sub(r"\D", "", token)
        if born is not None:
            terms.append(f'"{birth_term(born)}"')
        elif token.startswith("#") and digits:
            terms.append(f'"c{digits}"*')
        elif len(digits) >= 4 and len(digits) >= len(re.sub(r"[\s()+.-]", "", token)):
            number = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
            terms.append(f'"p{number}"*')
        elif digits and digits == token:
            terms.append(f'"c{digits}"*')
        else:
            terms += [f'"{word}"*' for word in _words(token)]
    return terms
