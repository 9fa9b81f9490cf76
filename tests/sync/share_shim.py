"""A local folder that behaves as SMB shares and NAS boxes do where they differ from a disk.

`QuirkyShare` is installed with pytest's monkeypatch over the `os`, `io` and `fcntl`
functions that pathlib, tempfile and the sync code (sync/, atomic.py) call, and changes what
they do only for paths inside the share:

- names are found whatever their case and keep the case they were made with (Windows, Samba,
  most NAS boxes), so `B1/00000001.PDBATCH` is the file `b1/00000001.pdbatch` asked for;
- renaming onto an existing name is refused with EEXIST, as some NAS boxes do, and as Samba
  and Windows do while another PC has the file open;
- file locks are refused (ENOLCK), as on shares that do not pass them on;
- `stale()` keeps every listing as it was when it began, as a client's directory cache does
  (Windows keeps one for 10 s): a file written since is not listed yet, and a file removed
  since is still listed (though opening it fails).

What a real share does is checked in test_sync_on_smb.py; this stands in where a real share
will not misbehave on request.
"""

# The shim works on strings with the `os` functions beneath pathlib, which it patches: Path
# here would call back into itself.
# ruff: noqa: PTH100, PTH112, PTH115, PTH118, PTH119, PTH206

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

_ONE_PATH = ("stat", "lstat", "open", "mkdir", "unlink", "remove", "rmdir", "scandir")
_TWO_PATHS = ("rename", "replace")


class QuirkyShare:
    def __init__(
        self,
        root: Path,
        monkeypatch: pytest.MonkeyPatch,
        *,
        ignore_case: bool = False,
        refuse_rename_over: bool = False,
        refuse_locks: bool = False,
    ) -> None:
        self.root = os.path.abspath(root)
        self.ignore_case = ignore_case
        self.refuse_rename_over = refuse_rename_over
        self.refuse_locks = refuse_locks
        self.refused: list[str] = []  # what the share refused, for a test to show it was tried
        self._frozen: dict[str, list[str]] | None = None
        self._os = {name: getattr(os, name) for name in (*_ONE_PATH, *_TWO_PATHS, "listdir")}
        for name in _ONE_PATH:
            monkeypatch.setattr(os, name, self._one_path(self._os[name]))
        for name in _TWO_PATHS:
            monkeypatch.setattr(os, name, self._two_paths(name, self._os[name]))
        monkeypatch.setattr(os, "listdir", self._listdir)
        real_open = io.open
        monkeypatch.setattr(io, "open", self._one_path(real_open))
        for name in ("flock", "lockf"):
            monkeypatch.setattr(fcntl, name, self._lock(getattr(fcntl, name)))

    @contextlib.contextmanager
    def stale(self) -> Iterator[None]:
        """Listings inside the share stay as they are now until the block ends."""
        frozen: dict[str, list[str]] = {}
        pending = [self.root]
        while pending:
            folder = pending.pop()
            frozen[folder] = self._os["listdir"](folder)
            for name in frozen[folder]:
                path = os.path.join(folder, name)
                if os.path.isdir(path):
                    pending.append(path)
        self._frozen = frozen
        try:
            yield
        finally:
            self._frozen = None

    # -- paths ----------------------------------------------------------------------------------

    def _inside(self, path: Any) -> str | None:
        if not isinstance(path, (str, os.PathLike)):
            return None  # a file descriptor, or bytes: never the sync code's
        text = os.path.abspath(os.fspath(path))
        if not isinstance(text, str):
            return None
        return text if text == self.root or text.startswith(self.root + os.sep) else None

    def _actual(self, path: str) -> str:
        """The name on disk that `path` finds on this share."""
        if not self.ignore_case or path == self.root:
            return path
        current = self.root
        for part in os.path.relpath(path, self.root).split(os.sep):
            candidate = os.path.join(current, part)
            if not _exists(self._os["lstat"], candidate):
                with contextlib.suppress(OSError):
                    wanted = part.casefold()
                    same = [n for n in self._os["listdir"](current) if n.casefold() == wanted]
                    if same:
                        candidate = os.path.join(current, same[0])
            current = candidate
        return current

    def _mapped(self, path: Any) -> Any:
        inside = self._inside(path)
        return path if inside is None else self._actual(inside)

    # -- what is patched ------------------------------------------------------------------------

    def _one_path(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def patched(path: Any, *args: Any, **kwargs: Any) -> Any:
            return real(self._mapped(path), *args, **kwargs)

        return patched

    def _two_paths(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def patched(source: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
            inside = self._inside(target)
            target = self._mapped(target)
            if (
                inside is not None
                and self.refuse_rename_over
                and _exists(self._os["lstat"], target)
            ):
                self.refused.append(f"{name} over {os.path.basename(target)}")
                raise FileExistsError(errno.EEXIST, "File exists", target)
            source = self._mapped(source)
            if inside is not None and target == source:  # the same name in another case
                target = inside
            return real(source, target, *args, **kwargs)

        return patched

    def _listdir(self, path: Any = ".") -> list[str]:
        inside = self._inside(path)
        if inside is None:
            return self._os["listdir"](path)
        actual = self._actual(inside)
        if self._frozen is not None and actual in self._frozen:
            return list(self._frozen[actual])
        if self._frozen is not None:
            return []  # a folder made since: not listed yet either
        return self._os["listdir"](actual)

    def _lock(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def patched(fd: Any, *args: Any, **kwargs: Any) -> Any:
            number = fd if isinstance(fd, int) else fd.fileno()
            try:
                path = os.readlink(f"/proc/self/fd/{number}")
            except OSError:
                path = ""
            if self.refuse_locks and self._inside(path):
                self.refused.append("lock")
                raise OSError(errno.ENOLCK, "No locks available")
            return real(fd, *args, **kwargs)

        return patched


def _exists(lstat: Callable[..., Any], path: str) -> bool:
    try:
        lstat(path)
    except OSError:
        return False
    return True
