"""Recovery codes: easy to read aloud and type from paper, impossible to guess."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.errors import InvalidInput
from practicedesk.security.recovery import new_recovery_code, normalize_recovery_code

CODE = "OBIO-2345-ABCD-EFGH-IJKL-MNOP-QRST-UVWX"
CANONICAL = "OBIO2345ABCDEFGHIJKLMNOPQRSTUVWX"


def test_a_new_code_is_eight_groups_of_four_base32_characters() -> None:
    for _ in range(50):
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}", new_recovery_code())


def test_new_codes_are_never_the_same() -> None:
    assert len({new_recovery_code() for _ in range(500)}) == 500


def test_a_new_code_reads_back_as_itself() -> None:
    code = new_recovery_code()
    assert normalize_recovery_code(code) == code.replace("-", "")


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        CODE.lower(),
        CANONICAL,
        CODE.replace("-", " "),
        f"  {CODE}\n",
        "obio 2345-abcd\tefgh ijkl mnop qrst uvwx",
        "OBI0-2345-ABCD-EFGH-IJKL-MN0P-QRST-UVWX",  # 0 for O
        "O8IO-2345-A8CD-EFGH-IJKL-MNOP-QRST-UVWX",  # 8 for B
        "OB1O-2345-ABCD-EFGH-1JKL-MNOP-QRST-UVWX",  # 1 for I
        "ob10 2345 a8cd efgh 1jkl mn0p qrst uvwx",
        "OBIO–2345—ABCD.EFGH/IJKL_MNOP:QRST UVWX",  # dashes and stops of all kinds
    ],
)
def test_a_code_is_recognized_however_it_is_typed(typed: str) -> None:
    assert normalize_recovery_code(typed) == CANONICAL


@given(st.data())
def test_case_and_separators_never_change_the_code(data: st.DataObject) -> None:
    code = new_recovery_code()
    canonical = code.replace("-", "")
    typed = ""
    for char in canonical:
        typed += data.draw(st.sampled_from([char, char.lower()]))
        typed += data.draw(st.sampled_from(["", "", " ", "-", "  "]))
    assert normalize_recovery_code(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "    ",
        "ABCD",
        CANONICAL[:-1],  # a character short
        CANONICAL + "A",  # a character over
        CANONICAL[:-1] + "9",  # 9 is not in the alphabet and looks like nothing in it
        CANONICAL[:-1] + "é",
        "!!!!-" * 7 + "!!!!",
        "lunar otter quietly paints",
    ],
)
def test_what_is_not_a_recovery_code_is_refused_with_a_hint(typed: str) -> None:
    with pytest.raises(InvalidInput, match="recovery code") as refused:
        normalize_recovery_code(typed)
    assert "Emergency Kit" in refused.value.message
