"""Writing small files whole or not at all."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from practicedesk.atomic import write_atomically

OLD = b'{"version": 1}'


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "keystore.json"
    path.write_bytes(OLD)
    return path


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_new_content_replaces_the_old(target: Path) -> None:
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _files(target.parent) == ["keystore.json"]


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    data = secrets.token_bytes(3_000_000)
    write_atomically(tmp_path / "backup.bin", data)
    assert (tmp_path / "backup.bin").read_bytes() == data
    assert _files(tmp_path) == ["backup.bin"]


def test_an_empty_write_leaves_an_empty_file(target: Path) -> None:
    write_atomically(target, b"")
    assert target.read_bytes() == b""


def test_other_files_in_the_folder_are_left_alone(target: Path) -> None:
    (target.parent / "practice.db").write_bytes(b"database")
    write_atomically(target, b"new")
    assert (target.parent / "practice.db").read_bytes() == b"database"
    assert _files(target.parent) == ["keystore.json", "practice.db"]


def _fail(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("module", "name"),
    [
        pytest.param(Path, "replace", id="rename"),
        pytest.param(os, "replace", id="os rename"),
        pytest.param(os, "fsync", id="flush to disk"),
    ],
)
def test_a_failure_midway_keeps_the_old_file_and_leaves_no_temporary(
    target: Path, monkeypatch: pytest.MonkeyPatch, module: object, name: str
) -> None:
    monkeypatch.setattr(module, name, _fail)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _files(target.parent) == ["keystore.json"]


def test_a_failure_midway_on_a_new_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Path, "replace", _fail)
    with pytest.raises(OSError):
        write_atomically(tmp_path / "login-attempts.json", b"new")
    monkeypatch.undo()
    assert _files(tmp_path) == []


def test_an_interrupted_write_keeps_the_old_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C or a closing program mid-write is not an Exception, and is cleaned up too."""

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _files(target.parent) == ["keystore.json"]


def test_a_missing_folder_is_an_error_not_a_new_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "gone" / "keystore.json", b"new")
    assert _files(tmp_path) == []


def _refuse_over_existing(refusal: type[OSError]) -> Callable[[Path, Path], Path]:
    """Path.replace as some shares do it: refused onto an existing name, while a rename to a
    new name goes through."""
    real = Path.replace

    def replace(self: Path, target: Path) -> Path:
        if Path(target).exists():
            raise refusal(13, "refused by the share", str(target))
        return real(self, target)

    return replace


@pytest.mark.parametrize("refusal", [FileExistsError, PermissionError])
def test_a_share_that_never_renames_over_a_file_still_gets_the_new_one(
    target: Path, monkeypatch: pytest.MonkeyPatch, refusal: type[OSError]
) -> None:
    monkeypatch.setattr(Path, "replace", _refuse_over_existing(refusal))
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _files(target.parent) == ["keystore.json"]


def test_a_file_held_open_by_another_pc_for_a_moment_is_replaced_after_it(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows and Samba refuse to rename over, or away, a file another PC is reading."""
    real = Path.replace
    held = {"left": 2}

    def replace(self: Path, target_path: Path) -> Path:
        if (self == target or Path(target_path).exists()) and held["left"]:
            held["left"] -= 1
            raise PermissionError(13, "the file is in use", str(self))
        return real(self, target_path)

    monkeypatch.setattr(Path, "replace", replace)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _files(target.parent) == ["keystore.json"]


def test_a_file_a_busy_pc_holds_for_over_a_second_is_still_replaced(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PC reading through a FUSE client under load held pc.json for most of a second."""
    real = Path.replace
    released = time.monotonic() + 1.5

    def replace(self: Path, target_path: Path) -> Path:
        if (self == target or Path(target_path).exists()) and time.monotonic() < released:
            raise FileExistsError(17, "File exists", str(self))
        return real(self, target_path)

    monkeypatch.setattr(Path, "replace", replace)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert _files(target.parent) == ["keystore.json"]


def test_a_file_held_open_for_good_keeps_its_old_content_and_says_so(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.replace

    def replace(self: Path, target_path: Path) -> Path:
        if self == target or Path(target_path).exists():
            raise PermissionError(13, "the file is in use", str(self))
        return real(self, target_path)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(PermissionError, match="in use"):
        write_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _files(target.parent) == ["keystore.json"]


def test_a_new_name_the_share_refuses_is_a_real_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def replace(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(PermissionError):
        write_atomically(tmp_path / "pc.json", b"new")
    monkeypatch.undo()
    assert _files(tmp_path) == []
