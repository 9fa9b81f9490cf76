"""Build PracticeDesk for the machine this runs on, check it, and say how big it is.

    python3 run.py build              the one-folder bundle in dist/practicedesk/
    python3 run.py build --package    and then the .deb (Linux) or the installer (Windows)

Steps: PyInstaller with installer/practicedesk.spec; `build-info.json` (version, date,
commit) into the bundle, for the About box and the self-test's first line; the bundle's own
`--self-test`, which must pass; its size on disk. Needs the `build` extra (`run.py build`
installs it). Standard library only besides PyInstaller, and no shell: it runs the same on
Windows. See installer/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = ROOT / "installer" / "practicedesk.spec"
WINDOWS = sys.platform == "win32"
SELF_TEST_SECONDS = 300


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build PracticeDesk for this machine.")
    parser.add_argument(
        "--package", action="store_true", help="also make the .deb (Linux) or setup.exe (Windows)"
    )
    parser.add_argument(
        "--maintainer",
        default="PracticeDesk <support@practicedesk.example>",
        help="the .deb's Maintainer field",
    )
    parser.add_argument(
        "--version", help="the version to stamp (default: the package's own __version__)"
    )
    args = parser.parse_args(argv)
    version = args.version or package_version()
    started = time.monotonic()
    bundle = build_bundle()
    write_build_info(bundle, version)
    built = time.monotonic() - started
    unresolved = unresolved_libraries(bundle)
    if unresolved:
        print("Libraries in the bundle link to libraries found nowhere:", *unresolved, sep="\n  ")
        print("Install them on this machine (installer/README.md lists the apt-get line); if")
        print("the bundle needs them, they belong in DEPENDS in installer/debian_package.py.")
        return 1
    if not run_self_test(bundle) or not run_demo(bundle):
        print("The bundle does not work: this build must not be shipped.")
        return 1
    files, size = folder_size(bundle)
    print(f"Bundle: {bundle}")
    print(f"  version {version}, {files} files, {size / 2**20:.0f} MiB on disk")
    print(f"  built in {built:.0f} s, checked in {time.monotonic() - started - built:.0f} s")
    if args.package:
        package = make_package(bundle, version, args.maintainer)
        print(f"Package: {package} ({package.stat().st_size / 2**20:.0f} MiB)")
    return 0


def package_version() -> str:
    text = (ROOT / "src" / "practicedesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("No __version__ in src/practicedesk/__init__.py.")
    return found.group(1)


def build_bundle() -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(DIST / "practicedesk", ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    return DIST / "practicedesk"


def executable(bundle: Path) -> Path:
    """The bundle's program that prints to a console (on Windows the -cli one)."""
    return bundle / ("practicedesk-cli.exe" if WINDOWS else "practicedesk")


def write_build_info(bundle: Path, version: str) -> None:
    """What the About box and the self-test's first line tell support about this build.
    SOURCE_DATE_EPOCH, when set, fixes the date, for builds that must be reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built_at = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    info = {"version": version, "built_at": built_at.isoformat(), "commit": git_commit()}
    resources = next(bundle.rglob("resources/styles")).parent
    (resources / "build-info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")


def git_commit() -> str:
    """The commit built, with "+changes" when the work tree differs from it."""
    git = shutil.which("git")
    if git is None:
        return ""
    head = subprocess.run(
        [git, "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        return ""
    status = subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return head.stdout.strip() + ("+changes" if status.stdout.strip() else "")


def unresolved_libraries(bundle: Path) -> list[str]:
    """On Linux: every shared library in the bundle finds the libraries it links to, in the
    bundle or on this system (what the .deb's dependencies must then provide)."""
    ldd = shutil.which("ldd")
    if not sys.platform.startswith("linux") or ldd is None:
        return []
    found = set()
    for library in bundle.rglob("*.so*"):
        if not library.is_file():
            continue
        listing = subprocess.run([ldd, str(library)], capture_output=True, text=True, check=False)
        for line in listing.stdout.splitlines():
            if "not found" in line:
                found.add(f"{library.relative_to(bundle)}: {line.split()[0]}")
    return sorted(found)


def run_self_test(bundle: Path) -> bool:
    print(f"Running the bundle's self-test ({executable(bundle).name} --self-test):")
    result = subprocess.run(
        [str(executable(bundle)), "--self-test"], timeout=SELF_TEST_SECONDS, check=False
    )
    return result.returncode == 0


def run_demo(bundle: Path) -> bool:
    """The demo practice made and a chart exported as FHIR: Faker's providers, phonenumbers'
    tables and FHIR's models are loaded by name, where PyInstaller cannot see them, and the
    self-test does not reach them."""
    from practicedesk.demo.builder import DEMO_LOGINS, DEMO_PASSWORD

    print("Making the demo practice with the bundle and exporting a chart:")
    with tempfile.TemporaryDirectory(prefix="practicedesk-build-demo-") as folder:
        data_dir, out = Path(folder) / "demo", Path(folder) / "chart.json"
        environment = {**os.environ, "PRACTICEDESK_PASSWORD": DEMO_PASSWORD}
        for arguments in (
            ["demo", "--no-gui", "--patients", "25", "--data-dir", str(data_dir)],
            ["export-patient", "--data-dir", str(data_dir), "--user", DEMO_LOGINS[0][0],
             "--chart", "1", "--format", "fhir", "--out", str(out)],
        ):  # fmt: skip
            result = subprocess.run(
                [str(executable(bundle)), *arguments],
                env=environment, capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
            if result.returncode != 0:
                print(result.stdout + result.stderr)
                return False
        print(f"  ok: {out.stat().st_size // 1024} KB of FHIR for chart 1")
    return True


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return len(files), sum(path.stat().st_size for path in files)


def make_package(bundle: Path, version: str, maintainer: str) -> Path:
    if WINDOWS:
        from windows_setup import make_setup

        return make_setup(bundle, version, DIST)
    if sys.platform.startswith("linux"):
        from debian_package import make_deb

        return make_deb(bundle, version, maintainer, DIST)
    raise SystemExit(f"No package format for {sys.platform}; the bundle is in {bundle}.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
