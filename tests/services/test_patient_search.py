"""Finding a patient the way people type: names, birth dates, phones, chart numbers."""

from __future__ import annotations

from datetime import date

import pytest

from practicedesk.errors import InvalidInput, NotFound
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession


@pytest.fixture
def patients(owner_session: PracticeSession) -> PracticeSession:
    add = owner_session.patients.add
    add(NewPatient("José", "Ñúñez-García", date(1980, 1, 2), "(503) 234-1111", "jose@example.com"))
    add(
        NewPatient("Katherine", "O'Brien", date(1975, 6, 30), "971.555.2000", preferred_name="Kate")
    )
    add(NewPatient("Jon", "Bright", date(2001, 12, 9), "+1 360 410 8899"))
    add(NewPatient("Brianna", "Johnston", date(1990, 3, 4)))
    return owner_session


def _names(session: PracticeSession, typed: str) -> list[str]:
    return [p.display_name for p in session.patients.search(typed)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("jos", "Ñúñez-García, José"),
        ("nunez", "Ñúñez-García, José"),
        ("garc", "Ñúñez-García, José"),
        ("kate", "O'Brien, Katherine (Kate)"),
        ("obrien", None),  # the apostrophe splits the name: "o" "brien"
        ("brien kath", "O'Brien, Katherine (Kate)"),
        ("1/2/1980", "Ñúñez-García, José"),
        ("1980-01-02", "Ñúñez-García, José"),
        ("01021980", "Ñúñez-García, José"),
        ("(503) 234-1111", "Ñúñez-García, José"),
        ("5032341111", "Ñúñez-García, José"),
        ("1111", "Ñúñez-García, José"),
        ("360-410-8899", "Bright, Jon"),
        ("jose@example.com", "Ñúñez-García, José"),
    ],
)
def test_the_forms_people_type_find_the_patient(
    patients: PracticeSession, typed: str, expected: str | None
) -> None:
    found = _names(patients, typed)
    if expected is None:
        assert found == [] or all("O'Brien" not in name for name in found)
    else:
        assert found and found[0] == expected


def test_chart_numbers_find_their_patient(patients: PracticeSession) -> None:
    bright = next(p for p in patients.patients.page() if p.last_name == "Bright")
    assert _names(patients, f"#{bright.chart_number}") == ["Bright, Jon"]


def test_every_word_must_match(patients: PracticeSession) -> None:
    assert _names(patients, "jo") == [
        "Bright, Jon",
        "Johnston, Brianna",
        "Ñúñez-García, José",
    ] or set(_names(patients, "jo")) == {"Bright, Jon", "Johnston, Brianna", "Ñúñez-García, José"}
    assert _names(patients, "jo brig") == ["Bright, Jon"]
    assert set(_names(patients, "jo bri")) == {"Bright, Jon", "Johnston, Brianna"}
    assert patients.patients.count("jo") == 3


def test_an_invalid_phone_is_refused_with_a_reason(owner_session: PracticeSession) -> None:
    with pytest.raises(InvalidInput, match="not a valid phone number"):
        owner_session.patients.add(NewPatient("Ann", "Lee", phone="555-0100"))


def test_likely_duplicates_are_found_before_saving(patients: PracticeSession) -> None:
    likely = patients.patients.likely_duplicates
    assert [p.last_name for p in likely(NewPatient("Jose", "Nunez Garcia", date(1980, 1, 2)))] == [
        "Ñúñez-García"
    ]
    assert [p.last_name for p in likely(NewPatient("Kat", "OBrien", date(1975, 6, 30)))] == [
        "O'Brien"
    ]
    assert [p.last_name for p in likely(NewPatient("Zed", "Other", phone="503-234-1111"))] == [
        "Ñúñez-García"
    ]
    assert [p.last_name for p in likely(NewPatient("Q", "R", email="JOSE@example.com"))] == [
        "Ñúñez-García"
    ]
    assert likely(NewPatient("Jose", "Nunez Garcia", date(1981, 1, 2))) == []
    assert likely(NewPatient("Maria", "Lopez", date(1980, 1, 2))) == []


def test_recently_opened_patients_come_newest_first(patients: PracticeSession) -> None:
    everyone = {p.last_name: p for p in patients.patients.page()}
    patients.patients.opened(everyone["Bright"].id)
    patients.patients.opened(everyone["Johnston"].id)
    patients.patients.opened(everyone["Bright"].id)
    assert [p.last_name for p in patients.patients.recent()] == ["Bright", "Johnston"]


def test_a_last_name_that_starts_with_what_was_typed_ranks_first(
    owner_session: PracticeSession,
) -> None:
    add = owner_session.patients.add
    add(NewPatient("Jack", "Reyes", date(1985, 5, 5)))
    add(NewPatient("Jackie", "Ames", date(1970, 2, 2)))
    add(NewPatient("Mia", "Jacobs", date(1992, 7, 7)))
    add(NewPatient("Lena", "Jäckel", date(1960, 1, 1)))
    found = _names(owner_session, "jac")
    assert set(found[:2]) == {"Jäckel, Lena", "Jacobs, Mia"}
    assert set(found[2:]) == {"Ames, Jackie", "Reyes, Jack"}
    assert _names(owner_session, "jac mi") == ["Jacobs, Mia"]
    assert _names(owner_session, "reyes")[0] == "Reyes, Jack"


def test_a_patient_is_found_by_id_until_merged_into_another(patients: PracticeSession) -> None:
    kate, jon = patients.patients.search("kate")[0], patients.patients.search("bright")[0]
    assert patients.patients.get(kate.id) == kate
    patients.chart.merge(kate.id, jon.id)
    with pytest.raises(NotFound, match="no longer exists"):
        patients.patients.get(jon.id)
