"""Schema revisions, and where a practice may live."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from practicedesk.api import open_practice
from practicedesk.errors import DataFolderInUse, DataFolderNotLocal
from practicedesk.store import schema
from practicedesk.store.data_folder import DataFolder, cloud_service, filesystem_type
from tests.conftest import OWNER, OWNER_PASSWORD

MIGRATIONS = Path(schema.__file__).with_name("migrations")


def test_the_known_revisions_are_alembics_history() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    history = [revision.revision for revision in script.walk_revisions()][::-1]
    assert tuple(history) == schema.REVISIONS
    assert script.get_current_head() == schema.HEAD


def test_opening_an_up_to_date_practice_never_loads_alembic(closed_practice: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from practicedesk.api import open_practice
        with open_practice({str(closed_practice)!r}, {OWNER!r}, {OWNER_PASSWORD!r}):
            pass
        print("alembic" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/ana/OneDrive/practice", "OneDrive"),
        ("/home/ana/OneDrive - Smile Dental/data", "OneDrive"),
        ("/home/ana/Dropbox/office", "Dropbox"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/pd", "iCloud Drive"),
        ("/home/ana/Google Drive/pd", "Google Drive"),
        ("/home/ana/Nextcloud/pd", "Nextcloud"),
    ],
)
def test_cloud_sync_folders_are_recognised(path: str, service: str) -> None:
    assert cloud_service(Path(path)) == service


def test_an_ordinary_folder_is_not_a_cloud_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(variable, raising=False)
    assert cloud_service(tmp_path / "PracticeDesk") is None


def test_the_onedrive_variable_marks_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = tmp_path / "Business files"
    synced.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(synced))
    assert cloud_service(synced / "practice") == "OneDrive"
    with pytest.raises(DataFolderNotLocal, match="OneDrive"):
        DataFolder(synced / "practice").check_local()


def test_network_mounts_are_found_by_the_longest_mount_point(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    share = tmp_path / "share"
    local = share / "local-inside"
    local.mkdir(parents=True)
    mounts.write_text(
        f"/dev/sda1 / ext4 rw 0 0\n"
        f"//nas/office {share} cifs rw 0 0\n"
        f"/dev/sdb1 {local} ext4 rw 0 0\n"
    )
    assert filesystem_type(share / "practice", mounts) == "cifs"
    assert filesystem_type(local / "practice", mounts) == "ext4"
    assert filesystem_type(tmp_path / "elsewhere", mounts) == "ext4"


def test_a_second_program_cannot_hold_the_folder(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path)
    held = folder.lock()
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from practicedesk.errors import DataFolderInUse\n"
        "from practicedesk.store.data_folder import DataFolder\n"
        "try:\n"
        f"    DataFolder(Path({str(tmp_path)!r})).lock().release()\n"
        "except DataFolderInUse as exc:\n"
        "    print(exc.message)\n"
    )
    try:
        other = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
        )
        assert "already open" in other.stdout
        with pytest.raises(DataFolderInUse):
            DataFolder(tmp_path).lock()
    finally:
        held.release()
    free = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert free.returncode == 0 and free.stdout == ""
    assert (tmp_path / "practicedesk.lock").exists()


def test_an_older_practice_is_upgraded_after_a_safety_copy(closed_practice: Path) -> None:
    from alembic import command

    from practicedesk.services.audit import Action, AuditFilter
    from practicedesk.services.patients import NewPatient

    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.patients.add(NewPatient("Imogen", "Older"))
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with session._ctx.db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, schema.REVISIONS[0])
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert [p.last_name for p in session.patients.page()] == ["Older"]
        [upgraded] = session.audit.entries(AuditFilter(action=Action.SCHEMA_UPGRADED))
        with session._ctx.db.engine.connect() as connection:
            assert schema.current_revision(connection) == schema.HEAD
    copies = list((closed_practice / "safety-copies").iterdir())
    assert len(copies) == 1 and copies[0].name in upgraded.summary
    assert not copies[0].read_bytes().startswith(b"SQLite format 3")
