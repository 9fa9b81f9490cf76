"""What a medical history offers to add to the chart's alerts."""

from __future__ import annotations

from practicedesk.forms.answers import YesNo
from practicedesk.forms.chart_updates import ProposedAlert, proposed_alerts


def test_yes_answers_and_ticked_boxes_become_proposed_alerts() -> None:
    answers = {
        "allergies": YesNo(True, "Penicillin: hives"),
        "allergy_list": ("Latex", "Other (please explain above)"),
        "premedication": YesNo(True, ""),
        "blood_thinners": YesNo(False, "ignored when the answer is no"),
        "conditions": ("Artificial heart valve", "Arthritis"),
    }
    assert proposed_alerts("medical-history", answers, []) == [
        ProposedAlert("premedication", "Antibiotics needed before treatment", "critical",
                      "premedication"),
        ProposedAlert("allergy", "Penicillin: hives", "warning", "allergies"),
        ProposedAlert("allergy", "Latex", "warning", "allergy_list"),
        ProposedAlert("condition", "Artificial heart valve", "warning", "conditions"),
        ProposedAlert("condition", "Arthritis", "info", "conditions"),
    ]  # fmt: skip


def test_what_the_chart_already_says_is_not_offered_again() -> None:
    answers = {"allergy_list": ("Latex",), "conditions": ("Diabetes",)}
    assert proposed_alerts("medical-history", answers, ["  latex ", "Diabetes"]) == []


def test_other_forms_offer_nothing() -> None:
    assert proposed_alerts("consent-to-treatment", {"allergies": YesNo(True, "x")}, []) == []
