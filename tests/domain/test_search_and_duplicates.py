"""The search words and the duplicate rule, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from practicedesk.domain.duplicates import edit_distance, similar_names
from practicedesk.domain.search_terms import (
    leading_name,
    parse_birth_date,
    patient_terms,
    query_terms,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1/2/1980", date(1980, 1, 2)),
        ("01/02/1980", date(1980, 1, 2)),
        ("1980-01-02", date(1980, 1, 2)),
        ("01021980", date(1980, 1, 2)),
        ("2/30/1980", None),
        ("1980", None),
        ("smith", None),
    ],
)
def test_birth_dates_in_the_forms_people_type(typed: str, expected: date | None) -> None:
    assert parse_birth_date(typed) == expected


def test_what_a_patient_is_found_by() -> None:
    terms = patient_terms(
        first="José", middle="", last="Ñúñez-García", preferred="Pepe", born=date(1980, 1, 2),
        phones=["+15032341111"], chart_number=42, email="jose@example.com",
    )  # fmt: skip
    for word in (
        "jose",
        "nunez",
        "garcia",
        "pepe",
        "d19800102",
        "p5032341111",
        "p2341111",
        "p1111",
        "c42",
    ):
        assert word in terms.split()


def test_queries_become_prefix_terms() -> None:
    assert query_terms("smi jo") == ['"smi"*', '"jo"*']
    assert query_terms("1/2/1980") == ['"d19800102"']
    assert query_terms("(503) 234-1111") == ['"p5032341111"*']
    assert query_terms("+1 503.234.1111") == ['"p5032341111"*']
    assert query_terms("503 555") == ['"p503555"*']  # a number still being typed
    assert query_terms("503") == ['"c503"*']  # three digits alone are a chart number
    assert query_terms("#12") == ['"c12"*']
    assert query_terms('bo"b') == ['"bo"*', '"b"*']  # quotes cannot break out of a term


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Jon", "Smith"), ("John", "Smith"), True),
        (("Kate", "O'Brien"), ("Katherine", "OBrien"), True),
        (("Maria", "Hernandez"), ("Maria", "Hernadez"), True),
        (("Mark", "Smith"), ("Mary", "Smith"), True),
        (("Ann", "Lee"), ("Anne", "Lee"), True),
        (("Ann", "Lee"), ("Bob", "Lee"), False),
        (("Ann", "Lee"), ("Ann", "Leeson"), False),
    ],
)
def test_similar_names(a: tuple[str, str], b: tuple[str, str], same: bool) -> None:
    assert similar_names(a, b) is same


def test_swapped_letters_are_one_edit() -> None:
    assert edit_distance("smtih", "smith") == 1


@pytest.mark.parametrize(
    ("typed", "lead"),
    [("jac", "jac"), ("Ñúñ garc", "nun"), ("  O'Brien", "o"), ("1/2/1980", ""), ("#12", ""),
     ("503 555", ""), ("jo@x.com", ""), ("", "")],
)  # fmt: skip
def test_the_leading_name_is_the_first_word_when_it_is_a_name(typed: str, lead: str) -> None:
    assert leading_name(typed) == lead
