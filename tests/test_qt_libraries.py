"""Before Qt loads, the program names the system packages it lacks and the line that
installs them, rather than Qt's message about a plugin."""

from __future__ import annotations

import pytest

from practicedesk import cli
from practicedesk.qt_libraries import QT_LIBRARIES, advice, missing_packages


def test_a_library_the_loader_cannot_find_is_named_by_its_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr("sys.platform", "linux")
    libraries = {"libc.so.6": "libc6", "libpracticedesk-nowhere.so.9": "libnowhere9"}
    assert missing_packages(libraries) == ["libnowhere9"]
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert missing_packages(libraries) == [], "no window to open, nothing needed"
    assert set(QT_LIBRARIES.values()) >= {"libxcb-cursor0", "libegl1"}


def test_the_command_says_which_packages_and_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "practicedesk.qt_libraries.missing_packages", lambda: ["libxcb-cursor0", "libegl1"]
    )
    assert cli.main([]) == 5
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libxcb-cursor0 libegl1" in err
    assert advice(["libxcb-cursor0"]).startswith("PracticeDesk cannot open its window")
