"""Identifiers show masked in the client editor; revealing one is an explicit action
recorded in the audit trail (who, which client, which field — never the value), and a
save never writes the mask over the real value."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from sqlalchemy import select

from cmdesk.models import Client, Contact, FileHistory
from cmdesk.storage.audit import verify_chain
from tests.helpers import make_id_number
from tests.ui.waiting import wait_for_ops

MOBILE = "13812345678"
ID_NUMBER = make_id_number("35020319900101123")


def _reveal_lines(db) -> list[FileHistory]:
    with db.session() as session:
        return list(session.scalars(select(FileHistory)
                                    .where(FileHistory.action == "view_unmasked")))


def _stored(db, client_id: str) -> tuple[str, str]:
    with db.session() as session:
        client = session.get(Client, client_id)
        phone = session.scalars(select(Contact.phone).where(Contact.client_id == client_id,
                                                            Contact.deleted_at.is_(None))).one()
        return client.id_number, phone


def _editor(qtbot, qdesk, client_id):
    from ui.clients.editor import ClientEditor

    editor = ClientEditor(qdesk)
    qtbot.addWidget(editor)
    editor.resize(1100, 700)
    editor.show()
    editor.load(client_id)
    wait_for_ops(qtbot, qdesk)
    wait_for_ops(qtbot, qdesk)  # the file is read in the background
    return editor


def _individual(make_client) -> str:
    return make_client("陈晓梅", kind="individual", id_number=ID_NUMBER)


def _with_contact(qdesk, client_id: str) -> None:
    from cmdesk.services import clients as client_service

    with qdesk.db.transaction("张明") as session:
        data = client_service.client_file_dict(session, client_service.get_client(session, client_id))
        client_service.save_client_file(session, client_service.ClientDraft(
            fields=data["client"], contacts=[{"name": "王五", "phone": MOBILE}]), client_id)


def test_the_id_number_is_masked_until_revealed_and_the_reveal_is_recorded(qtbot, qdesk,
                                                                           make_client, wait_ops):
    client_id = _individual(make_client)
    editor = _editor(qtbot, qdesk, client_id)
    field = editor.basic.editors["id_number"]
    assert field.input.text() == ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1]
    assert field.input.isReadOnly() and field.reveal_button.isVisible()
    assert field.value() == ID_NUMBER  # the real value, never the mask
    assert not _reveal_lines(qdesk.db)
    with qtbot.waitSignal(field.revealed, timeout=2000):
        qtbot.mouseClick(field.reveal_button, Qt.MouseButton.LeftButton)
    assert field.input.text() == ID_NUMBER and not field.input.isReadOnly()
    assert not field.reveal_button.isVisible() and not editor.is_dirty  # a look is no edit
    wait_ops()  # the audit line is written on the desk's database thread
    lines = _reveal_lines(qdesk.db)
    assert len(lines) == 1
    line = lines[0]
    assert (line.client_id, line.field, line.actor) == (client_id, "id_number", "张明")
    assert "身份证号" in line.summary and ID_NUMBER not in (line.summary or "")
    assert ID_NUMBER not in (line.old_value or "") + (line.new_value or "")
    with qdesk.db.session() as session:
        assert verify_chain(session).ok
    field.reveal()  # already whole: no second line
    wait_ops()
    assert len(_reveal_lines(qdesk.db)) == 1
    # the history names the look, not the number; the file opens masked again
    editor.load(client_id)
    wait_for_ops(qtbot, qdesk)
    assert field.is_masked()
    texts = [editor.history.topLevelItem(i).text(2) for i in range(editor.history.topLevelItemCount())]
    assert any("查看完整的身份证号" in text for text in texts)
    assert not any(ID_NUMBER in text for text in texts)


def test_saving_an_unrevealed_file_keeps_the_real_identifiers(qtbot, qdesk, make_client):
    client_id = _individual(make_client)
    _with_contact(qdesk, client_id)
    editor = _editor(qtbot, qdesk, client_id)
    contacts = editor.panels["contacts"]
    phone_column = next(i for i, spec in enumerate(contacts.model.columns) if spec.key == "phone")
    cell = contacts.model.index(0, phone_column)
    assert cell.data() == "138****5678" and cell.data(Qt.ItemDataRole.ToolTipRole) == "138****5678"
    assert not cell.flags() & Qt.ItemFlag.ItemIsEditable  # masked: reveal first
    editor.basic.editors["industry"].input.setText("教育")
    assert editor.is_dirty
    assert editor.save()
    wait_for_ops(qtbot, qdesk)
    assert _stored(qdesk.db, client_id) == (ID_NUMBER, MOBILE)
    assert not _reveal_lines(qdesk.db)
    # after the save the file shows masked again
    assert editor.basic.editors["id_number"].is_masked()


def test_a_contact_phone_is_revealed_from_its_cell(qtbot, qdesk, make_client, wait_ops):
    client_id = _individual(make_client)
    _with_contact(qdesk, client_id)
    editor = _editor(qtbot, qdesk, client_id)
    contacts = editor.panels["contacts"]
    phone_column = next(i for i, spec in enumerate(contacts.model.columns) if spec.key == "phone")
    contacts.reveal_cell(0, "phone")
    cell = contacts.model.index(0, phone_column)
    assert cell.data() == MOBILE and cell.flags() & Qt.ItemFlag.ItemIsEditable
    wait_ops()
    lines = _reveal_lines(qdesk.db)
    assert [(line.client_id, line.field) for line in lines] == [(client_id, "phone")]
    assert "王五" in lines[0].summary and MOBILE not in lines[0].summary
    contacts.model.setData(cell, "13900001111")
    assert editor.save()
    wait_for_ops(qtbot, qdesk)
    assert _stored(qdesk.db, client_id) == (ID_NUMBER, "13900001111")


def test_typing_into_an_empty_identifier_needs_no_reveal(qtbot, qdesk, make_client):
    client_id = make_client("陈晓梅", kind="individual")
    editor = _editor(qtbot, qdesk, client_id)
    field = editor.basic.editors["id_number"]
    assert not field.reveal_button.isVisible() and not field.input.isReadOnly()
    qtbot.keyClicks(field.input, ID_NUMBER)
    contacts = editor.panels["contacts"]
    row = contacts.model.append_row({"name": "王五"})
    phone_column = next(i for i, spec in enumerate(contacts.model.columns) if spec.key == "phone")
    cell = contacts.model.index(row, phone_column)
    assert cell.flags() & Qt.ItemFlag.ItemIsEditable
    contacts.model.setData(cell, MOBILE)
    assert cell.data() == MOBILE  # as typed
    assert editor.save()
    wait_for_ops(qtbot, qdesk)
    assert _stored(qdesk.db, client_id) == (ID_NUMBER, MOBILE)
    assert not _reveal_lines(qdesk.db)
    assert editor.basic.editors["id_number"].is_masked()


def test_a_released_client_is_shown_read_only(qtbot, qdesk, make_client, wait_ops):
    client_id = _individual(make_client)
    _with_contact(qdesk, client_id)
    with qdesk.db.transaction("张明") as session:
        client = session.get(Client, client_id)
        client.released_at, client.released_to = datetime(2026, 11, 21, 4), "李明"
    editor = _editor(qtbot, qdesk, client_id)
    assert editor.released_banner.isVisible()
    assert editor.released_banner.text() == "已移交给 李明（只读）"
    assert not editor.save_button.isEnabled() and not editor.archive_button.isEnabled()
    name = editor.basic.editors["name"].input
    assert name.isReadOnly()
    qtbot.keyClicks(name, "abc")
    assert name.text() == "陈晓梅" and not editor.is_dirty
    assert not editor.basic.editors["tier"].input.isEnabled()
    contacts = editor.panels["contacts"]
    assert not contacts.add_button.isVisible()
    assert not contacts.model.index(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert not editor.save()
    with qdesk.db.session() as session:
        assert session.get(Client, client_id).name == "陈晓梅"
    # the identifiers can still be looked at, and the look is recorded
    editor.basic.editors["id_number"].reveal()
    assert editor.basic.editors["id_number"].input.text() == ID_NUMBER
    assert editor.basic.editors["id_number"].input.isReadOnly()
    wait_ops()
    assert len(_reveal_lines(qdesk.db)) == 1
    # another client opened afterwards is editable again
    other = make_client("厦门海辰贸易有限公司")
    editor.load(other)
    wait_for_ops(qtbot, qdesk)
    assert not editor.released_banner.isVisible() and editor.save_button.isEnabled()
    assert not editor.basic.editors["name"].input.isReadOnly()
