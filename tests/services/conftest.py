"""The demo practice, built once for the tests that read it back (its charts, its books)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from practicedesk.demo.builder import build_demo
from tests.conftest import FAST_KDF

DEMO_PATIENTS = 80
DEMO_SEED = 11


def build(folder: Path, now: datetime | None = None) -> Path:
    build_demo(folder, patients=DEMO_PATIENTS, seed=DEMO_SEED, kdf_params=FAST_KDF, now=now)
    return folder


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("demo") / "practice")
