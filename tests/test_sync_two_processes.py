"""Two real PracticeDesk processes on one machine, sharing a temporary folder: a change made
on one PC reaches the other, which keeps syncing in the background, within 10 seconds."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from practicedesk.services.joining import join_practice
from practicedesk.services.patients.listing import NewPatient
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice


def _program(*args: str) -> list[str]:
    return [sys.executable, "-m", "practicedesk", *args]


@pytest.mark.slow
def test_a_change_on_one_pc_is_seen_on_the_other_within_ten_seconds(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    front = make_practice(tmp_path / "front").session
    front.sync.start(share, "Front desk")
    front.sync.run_round()
    hygiene, _ = join_practice(tmp_path / "hygiene", share, OWNER, OWNER_PASSWORD, "Hygiene")
    hygiene.close()
    env = {**os.environ, "PRACTICEDESK_PASSWORD": OWNER_PASSWORD}
    watcher = subprocess.Popen(
        _program("sync", "--data-dir", str(tmp_path / "hygiene"), "--user", OWNER, "--every", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert watcher.stdout is not None
    reader = threading.Thread(target=lambda: [lines.put(x) for x in watcher.stdout], daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        _wait_for(lines, "Received 0 change(s)", 60)  # the hygiene PC is up and syncing
        front.patients.add(NewPatient("Wren", "Okafor", phone="(503) 555-0142"))
        front.close()
        made = time.monotonic()
        sender = subprocess.run(
            _program("sync", "--data-dir", str(tmp_path / "front"), "--user", OWNER),
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert sender.returncode == 0, sender.stdout + sender.stderr
        # The patient, the phone, and the next block of chart numbers the front desk claimed
        # to keep its reserve in hand (docs/sync.md).
        assert "Sent 3 change(s)" in sender.stdout
        seen = _wait_for(lines, "Received 3 change(s)", 30)
        assert seen - made <= 10, f"seen after {seen - made:.1f} s"
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def _wait_for(lines: queue.Queue[str], text: str, limit: float) -> float:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
        if text in line:
            return time.monotonic()
    raise AssertionError(f"{text!r} was not printed within {limit} s")
