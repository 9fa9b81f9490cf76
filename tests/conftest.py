"""Shared fixtures: a fresh encrypted practice in a temporary folder, with a fast KDF.

Argon2id is tuned to half a second for real practices; tests use the smallest parameters so
hundreds of logins stay quick. Everything the program would write to the user's profile
(logs, the default data folder) is redirected into a temporary folder for the whole run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_PROFILE = Path(tempfile.mkdtemp(prefix="practicedesk-test-profile-"))
atexit.register(shutil.rmtree, _PROFILE, ignore_errors=True)
for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[variable] = str(_PROFILE / variable.lower())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PRACTICEDESK_PASSWORD", None)

from practicedesk.api import NewOwner, NewPractice, PracticeDetails, create_practice  # noqa: E402
from practicedesk.security.kdf import KdfParams  # noqa: E402
from practicedesk.services.session import PracticeSession  # noqa: E402

FAST_KDF = KdfParams(iterations=1, memory_kib=64, lanes=1)
OWNER = "olive"
OWNER_NAME = "Olive Owner"
OWNER_PASSWORD = "lunar otter quietly paints"
OTHER_PASSWORD = "seven paper boats drifting"
PRACTICE = PracticeDetails(
    name="Harbor Test Dental",
    time_zone="America/New_York",
    street="12 Quay Street",
    city="Portsmouth",
    region="NH",
    postal_code="03801",
    phone="(603) 436-2200",
)


def make_practice(data_dir: Path) -> NewPractice:
    return create_practice(
        data_dir, PRACTICE, NewOwner(OWNER, OWNER_NAME, OWNER_PASSWORD), kdf_params=FAST_KDF
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "practice"


@pytest.fixture
def new_practice(data_dir: Path) -> Iterator[NewPractice]:
    created = make_practice(data_dir)
    yield created
    created.session.close()


@pytest.fixture
def owner_session(new_practice: NewPractice) -> PracticeSession:
    return new_practice.session


@pytest.fixture
def closed_practice(data_dir: Path) -> Path:
    """A practice that exists on disk but is not open: for login and damage tests."""
    make_practice(data_dir).session.close()
    return data_dir


@pytest.fixture
def pc_elsewhere(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This PC's clock set to a zone far from the practice's (New York): whatever the
    program shows or writes about a visit must still read in the practice's time."""
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    yield "Pacific/Auckland"
    monkeypatch.undo()
    time.tzset()
