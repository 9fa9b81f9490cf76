"""Sign in to main window ready (≤ 0.6 s), and resident memory after it (≤ 3× a bare window).

Both come from the same fresh-process sign-in (benchmarks/login_probe.py), run several times.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.figures import Figure
from benchmarks.practice import USERNAME, password, python_env

PROBE = Path(__file__).with_name("login_probe.py")
BARE_WINDOW = Path(__file__).with_name("bare_window.py")
MIB = 1024 * 1024


def _sign_in(data_dir: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, str(PROBE), str(data_dir), USERNAME, password()],
        capture_output=True,
        text=True,
        timeout=120,
        env=python_env(),
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"sign-in probe failed: {result.stdout[-300:]} {result.stderr[-500:]}")
    return json.loads(lines[-1])


def _bare_window_rss() -> float:
    result = subprocess.run(
        [sys.executable, str(BARE_WINDOW)],
        capture_output=True,
        text=True,
        timeout=60,
        env=python_env(),
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("rss "))
    return int(line.split()[1]) / MIB


def measure(data_dir: Path, runs: int) -> list[Figure]:
    sign_ins, bare = [], []
    for _ in range(runs):
        sign_ins.append(_sign_in(data_dir))
        bare.append(_bare_window_rss())
    login = Figure(
        name="sign-in",
        what="Sign in pressed to main window painted, with key derivation (baseline: KDF alone)",
        samples=[run["login_s"] for run in sign_ins],
        baseline_samples=[run["kdf_s"] for run in sign_ins],
        unit="s",
        target=0.6,
        ratio=False,
    )
    memory = Figure(
        name="memory",
        what="resident memory after sign-in, vs a bare PySide6 window",
        samples=[run["rss"] / MIB for run in sign_ins],
        baseline_samples=bare,
        unit="MiB",
        target=3.0,
        ratio=True,
    )
    return [login, memory]
