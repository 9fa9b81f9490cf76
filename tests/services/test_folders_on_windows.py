"""Where PracticeDesk keeps things on Windows, worked out here on Linux with platformdirs'
Windows rules: %LOCALAPPDATA%\\PracticeDesk\\practice for the practice (never inside the
program's own folder, which the installer replaces), and folders whose names have spaces
and letters outside ASCII, as a Windows user called Zoë Ünal has."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from practicedesk.api import open_practice
from practicedesk.logfile import log_path
from practicedesk.services.practice import folders
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice

LOCAL_APP_DATA = r"C:\Users\Zoë Ünal\AppData\Local"


@pytest.fixture
def windows_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    windows = platformdirs.windows
    monkeypatch.setattr(platformdirs, "PlatformDirs", windows.Windows)
    monkeypatch.setattr(windows, "_RESOLVE_WIN_FOLDER", windows.get_win_folder_from_env_vars)
    monkeypatch.setenv("LOCALAPPDATA", LOCAL_APP_DATA)


@pytest.mark.usefixtures("windows_folders")
def test_the_practice_lives_in_local_app_data_apart_from_the_program() -> None:
    practice = PureWindowsPath(str(folders.default_data_dir()))
    assert practice == PureWindowsPath(LOCAL_APP_DATA, "PracticeDesk", "practice")
    program = PureWindowsPath(LOCAL_APP_DATA, "Programs", "PracticeDesk")  # the .iss's {app}
    assert program not in practice.parents and practice not in program.parents
    assert PureWindowsPath(str(folders.demo_data_dir())).parent == practice.parent


@pytest.mark.usefixtures("windows_folders")
def test_the_log_file_is_under_local_app_data_too() -> None:
    log = PureWindowsPath(str(log_path()))
    assert log.name == "practicedesk.log"
    assert PureWindowsPath(LOCAL_APP_DATA, "PracticeDesk") in log.parents


def test_a_practice_in_a_folder_with_spaces_and_accents_opens_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "Zoë Ünal" / "AppData Local" / "PracticeDesk – Praxis" / "practice"
    make_practice(data_dir).session.close()
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        assert session.data_dir == data_dir
