"""The rules an answer must keep before a form is signed."""

from __future__ import annotations

from practicedesk.forms.answers import YesNo, problems
from practicedesk.forms.model import Field, FieldType, FormTemplate, Section

ALLERGY = Field(
    "allergies", FieldType.YES_NO, "Any allergies?", required=True, explain="If yes, to what?"
)
SMOKER = Field("tobacco", FieldType.YES_NO, "Do you smoke?")
TEMPLATE = FormTemplate("t", 1, "T", (Section("S", (ALLERGY, SMOKER)),))


def test_a_yes_needs_its_explanation_when_the_form_asks_for_one() -> None:
    assert problems(TEMPLATE, {"allergies": YesNo(True, "")}) == [
        "Any allergies?: If yes, to what, please"
    ]
    assert problems(TEMPLATE, {"allergies": YesNo(True, "Latex")}) == []
    assert problems(TEMPLATE, {"allergies": YesNo(False, "")}) == []


def test_a_yes_without_an_explain_prompt_stands_alone() -> None:
    assert problems(TEMPLATE, {"allergies": YesNo(False), "tobacco": YesNo(True)}) == []


def test_a_required_yes_no_left_unanswered_is_a_problem() -> None:
    assert problems(TEMPLATE, {"allergies": YesNo(None)}) == ["Any allergies?: please fill this in"]
