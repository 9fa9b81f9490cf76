"""The .deb as dpkg sees it: the program in /opt, a command on the PATH, an entry with its
icon in the applications menu, Qt's libraries as dependencies, and no script that could
touch a practice at install or removal. Built here from a stand-in bundle in seconds; the
real bundle on a fresh Debian is installer/check_deb.sh's job (CI)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from installer import debian_package
from practicedesk.resources import resources_dir

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    bundle = out / "practicedesk"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copytree(resources_dir(), bundle / "_internal" / "resources")
    program = bundle / "practicedesk"
    program.write_text("#!/bin/sh\necho PracticeDesk\n", encoding="utf-8")
    program.chmod(0o700)
    return debian_package.make_deb(bundle, "1.2.3", "Test Builder <build@example.org>", out)


def _dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


def test_the_package_is_named_for_its_version_and_this_machine(deb: Path) -> None:
    assert deb.name == f"practicedesk_1.2.3_{debian_package.architecture()}.deb"
    assert _dpkg_deb("--field", str(deb), "Package", "Version") == (
        "Package: practicedesk\nVersion: 1.2.3\n"
    )


def test_apt_brings_qt_s_window_system_libraries_and_a_new_enough_c_library(deb: Path) -> None:
    depends = _dpkg_deb("--field", str(deb), "Depends")
    for library in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libfontconfig1",
                    "libwayland-cursor0", "libglib2.0-0t64 | libglib2.0-0"):  # fmt: skip
        assert library in depends
    assert f"libc6 (>= {debian_package.glibc_version()})" in depends


def test_files_land_in_opt_with_a_command_a_menu_entry_and_icons(deb: Path) -> None:
    contents = _dpkg_deb("--contents", str(deb))
    lines = {line.split()[-1] if "->" not in line else line.split()[-3]: line
             for line in contents.splitlines()}  # fmt: skip
    assert lines["./opt/practicedesk/practicedesk"].startswith("-rwxr-xr-x root/root")
    assert "-> /opt/practicedesk/practicedesk" in lines["./usr/bin/practicedesk"]
    assert "./usr/share/applications/practicedesk.desktop" in lines
    for size in debian_package.ICON_SIZES:
        assert f"./usr/share/icons/hicolor/{size}x{size}/apps/practicedesk.png" in lines
    assert "./usr/share/icons/hicolor/scalable/apps/practicedesk.svg" in lines


def test_the_menu_entry_starts_the_command_with_the_icon(deb: Path, tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(tmp_path)], check=True)
    entry = tmp_path / "usr" / "share" / "applications" / "practicedesk.desktop"
    fields = dict(line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines()[1:])
    assert fields["Exec"] == "practicedesk" and fields["Icon"] == "practicedesk"
    assert fields["Terminal"] == "false" and "Office;" in fields["Categories"]
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_no_script_runs_at_install_upgrade_or_removal(deb: Path, tmp_path: Path) -> None:
    """What is not there cannot delete a practice: removal and purge touch only the files
    dpkg installed, none of which is in a user's home."""
    subprocess.run(["dpkg-deb", "--control", str(deb), str(tmp_path)], check=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["control"]
