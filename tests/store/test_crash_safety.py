"""Crash safety: a writer killed with SIGKILL at random moments never leaves a damaged
database, and never loses a change it had confirmed (printed after its commit returned)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from practicedesk.api import open_practice
from practicedesk.store.models import Appointment, Patient
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice
from tests.services.schedule_fixtures import set_up_office

KILLS = 15
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform"),
]


def _run_and_kill(data_dir: Path, office: list[str], delay: float) -> list[str]:
    """Start the writer, kill it `delay` seconds after it signed in; what it confirmed."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_writer", str(data_dir), *office],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert writer.stdout is not None
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert writer.stdout is not None
        for line in writer.stdout:
            lines.append(line.strip())
            ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "the writer did not sign in"
        assert lines and lines[0] == "ready", lines
        time.sleep(delay)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(30)
        reader.join(30)
    return lines[1:]


def test_a_writer_killed_at_random_moments_loses_nothing_it_confirmed(data_dir: Path) -> None:
    created = make_practice(data_dir)
    office = set_up_office(created.session)
    ids = [str(item.id) for item in (office.dentist, office.chair1, office.exam)]
    created.session.close()
    chance = random.Random(20261129)
    confirmed: list[tuple[str, uuid.UUID]] = []
    for _ in range(KILLS):
        for line in _run_and_kill(data_dir, ids, chance.uniform(0.0, 0.8)):
            kind, _, value = line.partition(" ")
            confirmed.append((kind, uuid.UUID(value)))
        with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
            engine = session._ctx.db.engine
            with engine.connect() as connection:
                check = connection.execute(text("PRAGMA integrity_check")).scalars().all()
            assert check == ["ok"]
            with session._ctx.db.reading() as reading:
                for kind, row_id in confirmed:
                    model = Patient if kind == "patient" else Appointment
                    assert reading.get(model, row_id) is not None, f"lost {kind} {row_id}"
    assert len(confirmed) > KILLS, "the writer should have confirmed a good number of changes"
