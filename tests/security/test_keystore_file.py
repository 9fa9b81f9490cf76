"""The keystore: right secrets unwrap, everything else fails loudly, the file names no one."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from practicedesk.errors import DamagedKeystore, WrongPassword
from practicedesk.security.kdf import KdfParams
from practicedesk.security.keystore import Keystore
from practicedesk.security.recovery import new_recovery_code
from tests.conftest import FAST_KDF

MASTER = secrets.token_bytes(32)
ANA_PASSWORD = "lunar otter quietly paints"
BEN_PASSWORD = "seven paper boats drifting"


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, str]:
    code = new_recovery_code()
    store = Keystore.create("practice-1", MASTER, code, FAST_KDF)
    store.set_password(MASTER, "id-1", "Annabelle.Q", ANA_PASSWORD)
    store.set_password(MASTER, "id-2", "benedikt.z", BEN_PASSWORD, must_change=True)
    path = tmp_path / "keystore.json"
    store.save(path, MASTER)
    return path, code


def test_the_right_password_unwraps_the_master_key(saved: tuple[Path, str]) -> None:
    store = Keystore.load(saved[0])
    unlocked = store.unlock("annabelle.q", ANA_PASSWORD)
    assert (unlocked.user_id, unlocked.master_key) == ("id-1", MASTER)
    assert not unlocked.must_change_password
    assert store.unlock("benedikt.z", BEN_PASSWORD).must_change_password


def test_wrong_password_and_unknown_user_fail_alike(saved: tuple[Path, str]) -> None:
    store = Keystore.load(saved[0])
    with pytest.raises(WrongPassword) as wrong:
        store.unlock("annabelle.q", BEN_PASSWORD)
    with pytest.raises(WrongPassword) as unknown:
        store.unlock("carla", ANA_PASSWORD)
    assert wrong.value.message == unknown.value.message


def test_the_recovery_code_unwraps_however_it_is_typed(saved: tuple[Path, str]) -> None:
    path, code = saved
    typed = code.lower().replace("-", " ").replace("O", "0").replace("o", "0")
    assert Keystore.load(path).unlock_with_recovery_code(typed) == MASTER


def test_the_file_holds_no_names_and_no_key(saved: tuple[Path, str]) -> None:
    text = saved[0].read_text()
    for secret in ("annabelle", "Annabelle", "benedikt", ANA_PASSWORD, MASTER.hex()):
        assert secret not in text
    assert '"user_id": "id-1"' in text  # slots carry ids only


def test_each_save_raises_the_version(saved: tuple[Path, str]) -> None:
    store = Keystore.load(saved[0])
    before = store.version
    store.save(saved[0], MASTER)
    assert Keystore.load(saved[0]).version == before + 1


def test_an_edited_file_is_detected_after_unwrapping(saved: tuple[Path, str]) -> None:
    path = saved[0]
    data = json.loads(path.read_text())
    data["kdf"]["iterations"] = 2
    path.write_text(json.dumps(data))
    with pytest.raises(DamagedKeystore, match="changed outside"):
        Keystore.load(path).unlock("annabelle.q", ANA_PASSWORD)


def test_swapped_slots_do_not_open(saved: tuple[Path, str]) -> None:
    path = saved[0]
    data = json.loads(path.read_text())
    slots = list(data["users"].values())
    slots[0]["wrapped"], slots[1]["wrapped"] = slots[1]["wrapped"], slots[0]["wrapped"]
    path.write_text(json.dumps(data))
    store = Keystore.load(path)
    for name, password in (("annabelle.q", ANA_PASSWORD), ("benedikt.z", BEN_PASSWORD)):
        with pytest.raises((WrongPassword, DamagedKeystore)):
            store.unlock(name, password)


def test_a_turned_off_user_cannot_unlock(saved: tuple[Path, str]) -> None:
    store = Keystore.load(saved[0])
    store.disable("benedikt.z")
    store.save(saved[0], MASTER)
    with pytest.raises(WrongPassword):
        Keystore.load(saved[0]).unlock("benedikt.z", BEN_PASSWORD)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("recovery"),
        lambda d: d.update(format="other"),
        lambda d: d.update(format_version=99),
        lambda d: d["kdf"].update(memory_kib=10 * 1024 * 1024),
        lambda d: d["kdf"].update(iterations=10**6),
        lambda d: d["recovery"].update(salt="not base64 !!"),
    ],
)
def test_damaged_or_hostile_files_are_refused_before_use(
    saved: tuple[Path, str], mutate: object
) -> None:
    path = saved[0]
    data = json.loads(path.read_text())
    mutate(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    with pytest.raises(DamagedKeystore) as raised:
        Keystore.load(path)
    assert str(path) in raised.value.message or "key settings" in raised.value.message


def test_an_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keystore.json"
    path.write_bytes(b" " * 2_000_000)
    with pytest.raises(DamagedKeystore, match="too large"):
        Keystore.load(path)


def test_kdf_parameters_survive_a_round_trip() -> None:
    params = KdfParams(7, 65536, 2)
    assert KdfParams.from_json(params.to_json()) == params
