"""What a signed medical history says that the chart does not yet know: a new allergy, a
medicine, a condition, a need for antibiotics before treatment. These are offered to the
staff as alerts to accept, never written into the chart on their own: a patient's ticked
box is a question for the clinician, not a verified fact.

The rule reads the shipped medical history's field ids (allergies, allergy_list,
allergy_details, medications, blood_thinners, bone_medication, premedication, conditions); a
practice's own copy of that template keeps those ids to keep this working (docs/forms.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from practicedesk.forms.answers import Answer, YesNo

MEDICAL_HISTORY = "medical-history"
_OTHER = "Other"
# Conditions a dental team must see before treating: they change what is safe to do.
_SERIOUS_CONDITIONS = frozenset(
    {
        "Artificial heart valve",
        "Heart murmur or valve problem",
        "Pacemaker or defibrillator",
        "Bleeding problems or anemia",
        "Radiation to the head or neck",
        "Chemotherapy",
        "Diabetes",
        "Epilepsy or seizures",
        "Heart attack or heart disease",
        "Stroke",
    }
)
_YES_NO = (
    ("medications", "medication", "info", "Takes medicines"),
    ("blood_thinners", "medication", "warning", "Takes a blood thinner"),
    ("bone_medication", "medication", "warning", "Has taken bone-strengthening medicine"),
    ("premedication", "premedication", "critical", "Antibiotics needed before treatment"),
    ("allergies", "allergy", "warning", "Allergy"),
)


@dataclass(frozen=True, slots=True)
class ProposedAlert:
    kind: str  # allergy, medication, condition, premedication (as chart alerts are)
    text: str
    severity: str  # info, warning, critical
    source: str  # the question it came from, to show the staff why


def proposed_alerts(
    template_id: str, answers: Mapping[str, Answer], known: Iterable[str]
) -> list[ProposedAlert]:
    """Alerts the answers suggest, less those whose text the chart already has."""
    if template_id != MEDICAL_HISTORY:
        return []
    have = {" ".join(text.casefold().split()) for text in known}
    found: list[ProposedAlert] = []
    for field_id, kind, severity, default in _YES_NO:
        answer = answers.get(field_id)
        if isinstance(answer, YesNo) and answer.answer:
            written = _details(answers) if field_id == "allergies" else ""
            text = " ".join((answer.explanation or written).split()) or default
            found.append(ProposedAlert(kind, text, severity, field_id))
    for option in _ticked(answers.get("allergy_list")):
        found.append(ProposedAlert("allergy", option, "warning", "allergy_list"))
    for option in _ticked(answers.get("conditions")):
        severity = "warning" if option in _SERIOUS_CONDITIONS else "info"
        found.append(ProposedAlert("condition", option, severity, "conditions"))
    unique: dict[str, ProposedAlert] = {}
    for alert in found:
        key = " ".join(alert.text.casefold().split())
        if key not in have and key not in unique:
            unique[key] = alert
    return list(unique.values())


def _details(answers: Mapping[str, Answer]) -> str:
    """The allergies written out (version 2 on asks in a box under the list, not under the
    yes/no)."""
    details = answers.get("allergy_details")
    return details if isinstance(details, str) else ""


def _ticked(answer: Answer | None) -> list[str]:
    if not isinstance(answer, tuple):
        return []
    return [option for option in answer if not option.startswith(_OTHER)]
