"""The FHIR export: a record made through the services comes out as an R4B collection that
fhir.resources reads back, with FHIR's own codes and nothing made up for empty parts."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.fhir_export import bundle_json
from practicedesk.interop.patient_record import PatientRecord, RecordAlert, RecordAppointment
from tests.conftest import make_practice
from tests.services.record_fixtures import PNG, build_full_record

# FHIR R4B's value sets, to hold the mapping to (fhir.resources checks structure, not codes).
APPOINTMENT_STATUSES = {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled",
                        "noshow", "entered-in-error", "checked-in", "waitlist"}  # fmt: skip
PARTICIPANT_STATUSES = {"accepted", "declined", "tentative", "needs-action"}
STAMP = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], int]]:
    """One full record, exported once for the whole module: building it takes a while."""
    created = make_practice(tmp_path_factory.mktemp("fhir") / "practice")
    with created.session as session:
        record = build_full_record(session)
        patient_id = session.record_export.find_by_chart_number(record.chart_number)
        text = session.record_export.fhir_bundle(patient_id)
    Bundle.model_validate_json(text)  # fhir.resources reads back what it wrote
    yield json.loads(text), record.chart_number


def _of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_is_a_collection_of_the_expected_resources(
    exported: tuple[dict[str, Any], int],
) -> None:
    bundle, _ = exported
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    counts = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert counts == {"Patient": 1, "Coverage": 1, "AllergyIntolerance": 1, "Flag": 2,
                      "Appointment": 4, "DocumentReference": 1}  # fmt: skip
    assert bundle["entry"][0]["resource"]["resourceType"] == "Patient"


def test_every_reference_resolves_inside_the_bundle(exported: tuple[dict[str, Any], int]) -> None:
    bundle, _ = exported
    addresses = {entry["fullUrl"] for entry in bundle["entry"]}
    found = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            reference = value.get("reference")
            if isinstance(reference, str) and reference.startswith("urn:uuid:"):
                found.append(reference)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(bundle)
    assert len(found) >= 9 and set(found) <= addresses


def test_the_patient_carries_the_chart_number_names_and_contacts(
    exported: tuple[dict[str, Any], int],
) -> None:
    bundle, chart_number = exported
    [patient] = _of(bundle, "Patient")
    [identifier] = patient["identifier"]
    assert identifier["value"] == str(chart_number)
    assert identifier["type"]["coding"][0]["code"] == "MR"
    assert uuid.UUID(identifier["system"].removeprefix("urn:uuid:"))  # unique to the practice
    official = patient["name"][0]
    assert (official["family"], official["given"]) == ("Alvarez", ["Ana", "Beatriz"])
    assert (patient["gender"], patient["birthDate"]) == ("female", "1984-06-09")
    assert {"system": "phone", "value": "+15032341111", "use": "mobile", "rank": 1} in patient[
        "telecom"
    ]
    assert {"system": "email", "value": "ana.alvarez@example.org"} in patient["telecom"]
    assert patient["address"] == [
        {"line": ["44 Lantern Lane"], "city": "Portsmouth", "state": "NH", "postalCode": "03801"}
    ]
    assert patient["contact"][0]["name"] == {"text": "Tomas Alvarez"}


def test_visits_map_to_fhir_appointment_statuses(exported: tuple[dict[str, Any], int]) -> None:
    bundle, _ = exported
    visits = sorted(_of(bundle, "Appointment"), key=lambda a: a["start"])
    assert [v["status"] for v in visits] == ["noshow", "fulfilled", "booked", "cancelled"]
    assert visits[3]["cancelationReason"] == {"text": "moving away for a month"}
    assert visits[1]["minutesDuration"] == 60 and visits[1]["serviceType"] == [{"text": "Cleaning"}]
    assert [p["actor"].get("display") for p in visits[1]["participant"]][1:] == [
        "Hal Hughes",
        "Chair 1",
    ]
    assert visits[2]["participant"][0]["status"] == "needs-action"  # not confirmed yet


@pytest.mark.parametrize("status", list(VisitStatus))
def test_every_visit_status_becomes_a_valid_fhir_code(status: VisitStatus) -> None:
    visit = RecordAppointment(uuid.uuid4(), STAMP, 30, status, "Dr. Ada Park")
    bundle = json.loads(bundle_json(_bare(appointments=[visit]), STAMP))
    [appointment] = _of(bundle, "Appointment")
    assert appointment["status"] in APPOINTMENT_STATUSES
    assert {p["status"] for p in appointment["participant"]} <= PARTICIPANT_STATUSES


def test_allergies_are_allergies_and_other_alerts_are_flags(
    exported: tuple[dict[str, Any], int],
) -> None:
    bundle, _ = exported
    [allergy] = _of(bundle, "AllergyIntolerance")
    assert allergy["code"] == {"text": "Penicillin"}
    assert allergy["criticality"] == "high" and allergy["note"] == [{"text": "hives"}]
    assert allergy["clinicalStatus"]["coding"][0]["code"] == "active"
    flags = {f["code"]["text"]: f for f in _of(bundle, "Flag")}
    premedication = flags["Premedication: Amoxicillin 2 g before cleanings"]
    assert premedication["status"] == "active"
    assert premedication["category"][0]["coding"][0]["code"] == "drug"
    priority = premedication["extension"][0]
    assert priority["url"] == "http://hl7.org/fhir/StructureDefinition/flag-priority"
    assert priority["valueCodeableConcept"]["coding"][0]["code"] == "PM"
    assert flags["Condition: Sprained wrist"]["status"] == "inactive"


def test_the_policy_is_a_coverage_paid_by_its_carrier(exported: tuple[dict[str, Any], int]) -> None:
    bundle, _ = exported
    [coverage] = _of(bundle, "Coverage")
    [carrier] = coverage["contained"]
    assert coverage["payor"] == [{"reference": "#carrier", "display": "Gull Mutual Dental"}]
    assert carrier == {
        "resourceType": "Organization",
        "id": "carrier",
        "name": "Gull Mutual Dental",
        "telecom": [{"system": "phone", "value": "(800) 555-0142"}],
    }
    assert coverage["subscriberId"] == "GM-5521-07" and coverage["order"] == 1
    assert [(c["type"]["coding"][0]["code"], c["value"]) for c in coverage["class"]] == [
        ("group", "G-88"),
        ("plan", "Harbor PPO"),
    ]
    costs = {c["type"]["coding"][0]["code"]: c["valueMoney"] for c in coverage["costToBeneficiary"]}
    assert costs == {"copay": {"value": 25.0, "currency": "USD"},
                     "deductible": {"value": 50.0, "currency": "USD"}}  # fmt: skip


def test_a_document_carries_its_bytes_and_their_sha1(exported: tuple[dict[str, Any], int]) -> None:
    bundle, _ = exported
    [document] = _of(bundle, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == PNG
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(PNG).digest()).decode()
    assert (attachment["contentType"], attachment["size"]) == ("image/png", len(PNG))
    assert attachment["title"] == document["description"] == "Gull card"
    assert document["category"] == [{"text": "insurance card (front)"}]


def test_an_empty_chart_gives_a_patient_and_nothing_made_up() -> None:
    bundle = json.loads(bundle_json(_bare(), STAMP))
    [entry] = bundle["entry"]
    assert entry["resource"] == {
        "resourceType": "Patient",
        "id": entry["fullUrl"].removeprefix("urn:uuid:"),
        "name": [{"use": "official", "family": "Ødegaard", "given": ["Zoë"]}],
    }


def test_alert_notes_survive_as_the_flags_narrative() -> None:
    alert = RecordAlert(uuid.uuid4(), "alert", "Anxious <needs> time", "critical", "Talk first")
    bundle = json.loads(bundle_json(_bare(alerts=[alert]), STAMP))
    [flag] = _of(bundle, "Flag")
    assert "Anxious &lt;needs&gt; time" in flag["text"]["div"]
    assert "Talk first" in flag["text"]["div"]
    assert flag["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "PH"
    Bundle.model_validate(bundle)


def _bare(**lists: Any) -> PatientRecord:
    """A patient with names only, and whatever lists the test gives."""
    return PatientRecord(uuid.uuid4(), f"urn:uuid:{uuid.uuid4()}", None, "Zoë", "Ødegaard", **lists)
