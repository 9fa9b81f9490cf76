"""The practice the issue-2 figures run on: the demo with 20,000 patients and real key tuning.

Built in a subprocess (`python -m benchmarks.practice DIR`) so that the runner's own process
never imports the program's database layer: every figure that starts a process starts it
cold. Key derivation is tuned by `kdf.calibrate()` on this machine, exactly as when a
practice is created for real, unless `--kdf-target` asks for another unlock time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

PATIENTS = 20_000
SEED = 1
USERNAME = "owner"
ROOT = Path(__file__).resolve().parents[1]


def python_env() -> dict[str, str]:
    """Every measured process draws offscreen, so no display or compositor adds noise."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run_module(module: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`python -m <module> ARGS` from the repository root, offscreen, output captured."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=python_env(),
        check=False,
    )


def build(folder: Path, kdf_target: float | None = None) -> Path:
    data_dir = folder / "practice"
    if not (data_dir / "practice.db").exists():
        extra = ["--kdf-target", str(kdf_target)] if kdf_target else []
        result = run_module("benchmarks.practice", str(data_dir), *extra)
        if result.returncode != 0:
            raise RuntimeError(f"building the practice failed: {result.stderr[-800:]}")
    return data_dir


def password() -> str:
    from practicedesk.demo.builder import DEMO_PASSWORD

    return DEMO_PASSWORD


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the benchmark practice in DIR.")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--kdf-target", type=float, help="unlock seconds (default: the program's)")
    args = parser.parse_args()
    from practicedesk.demo.builder import build_demo
    from practicedesk.security.kdf import calibrate

    params = calibrate(args.kdf_target) if args.kdf_target else None  # None: the program tunes
    build_demo(args.data_dir, patients=PATIENTS, seed=SEED, kdf_params=params)
    return 0


if __name__ == "__main__":
    sys.exit(main())
