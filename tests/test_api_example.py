"""The example in docs/ runs against a real practice, so the documentation stays true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import OWNER, OWNER_PASSWORD

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "practice_summary.py"


def test_the_documented_example_script_runs(closed_practice: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(closed_practice), OWNER],
        env={**os.environ, "PRACTICEDESK_PASSWORD": OWNER_PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Harbor Test Dental (America/New_York)" in result.stdout
    assert "Signed in as Olive Owner (owner)" in result.stdout


def test_the_example_reports_a_wrong_password_in_one_sentence(closed_practice: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(closed_practice), OWNER],
        env={**os.environ, "PRACTICEDESK_PASSWORD": "not the right one at all"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "The user name or password is not right. Check them and try again."
    )
