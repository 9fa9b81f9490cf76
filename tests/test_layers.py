"""The design's layer rules are import-linter contracts (pyproject.toml): a wrong import
anywhere fails the suite, not only a reviewer's eye."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINTED = ["src", "tests", "benchmarks", "docs/examples", "run.py"]


def test_import_contracts_hold() -> None:
    # In a subprocess: import-linter reconfigures logging in the process that runs it.
    code = (
        "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_ruff_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *(p for p in LINTED if (ROOT / p).exists())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_whole_package_is_mypy_clean() -> None:
    _assert_mypy_clean(ROOT)


@pytest.mark.slow
def test_the_whole_package_is_mypy_clean_from_an_environment_made_elsewhere(
    tmp_path: Path,
) -> None:
    """This environment was installed (editable) from ROOT, which puts ROOT/src on its path,
    and mypy silences errors in modules it only follows from such a path. A clone checked
    with an environment made elsewhere has no such path: the same sources and settings,
    copied out of this environment's reach, must check clean too."""
    checkout = tmp_path / "clone"
    shutil.copytree(ROOT / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", checkout)
    _assert_mypy_clean(checkout)


def _assert_mypy_clean(checkout: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
