"""Two PCs of one practice syncing through a shared folder in the test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.session import PracticeSession
from tests.sync.sync_fixtures import first_pc, join


@dataclass
class Pair:
    root: Path
    share: Path
    a: PracticeSession
    b: PracticeSession
    ana: PatientSummary  # on both PCs before they part


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    share = tmp_path / "share"
    a = first_pc(tmp_path, share)
    ana = a.patients.add(NewPatient("Ana", "Alvarez", phone="(603) 555-0188"))
    a.sync.run_round()
    b = join(tmp_path, share, "b", "Hygiene")
    pair = Pair(tmp_path, share, a, b, ana)
    try:
        yield pair
    finally:
        for pc in {id(pc): pc for pc in (a, b, pair.a, pair.b)}.values():
            pc.close()  # closing twice is harmless; a test may have reopened one
