"""A generated practice for the figures: the demo, with 20,000 patients and real key tuning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PATIENTS = 20_000
USERNAME = "owner"


def python_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def build(folder: Path, patients: int = PATIENTS) -> Path:
    """Build in a subprocess so this process's imports stay out of later measurements."""
    data_dir = folder / "practice"
    if not (data_dir / "practice.db").exists():
        subprocess.run(
            [
                sys.executable, "-m", "practicedesk", "demo", "--data-dir", str(data_dir),
                "--patients", str(patients), "--seed", "1", "--no-gui",
            ],
            check=True,
            capture_output=True,
            env=python_env(),
        )  # fmt: skip
    return data_dir


def password() -> str:
    from practicedesk.services.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
