"""What each PC tells the others through the shared folder, besides its changes.

`<share>/<device>/pc.json` says which PC this is (the name a person gave it), how many of each
PC's batches it has taken in, how many it has written, and its clock when it wrote the file.
The share's own clock (the file's modification time) lets every PC compare clocks without
trusting its own. `<share>/snapshots/<name>.pdbackup` is a whole copy of the practice (a
backup file, see backup/), with `<name>.json` beside it saying how many batches of each PC
it holds; a PC joins from the newest one, and batches it holds that every PC has taken in
may be removed. None of these files holds patient data; all are size-limited when read, and
one that cannot be read is reported and passed over.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from practicedesk.atomic import write_atomically
from practicedesk.sync.batches import DEVICE_NAME
from practicedesk.sync.folder import PC_FILE, SNAPSHOTS

_MAX_BYTES = 256 * 1024
# A PC putting its file in place takes milliseconds, or up to a second when a reader holds it.
_REPLACE_PAUSES_S = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8)
SNAPSHOT_NAME = re.compile(r"([A-Za-z0-9_-]{1,40})-(\d{8}T\d{6}Z)\.pdbackup", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PcState:
    device: str
    name: str
    applied: dict[str, int]  # device -> its batches taken in, in order, from 1
    sent: int  # this PC's batches written, numbered 1 to `sent`
    wall_ms: int  # its clock when it wrote the file

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "practicedesk-pc",
            "device": self.device,
            "name": self.name,
            "applied": dict(sorted(self.applied.items())),
            "sent": self.sent,
            "wall_ms": self.wall_ms,
        }


@dataclass(frozen=True, slots=True)
class SeenPc:
    state: PcState
    file_time_ms: int  # the share's clock when the file was written

    @property
    def skew_ms(self) -> int:
        """How far the PC's clock was ahead of the share's."""
        return self.state.wall_ms - self.file_time_ms


@dataclass(frozen=True, slots=True)
class Snapshot:
    path: Path
    device: str
    covers: dict[str, int]  # device -> batches 1..n of it that the copy holds


def write_pc_state(share: Path, state: PcState) -> int:
    """Write this PC's file; returns its clock's lead over the share's, measured just now."""
    path = share / state.device / PC_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(state.to_json(), sort_keys=True).encode("utf-8"))
    return state.wall_ms - path.stat().st_mtime_ns // 1_000_000


def read_pc_states(share: Path) -> tuple[dict[str, SeenPc], list[str]]:
    """Every PC's file that can be read, and a sentence for each one that cannot."""
    found: dict[str, SeenPc] = {}
    problems: list[str] = []
    for folder in sorted(share.iterdir()):
        path = folder / PC_FILE
        if not (DEVICE_NAME.fullmatch(folder.name) and folder.is_dir()):
            continue
        try:
            data = _read_while_replaced(path)
            if data is None:
                continue  # a PC that has not published its file yet
            state = _pc_state(data)
            # A device id is lowercase; a share that ignores case may show its folder otherwise.
            if state.device != folder.name.lower():
                raise ValueError("it names another PC")
            found[state.device] = SeenPc(state, path.stat().st_mtime_ns // 1_000_000)
        except (OSError, ValueError, TypeError, KeyError, RecursionError) as exc:
            problems.append(f"{folder.name}/{PC_FILE} cannot be read ({exc}); it was skipped")
    return found, problems


def _read_while_replaced(path: Path) -> Any:
    """The file's JSON, or None when the PC has never written one.

    A PC replacing its file on a share that refuses a rename over an open file moves the old
    one aside first (atomic.py), so for a few milliseconds there is no file, only its
    temporary siblings: wait that out rather than take the PC for one that never synced,
    which would let its batches be removed before it has taken them in."""
    for pause in (*_REPLACE_PAUSES_S, None):
        try:
            return _read_json(path)
        except FileNotFoundError:
            if not any(path.parent.glob(f".{path.name}.*")):
                return None
            if pause is None:
                raise
            time.sleep(pause)
    return None  # not reached: the last attempt returns or raises


def _pc_state(data: Any) -> PcState:
    if not isinstance(data, dict) or data.get("format") != "practicedesk-pc":
        raise ValueError("not a PracticeDesk PC file")
    applied = data["applied"]
    if not isinstance(applied, dict) or not all(
        isinstance(k, str) and DEVICE_NAME.fullmatch(k) and _count(v) for k, v in applied.items()
    ):
        raise ValueError("its counts cannot be read")
    name, device = data["name"], data["device"]
    if not (isinstance(name, str) and len(name) <= 60 and isinstance(device, str)):
        raise ValueError("its name cannot be read")
    if not (_count(data["sent"]) and type(data["wall_ms"]) is int):
        raise ValueError("its counts cannot be read")
    return PcState(device, name, dict(applied), data["sent"], data["wall_ms"])


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value < 10**8


def snapshot_folder(share: Path) -> Path:
    return share / SNAPSHOTS


def record_snapshot(written: Path, covers: dict[str, int]) -> None:
    """Say, beside a snapshot just written, which batches it holds."""
    sidecar = written.with_suffix(".json")
    data = {"format": "practicedesk-snapshot", "file": written.name, "covers": covers}
    write_atomically(sidecar, json.dumps(data, sort_keys=True).encode("utf-8"))


def snapshots(share: Path) -> tuple[list[Snapshot], list[str]]:
    """The share's snapshots, newest first, and a sentence for each unreadable one."""
    folder = snapshot_folder(share)
    if not folder.is_dir():
        return [], []
    found: list[tuple[str, Snapshot]] = []
    problems: list[str] = []
    for path in folder.iterdir():
        matched = SNAPSHOT_NAME.fullmatch(path.name)
        if matched is None:
            continue
        try:
            data = _read_json(path.with_suffix(".json"))
            covers = data["covers"]
            named = data.get("file")
            if (
                not isinstance(named, str)
                or named.lower() != path.name.lower()
                or not all(isinstance(k, str) and _count(v) for k, v in covers.items())
            ):
                raise ValueError("it does not describe this snapshot")
        except FileNotFoundError:
            continue  # still being written
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            problems.append(f"{SNAPSHOTS}/{path.name} cannot be used ({exc}); it was skipped")
            continue
        stamp, device = matched.group(2).upper(), matched.group(1).lower()
        found.append((stamp, Snapshot(path, device, dict(covers))))
    # Two PCs may write one in the same second: the device breaks the tie, so that every PC
    # reads the same order.
    found.sort(key=lambda pair: (pair[0], pair[1].device), reverse=True)
    return [snap for _, snap in found], problems


def superseded(found: list[Snapshot]) -> list[Snapshot]:
    """The snapshots (of `found`, newest first) that a newer one holds everything of.

    Only those may be removed: a PC that lagged may write the newest snapshot, holding less
    of some PC's batches than an older one that batches were removed on the strength of;
    a PC coming back after those batches went catches up from the older one.
    """
    kept: list[Snapshot] = []
    gone: list[Snapshot] = []
    for snap in found:
        if any(_holds_all(newer, snap) for newer in kept):
            gone.append(snap)
        else:
            kept.append(snap)
    return gone


def _holds_all(newer: Snapshot, older: Snapshot) -> bool:
    return all(newer.covers.get(device, 0) >= n for device, n in older.covers.items())


def _read_json(path: Path) -> Any:
    with path.open("rb") as handle:
        raw = handle.read(_MAX_BYTES + 1)
    if len(raw) > _MAX_BYTES:
        raise ValueError("it is too large")
    return json.loads(raw.decode("utf-8"))
