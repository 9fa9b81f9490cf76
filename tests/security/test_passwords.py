"""The password rule: long passphrases welcome, guessable ones refused with a reason."""

from __future__ import annotations

import pytest

from practicedesk.errors import WeakPassword
from practicedesk.security.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    check_new_password,
    normalize_password,
)

CONTEXT = ["olive", "Harbor Test Dental"]


@pytest.mark.parametrize(
    "password",
    [
        "lunar otter quietly paints",
        "sunny meadow river stone",
        "marigold sprocket velvet",
        "front desk since 2019 tea",
        "ñandú en la niebla gris",
        "Lunar Otter Quietly Paints!",
    ],
)
def test_passphrases_are_welcome(password: str) -> None:
    check_new_password(password, CONTEXT)


def test_no_digit_capital_or_symbol_is_demanded() -> None:
    password = "lunar otter quietly paints"
    assert password.islower() and password.replace(" ", "").isalpha()
    check_new_password(password, CONTEXT)


@pytest.mark.parametrize(("password", "count"), [("", 0), ("Tr0ub4dor", 9), ("x7#Lq9!vR2@mZp", 14)])
def test_a_short_password_is_refused_with_its_length(password: str, count: int) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_new_password(password)
    assert f"at least {MIN_LENGTH} characters (this has {count})" in refused.value.message


def test_the_length_is_counted_after_normalization() -> None:
    """A ligature is several letters once normalized, as it is when it is compared."""
    with pytest.raises(WeakPassword, match=r"this has 14\)"):
        check_new_password("x7#Lq9!vR2@mZp")
    check_new_password("x7#Lq9!vR2@mZ\ufb01")  # "ﬁ" counts as "fi": 15


def test_a_password_past_the_maximum_is_refused() -> None:
    with pytest.raises(WeakPassword, match=f"at most {MAX_LENGTH}"):
        check_new_password("lunar otter " * 30)


def test_a_password_of_spaces_is_refused() -> None:
    with pytest.raises(WeakPassword, match="only spaces"):
        check_new_password(" " * 20)


@pytest.mark.parametrize(
    "password",
    [
        "passwordpassword",
        "aaaaaaaaaaaaaaaa",
        "123456789012345",
        "qwertyuiopasdfgh",
        "abcdefghijklmnop",
        "Password12345!!!",
        "Welcome2024Welcome",
        "practicedesk2026!",
    ],
)
def test_common_and_repetitive_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword, match="too easy to guess") as refused:
        check_new_password(password)
    assert "Try a phrase" in refused.value.message


@pytest.mark.parametrize(
    "password",
    ["harbortestdental2026", "Harbor Test Dental!!", "harbor test dental olive"],
)
def test_a_password_built_from_the_practice_or_user_name_is_refused(password: str) -> None:
    check_new_password(password)  # without the names it would pass...
    with pytest.raises(WeakPassword) as refused:
        check_new_password(password, CONTEXT)  # ...but not for this practice
    assert "the practice's name, a user name" in refused.value.message


@pytest.mark.parametrize("password", ["harbortestdental1", "oliveoliveolive1", "olive12345678901"])
def test_the_user_name_or_practice_name_with_padding_is_refused(password: str) -> None:
    with pytest.raises(WeakPassword):
        check_new_password(password, CONTEXT)


@pytest.mark.parametrize(
    ("password", "context"), [("harbortestdental2026", CONTEXT), ("HarborTestDental", [])]
)
def test_a_refusal_says_why_without_repeating_itself(password: str, context: list[str]) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_new_password(password, context)
    message = refused.value.message
    assert message.count("too easy to guess") == 1
    assert "It uses the practice's name" in message


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("ｌｕｎａｒ ｏｔｔｅｒ", "lunar otter"),  # full-width letters
        ("cafe\u0301 blue", "café blue"),  # a combining accent
        ("lunar\u00a0otter", "lunar otter"),  # a no-break space
        ("\ufb01ne tea", "fine tea"),  # a ligature
        ("room \u2168", "room IX"),  # a Roman numeral sign
    ],
)
def test_passwords_compare_after_unicode_normalization(typed: str, plain: str) -> None:
    assert normalize_password(typed) == normalize_password(plain)


def test_normalization_keeps_case_and_spaces() -> None:
    assert normalize_password("Lunar Otter") != normalize_password("lunar otter")
    assert normalize_password(" lunar otter") != normalize_password("lunar otter")
