"""Encryption at rest: a thief with the data folder reads nothing; the password is checked in
words; re-keying and converting an earlier unencrypted database keep every record."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from cmdesk.demo import generate_demo
from cmdesk.errors import PasswordRequiredError, WrongPasswordError
from cmdesk.models import Client, Contact
from cmdesk.paths import DataPaths
from cmdesk.services.clients import count_clients
from cmdesk.services.diary_search import search_diary
from cmdesk.storage import encryption
from cmdesk.storage.backup import list_backups, make_backup
from cmdesk.storage.desk import open_desk
from cmdesk.storage.password import change_password
from tests.helpers import make_id_number

PASSWORD = "柜台密码-correct-horse"
CANARY_ID = make_id_number("11010519491231002")
CANARY_MOBILE = "13912345678"
CANARIES = (CANARY_ID.encode(), CANARY_MOBILE.encode())


def _plant_canaries(desk) -> str:
    with desk.db.transaction("测试") as session:
        client = Client(kind="individual", name="金丝雀", id_number=CANARY_ID,
                        notes=f"手机 {CANARY_MOBILE}")
        session.add(client)
        session.flush()
        session.add(Contact(client_id=client.id, name="金丝雀本人", phone=CANARY_MOBILE))
        return client.id


def _files_holding_canaries(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            found += [f"{path.name}: {canary.decode()}" for canary in CANARIES if canary in content]
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_canaries_are_not_readable_anywhere_in_the_data_folder(tmp_path):
    # GIVEN an encrypted desk holding a canary ID number and mobile, its search index built
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    generate_demo(desk.db, clients=3, seed=5)
    _plant_canaries(desk)
    with desk.db.session() as session:
        assert search_diary(session, "金丝雀", limit=5) is not None
    # AND a backup made while the desk is open (so a WAL is there too)
    make_backup(desk, "manual")
    wal = desk.db.path.with_name(desk.db.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    # THEN neither canary is in any file: database, WAL, backups, records, key file, logs
    assert _files_holding_canaries(folder) == []
    with desk.db.engine.connect() as conn:  # sorts and temp tables never go to temp files
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2
    desk.close()
    assert _files_holding_canaries(folder) == []
    # AND the data really is there for the one with the password
    reopened = open_desk(folder, PASSWORD)
    with reopened.db.session() as session:
        assert session.query(Client).filter_by(id_number=CANARY_ID).one().name == "金丝雀"
    reopened.close()


def test_the_canary_check_would_see_an_unencrypted_file(tmp_path):
    # the scan above is not blind: the same data unencrypted shows both canaries
    desk = open_desk(tmp_path / "plain", no_encryption=True)
    _plant_canaries(desk)
    desk.close()
    found = _files_holding_canaries(tmp_path / "plain")
    assert any(CANARY_ID in line for line in found) and any(CANARY_MOBILE in line for line in found)


def test_diary_search_works_on_an_encrypted_database(tmp_path):
    desk = open_desk(tmp_path / "desk", PASSWORD, no_encryption=False)
    generate_demo(desk.db, clients=3, seed=2)
    with desk.db.session() as session:
        client_name = session.query(Client).first().name
        hits = search_diary(session, client_name, limit=5)
    assert hits and all(hit.client == client_name for hit in hits)
    assert not encryption.is_plaintext(desk.db.path)
    desk.close()


def test_key_file_holds_salt_and_check_but_never_the_key(tmp_path):
    desk = open_desk(tmp_path / "desk", PASSWORD, no_encryption=False)
    key = desk.db.key
    desk.close()
    stored = DataPaths(tmp_path / "desk").key_file.read_text()
    assert key is not None and len(key) == 32
    assert key.hex() not in stored and PASSWORD not in stored
    data = json.loads(stored)
    assert data["kdf"] == "scrypt" and data["n"] >= 2 ** 15 and len(data["checks"]) == 1


def test_new_desk_needs_a_password_unless_no_encryption_is_explicit(tmp_path):
    with pytest.raises(PasswordRequiredError) as info:
        open_desk(tmp_path / "new", no_encryption=False)
    assert "密码" in str(info.value) and "--no-encryption" in str(info.value)
    assert not (tmp_path / "new" / "cmdesk.sqlite3").exists()
    plain = open_desk(tmp_path / "plain", no_encryption=True)
    assert plain.db.key is None and encryption.is_plaintext(plain.db.path)
    plain.close()


def test_wrong_password_is_refused_in_words_and_the_file_untouched(tmp_path):
    folder = tmp_path / "desk"
    open_desk(folder, PASSWORD, no_encryption=False).close()
    before = _digest(folder / "cmdesk.sqlite3")
    with pytest.raises(WrongPasswordError) as info:
        open_desk(folder, "not-the-password")
    assert "密码不对" in str(info.value)
    with pytest.raises(PasswordRequiredError):
        open_desk(folder, no_encryption=True)  # an encrypted desk never opens without one
    assert _digest(folder / "cmdesk.sqlite3") == before
    assert not (folder / "damaged").exists()  # a wrong password is not mistaken for damage


def test_short_new_password_is_refused(tmp_path):
    with pytest.raises(Exception, match="至少"):
        open_desk(tmp_path / "desk", "short", no_encryption=False)


def test_change_password_rekeys_after_a_backup(tmp_path):
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    generate_demo(desk.db, clients=4, seed=3)
    old_key = desk.db.key
    change_password(desk, PASSWORD, "新的密码-battery-staple")
    # the open desk keeps working under the new key
    with desk.db.session() as session:
        assert count_clients(session) == 4
    assert desk.db.key != old_key
    backups = list_backups(desk)
    desk.close()
    assert [b.reason for b in backups] == ["before-password"]
    with pytest.raises(WrongPasswordError):
        open_desk(folder, PASSWORD)
    reopened = open_desk(folder, "新的密码-battery-staple")
    with reopened.db.session() as session:
        assert count_clients(session) == 4
    reopened.close()
    with pytest.raises(WrongPasswordError):
        change_password(open_desk(folder, "新的密码-battery-staple"), PASSWORD, "x" * 9)


def test_an_interrupted_password_change_opens_with_the_password_the_file_has(tmp_path):
    # GIVEN a re-key that finished while the key file still lists both checks (a crash)
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    key_path = DataPaths(folder).key_file
    params = encryption.read_params(key_path)
    new_key = encryption.stretch(params, "新的密码-battery-staple")
    desk.db.rekey(new_key)
    desk.close()
    encryption.write_params(key_path, params.with_checks(params.checks[0],
                                                         encryption.key_check(new_key)))
    # THEN the old password is refused in words, without calling the file damaged
    with pytest.raises(WrongPasswordError, match="中断"):
        open_desk(folder, PASSWORD)
    assert not (folder / "damaged").exists()
    # AND the new one opens it and leaves a key file with just its check
    open_desk(folder, "新的密码-battery-staple").close()
    assert encryption.read_params(key_path).checks == (encryption.key_check(new_key),)


def test_unencrypted_database_is_converted_with_a_backup_first(tmp_path):
    # GIVEN an earlier version's unencrypted desk with data and an unencrypted backup
    folder = tmp_path / "desk"
    plain = open_desk(folder, no_encryption=True)
    generate_demo(plain.db, clients=5, seed=4)
    client_id = _plant_canaries(plain)
    make_backup(plain, "manual")
    plain.close()
    assert _files_holding_canaries(folder)
    # WHEN it is opened with a password
    desk = open_desk(folder, PASSWORD)
    # THEN it is encrypted, nothing readable is left, and every record is there
    assert desk.db.key is not None and not encryption.is_plaintext(desk.db.path)
    reasons = sorted(b.reason for b in list_backups(desk))
    assert reasons == ["before-encrypt", "manual"]
    assert all(b.encrypted for b in list_backups(desk))
    with desk.db.session() as session:
        assert count_clients(session) == 6
        assert session.get(Client, client_id).id_number == CANARY_ID
        assert search_diary(session, "金丝雀", limit=5) is not None
    desk.close()
    assert _files_holding_canaries(folder) == []
    # AND without the password it no longer opens
    with pytest.raises(PasswordRequiredError):
        open_desk(folder, no_encryption=True)


def test_existing_unencrypted_desk_is_not_opened_silently(tmp_path):
    open_desk(tmp_path / "desk", no_encryption=True).close()
    with pytest.raises(PasswordRequiredError, match="还没有加密"):
        open_desk(tmp_path / "desk", no_encryption=False)


class MemoryKeyring(KeyringBackend):
    """An OS key store stand-in that keeps passwords in memory (never chosen on its own)."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def get_password(self, service, username):
        return self.stored.get((service, username))

    def delete_password(self, service, username):
        self.stored.pop((service, username), None)


def test_key_remembered_in_the_os_key_store_opens_without_the_password(tmp_path):
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    key = desk.db.key
    desk.close()
    assert encryption.remember_key(folder, key) is False  # no usable key store here
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:
        assert encryption.remember_key(folder, key) is True
        assert PASSWORD not in "".join(store.stored.values())
        open_desk(folder).close()
        encryption.forget_key(folder)
        with pytest.raises(PasswordRequiredError):
            open_desk(folder)
    finally:
        keyring.set_keyring(previous)
