"""The start's first look at a desk (cmdesk.storage.first_look): the client list's first
page read without the database layer, the same as the list's own search gives; only on an
everyday desk (anything else is left to the full open); the key derived once."""
from __future__ import annotations

import pytest

from cmdesk.errors import PasswordRequiredError, WrongPasswordError
from cmdesk.paths import DataPaths
from cmdesk.services import clients as svc
from cmdesk.services.client_rows import first_page
from cmdesk.storage import encryption, sqlite_file
from cmdesk.storage.desk import open_desk
from cmdesk.storage.first_look import first_look

PASSWORD = "first-look-2026"


def _save(db, fields, client_id=None, **sections):
    with db.transaction("测试") as session:
        return svc.save_client_file(session, svc.ClientDraft(fields=fields, **sections), client_id)


def test_the_first_page_is_what_the_list_search_shows(desk):
    # GIVEN a book with an archived client and clients with one, two or no contacts
    _save(desk.db, {"kind": "company", "name": "厦门恒达贸易有限公司"},
          contacts=[{"name": "王五", "phone": "13812345678"},
                    {"name": "赵六", "phone": "13900001111", "is_primary": True}])
    _save(desk.db, {"kind": "individual", "name": "安然"},
          contacts=[{"name": "安然", "phone": "13700002222"}])
    _save(desk.db, {"kind": "company", "name": "北京安川机械有限公司"})
    archived = _save(desk.db, {"kind": "company", "name": "阿里"})
    with desk.db.transaction() as session:
        svc.set_archived(session, archived, True)
    # WHEN the start looks first (and a page of two is read)
    look = first_look(desk.paths, no_encryption=True)
    connection = sqlite_file.connect(desk.paths.database, read_only=True)
    try:
        short = first_page(connection, limit=2)
    finally:
        connection.close()
    # THEN rows, order, masked phones, count and book size are the search's
    with desk.db.session() as session:
        searched = svc.search_clients(session)
        searched_short = svc.search_clients(session, limit=2)
    assert look is not None and look.key is None
    assert look.clients == searched and short == searched_short
    assert [row.name for row in searched.rows] == ["安然", "北京安川机械有限公司", "厦门恒达贸易有限公司"]
    assert searched.rows[2].contact == "赵六" and searched.rows[2].phone_masked == "139****1111"
    assert (searched.total, searched.book_size) == (3, 4)
    assert (short.total, short.limited, short.book_size) == (3, True, 4)


def test_loads_without_the_database_layer_only_everyday_desks(tmp_path, desk):
    paths = DataPaths(tmp_path / "new")
    assert first_look(paths, no_encryption=True) is None  # a new desk: the full open makes it
    assert first_look(desk.paths, no_encryption=False) is None  # a password to set first
    desk.close()
    shm = desk.paths.database.with_name(desk.paths.database.name + "-shm")
    shm.write_bytes(b"")
    assert first_look(desk.paths, no_encryption=True) is None  # the log is gone: said by the open
    shm.unlink()
    with desk.db.session() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")
        session.commit()
    desk.close()
    assert first_look(desk.paths, no_encryption=True) is None  # an upgrade to make


def test_an_encrypted_desk_derives_its_key_once(tmp_path, monkeypatch):
    folder = tmp_path / "encrypted"
    open_desk(folder, PASSWORD).close()
    paths = DataPaths(folder)
    with pytest.raises(PasswordRequiredError):
        first_look(paths)
    with pytest.raises(WrongPasswordError):
        first_look(paths, "not-the-password")
    derived = []
    real_stretch = encryption.stretch
    monkeypatch.setattr(encryption, "stretch",
                        lambda params, password: derived.append(1) or real_stretch(params, password))
    look = first_look(paths, PASSWORD)
    opened = open_desk(folder, PASSWORD, quick_check=False, first=look)
    try:
        assert look.clients.rows == () and look.clients.total == 0
        assert opened.db.key == look.key and opened.key_seconds == look.key_seconds
        assert len(derived) == 1
    finally:
        opened.close()
