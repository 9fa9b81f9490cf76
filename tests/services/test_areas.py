"""Change areas: one enum for what services announce and what pages listen for."""

from __future__ import annotations

import pytest

from practicedesk.services.areas import Area
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession


def test_a_misspelt_area_fails_when_announced_not_later_in_a_stale_screen(
    owner_session: PracticeSession,
) -> None:
    with pytest.raises(ValueError, match="patinets"):
        owner_session._ctx.announce("patinets")  # type: ignore[arg-type]


def test_a_write_announces_its_areas_as_the_enum(owner_session: PracticeSession) -> None:
    heard: list[frozenset[Area]] = []
    owner_session.subscribe(heard.append)
    owner_session.patients.add(NewPatient("Ana", "Ames"))
    assert heard == [frozenset({Area.PATIENTS})]
    assert all(isinstance(area, Area) for area in heard[0])
