"""A new PC joining the practice's sync: the practice made from the shared folder.

The user's password opens the shared copy of the key file; the key it unwraps opens the
snapshot holding the most, which is restored into this PC's data folder as a new replica
(its own device id); this PC's sync settings are then written and one round takes in every
batch the snapshot does not hold yet.
"""

from __future__ import annotations

from pathlib import Path

from practicedesk.backup import restoring
from practicedesk.backup.reading import MasterKey
from practicedesk.errors import DamagedKeystore, SyncFolderRefused
from practicedesk.security import keystore
from practicedesk.security.keystore import Keystore
from practicedesk.services.backup.files import record_restore
from practicedesk.services.opening import open_practice
from practicedesk.services.session import PracticeSession
from practicedesk.services.sync.rounds import RoundReport, pc_name_checked
from practicedesk.sync import folder, peers


def join_practice(
    data_dir: Path, share: Path, username: str, password: str, pc_name: str
) -> tuple[PracticeSession, RoundReport]:
    """Make this PC's practice from `share`; returns the open session and the first round."""
    name = pc_name_checked(pc_name)
    shared_keys = _shared_keys(share)
    if folder.check_share(share, shared_keys.practice_id) is not folder.ShareState.THIS_PRACTICE:
        raise SyncFolderRefused(
            f"The folder {share} is not a PracticeDesk shared folder, or its key file belongs "
            "to another practice. Choose the folder the practice's other PCs sync with."
        )
    master_key = shared_keys.unwrap(username, password).master_key
    shared_keys.check_mac(master_key)
    found, problems = peers.snapshots(share)
    if not found:
        reason = f" ({problems[0]})" if problems else ""
        raise SyncFolderRefused(
            f"The shared folder {share} holds no copy of the practice to start from{reason}. "
            "Open Settings → Sync on a PC that already syncs and press Sync now."
        )
    # The one holding the most batches (the newest on a tie): a PC that lagged may have
    # written the newest; what the chosen one lacks comes in the first round.
    snapshot = max(found, key=lambda snap: sum(snap.covers.values()))
    restoring.restore(snapshot.path, data_dir, MasterKey(master_key))
    record_restore(
        data_dir, master_key, username, f"joined sync from {share} ({snapshot.path.name})"
    )
    _take_newer_slots(data_dir, shared_keys, master_key)
    session = open_practice(data_dir, username, password)
    try:
        session.sync.joined(share, name)
        report = session.sync.run_round()
    except BaseException:
        session.close()
        raise
    return session, report


def _shared_keys(share: Path) -> Keystore:
    try:
        return Keystore.load(share / folder.SHARED_KEYS)
    except FileNotFoundError:
        raise SyncFolderRefused(
            f"The folder {share} holds no PracticeDesk key file, so no PC of a practice syncs "
            "there. Choose the folder the practice's other PCs sync with."
        ) from None
    except DamagedKeystore as exc:
        raise SyncFolderRefused(str(exc)) from exc


def _take_newer_slots(data_dir: Path, shared: Keystore, master_key: bytes) -> None:
    """The snapshot may be older than the last password change; the shared key file is not."""
    path = data_dir / keystore.FILE_NAME
    local = Keystore.load(path)
    if local.users != shared.users:
        local.users.update(shared.users)
        local.save(path, master_key)
