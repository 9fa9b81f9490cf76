"""The design's layer rules are import-linter contracts (pyproject.toml): a wrong import
anywhere fails the suite, not only a reviewer's eye."""

import os
import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
LINTED = ["src", "tests", "benchmarks", "docs/examples", "run.py"]


def test_import_contracts_hold(capsys) -> None:  # type: ignore[no-untyped-def]
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        status = lint_imports(no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    assert status == 0, capsys.readouterr().out


def test_code_is_ruff_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *(p for p in LINTED if (ROOT / p).exists())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_and_services_are_mypy_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
