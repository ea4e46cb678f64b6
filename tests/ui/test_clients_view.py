"""The 客户档案 area as a manager uses it: create, validate, edit, history, archive,
search, the unsaved-changes guard and child sections."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from cmdesk.services.clients import ClientDraft, get_client, save_client_file, search_clients
from ui.clients.view import ClientsView
from ui.models.client_table import ARCHIVED_ROLE, CLIENT_ID_ROLE, COL_NAME
from tests.ui.waiting import wait_for_ops

BAD_CREDIT_CODE = "91350100M000100Y44"  # check character should be 3


def list_names(view: ClientsView) -> list[str]:
    return [view.model.row_at(r).name for r in range(view.model.rowCount())]


def click_client(qtbot, view: ClientsView, name: str) -> None:
    """Click a client's row in the list like the manager does."""
    for row in range(view.model.rowCount()):
        index = view.model.index(row, COL_NAME)
        if view.model.row_at(row).name == name:
            rect = view.table.visualRect(index)
            qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"{name} not in the list")


def open_client(qtbot, view: ClientsView, name: str, client_id: str) -> None:
    click_client(qtbot, view, name)
    qtbot.waitUntil(lambda: view.editor.client_id == client_id)
    wait_for_ops(qtbot, view.editor.desk)


def db_names(db) -> list[str]:
    with db.session() as session:
        return [row.name for row in search_clients(session, include_archived=True).rows]


@pytest.fixture
def view(window, wait_ops):
    window.switch_to("clients")  # the desk opens on 今日
    wait_ops()  # the list is read through the operation layer
    return window.clients_view


def test_new_client_is_saved_and_listed(type_text, qtbot, view, ui_db, wait_ops):
    # GIVEN an empty book
    assert view.model.rowCount() == 0
    assert view.list_stack.currentIndex() == 1  # the empty-state hint
    # WHEN the manager creates an individual client and saves
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    wait_ops()  # the tiers and the catalogue are read in the background
    editor = view.editor
    assert editor.is_open and editor.client_id is None
    type_text(editor.basic.editors["name"].input, "陈晓梅")
    kind = editor.basic.editors["kind"].input
    kind.setCurrentIndex(kind.findData("individual"))
    assert not editor.basic.editors["credit_code"].isEnabled()
    assert editor.basic.editors["id_number"].isEnabled()
    assert editor.is_dirty
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    # THEN it is in the database, in the list (selected) and the editor is clean
    assert db_names(ui_db) == ["陈晓梅"]
    assert list_names(view) == ["陈晓梅"]
    assert editor.client_id is not None and not editor.is_dirty
    assert view.selected_client_id() == editor.client_id
    assert view.count_label.text() == "共 1 个客户"
    with ui_db.session() as session:
        client = get_client(session, editor.client_id)
        assert client.kind == "individual" and client.manager_name == "张明"
    assert "已保存" in view.window().statusBar().currentMessage()


def test_bad_credit_code_is_shown_at_the_field_and_nothing_is_saved(type_text, qtbot, view, ui_db, wait_ops):
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    wait_ops()  # the tiers and the catalogue are read in the background
    editor = view.editor
    type_text(editor.basic.editors["name"].input, "厦门海辰贸易有限公司")
    editor.sections.show_section("positioning")
    code = editor.basic.editors["credit_code"]
    code.input.setText(BAD_CREDIT_CODE)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert db_names(ui_db) == []
    assert "校验位" in code.error() and code.error_label.isVisible()
    assert code.frame.property("error") is True
    assert editor.sections.current_key() == "basic"
    assert editor.problem_label.isVisible() and editor.is_dirty
    assert editor.basic.editors["name"].error() == ""
    # typing in the field clears its mark
    qtbot.keyClicks(code.input, "X")
    assert code.error() == "" and code.frame.property("error") is False


def test_edit_then_history_lists_the_change(some_clients, type_text, qtbot, view):
    name = "福建鹭岛建材股份有限公司"
    open_client(qtbot, view, name, some_clients[name])
    editor = view.editor
    industry = editor.basic.editors["industry"].input
    industry.clear()
    type_text(industry, "建筑建材")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.is_dirty)
    wait_for_ops(qtbot, editor.desk)  # the saved file is read again, history too
    editor.sections.show_section("history")
    lines = [editor.history.topLevelItem(i).text(2) for i in range(editor.history.topLevelItemCount())]
    assert any("行业" in line and "建筑 → 建筑建材" in line for line in lines)
    assert editor.history.topLevelItem(0).text(1) == "张明"
    assert view.selected_client_id() == some_clients[name]


def test_archive_hides_the_client_unless_archived_are_included(some_clients, qtbot, view, wait_ops):
    name = "陈晓梅"
    open_client(qtbot, view, name, some_clients[name])
    editor = view.editor
    assert editor.archive_button.text() == "归档"
    qtbot.mouseClick(editor.archive_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert name not in list_names(view)
    assert editor.archived_badge.isVisible() and editor.archive_button.text() == "取消归档"
    view.archived_check.setChecked(True)
    wait_ops()
    assert name in list_names(view)
    row = view.model.row_of(some_clients[name])
    assert view.model.index(row, COL_NAME).data(ARCHIVED_ROLE) is True
    qtbot.mouseClick(editor.archive_button, Qt.MouseButton.LeftButton)
    wait_ops()
    view.archived_check.setChecked(False)
    wait_ops()
    assert name in list_names(view)


def test_search_by_pinyin_initials_filters_as_you_type(some_clients, qtbot, view):
    assert view.model.rowCount() == 3
    qtbot.keyClicks(view.search, "xmhc")
    qtbot.waitUntil(lambda: list_names(view) == ["厦门海辰贸易有限公司"])
    assert view.count_label.text() == "共 1 个客户"
    view.search.clear()
    qtbot.keyClicks(view.search, "zzzz")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.list_stack.currentIndex() == 1 and "没有符合条件" in view.empty_label.text()


def test_filters_narrow_the_list(some_clients, qtbot, view, wait_ops):
    view.tier_filter.setCurrentIndex(view.tier_filter.findData("重点"))
    wait_ops()
    assert list_names(view) == ["福建鹭岛建材股份有限公司"]
    view.tier_filter.setCurrentIndex(0)
    view.industry_filter.setCurrentIndex(view.industry_filter.findData("批发零售"))
    wait_ops()
    assert list_names(view) == ["厦门海辰贸易有限公司"]
    view.industry_filter.setCurrentIndex(0)
    view.status_filter.setCurrentIndex(view.status_filter.findData("active"))
    wait_ops()
    assert list_names(view) == ["厦门海辰贸易有限公司"]


def test_limited_results_say_so(some_clients, qtbot, view, monkeypatch, wait_ops):
    from cmdesk.services import clients as client_service

    original = client_service.search_clients
    monkeypatch.setattr(client_service, "search_clients",
                        lambda session, query="", **kw: original(session, query, **{**kw, "limit": 2}))
    view.refresh()
    wait_ops()
    assert view.count_label.text() == "显示前 2 个，共 3 个，请细化搜索"


def test_unsaved_changes_guard_when_switching_client(some_clients, type_text, qtbot, view,
                                                     answer_unsaved, ui_db):
    first, second = "厦门海辰贸易有限公司", "陈晓梅"
    open_client(qtbot, view, first, some_clients[first])
    editor = view.editor
    type_text(editor.basic.editors["region"].input, "厦门")
    assert editor.is_dirty
    # Cancel: stay on the edited client, edits kept
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    click_client(qtbot, view, second)
    qtbot.waitUntil(lambda: len(asked) == 1)
    qtbot.waitUntil(lambda: view.selected_client_id() == some_clients[first])
    assert editor.client_id == some_clients[first] and editor.is_dirty
    assert editor.basic.editors["region"].value() == "厦门"
    # Discard: go to the other client, nothing saved
    asked = answer_unsaved(QMessageBox.StandardButton.Discard)
    click_client(qtbot, view, second)
    qtbot.waitUntil(lambda: editor.client_id == some_clients[second])
    assert not editor.is_dirty
    with ui_db.session() as session:
        assert get_client(session, some_clients[first]).region == ""
    # Save: the edit is written before switching
    type_text(editor.basic.editors["region"].input, "福州")
    answer_unsaved(QMessageBox.StandardButton.Save)
    click_client(qtbot, view, first)
    qtbot.waitUntil(lambda: editor.client_id == some_clients[first])
    with ui_db.session() as session:
        assert get_client(session, some_clients[second]).region == "福州"


def test_unsaved_changes_guard_on_new_client_navigation_and_close(some_clients, type_text, qtbot,
                                                                   window, view, answer_unsaved):
    name = "陈晓梅"
    open_client(qtbot, view, name, some_clients[name])
    type_text(view.editor.basic.editors["tags"].input, "高净值")
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    assert view.new_client() is False
    assert view.editor.client_id == some_clients[name]
    window.nav.setCurrentRow(window.areas.index("settings"))
    assert window.current_area() == "clients"
    assert window.nav.currentRow() == window.areas.index("clients")
    window.close()
    assert window.isVisible()
    assert len(asked) == 3 and "陈晓梅" in asked[0]
    answer_unsaved(QMessageBox.StandardButton.Discard)
    assert window.switch_to("settings")
    assert window.current_area() == "settings"


def test_new_client_and_find_shortcuts(some_clients, qtbot, window, view, wait_ops):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert view.editor.is_open and view.editor.client_id is None
    assert view.editor.title.text() == "新客户"
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_contact_row_added_in_the_table_is_saved(some_clients, type_text, qtbot, view, ui_db, wait_ops):
    name = "厦门海辰贸易有限公司"
    open_client(qtbot, view, name, some_clients[name])
    editor = view.editor
    editor.sections.show_section("contacts")
    panel = editor.panels["contacts"]
    assert panel.empty_label.isVisible()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    # the name cell is open for typing right away
    editors = [w for w in panel.view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1
    cell_editor = editors[0]
    type_text(cell_editor, "林海辰")
    assert cell_editor.text() == "林海辰"
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)  # commits queued, like Qt does
    qtbot.waitUntil(lambda: panel.model.row_values(0)["name"] == "林海辰")
    phone = [i for i, spec in enumerate(panel.model.columns) if spec.key == "phone"][0]
    panel.model.setData(panel.model.index(0, phone), "139 0600 1234", Qt.ItemDataRole.EditRole)
    assert editor.sections.title("contacts") == "联系人 (1)"
    assert editor.save()
    wait_ops()
    assert not editor.is_dirty, editor.problem_label.text() + panel.problem_label.text()
    with ui_db.session() as session:
        contacts = get_client(session, some_clients[name]).contacts
        assert [(c.name, c.phone, c.is_primary) for c in contacts] == [("林海辰", "13906001234", True)]
    assert panel.model.index(0, 0).data() == "林海辰"
    wait_ops()
    # the list now shows the primary contact
    row = view.model.row_of(some_clients[name])
    assert view.model.row_at(row).contact == "林海辰"


def test_row_problems_mark_the_cell_and_show_above_the_table(some_clients, qtbot, view, ui_db, wait_ops):
    name = "厦门海辰贸易有限公司"
    open_client(qtbot, view, name, some_clients[name])
    editor = view.editor
    panel = editor.panels["contacts"]
    panel.model.append_row({"name": "林海辰", "phone": "12345"})
    assert editor.save()
    wait_ops()
    assert editor.is_dirty  # refused: the edits stay
    assert editor.sections.current_key() == "contacts"
    assert panel.problem_label.isVisible() and "第 1 行 电话" in panel.problem_label.text()
    phone = [i for i, spec in enumerate(panel.model.columns) if spec.key == "phone"][0]
    assert panel.model.index(0, phone).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert panel.model.index(0, phone).data(Qt.ItemDataRole.ToolTipRole)
    with ui_db.session() as session:
        assert get_client(session, some_clients[name]).contacts == []


def test_value_tab_shows_totals_per_category(some_clients, qtbot, view, ui_db):
    name = "厦门海辰贸易有限公司"
    with ui_db.transaction("张明") as session:
        save_client_file(session, ClientDraft(fields={}, value_items=[
            {"year": 2024, "category": "liability", "description": "存款", "amount": "38万"},
            {"year": 2025, "category": "fee", "description": "结算", "amount": Decimal("1250.5")},
            {"year": 2025, "category": "related", "amount": "3000",
             "source_client_id": some_clients["陈晓梅"]}]), some_clients[name])
    open_client(qtbot, view, name, some_clients[name])
    totals = view.editor.value_totals
    assert totals.total.text() == "384,250.50"
    assert totals.amounts["liability"].text() == "380,000.00"
    totals.year_combo.setCurrentIndex(totals.year_combo.findData(2025))
    assert totals.total.text() == "4,250.50"
    assert totals.amounts["liability"].text() == "0.00"
    model = view.editor.panels["value_items"].model
    source = [i for i, spec in enumerate(model.columns) if spec.key == "source_client_id"][0]
    assert model.index(2, source).data() == "陈晓梅"


def test_client_picker_finds_clients_by_initials(some_clients, qtbot, qdesk):
    from ui.widgets.client_picker import ClientPicker

    picker = ClientPicker(qdesk, exclude_id=some_clients["陈晓梅"])
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker, "fj")
    qtbot.waitUntil(lambda: picker._model.rowCount() == 1)
    index = picker._completer.completionModel().index(0, 0)
    picker._on_activated(index)
    assert picker.client_id() == some_clients["福建鹭岛建材股份有限公司"]
    assert picker.value() == picker.client_id()
    picker._completer.popup().hide()


def test_kind_switch_clears_the_other_identifier(qtbot, view, wait_ops):
    view.new_client()
    wait_ops()
    editor = view.editor
    editor.basic.editors["credit_code"].input.setText("91350100M000100Y43")
    kind = editor.basic.editors["kind"].input
    kind.setCurrentIndex(kind.findData("individual"))
    assert editor.basic.editors["credit_code"].value() == ""
    assert not editor.basic.editors["credit_code"].isEnabled()
    assert editor.build_draft().fields["credit_code"] == ""


def test_selection_survives_a_refresh(some_clients, qtbot, view, wait_ops):
    name = "福建鹭岛建材股份有限公司"
    open_client(qtbot, view, name, some_clients[name])
    view.refresh()
    wait_ops()
    assert view.selected_client_id() == some_clients[name]
    index = view.table.currentIndex()
    assert index.data(CLIENT_ID_ROLE) == some_clients[name]
    assert view.table.selectionModel().isRowSelected(index.row(), index.parent())


def test_ctrl_s_saves_a_cell_still_being_edited(some_clients, type_text, qtbot, window, ui_db,
                                                wait_ops):
    window.switch_to("clients")
    view = window.clients_view
    wait_ops()
    name = "福建鹭岛建材股份有限公司"
    open_client(qtbot, view, name, some_clients[name])
    editor = view.editor
    editor.sections.show_section("business_lines")
    panel = editor.panels["business_lines"]
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    cell = [w for w in panel.view.viewport().findChildren(QLineEdit) if w.isVisible()][0]
    type_text(cell, "商品混凝土")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(cell, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.is_dirty)
    with ui_db.session() as session:
        lines = get_client(session, some_clients[name]).business_lines
        assert [line.nature for line in lines] == ["商品混凝土"]
