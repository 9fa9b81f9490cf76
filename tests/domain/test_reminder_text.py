"""The words of a reminder: minimal by default, only the placeholders PracticeDesk knows,
and what fills them is never read as a placeholder again."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.reminder_text import (
    DEFAULT_SUBJECT,
    DEFAULT_TEXT,
    MINIMAL,
    PLACEHOLDERS,
    fill,
    health_details,
    rule_text,
    template_problems,
)
from practicedesk.domain.reminders import ReminderRule

values = st.fixed_dictionaries({name: st.text(max_size=30) for name in PLACEHOLDERS})


def test_the_default_words_hold_only_the_minimum() -> None:
    assert health_details(DEFAULT_SUBJECT) == health_details(DEFAULT_TEXT) == []
    assert {"first_name", "day", "time", "practice_name", "practice_phone"} == MINIMAL


@given(values)
def test_the_default_words_never_carry_the_procedure_or_the_provider(
    filled: dict[str, str],
) -> None:
    marked = {name: value.replace("#", "") for name, value in filled.items()}
    marked |= {"procedure": "#PROCEDURE#", "provider": "#PROVIDER#"}
    for template in (DEFAULT_SUBJECT, DEFAULT_TEXT):
        assert "#" not in fill(template, marked)


@given(values, st.lists(st.sampled_from(sorted(PLACEHOLDERS)), max_size=6))
def test_filling_puts_each_value_in_once_and_never_reads_it_again(
    filled: dict[str, str], names: list[str]
) -> None:
    template = " | ".join(f"{{{name}}}" for name in names)
    assert fill(template, filled) == " | ".join(filled[name] for name in names)


def test_a_template_with_an_unknown_placeholder_or_a_stray_brace_is_refused() -> None:
    assert template_problems("Hello {first_name}, see you {day}.") == []
    (unknown,) = template_problems("Hello {first_name.__class__}")
    assert "{first_name.__class__} is not a placeholder" in unknown
    assert "stands alone" in template_problems("Hello {first_name")[0]
    assert template_problems("Bring {insurance_card}")[0].startswith("{insurance_card}")
    with pytest.raises(ValueError):
        fill("{date_of_birth}", {})


def test_adding_the_procedure_is_shown_as_health_details() -> None:
    assert health_details("{first_name}: {procedure} with {provider}") == ["procedure", "provider"]


def test_rules_read_as_people_say_them() -> None:
    assert rule_text(ReminderRule(2, time(10))) == "2 days before at 10:00"
    assert rule_text(ReminderRule(1, time(8))) == "the day before at 08:00"
    assert rule_text(ReminderRule(0, time(7, 30))) == "the same day at 07:30"
