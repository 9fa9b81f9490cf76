"""Set up PracticeDesk in a local virtual environment and run it: `python3 run.py demo|test`.

Standard library only, so it works on a fresh Debian/Ubuntu machine or a Windows PC with
Python 3.11+ and nothing else. It makes `.venv/` beside this file (once), installs the
project into it (again only when pyproject.toml changed), then:

    python3 run.py demo [ARGS...]   starts PracticeDesk on a demo practice
    python3 run.py test [ARGS...]   runs the whole test suite (ARGS go to pytest)
    python3 run.py app  [ARGS...]   runs any `practicedesk` command
    python3 run.py build [ARGS...]  builds the office bundle for this PC (installer/README.md)
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".practicedesk-installed"
MIN_PYTHON = (3, 11)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    if venv_python().exists():
        return
    print(f"Creating a virtual environment in {VENV} …")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (subprocess.CalledProcessError, OSError):
        # Debian/Ubuntu without python3-venv cannot bootstrap pip into a venv; use the
        # system's pip to install into a pip-less venv instead.
        shutil.rmtree(VENV, ignore_errors=True)
        venv.EnvBuilder(with_pip=False).create(VENV)


def pip(*args: str) -> None:
    python = venv_python()
    has_pip = (
        subprocess.run(
            [str(python), "-m", "pip", "--version"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if has_pip:
        command = [str(python), "-m", "pip", *args]
    else:
        command = [sys.executable, "-m", "pip", "--python", str(python), *args]
    subprocess.run(command, check=True)


def ensure_installed(extra: str) -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text(encoding="ascii").strip() == wanted:
        return
    print("Installing PracticeDesk and what it needs (the first time takes a minute) …")
    target = f"{ROOT}[{extra}]" if extra else str(ROOT)
    pip("install", "--disable-pip-version-check", "--quiet", "--editable", target)
    STAMP.write_text(wanted, encoding="ascii")


def qt_libraries() -> ModuleType:
    """src/practicedesk/qt_libraries.py, loaded by path: it runs before PracticeDesk is
    installed, and the program itself asks the same question at start."""
    spec = importlib.util.spec_from_file_location(
        "qt_libraries", ROOT / "src" / "practicedesk" / "qt_libraries.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        print(f"PracticeDesk needs Python {'.'.join(map(str, MIN_PYTHON))} or newer.")
        return 1
    if not argv or argv[0] not in {"demo", "test", "app", "build"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    # The test extra is always installed so switching between demo and test costs nothing;
    # PyInstaller (the build extra) only for a build.
    ensure_installed("test,build" if command == "build" else "test")
    python = str(venv_python())
    if command == "build":
        build = [python, str(ROOT / "installer" / "build.py"), *rest]
        return subprocess.run(build, cwd=ROOT, check=False).returncode
    if command == "test":
        return subprocess.run([python, "-m", "pytest", *rest], cwd=ROOT, check=False).returncode
    if command == "demo":
        libraries = qt_libraries()
        missing = libraries.missing_packages()
        if missing:
            print(libraries.advice(missing))
            return 1
    args = ["demo", *rest] if command == "demo" else rest
    return subprocess.run([python, "-m", "practicedesk", *args], check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
