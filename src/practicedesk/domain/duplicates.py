"""When two patient records are probably the same person.

Front desks create duplicates by typing a name differently (Jon/John, a hyphen, a typo) or
using a nickname (Kate for Katherine). The rule: last names at most one or two edits apart
(more for longer names), and first names close, or one the start of the other, or
starting with the same three letters.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein (optimal string alignment): typos, including swapped letters."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def _allowed(name: str) -> int:
    return 1 if len(name) <= 6 else 2


def similar_names(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """(first name, last name) pairs that a person would take for the same patient."""
    last_a, last_b = fold(first[1]), fold(second[1])
    return last_names_close(last_a, last_b) and first_names_close(fold(first[0]), fold(second[0]))


def last_names_close(last_a: str, last_b: str) -> bool:
    """The last-name half of the rule, on folded names: a name is needed on both sides."""
    if not last_a or not last_b:
        return False
    return edit_distance(last_a, last_b) <= _allowed(min(last_a, last_b, key=len))


def first_names_close(first_a: str, first_b: str) -> bool:
    """The first-name half, on folded names: a missing first name does not tell them apart."""
    if not first_a or not first_b:
        return True
    if first_a.startswith(first_b) or first_b.startswith(first_a):
        return True
    if len(first_a) >= 3 and len(first_b) >= 3 and first_a[:3] == first_b[:3]:
        return True  # Kate and Katherine, Rob and Robert: nicknames start alike
    return edit_distance(first_a, first_b) <= _allowed(min(first_a, first_b, key=len))
