"""The one list of chart facts a template may pre-fill a field from (`bind:`).

A template naming anything else is refused when it is read, so a typo in an office's own
template shows up as a message, not as a field that silently never fills. The service that
prints a form looks the facts up and hands them in as plain strings; nothing here reads the
chart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from practicedesk.forms.answers import Answer
from practicedesk.forms.model import FormTemplate

BINDINGS: dict[str, str] = {
    "patient.full_name": "The patient's full name",
    "patient.first_name": "The patient's first name",
    "patient.last_name": "The patient's last name",
    "patient.preferred_name": "The name the patient likes to be called",
    "patient.date_of_birth": "The patient's date of birth, as the office prints dates",
    "patient.sex": "The patient's sex as recorded",
    "patient.address": "The patient's street, city, region and postal code on one line",
    "patient.phone": "The patient's primary phone number",
    "patient.email": "The patient's e-mail address",
    "patient.chart_number": "The patient's chart number",
    "patient.emergency_contact": "The emergency contact's name",
    "patient.emergency_phone": "The emergency contact's phone number",
    "responsible.name": "The person responsible for the account",
    "responsible.relationship": "How the responsible person is related to the patient",
    "responsible.phone": "The responsible person's phone number",
    "insurance.primary.carrier": "The primary insurance company",
    "insurance.primary.member_id": "The member id on the primary insurance",
    "insurance.primary.group_number": "The group number on the primary insurance",
    "insurance.primary.subscriber": "The primary insurance's subscriber",
    "insurance.secondary.carrier": "The secondary insurance company",
    "insurance.secondary.member_id": "The member id on the secondary insurance",
    "appointment.start": "The appointment's date and time",
    "appointment.date": "The appointment's date",
    "appointment.arrival": "The time to arrive (before the start, for surgery)",
    "appointment.provider": "The provider the appointment is with",
    "appointment.procedure": "The appointment's type or planned procedure",
    "practice.name": "The practice's name",
    "practice.phone": "The practice's phone number",
    "practice.after_hours_phone": "The number to call after hours (the practice's, if no other)",
    "practice.address": "The practice's address on one line",
    "today": "Today's date",
}


def prefill(template: FormTemplate, facts: Mapping[str, str]) -> dict[str, Answer]:
    """Answers for the fields whose binding has a fact; empty facts are left out so the
    field stays blank to write on rather than showing an empty answer."""
    return {
        f.id: facts[f.bind] for f in template.fields if f.bind and facts.get(f.bind, "").strip()
    }


# Facts a template's printed words may name in braces ("call us on {practice.phone}"): only
# the practice's own, which are known even on a blank form handed to someone not yet a patient.
PLACEHOLDERS = ("practice.name", "practice.phone", "practice.address")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def fill_placeholders(text: str, facts: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: facts.get(m.group(1), m.group(0)), text)
