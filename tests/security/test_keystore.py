"""The keystore: right secrets unwrap, everything else fails loudly, the file names no one."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practicedesk.errors import DamagedKeystore, WrongPassword
from practicedesk.security.keystore import Keystore, UserSlot
from practicedesk.security.recovery import normalize_recovery_code
from tests.conftest import FAST_KDF

MASTER = secrets.token_bytes(32)
PRACTICE_ID = "3f2a9c1e-practice"
# Holds O, I and B, which people type as 0, 1 and 8.
CODE = "OBIO-2345-ABCD-EFGH-IJKL-MNOP-QRST-UVWX"
ANA, ANA_ID, ANA_PASSWORD = "Annabelle.Q", "user-ana", "lunar otter quietly paints"
BEN, BEN_ID, BEN_PASSWORD = "benedikt.z", "user-ben", "seven paper boats drifting"
Mutation = Callable[[dict[str, Any]], object]


def _new_store() -> Keystore:
    store = Keystore.create(PRACTICE_ID, MASTER, CODE, FAST_KDF)
    store.database_salt = "00112233445566778899aabbccddeeff"
    store.set_password(MASTER, ANA_ID, ANA, ANA_PASSWORD)
    store.set_password(MASTER, BEN_ID, BEN, BEN_PASSWORD, must_change=True)
    return store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    saved = tmp_path / "keystore.json"
    _new_store().save(saved, MASTER)
    return saved


def _edit(path: Path, mutate: Mutation) -> None:
    data = json.loads(path.read_text())
    mutate(data)
    path.write_text(json.dumps(data))


def _slot(data: dict[str, Any], username: str) -> dict[str, Any]:
    slot: dict[str, Any] = data["users"][_new_store().lookup(username)]
    return slot


def _every_secret_fails(path: Path) -> None:
    """No password and not the recovery code opens the file: it is refused, never misread."""
    with pytest.raises((DamagedKeystore, WrongPassword)):
        Keystore.load(path).unlock(ANA, ANA_PASSWORD)
    with pytest.raises((DamagedKeystore, WrongPassword)):
        Keystore.load(path).unlock(BEN, BEN_PASSWORD)
    with pytest.raises((DamagedKeystore, WrongPassword)):
        Keystore.load(path).unlock_with_recovery_code(CODE)


# -- unlocking ------------------------------------------------------------------------------------


def test_a_saved_and_loaded_keystore_opens_with_each_users_password(path: Path) -> None:
    store = Keystore.load(path)
    ana = store.unlock(ANA, ANA_PASSWORD)
    ben = store.unlock(BEN, BEN_PASSWORD)
    assert (ana.user_id, ana.master_key, ana.must_change_password) == (ANA_ID, MASTER, False)
    assert (ben.user_id, ben.master_key, ben.must_change_password) == (BEN_ID, MASTER, True)
    assert store.practice_id == PRACTICE_ID
    assert store.database_salt == "00112233445566778899aabbccddeeff"
    assert store.kdf == FAST_KDF


@pytest.mark.parametrize("typed", ["annabelle.q", "  ANNABELLE.Q ", "Ａｎｎａｂｅｌｌｅ.Ｑ"])
def test_the_user_name_is_matched_however_it_is_typed(path: Path, typed: str) -> None:
    assert Keystore.load(path).unlock(typed, ANA_PASSWORD).user_id == ANA_ID


def test_a_password_typed_in_another_unicode_form_still_opens(tmp_path: Path) -> None:
    store = Keystore.create(PRACTICE_ID, MASTER, CODE, FAST_KDF)
    store.set_password(MASTER, "user-zoe", "zoe", "café au lait sur la plage")
    store.save(tmp_path / "keystore.json", MASTER)
    loaded = Keystore.load(tmp_path / "keystore.json")
    decomposed = "cafe\u0301 au lait sur la plage"
    assert loaded.unlock("zoe", decomposed).master_key == MASTER


def test_a_wrong_password_and_an_unknown_user_fail_with_the_same_message(path: Path) -> None:
    store = Keystore.load(path)
    with pytest.raises(WrongPassword) as wrong:
        store.unlock(ANA, BEN_PASSWORD)
    with pytest.raises(WrongPassword) as unknown:
        store.unlock("carla", ANA_PASSWORD)
    with pytest.raises(WrongPassword) as empty:
        store.unlock(ANA, "")
    assert wrong.value.message == unknown.value.message == empty.value.message
    assert "user name or password" in wrong.value.message


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        CODE.lower(),
        CODE.replace("-", " "),
        CODE.replace("-", ""),
        "  " + CODE.lower().replace("-", "  ") + "\n",
        CODE.replace("O", "0").replace("I", "1").replace("B", "8"),
        CODE.lower().replace("o", "0").replace("i", "1").replace("b", "8").replace("-", " "),
    ],
)
def test_the_recovery_code_opens_however_it_is_typed(path: Path, typed: str) -> None:
    assert Keystore.load(path).unlock_with_recovery_code(typed) == MASTER


def test_a_different_recovery_code_does_not_open(path: Path) -> None:
    with pytest.raises(WrongPassword):
        Keystore.load(path).unlock_with_recovery_code(CODE.replace("OBIO", "OBIA"))


def test_a_turned_off_user_cannot_open_but_the_others_still_can(path: Path) -> None:
    store = Keystore.load(path)
    store.disable(BEN)
    store.save(path, MASTER)
    reloaded = Keystore.load(path)
    assert not reloaded.is_enabled(BEN) and reloaded.is_enabled(ANA)
    with pytest.raises(WrongPassword) as turned_off:
        reloaded.unlock(BEN, BEN_PASSWORD)
    with pytest.raises(WrongPassword) as unknown:
        reloaded.unlock("carla", BEN_PASSWORD)
    assert turned_off.value.message == unknown.value.message
    assert reloaded.unlock(ANA, ANA_PASSWORD).master_key == MASTER


def test_turning_off_an_unknown_user_is_an_error_not_a_new_slot(path: Path) -> None:
    store = Keystore.load(path)
    with pytest.raises(KeyError):
        store.disable("carla")
    assert store.slot_for("carla") is None


def test_a_new_password_replaces_the_old_one(path: Path) -> None:
    store = Keystore.load(path)
    store.set_password(MASTER, ANA_ID, ANA, "marigold sprocket velvet tide")
    store.save(path, MASTER)
    reloaded = Keystore.load(path)
    assert reloaded.unlock(ANA, "marigold sprocket velvet tide").user_id == ANA_ID
    with pytest.raises(WrongPassword):
        reloaded.unlock(ANA, ANA_PASSWORD)


# -- the file -------------------------------------------------------------------------------------


def test_the_file_holds_no_names_passwords_or_keys(path: Path) -> None:
    text = path.read_text()
    forbidden = [
        ANA,
        ANA.casefold(),
        BEN,
        ANA_PASSWORD,
        BEN_PASSWORD,
        CODE,
        normalize_recovery_code(CODE),
        MASTER.hex(),
        base64.b64encode(MASTER).decode(),
    ]
    for secret in forbidden:
        assert secret.casefold() not in text.casefold()
    data = json.loads(text)
    assert {slot["user_id"] for slot in data["users"].values()} == {ANA_ID, BEN_ID}


def test_each_save_raises_the_version(path: Path) -> None:
    store = Keystore.load(path)
    first = store.version
    store.save(path, MASTER)
    store.save(path, MASTER)
    assert first == 1
    assert Keystore.load(path).version == first + 2
    assert Keystore.load(path).unlock(ANA, ANA_PASSWORD).master_key == MASTER


# -- tampering -------------------------------------------------------------------------------------


def _set_in_slot(username: str, key: str, value: object) -> Mutation:
    return lambda data: _slot(data, username).update({key: value})


def _set_in_wrapped(username: str, key: str, value: object) -> Mutation:
    return lambda data: _slot(data, username)["wrapped"].update({key: value})


def _flip_base64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _flip_in_wrapped(username: str, key: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        wrapped = _slot(data, username)["wrapped"]
        wrapped[key] = _flip_base64(wrapped[key])

    return mutate


def _flip_in_recovery(key: str) -> Mutation:
    return lambda data: data["recovery"].update({key: _flip_base64(data["recovery"][key])})


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda d: d.update(version=d["version"] + 1), id="version up"),
        pytest.param(lambda d: d.update(version=0), id="version down"),
        pytest.param(lambda d: d.update(practice_id="another-practice"), id="practice id"),
        pytest.param(lambda d: d.update(database_salt="ff" * 16), id="database salt"),
        pytest.param(lambda d: d["kdf"].update(iterations=2), id="new-wrap kdf"),
        pytest.param(_set_in_slot(ANA, "user_id", BEN_ID), id="user id"),
        pytest.param(_set_in_slot(BEN, "must_change_password", False), id="must change"),
        pytest.param(_set_in_wrapped(ANA, "kdf", {**FAST_KDF.to_json(), "lanes": 2}), id="lanes"),
        pytest.param(_flip_in_wrapped(ANA, "salt"), id="salt"),
        pytest.param(_flip_in_wrapped(ANA, "nonce"), id="nonce"),
        pytest.param(_flip_in_wrapped(ANA, "ciphertext"), id="ciphertext"),
        pytest.param(_flip_in_recovery("ciphertext"), id="recovery ciphertext"),
        pytest.param(_flip_in_recovery("salt"), id="recovery salt"),
        pytest.param(lambda d: d.update(mac="0" * 64), id="mac"),
        pytest.param(lambda d: d["users"].pop(_new_store().lookup(BEN)), id="slot removed"),
    ],
)
def test_an_edited_file_never_opens(path: Path, mutate: Mutation) -> None:
    _edit(path, mutate)
    _every_secret_fails(path)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, 10**9), replacement=st.characters(codec="ascii"))
def test_changing_any_character_of_the_file_is_refused_or_changes_nothing(
    tmp_path: Path, position: int, replacement: str
) -> None:
    """Some edits mean the same (a space for a tab, unused base64 padding bits); all else fails."""
    original_path = tmp_path / "original.json"
    if not original_path.exists():
        _new_store().save(original_path, MASTER)
    original = original_path.read_text()
    position %= len(original)
    edited_path = tmp_path / "edited.json"
    edited_path.write_text(original[:position] + replacement + original[position + 1 :])
    try:
        edited = Keystore.load(edited_path)
    except DamagedKeystore:
        return
    if edited != Keystore.load(original_path):
        _every_secret_fails(edited_path)


def test_swapped_wrapped_keys_do_not_open_even_with_a_fresh_mac(path: Path) -> None:
    """The slot's user id is bound into the encryption: Ben's key under Ana's name is useless."""
    store = Keystore.load(path)
    ana, ben = store.lookup(ANA), store.lookup(BEN)
    ana_slot, ben_slot = store.users[ana], store.users[ben]
    store.users[ana] = UserSlot(ANA_ID, ben_slot.wrapped)
    store.users[ben] = UserSlot(BEN_ID, ana_slot.wrapped)
    store.save(path, MASTER)  # the MAC now vouches for the swap
    reloaded = Keystore.load(path)
    for username in (ANA, BEN):
        for password in (ANA_PASSWORD, BEN_PASSWORD):
            with pytest.raises(WrongPassword):
                reloaded.unlock(username, password)


def test_swapped_wrapped_keys_in_the_file_do_not_open(path: Path) -> None:
    def swap(data: dict[str, Any]) -> None:
        ana, ben = _slot(data, ANA), _slot(data, BEN)
        ana["wrapped"], ben["wrapped"] = ben["wrapped"], ana["wrapped"]

    _edit(path, swap)
    for username in (ANA, BEN):
        for password in (ANA_PASSWORD, BEN_PASSWORD):
            with pytest.raises((WrongPassword, DamagedKeystore)):
                Keystore.load(path).unlock(username, password)


def test_a_keystore_from_another_practice_does_not_open_this_one(tmp_path: Path) -> None:
    """The practice id is bound into every slot: copying slots between practices fails."""
    other = Keystore.create("other-practice", MASTER, CODE, FAST_KDF)
    store = _new_store()
    other.users = {other.lookup(name): store.users[store.lookup(name)] for name in (ANA, BEN)}
    other.save(tmp_path / "keystore.json", MASTER)
    with pytest.raises(WrongPassword):
        Keystore.load(tmp_path / "keystore.json").unlock(ANA, ANA_PASSWORD)


def test_an_edit_is_reported_as_a_changed_file(path: Path) -> None:
    _edit(path, lambda d: d.update(version=d["version"] + 5))
    with pytest.raises(DamagedKeystore, match="changed outside PracticeDesk"):
        Keystore.load(path).unlock(ANA, ANA_PASSWORD)


# -- unreadable and hostile files --------------------------------------------------------------


def _write(path: Path, content: bytes | Mutation) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        _edit(path, content)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"garbage \x00\xff\xfe", id="garbage"),
        pytest.param(b'{"format": "practicedesk-keystore", "users": {', id="truncated"),
        pytest.param(b"[" * 100_000, id="deeply nested"),
        pytest.param(b"[]", id="a list"),
        pytest.param(b'"keystore"', id="a string"),
        pytest.param(lambda d: d.update(format="other"), id="wrong format"),
        pytest.param(lambda d: d.pop("format"), id="no format"),
        pytest.param(lambda d: d.update(format_version=99), id="newer format"),
        pytest.param(lambda d: d.pop("recovery"), id="no recovery"),
        pytest.param(lambda d: d.pop("mac"), id="no mac"),
        pytest.param(lambda d: d.update(users=[]), id="users a list"),
        pytest.param(lambda d: d.update(version="one"), id="version text"),
        pytest.param(lambda d: d["kdf"].update(memory_kib=10 * 1024 * 1024), id="10 GiB"),
        pytest.param(lambda d: d["kdf"].update(iterations=10**6), id="10^6 passes"),
        pytest.param(lambda d: d["kdf"].update(algorithm="scrypt"), id="other algorithm"),
        pytest.param(_set_in_wrapped(ANA, "kdf", {"memory_kib": 1}), id="slot kdf partial"),
        pytest.param(
            _set_in_wrapped(ANA, "kdf", {**FAST_KDF.to_json(), "memory_kib": 10 * 1024 * 1024}),
            id="slot 10 GiB",
        ),
        pytest.param(
            _set_in_wrapped(ANA, "kdf", {**FAST_KDF.to_json(), "iterations": 10**6}),
            id="slot 10^6 passes",
        ),
        pytest.param(lambda d: d["recovery"].update(salt="not base64 !!"), id="bad base64"),
        pytest.param(lambda d: d["recovery"].update(salt=12), id="salt a number"),
        pytest.param(_set_in_wrapped(ANA, "salt", "c2hvcnQ="), id="short salt"),
        pytest.param(_set_in_wrapped(ANA, "nonce", ""), id="empty nonce"),
        pytest.param(_set_in_wrapped(ANA, "nonce", "YWJj"), id="short nonce"),
    ],
)
def test_an_unreadable_or_hostile_file_is_refused_naming_the_file(
    path: Path, content: bytes | Mutation
) -> None:
    _write(path, content)
    with pytest.raises(DamagedKeystore) as raised:
        Keystore.load(path)
    assert str(path) in raised.value.message
    assert "backup" in raised.value.message


def test_an_oversized_file_is_refused_without_reading_it(path: Path) -> None:
    path.write_bytes(b" " * 2_000_000)
    with pytest.raises(DamagedKeystore, match="too large") as raised:
        Keystore.load(path)
    assert str(path) in raised.value.message


def test_a_missing_file_is_reported_as_missing(tmp_path: Path) -> None:
    """services/ turns this into its own message, which says the file is missing."""
    with pytest.raises(FileNotFoundError):
        Keystore.load(tmp_path / "keystore.json")
