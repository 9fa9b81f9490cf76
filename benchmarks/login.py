"""Sign-in to main window ready (≤ 0.6 s), and resident memory after it (≤ 3× a bare window).

Both come from the same fresh-process sign-in (`benchmarks/login_probe.py`), run several
times; each run is followed by a run of the bare window (`benchmarks/bare_window.py`), whose
resident memory after its first paint is the memory figure's baseline.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.figures import Figure
from benchmarks.practice import USERNAME, password, run_module

MIB = 1024 * 1024


def _sign_in(data_dir: Path) -> dict[str, float]:
    result = run_module("benchmarks.login_probe", str(data_dir), USERNAME, password(), timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    data = json.loads(lines[-1]) if lines else {}
    if result.returncode != 0 or "login_s" not in data:
        raise RuntimeError(f"sign-in probe failed: {result.stdout[-300:]} {result.stderr[-800:]}")
    return data


def _bare_window_rss() -> float:
    result = run_module("benchmarks.bare_window", timeout=60)
    for line in result.stdout.splitlines():
        if line.startswith("rss "):
            return int(line.split()[1]) / MIB
    raise RuntimeError(f"the bare window reported no memory: {result.stderr[-800:]}")


def measure(data_dir: Path, runs: int) -> list[Figure]:
    sign_ins, bare = [], []
    for _ in range(runs):
        sign_ins.append(_sign_in(data_dir))
        bare.append(_bare_window_rss())
    login = Figure(
        name="sign-in",
        what="Sign in clicked → main window's first paint done, key derivation included "
        "(fresh process, 1.5 s of typing first); baseline: key derivation alone",
        samples=[run["login_s"] for run in sign_ins],
        baseline_samples=[run["kdf_s"] for run in sign_ins],
        unit="s",
        target=0.6,
        ratio=False,
        extra={"built_s": [run["built_s"] for run in sign_ins]},
    )
    memory = Figure(
        name="memory",
        what="resident memory (RSS) of that process right after the main window's first "
        "paint, vs a bare PySide6 window's after its first paint",
        samples=[run["rss"] / MIB for run in sign_ins],
        baseline_samples=bare,
        unit="MiB",
        target=3.0,
        ratio=True,
    )
    return [login, memory]
