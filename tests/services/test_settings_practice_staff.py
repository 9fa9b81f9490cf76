"""Practice-wide settings, the practice's own details, and its providers and chairs: what is
accepted, what is refused with a message naming the field, and what survives a restart."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from practicedesk.api import open_practice
from practicedesk.errors import InvalidInput, NotFound
from practicedesk.services.practice.details import PracticeDetails
from practicedesk.services.practice.settings import GRID_MINUTES, IDLE_LOCK_MINUTES
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Setting
from practicedesk.store.models.base import utcnow
from tests.conftest import OWNER, OWNER_PASSWORD, PRACTICE


def _store_raw(session: PracticeSession, key: str, value: str) -> None:
    with session._ctx.db.writing() as db:
        db.scalars(select(Setting).where(Setting.key == key)).one().value = value


# -- settings ------------------------------------------------------------------------------------


def test_the_idle_lock_starts_at_ten_minutes(owner_session: PracticeSession) -> None:
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 10


def test_a_setting_is_kept_across_a_restart(owner_session: PracticeSession, data_dir: Path) -> None:
    owner_session.settings.set(IDLE_LOCK_MINUTES, 3)
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 3
    owner_session.close()
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        assert session.settings.get(IDLE_LOCK_MINUTES) == 3


@pytest.mark.parametrize("minutes", [1, 240])
def test_the_limits_themselves_are_accepted(owner_session: PracticeSession, minutes: int) -> None:
    owner_session.settings.set(IDLE_LOCK_MINUTES, minutes)
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == minutes


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, "between 1 and 240 minutes"),
        (241, "between 1 and 240 minutes"),
        (-5, "between 1 and 240 minutes"),
        (True, "whole number"),
        ("5", "whole number"),
        (5.0, "whole number"),
        (None, "whole number"),
    ],
)
def test_out_of_range_and_non_whole_numbers_are_refused(
    owner_session: PracticeSession, value: object, problem: str
) -> None:
    owner_session.settings.set(IDLE_LOCK_MINUTES, 7)
    with pytest.raises(InvalidInput) as refused:
        owner_session.settings.set(IDLE_LOCK_MINUTES, value)  # type: ignore[arg-type]
    assert "Lock the screen after" in refused.value.message and problem in refused.value.message
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 7


def test_a_setting_with_fixed_choices_refuses_the_others(owner_session: PracticeSession) -> None:
    with pytest.raises(InvalidInput, match="one of 5, 10, 15"):
        owner_session.settings.set(GRID_MINUTES, 7)
    owner_session.settings.set(GRID_MINUTES, 5)
    assert owner_session.settings.get(GRID_MINUTES) == 5


@pytest.mark.parametrize("stored", ["{broken", "", '"ten"', "true", "9999", "[5]", "null"])
def test_a_damaged_stored_value_reads_as_the_default(
    owner_session: PracticeSession, stored: str
) -> None:
    owner_session.settings.set(IDLE_LOCK_MINUTES, 3)
    _store_raw(owner_session, IDLE_LOCK_MINUTES.key, stored)
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 10
    owner_session.settings.set(IDLE_LOCK_MINUTES, 4)  # and a new value repairs it
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 4


def test_a_missing_or_removed_setting_reads_as_the_default(
    owner_session: PracticeSession,
) -> None:
    owner_session.settings.set(IDLE_LOCK_MINUTES, 3)
    with owner_session._ctx.db.writing() as db:
        db.scalars(
            select(Setting).where(Setting.key == IDLE_LOCK_MINUTES.key)
        ).one().deleted_at = utcnow()
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 10


# -- the practice's details ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": "   "}, "needs a name"),
        ({"name": "x" * 201}, "too long"),
        ({"time_zone": "Mars/Olympus"}, "not a time zone"),
        ({"time_zone": ""}, "not a time zone"),
        ({"time_zone": "../../etc/passwd"}, "not a time zone"),
        ({"email": "frontdesk.example.com"}, "e-mail"),
    ],
)
def test_wrong_practice_details_are_refused_and_nothing_changes(
    owner_session: PracticeSession, change: dict[str, str], problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        owner_session.practice.update(replace(PRACTICE, **change))
    assert owner_session.practice.details() == PRACTICE


def test_practice_details_are_tidied_saved_and_kept(
    owner_session: PracticeSession, data_dir: Path
) -> None:
    saved = owner_session.practice.update(
        replace(PRACTICE, name="  Harbor Dental  ", city=" Dover ", time_zone="America/Chicago",
                email="desk@harbor.example")
    )  # fmt: skip
    assert (saved.name, saved.city, saved.time_zone) == (
        "Harbor Dental",
        "Dover",
        "America/Chicago",
    )
    owner_session.close()
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        details = session.practice.details()
    assert details == saved
    assert details.address_lines == ["12 Quay Street", "Dover, NH 03801"]


def test_a_practice_name_is_required_at_creation_too(tmp_path: Path) -> None:
    from practicedesk.api import NewOwner, create_practice
    from tests.conftest import FAST_KDF, OWNER_NAME

    with pytest.raises(InvalidInput, match="needs a name"):
        create_practice(
            tmp_path / "p",
            PracticeDetails(name=" ", time_zone="UTC"),
            NewOwner(OWNER, OWNER_NAME, OWNER_PASSWORD),
            kdf_params=FAST_KDF,
        )
    assert not (tmp_path / "p").exists()


# -- providers and chairs ------------------------------------------------------------------------


def test_chairs_are_added_in_order_changed_and_removed(owner_session: PracticeSession) -> None:
    staff = owner_session.staff
    one = staff.add_room("  Chair   1 ", "#90caf9")
    two = staff.add_room("Chair 2", "#A5D6A7")
    assert [(r.name, r.colour, r.active) for r in staff.rooms()] == [
        ("Chair 1", "#90CAF9", True),
        ("Chair 2", "#A5D6A7", True),
    ]
    staff.update_room(one.id, "Hygiene room", "#FFE082", False)
    assert [r.name for r in staff.rooms()] == ["Chair 2"]
    assert [r.name for r in staff.rooms(include_inactive=True)] == ["Hygiene room", "Chair 2"]
    staff.remove_room(two.id)
    assert staff.rooms() == []
    with pytest.raises(NotFound):
        staff.remove_room(two.id)
    with pytest.raises(NotFound):
        staff.update_room(two.id, "Chair 2", "#A5D6A7", True)


def test_providers_are_added_changed_and_retired(owner_session: PracticeSession) -> None:
    staff = owner_session.staff
    dentist = staff.add_provider("Dr. Ada Park", ProviderKind.DENTIST, "#112233")
    hygienist = staff.add_provider("Hal Hughes", ProviderKind.HYGIENIST, "#445566")
    assert [(p.name, p.kind) for p in staff.providers()] == [
        ("Dr. Ada Park", ProviderKind.DENTIST),
        ("Hal Hughes", ProviderKind.HYGIENIST),
    ]
    staff.update_provider(dentist.id, "Dr. Ada Park-Lee", ProviderKind.SPECIALIST, "#112233", False)
    assert [p.id for p in staff.providers()] == [hygienist.id]
    [retired, _] = staff.providers(include_inactive=True)
    assert (retired.name, retired.kind, retired.active) == (
        "Dr. Ada Park-Lee",
        ProviderKind.SPECIALIST,
        False,
    )
    with pytest.raises(NotFound):
        staff.update_provider(uuid.uuid4(), "Nobody", ProviderKind.OTHER, "#000000", True)


@pytest.mark.parametrize(
    ("name", "colour", "problem"),
    [
        ("", "#112233", "needs a name"),
        ("   ", "#112233", "needs a name"),
        ("x" * 61, "#112233", "too long"),
        ("Chair 1", "blue", "colour"),
        ("Chair 1", "#12345", "colour"),
        ("Chair 1", "#GGGGGG", "colour"),
        ("Chair 1", "112233", "colour"),
    ],
)
def test_a_chair_needs_a_name_and_a_colour(
    owner_session: PracticeSession, name: str, colour: str, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        owner_session.staff.add_room(name, colour)
    room = owner_session.staff.add_room("Chair 1", "#112233")
    with pytest.raises(InvalidInput, match=problem):
        owner_session.staff.update_room(room.id, name, colour, True)
    assert [(r.name, r.colour) for r in owner_session.staff.rooms()] == [("Chair 1", "#112233")]


@pytest.mark.parametrize(
    ("name", "colour", "problem"),
    [
        ("", "#112233", "provider needs a name"),
        ("   ", "#112233", "provider needs a name"),
        ("Dr. Ada Park", "red", "colour"),
    ],
)
def test_a_provider_needs_a_name_and_a_colour(
    owner_session: PracticeSession, name: str, colour: str, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        owner_session.staff.add_provider(name, ProviderKind.DENTIST, colour)
    assert owner_session.staff.providers(include_inactive=True) == []
