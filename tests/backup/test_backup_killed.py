"""A backup killed midway, many times: no file with a backup's final name is ever invalid, the
backups made before are untouched, and the next start removes what the killed one left."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.backup import header, reading, writing
from practicedesk.services.backup.files import OwnerPassword
from practicedesk.services.patients.listing import NewPatient
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice

KILLS = 12
ROOT = Path(__file__).resolve().parents[2]
# Random bytes do not compress: each backup takes long enough to be killed while writing.
SCAN = b"\x89PNG\r\n\x1a\n" + os.urandom(1_500_000)
ANOTHER_PCS = ".PracticeDesk-backup-2026-11-01-090000Z-0123456789abcdef-x1y2z3.partial"
NOT_A_STAGING = ".backup-notes"  # named like a staging folder, but holds someone's file

pytestmark = [
    pytest.mark.slow,
    # Twelve writer processes, each signing in and writing backups: about 60 s on a quiet
    # machine, past the suite's 120 s hang guard when the machine is shared. Its own guard.
    pytest.mark.timeout(480),
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform"),
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run_and_kill(data_dir: Path, folder: Path, delay: float | None) -> dict[str, str]:
    """Start the writer, kill it `delay` seconds after it signed in (None: once it reported
    its first backup done); the backups it reported done, each with its sha256 taken as soon
    as it was reported (before the kill)."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.backup.backup_writer", str(data_dir), str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert writer.stdout is not None
    lines: list[str] = []
    made: dict[str, str] = {}
    ready, first_made = threading.Event(), threading.Event()

    def read() -> None:
        assert writer.stdout is not None
        for line in writer.stdout:
            lines.append(line.strip())
            kind, _, name = line.strip().partition(" ")
            if kind == "made":
                made[name] = _sha256(folder / name)
                first_made.set()
            ready.set()
        ready.set()
        first_made.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "the writer did not sign in"
        assert lines and lines[0] == "ready", lines
        if delay is None:
            assert first_made.wait(120), "the writer made no backup"
        else:
            time.sleep(delay)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(30)
        reader.join(30)
    return made


def _staging(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.glob(f"{writing.STAGING_PREFIX}*") if p.name != NOT_A_STAGING]


def _leftovers(data_dir: Path, folder: Path) -> list[str]:
    partial = [p.name for p in folder.glob(f"*{writing.PARTIAL_SUFFIX}") if p.name != ANOTHER_PCS]
    return _staging(data_dir) + partial


def test_a_backup_killed_at_random_moments_leaves_only_valid_backups_and_cleanable_leftovers(
    tmp_path: Path,
) -> None:
    data_dir, folder = tmp_path / "practice", tmp_path / "backups"
    folder.mkdir()
    with make_practice(data_dir).session as session:
        patient = session.patients.add(NewPatient("Kill", "Test"))
        session.documents.add(patient.id, SCAN, category="x-ray or image", title="Scan")
        session.backup_schedule.set_places(folder, None)  # the kills happen in a backup place
    not_ours = [folder / ANOTHER_PCS, folder / "notes.txt", data_dir / NOT_A_STAGING]
    not_ours[0].write_bytes(b"another PC's backup in progress")
    not_ours[1].write_text("the owner's own file")
    not_ours[2].mkdir()
    (not_ours[2] / "keep.txt").write_text("not a snapshot")
    chance = random.Random(20261129)
    # Kills land at moments measured in backups, not seconds: on a busy machine a backup
    # takes longer, and fixed delays would kill before any backup was done.
    started = time.monotonic()
    good: dict[str, str] = _run_and_kill(data_dir, folder, None)  # and its sha256 then
    one_backup = time.monotonic() - started
    checked: set[str] = set()
    cleaned = 0
    for _ in range(KILLS):
        good.update(_run_and_kill(data_dir, folder, chance.uniform(0.2, 3.0) * one_backup))
        for path in folder.glob(f"*{header.SUFFIX}"):
            if path.name not in checked:  # a whole file with a final name verifies
                reading.verify(path, OwnerPassword(OWNER, OWNER_PASSWORD))
                checked.add(path.name)
        for name, digest in good.items():
            assert _sha256(folder / name) == digest, f"{name} changed after it was made"
        left = _leftovers(data_dir, folder)
        with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
            # Staging folders in the data folder go at every opening; partial files in the
            # backup places at the first backup check.
            assert _staging(data_dir) == []
            removed = session.backup_schedule.remove_leftovers()
        partial = [name for name in left if not name.startswith(writing.STAGING_PREFIX)]
        assert sorted(path.name for path in removed) == sorted(partial)
        cleaned += len(left)
        assert _leftovers(data_dir, folder) == []
        assert all(path.exists() for path in not_ours)
    assert len(good) >= KILLS // 2, "the writer should have finished a good number of backups"
    assert cleaned > 0, "some kills should have left a partial backup to clean"
