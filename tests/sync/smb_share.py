"""A real SMB share for the tests: Samba's smbd on 127.0.0.1, mounted through FUSE.

This machine's kernel has no CIFS client, so the share is mounted with smbnetfs (a FUSE file
system over Samba's own client library, libsmbclient). Everything runs in one temporary
folder: smbd's configuration, state and log, the folder it serves, and one mount per "PC",
each its own SMB connection with its own caches, as two PCs of an office would have.

smbd serves only 127.0.0.1 on a free port; smbnetfs reaches a port other than 445 through
its `host:port` path (`<mount>/127.0.0.1:4451/office`). smbd runs as root (as it must), and
the share's only user is the user running the tests, with a password set for the share.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHARE = "office"
PASSWORD = "harbor share password"
TOOLS = ("smbd", "smbpasswd", "smbnetfs", "fusermount")
_STARTUP_S = 20.0


@dataclass(frozen=True, slots=True)
class SmbShare:
    served: Path  # the folder smbd serves, as the NAS's own disk holds it
    mounts: tuple[Path, ...]  # the share as each PC sees it, through its own connection


def why_not_here() -> str:
    """Why a Samba share cannot be served and mounted on this machine ("" if it can)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return (
            f"{', '.join(missing)} not installed "
            "(apt-get install samba smbnetfs fuse3 to run these tests)"
        )
    if os.geteuid() != 0:
        return "smbd must run as root to serve a share"
    if not os.access("/dev/fuse", os.R_OK | os.W_OK):
        return "no /dev/fuse: FUSE file systems cannot be mounted here"
    return ""


@contextlib.contextmanager
def served_and_mounted(root: Path, clients: int = 2) -> Iterator[SmbShare]:
    """Serve `root/served` over SMB and mount it `clients` times; all is undone on leaving."""
    port = _free_port()
    served = root / "served"
    served.mkdir(parents=True)
    config = _write_server_config(root / "smbd", served, port)
    with _running(["smbd", "--foreground", "--no-process-group", "-s", str(config)], root):
        _wait_for_port(port)
        user = getpass.getuser()
        subprocess.run(
            ["smbpasswd", "-c", str(config), "-s", "-a", user],
            input=f"{PASSWORD}\n{PASSWORD}\n",
            text=True,
            check=True,
            capture_output=True,
        )
        with contextlib.ExitStack() as mounts:
            seen = tuple(
                mounts.enter_context(_mounted(root / f"client{n}", port, user))
                for n in range(1, clients + 1)
            )
            yield SmbShare(served, seen)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_server_config(folder: Path, served: Path, port: int) -> Path:
    for name in ("lock", "state", "cache", "private", "pid", "ncalrpc", "log"):
        (folder / name).mkdir(parents=True)
    config = folder / "smb.conf"
    config.write_text(
        f"""[global]
server role = standalone server
workgroup = WORKGROUP
netbios name = PDTEST
interfaces = lo
bind interfaces only = yes
smb ports = {port}
disable netbios = yes
server min protocol = SMB2_10
lock directory = {folder / "lock"}
state directory = {folder / "state"}
cache directory = {folder / "cache"}
private dir = {folder / "private"}
pid directory = {folder / "pid"}
ncalrpc dir = {folder / "ncalrpc"}
log file = {folder / "log" / "smbd.log"}
log level = 1
passdb backend = tdbsam:{folder / "private" / "passdb.tdb"}
load printers = no
printcap name = /dev/null
disable spoolss = yes

[{SHARE}]
path = {served}
read only = no
valid users = {getpass.getuser()}
"""
    )
    return config


@contextlib.contextmanager
def _mounted(folder: Path, port: int, user: str) -> Iterator[Path]:
    """One PC's connection: an smbnetfs mount whose share path is returned."""
    settings = folder / ".smb"
    settings.mkdir(parents=True)
    # libsmbclient reads $HOME/.smb/smb.conf: only SMB2/3, and no NetBIOS browsing.
    (settings / "smb.conf").write_text(
        "[global]\nworkgroup = WORKGROUP\nclient min protocol = SMB2_10\n"
        "client max protocol = SMB3\ndisable netbios = yes\nname resolve order = host\n"
    )
    auth = settings / "smbnetfs.conf"
    auth.write_text(f'smb_query_browsers "false"\nauth "{user}" "{PASSWORD}"\n')
    auth.chmod(0o600)
    mount = folder / "mnt"
    mount.mkdir()
    command = [
        "smbnetfs",
        str(mount),
        "-f",
        "-o",
        f"config={auth},log_file={folder / 'smbnetfs.log'},attr_timeout=0",
    ]
    with _running(command, folder, env={**os.environ, "HOME": str(folder)}):
        share = mount / f"127.0.0.1:{port}" / SHARE
        try:
            _wait_until_listed(share)
            yield share
        finally:
            subprocess.run(["fusermount", "-u", "-z", str(mount)], check=False)


@contextlib.contextmanager
def _running(
    command: list[str], folder: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A process of ours in its own process group, ended (with its children) on leaving."""
    with (folder / f"{command[0]}.out").open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + _STARTUP_S
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"smbd did not start listening on 127.0.0.1:{port}")
        time.sleep(0.1)


def _wait_until_listed(share: Path) -> None:
    deadline = time.monotonic() + _STARTUP_S
    while True:
        try:
            next(share.iterdir(), None)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
