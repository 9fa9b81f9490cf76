"""Where a practice may live (a local disk, not a network share or a cloud-sync folder), and
that only one running program holds a data folder at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from practicedesk.errors import DataFolderInUse, DataFolderNotLocal
from practicedesk.store import data_folder
from practicedesk.store.data_folder import DataFolder, cloud_service, filesystem_type
from tests.conftest import make_practice

ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


@pytest.fixture(autouse=True)
def no_onedrive_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine running the tests may itself have OneDrive set up."""
    for variable in ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)


def _escaped(path: Path) -> str:
    """As the kernel writes a mount point: a space becomes \\040."""
    return str(path).replace(" ", "\\040")


@pytest.fixture
def mounts(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A /proc/mounts look-alike: a CIFS share with a local disk mounted inside it, and NFS."""
    share, nfs = tmp_path / "office share", tmp_path / "nfs"
    local_inside = share / "local-inside"
    local_inside.mkdir(parents=True)
    nfs.mkdir()
    table = tmp_path / "mounts"
    table.write_text(
        "sysfs /sys sysfs rw,nosuid 0 0\n"
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        f"//nas/office {_escaped(share)} cifs rw,vers=3.0 0 0\n"
        f"/dev/sdb1 {_escaped(local_inside)} ext4 rw 0 0\n"
        f"nas:/export/practice {_escaped(nfs)} nfs4 rw,hard 0 0\n"
        "a line that is not a mount\n",
        encoding="utf-8",
    )
    return table, share, nfs


# -- cloud-sync folders -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "service"),
    [
        (PurePosixPath("/home/ana/OneDrive/practice"), "OneDrive"),
        (PureWindowsPath(r"C:\Users\ana\OneDrive - Smile Dental\PracticeDesk"), "OneDrive"),
        (PurePosixPath("/home/ana/Dropbox/office/data"), "Dropbox"),
        (PureWindowsPath(r"D:\Dropbox (Smile Dental)\practice"), "Dropbox"),
        (PurePosixPath("/Users/ana/Google Drive/practice"), "Google Drive"),
        (PureWindowsPath(r"G:\My Drive\practice"), "Google Drive"),
        (
            PurePosixPath("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/pd"),
            "iCloud Drive",
        ),
        (PureWindowsPath(r"C:\Users\ana\iCloudDrive\practice"), "iCloud Drive"),
        (PurePosixPath("/home/ana/Nextcloud/practice"), "Nextcloud"),
    ],
)
def test_cloud_sync_folders_are_recognised_by_name(
    path: PurePosixPath | PureWindowsPath, service: str
) -> None:
    assert cloud_service(path) == service


def test_the_onedrive_variable_marks_a_folder_with_any_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = tmp_path / "Business files"
    synced.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(synced))
    assert cloud_service(synced / "practice") == "OneDrive"
    assert cloud_service(tmp_path / "elsewhere") is None
    with pytest.raises(DataFolderNotLocal, match="OneDrive"):
        DataFolder(synced / "practice").check_local()


def test_an_ordinary_local_folder_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "PracticeDesk" / "practice"
    assert cloud_service(folder) is None
    assert data_folder.not_local_reason(folder) is None
    DataFolder(folder).check_local()


def test_a_cloud_folder_is_refused_with_an_explanation(tmp_path: Path) -> None:
    folder = tmp_path / "Dropbox" / "practice"
    with pytest.raises(DataFolderNotLocal) as refused:
        DataFolder(folder).check_local()
    message = refused.value.message
    assert str(folder) in message and "Dropbox" in message
    assert "this PC's own disk" in message and "Sync" in message


def test_no_practice_is_created_in_a_cloud_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFolderNotLocal, match="OneDrive"):
        make_practice(tmp_path / "OneDrive - Smile Dental" / "practice")
    assert not (tmp_path / "OneDrive - Smile Dental").exists()


# -- network file systems -----------------------------------------------------------------------


def test_paths_under_network_mounts_report_their_file_system(
    mounts: tuple[Path, Path, Path],
) -> None:
    table, share, nfs = mounts
    assert filesystem_type(share / "practice", table) == "cifs"
    assert filesystem_type(nfs / "not" / "made" / "yet", table) == "nfs4"


def test_the_longest_matching_mount_point_decides(mounts: tuple[Path, Path, Path]) -> None:
    table, share, _ = mounts
    assert filesystem_type(share / "local-inside" / "practice", table) == "ext4"
    assert filesystem_type(share.parent / "office share-2", table) == "ext4", "not a prefix match"


def test_an_unreadable_mounts_file_tells_nothing(tmp_path: Path) -> None:
    assert filesystem_type(tmp_path, tmp_path / "no-such-mounts") is None


def test_a_network_share_is_refused_with_an_explanation(
    mounts: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    table, share, nfs = mounts
    real = data_folder.filesystem_type
    monkeypatch.setattr(data_folder, "filesystem_type", lambda path: real(path, table))
    for folder in (share / "practice", nfs / "practice"):
        with pytest.raises(DataFolderNotLocal) as refused:
            DataFolder(folder).check_local()
        assert str(folder) in refused.value.message
        assert "network drive" in refused.value.message
    DataFolder(share / "local-inside" / "practice").check_local()


# -- one program at a time ---------------------------------------------------------------------

_SECOND_PROGRAM = """
import sys
from pathlib import Path
from practicedesk.errors import DataFolderInUse
from practicedesk.store.data_folder import DataFolder
try:
    DataFolder(Path(sys.argv[1])).lock().release()
except DataFolderInUse as exc:
    print(exc.message)
    sys.exit(3)
print("got it")
"""


def _second_program(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _SECOND_PROGRAM, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_second_program_cannot_hold_a_folder_that_is_held(tmp_path: Path) -> None:
    held = DataFolder(tmp_path).lock()
    try:
        other = _second_program(tmp_path)
        assert other.returncode == 3, other.stderr
        assert "already open" in other.stdout and str(tmp_path) in other.stdout
        with pytest.raises(DataFolderInUse):
            DataFolder(tmp_path).lock()  # nor a second window of this program
    finally:
        held.release()
    again = _second_program(tmp_path)
    assert (again.returncode, again.stdout.strip()) == (0, "got it"), again.stderr
    assert (tmp_path / "practicedesk.lock").exists(), "released, but the lock file stays"
