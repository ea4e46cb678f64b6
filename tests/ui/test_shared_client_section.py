"""The client file of a client served together (共同服务): the header says 协办, and the
共同服务 section shows the lead and co-servers, the lead's read-only copy and the lead's
visit summaries newest first — nothing in it can be edited. A client not served together
says so and shows no badge."""
from __future__ import annotations

import json
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QPlainTextEdit, QTextEdit

from cmdesk.services.shared_clients import apply_shared
from tests.ui.conftest import VALID_CREDIT_CODE

SHARED_ID = "0b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b6a"


def _as_co_server(ui_db) -> None:
    """Head office's word, as a shared-clients package brings it: 王芳 leads, 张明 (E1024) co-serves."""
    now = datetime(2026, 12, 3, 2, 0)
    client = {"id": SHARED_ID, "created_at": now, "updated_at": now, "revision": 1, "deleted_at": None,
              "manager_id": "E1024", "code": VALID_CREDIT_CODE, "client_id": None,
              "lead_id": "W001", "lead_name": "王芳",
              "servers": json.dumps([{"id": "E1024", "name": "张明"}, {"id": "W001", "name": "王芳"}],
                                    ensure_ascii=False),
              "client_name": "厦门海辰贸易有限公司", "client_kind": "company", "tier": "核心",
              "industry": "批发零售", "address": "厦门市思明区鹭江道 8 号",
              "contacts": json.dumps([{"name": "陈总", "position": "财务总监", "phone": "13812345678"}],
                                     ensure_ascii=False),
              "business_lines": json.dumps([{"nature": "进口建材批发", "revenue_share": "60.00",
                                             "current_state": "稳定", "financing_needs": "贸易融资"}],
                                           ensure_ascii=False),
              "as_of": now}
    visits = [{"id": f"1b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b6{n}", "created_at": now, "updated_at": now,
               "revision": 1, "deleted_at": None, "shared_client_id": SHARED_ID, "entry_date": day,
               "kind": kind, "contacts_met": met, "content": content, "outcome": outcome, "next_step": ""}
              for n, (day, kind, met, content, outcome) in enumerate((
                  (date(2026, 11, 3), "visit",
                   json.dumps([{"id": None, "name": "陈总", "position": "财务总监"}], ensure_ascii=False),
                   "了解明年的贸易融资需求", "客户愿意看方案"),
                  (date(2026, 11, 20), "call", "[]", "电话约面谈", "约定 12 月初")))]
    with ui_db.transaction() as session:
        apply_shared(session, {"shared_clients": [client], "shared_visits": visits})


def _open_in_window(window, client_id: str, wait_ops):
    """The client list of a laptop-sized window, with this client's file open."""
    window.resize(1366, 768)
    window.switch_to("clients")
    view = window.clients_view
    wait_ops()
    assert view.open_client(client_id)
    wait_ops()
    return view


def test_the_shared_section_shows_the_lead_and_the_visits(qtbot, window, make_client, ui_db, wait_ops):
    # GIVEN 张明's own file of 海辰, which head office says 王芳 leads
    client_id = make_client("厦门海辰贸易有限公司（张明）", credit_code=VALID_CREDIT_CODE, tier="重点")
    other_id = make_client("福建鹭岛建材股份有限公司")
    _as_co_server(ui_db)
    # WHEN the manager opens the file
    view = _open_in_window(window, client_id, wait_ops)
    editor = view.editor
    # THEN the header marks it 协办, naming the lead
    assert editor.shared_badge.isVisible() and editor.shared_badge.text() == "协办"
    assert "王芳（W001）" in editor.shared_badge.toolTip()
    # AND the 共同服务 section shows the lead, the copy and the visits, newest first
    editor.sections.show_section("shared")
    wait_ops()
    tab = editor.record_tabs["shared"]
    assert tab.lead_label.text() == "王芳（W001）" and tab.role_label.text() == "协办"
    assert tab.others_label.text() == "张明（E1024）"
    assert tab.copy_labels["name"].text() == "厦门海辰贸易有限公司"
    assert tab.copy_labels["code"].text() != VALID_CREDIT_CODE  # masked
    assert tab.contacts.topLevelItem(0).text(2) == "138****5678"
    rows = [[tab.visits.topLevelItem(i).text(c) for c in range(5)]
            for i in range(tab.visits.topLevelItemCount())]
    assert rows == [["2026-11-20", "电话", "", "电话约面谈", "约定 12 月初"],
                    ["2026-11-03", "走访", "陈总（财务总监）", "了解明年的贸易融资需求", "客户愿意看方案"]]
    assert editor.sections.item("shared").text(0) == "共同服务 (2)"
    # AND nothing in it can be edited
    assert not tab.findChildren(QLineEdit) + tab.findChildren(QTextEdit) + tab.findChildren(QPlainTextEdit)
    for tree in (tab.visits, tab.contacts, tab.business):
        assert tree.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers or not any(
            tree.topLevelItem(i).flags() & tree.topLevelItem(i).flags().ItemIsEditable
            for i in range(tree.topLevelItemCount()))

    # WHEN another client, not served together, is opened: no badge, the section says so
    assert view.open_client(other_id)
    wait_ops()
    assert not editor.shared_badge.isVisible()
    assert tab.empty_label.isVisible() and not tab.team_box.isVisible()


def test_the_exchange_view_previews_a_shared_package_in_the_managers_words(
        qtbot, qdesk, make_client, tmp_path, wait_ops):
    from cmdesk.exchange import keys as keymod
    from cmdesk.exchange.desk import desk_keys
    from cmdesk.exchange.package import build_package
    from ui.exchange.view import ExchangeView

    # GIVEN the desk's own file of 海辰 and head office's word that 王芳 leads it
    make_client("厦门海辰贸易有限公司（张明）", credit_code=VALID_CREDIT_CODE)
    hq = keymod.generate_keys()
    view = ExchangeView(qdesk)
    qtbot.addWidget(view)
    view.show()
    key_file = tmp_path / "hq.pub"
    key_file.write_bytes(keymod.public_key_file(hq.public))
    view.install_hq_key_file(key_file)
    wait_ops()
    now = "2026-12-03T02:00:00"
    record = {"id": SHARED_ID, "created_at": now, "updated_at": now, "revision": 1,
              "manager_id": "E1024", "code": VALID_CREDIT_CODE, "lead_id": "W001", "lead_name": "王芳",
              "servers": json.dumps([{"id": "E1024", "name": "张明"}, {"id": "W001", "name": "王芳"}],
                                    ensure_ascii=False),
              "client_name": "厦门海辰贸易有限公司", "as_of": now}
    visit = {"id": "1b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b60", "created_at": now, "updated_at": now,
             "revision": 1, "shared_client_id": SHARED_ID, "entry_date": "2026-11-03", "kind": "visit",
             "content": "了解贸易融资需求"}
    path = tmp_path / "shared.cmdx"
    path.write_bytes(build_package(signer=hq, recipient=desk_keys(qdesk).public, kind="shared",
                                   manager_id="head-office", manager_name="总行", desk_id="",
                                   sequence=1, follows=None,
                                   entities={"shared_clients": [record], "shared_visits": [visit]}))
    # WHEN the manager picks the package
    assert view.preview_file(path)
    # THEN the preview says what it brings, in the manager's words, the code masked
    text = view.preview_text.toPlainText()
    assert text.splitlines()[0].startswith("共同服务数据包（第 1 号")
    assert text.splitlines()[1:] == [
        "总行告知与其他客户经理共同服务的客户 1 户：",
        "“厦门海辰贸易有限公司（张明）”：主办 王芳（W001），您是协办；带来主办的档案副本（只读）和 1 条走访摘要。"]
    assert VALID_CREDIT_CODE not in text
    # AND applying it tells the client views to read again
    changes = []
    qdesk.changed.connect(changes.append)
    assert view.apply_import().result == "applied"
    assert any("clients" in change.kinds for change in changes)


def test_the_client_list_marks_a_shared_client_and_names_its_lead(qtbot, window, make_client, ui_db,
                                                                  wait_ops):
    from ui.models.client_table import CLIENT_ID_ROLE, COL_NAME

    # GIVEN 张明's own file of 海辰, which head office says 王芳 leads, and a client of his alone
    client_id = make_client("厦门海辰贸易有限公司（张明）", credit_code=VALID_CREDIT_CODE)
    other_id = make_client("福建鹭岛建材股份有限公司")
    window.resize(1366, 768)
    window.switch_to("clients")
    view = window.clients_view
    wait_ops()

    def name_cell(wanted: str):
        model = view.model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(CLIENT_ID_ROLE) == wanted)
        return model.index(row, COL_NAME)

    assert name_cell(client_id).data() == "厦门海辰贸易有限公司（张明）"
    # WHEN the shared-clients package is applied (the exchange announces it)
    _as_co_server(ui_db)
    from ui.ops import Changes, Kind

    window.desk.changed.emit(Changes.of((Kind.EXCHANGE,)))
    wait_ops()
    # THEN the shared client's name carries 协办 and its tooltip names the lead; the other none
    assert name_cell(client_id).data() == "【协办】厦门海辰贸易有限公司（张明）"
    assert name_cell(client_id).data(Qt.ItemDataRole.ToolTipRole) == "协办 · 主办：王芳（W001）"
    assert name_cell(other_id).data() == "福建鹭岛建材股份有限公司"
    assert name_cell(other_id).data(Qt.ItemDataRole.ToolTipRole) is None
    # AND typing in the search keeps the mark (no read of its own)
    view.search.setText("海辰")
    view.refresh()
    wait_ops()
    assert view.model.rowCount() == 1 and name_cell(client_id).data().startswith("【协办】")
    view.search.clear()
    view.refresh()
    wait_ops()
    window.grab().save("/tmp/polish-list.png")


def test_a_phone_of_the_leads_copy_is_revealed_and_the_look_recorded(qtbot, window, make_client, ui_db,
                                                                     wait_ops):
    from sqlalchemy import select

    from cmdesk.models import FileHistory

    # GIVEN the 共同服务 section of a client 王芳 leads, its contact's phone masked
    client_id = make_client("厦门海辰贸易有限公司（张明）", credit_code=VALID_CREDIT_CODE)
    _as_co_server(ui_db)
    view = _open_in_window(window, client_id, wait_ops)
    view.editor.sections.show_section("shared")
    wait_ops()
    tab = view.editor.record_tabs["shared"]
    assert tab.contacts.topLevelItem(0).text(2) == "138****5678"
    # WHEN the manager reveals it (twice)
    tab.reveal_phone(0)
    tab.reveal_phone(0)
    wait_ops()
    # THEN it shows whole, and one look is in this client's audit trail, without the number
    assert tab.contacts.topLevelItem(0).text(2) == "13812345678"
    with ui_db.session() as session:
        lines = list(session.scalars(select(FileHistory).where(FileHistory.action == "view_unmasked")))
        assert [(line.client_id, line.field, line.entity_id) for line in lines] == [
            (client_id, "phone", client_id)]
        assert "陈总" in lines[0].summary and "13812345678" not in lines[0].summary
    view.editor.grab().save("/tmp/polish-revealed.png")
    # AND the next read shows it masked again
    tab.reload()
    wait_ops()
    assert tab.contacts.topLevelItem(0).text(2) == "138****5678"
