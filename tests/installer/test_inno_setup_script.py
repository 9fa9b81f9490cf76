"""The Windows installer's promises, read from its Inno Setup script (it is compiled only on
Windows): per user, a Start-menu entry and an optional desktop shortcut, upgrades over the old
version, and no part of it anywhere near the practice's data folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from installer import windows_setup

SCRIPT = windows_setup.SCRIPT


def _sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in SCRIPT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


def _setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _sections()["Setup"])


def test_it_installs_per_user_without_an_administrator() -> None:
    setup = _setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{localappdata}\Programs\PracticeDesk"


def test_a_newer_installer_replaces_the_older_version_in_place() -> None:
    setup = _setup()
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["UsePreviousAppDir"] == "yes"
    assert setup["CloseApplications"] == "yes"
    assert _sections()["InstallDelete"] == [r'Type: filesandordirs; Name: "{app}\_internal"']


def test_start_menu_entry_and_a_desktop_shortcut_only_when_asked_for() -> None:
    icons = _sections()["Icons"]
    assert any(line.startswith('Name: "{autoprograms}\\PracticeDesk"') for line in icons)
    desktop = next(line for line in icons if "{autodesktop}" in line)
    assert "Tasks: desktopicon" in desktop
    task = next(line for line in _sections()["Tasks"] if "desktopicon" in line)
    assert "Flags: unchecked" in task


@pytest.mark.parametrize("section", ["InstallDelete", "UninstallDelete", "Files", "Dirs"])
def test_nothing_in_it_names_the_data_folder(section: str) -> None:
    """The practice lives in %LOCALAPPDATA%\\PracticeDesk (or where the owner chose): the
    installer writes and deletes only inside {app}, which is a different folder."""
    for line in _sections().get(section, []):
        names = re.findall(r'(?:Name|DestDir): "([^"]*)"', line)
        assert all(name.startswith("{app}") for name in names), line
    assert "UninstallDelete" not in _sections()


def test_the_start_menu_starts_the_windowed_program_the_spec_builds() -> None:
    spec = (SCRIPT.parents[1] / "practicedesk.spec").read_text(encoding="utf-8")
    assert 'executable("PracticeDesk", False)' in spec
    assert 'executable("practicedesk-cli", True)' in spec
    assert all(r"{app}\PracticeDesk.exe" in line for line in _sections()["Icons"])


def test_the_compiler_is_found_in_program_files_whatever_the_folder_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program_files = tmp_path / "Programme (x86) – Zoë"
    compiler = program_files / "Inno Setup 6" / "ISCC.exe"
    compiler.parent.mkdir(parents=True)
    compiler.write_bytes(b"MZ")
    monkeypatch.setattr(windows_setup.shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles(x86)", str(program_files))
    assert windows_setup.find_compiler() == compiler
