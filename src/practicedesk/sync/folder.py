"""The shared folder's layout: which folder is ours, and which files in it are batches.

```
<share>/practicedesk-sync.json        the sentinel: {"format", "version", "practice_id"}
<share>/keystore.json                 the users' wrapped keys, for a PC joining
<share>/snapshots/                    whole copies of the practice (sync/peers.py)
<share>/chart-numbers/                blocks of chart numbers claimed (sync/chart_numbers.py)
<share>/<device id>/00000001.pdbatch  each PC's batches, written by that PC only
<share>/<device id>/pc.json           what that PC has taken in (sync/peers.py)
```

The sentinel is what stops the worst sync accident: a share that is empty (unplugged NAS,
wrong drive letter) or belongs to someone else must never be read as "every record was
deleted". Files other tools leave behind (`desktop.ini`, `Thumbs.db`, `.DS_Store`, temporary
and "conflicted copy" files from Dropbox, OneDrive, Syncthing) are passed over silently;
anything else unexpected is listed as a stray so it can be reported. Names are matched
whatever their case, as Windows shares and NAS boxes match them; a device folder is known by
its name in lowercase, as PracticeDesk makes device ids. Nothing here decrypts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from practicedesk.atomic import write_atomically
from practicedesk.errors import SyncFolderRefused
from practicedesk.sync import chart_numbers
from practicedesk.sync.batches import BATCH_NAME, DEVICE_NAME

SENTINEL = "practicedesk-sync.json"
SHARED_KEYS = "keystore.json"
SNAPSHOTS = "snapshots"
PC_FILE = "pc.json"
_SHARED = frozenset({SENTINEL, SHARED_KEYS, SNAPSHOTS, chart_numbers.FOLDER})
_MAX_SENTINEL_BYTES = 64 * 1024
_JUNK = frozenset({"desktop.ini", "thumbs.db", ".ds_store", "icon\r"})
_CONFLICTED = ("(conflicted copy", "-conflict-", ".sync-conflict-", "'s conflicted copy")
_TEMPORARY = (".tmp", ".partial", ".part", "~", ".!sync", ".crdownload")


class ShareState(Enum):
    """What a folder is to this practice; each value finishes "The folder X …" as a sentence."""

    THIS_PRACTICE = "is this practice's shared folder"
    EMPTY = "is empty: a new shared folder"
    OTHER_PRACTICE = "is another practice's shared folder"
    UNRECOGNISED = "holds files but is not a PracticeDesk shared folder"
    MISSING = "cannot be reached"


@dataclass(frozen=True, slots=True)
class BatchFile:
    device: str
    seq: int
    path: Path


@dataclass(frozen=True, slots=True)
class Listing:
    """Batches per device, in number order, and the unexpected files worth a report."""

    batches: dict[str, list[BatchFile]] = field(default_factory=dict)
    strays: list[Path] = field(default_factory=list)


def is_ignored(name: str) -> bool:
    """Other programs' and half-written files: never read, never reported."""
    lowered = name.lower()
    return (
        lowered in _JUNK
        or lowered.startswith((".", "~$"))
        or lowered.endswith(_TEMPORARY)
        or any(mark in lowered for mark in _CONFLICTED)
    )


def list_batches(share: Path) -> Listing:
    """Every whole batch in the share; raises OSError when the share cannot be listed."""
    listing = Listing()
    for entry in sorted(share.iterdir()):
        if entry.name.lower() in _SHARED or is_ignored(entry.name):
            continue
        if not (entry.is_dir() and DEVICE_NAME.fullmatch(entry.name)):
            listing.strays.append(entry)
            continue
        device = entry.name.lower()
        found = listing.batches.get(device, [])
        for item in sorted(entry.iterdir()):
            matched = BATCH_NAME.fullmatch(item.name)
            if matched and item.is_file():
                found.append(BatchFile(device, int(matched.group(1)), item))
            elif item.name.lower() != PC_FILE and not is_ignored(item.name):
                listing.strays.append(item)
        if found:
            # Two folders differing only in case (a share that keeps case): one PC's batches.
            listing.batches[device] = sorted(found, key=lambda batch: batch.seq)
    return listing


def check_share(folder: Path, practice_id: str) -> ShareState:
    """What `folder` is to this practice; only THIS_PRACTICE may be read as its share."""
    try:
        if not folder.is_dir():
            return ShareState.MISSING
        names = [entry.name for entry in folder.iterdir()]
    except OSError:
        return ShareState.MISSING
    sentinel = next((name for name in names if name.lower() == SENTINEL), None)
    if sentinel is None:
        if all(is_ignored(name) for name in names):
            return ShareState.EMPTY
        return ShareState.UNRECOGNISED
    try:
        owner = _sentinel_practice(folder / sentinel)
    except OSError:
        return ShareState.MISSING
    if owner is None:
        return ShareState.UNRECOGNISED
    return ShareState.THIS_PRACTICE if owner == practice_id else ShareState.OTHER_PRACTICE


def mark_share(folder: Path, practice_id: str) -> None:
    """Make an empty folder this practice's share by writing the sentinel."""
    state = check_share(folder, practice_id)
    if state is ShareState.THIS_PRACTICE:
        return
    if state is not ShareState.EMPTY:
        raise SyncFolderRefused(
            f"The folder {folder} {state.value}, so PracticeDesk will not use it for sync. "
            "Choose an empty folder, or the folder the practice's other PCs already use."
        )
    sentinel = {"format": "practicedesk-sync", "version": 1, "practice_id": practice_id}
    write_atomically(folder / SENTINEL, json.dumps(sentinel, sort_keys=True).encode("utf-8"))


def _sentinel_practice(path: Path) -> str | None:
    with path.open("rb") as handle:
        raw = handle.read(_MAX_SENTINEL_BYTES + 1)
    try:
        data = json.loads(raw.decode("utf-8")) if len(raw) <= _MAX_SENTINEL_BYTES else None
    except (ValueError, RecursionError):
        return None
    if not (isinstance(data, dict) and data.get("format") == "practicedesk-sync"):
        return None
    practice = data.get("practice_id")
    return practice if isinstance(practice, str) and practice else None
