"""The diary entry form driven like a manager does: keyboard-only fast entry, visits
with a report and follow-ups, problems at the fields, history, delete, drafts."""
from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cmdesk.services import clients as client_service
from cmdesk.services import diary
from cmdesk.services.catalogue import list_products
from tests.ui.conftest import PROFILE
from tests.ui.waiting import wait_for_ops
from ui.diary.entry_form import EntryForm, rounded_now
from ui.diary.view import DiaryView

CLIENT = "厦门鹭易科技有限公司"
# a local moment at the start of a 5-minute step (10:23 to 10:27 show as 10:25): a new
# entry's time stays "10:25" however slow the run up to the form is
PINNED_NOW = datetime(2026, 11, 25, 10, 23)


@pytest.fixture
def pinned_clock(time_machine) -> datetime:
    """The clock moved to PINNED_NOW (and ticking), before the desk and the view open."""
    time_machine.move_to(PINNED_NOW.astimezone())
    return PINNED_NOW


@pytest.fixture
def client_id(ui_db) -> str:
    with ui_db.transaction(PROFILE.name) as session:
        client_service.save_client_file(session, client_service.ClientDraft(
            fields={"kind": "company", "name": "福建海峡建材有限公司", "tier": "一般"}))
        return client_service.save_client_file(session, client_service.ClientDraft(
            fields={"kind": "company", "name": CLIENT, "tier": "核心"},
            contacts=[{"name": "王五", "position": "财务总监"}, {"name": "李四", "position": "出纳"}]))


@pytest.fixture
def view(qtbot, qdesk):
    diary_view = DiaryView(qdesk)
    qtbot.addWidget(diary_view, before_close_func=lambda v: v.close_forms())
    diary_view.show()
    qtbot.waitExposed(diary_view)
    return diary_view


def entries(qdesk) -> list[diary.EntryView]:
    with qdesk.db.session() as session:
        return [diary.get_entry(session, e.entry.id)
                for e in diary.entries_between(session, date(2000, 1, 1), date(2100, 1, 1))]


def activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def pick_client(qtbot, form: EntryForm, keys: str = "xmly") -> None:
    """Type in the client search, arrow down to the first hit, Enter; the client's
    contacts come in the background."""
    picker = form.client_picker
    qtbot.keyClicks(picker, keys)
    popup = picker._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.client_id() is not None)
    wait_for_ops(qtbot, form.desk)


def tick_first_contact(qtbot, form: EntryForm) -> None:
    qtbot.waitUntil(form.contacts.hasFocus)
    qtbot.keyClick(form.contacts, Qt.Key.Key_Space)


def test_time_is_rounded_to_five_minutes():
    assert rounded_now(datetime(2026, 11, 20, 9, 32)) == time(9, 30)
    assert rounded_now(datetime(2026, 11, 20, 9, 58)) == time(10, 0)
    assert rounded_now(datetime(2026, 11, 20, 23, 59)) == time(23, 55)


def test_keyboard_only_visit_is_logged(pinned_clock, qtbot, qdesk, view, client_id, wait_ops):
    # GIVEN the diary area, active
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    # WHEN Space on 新建日志, type xmly, arrow + Enter, Space on the first contact, Tab, content, Ctrl+S
    qtbot.keyClick(view.new_button, Qt.Key.Key_Space)
    form = view.forms.forms()[0]
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    qtbot.waitUntil(form.client_picker.hasFocus)
    assert form.top_form.editors["entry_date"].value() == "2026-11-25"
    assert form.top_form.editors["start_time"].value() == "10:25"
    pick_client(qtbot, form)
    assert form.client_picker.text() == CLIENT
    assert [payload["name"] for _k, payload, _c in form.contacts.items()] == ["王五", "李四"]
    activate(qtbot, form)  # the completer's popup has closed: the form has the keyboard again
    tick_first_contact(qtbot, form)
    qtbot.keyClick(form.contacts, Qt.Key.Key_Tab)
    content = form.text_form.editors["content"].input
    assert content.hasFocus()
    qtbot.keyClicks(content, "discuss payroll")
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(content, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()  # the lists read again
    # THEN the entry is saved for today with the client and the contact met
    saved = entries(qdesk)
    assert len(saved) == 1
    entry = saved[0]
    assert entry.entry.entry_date == pinned_clock.date()
    assert entry.entry.client_id == client_id
    assert [p["name"] for p in entry.contacts_met] == ["王五"]
    assert entry.entry.content == "discuss payroll"
    assert entry.report is None  # the visit's report was open but nothing typed in it
    assert not form.drafts.exists()
    # AND the view shows it selected (once it has read the day again)
    qtbot.waitUntil(lambda: view.selected_entry() == entry.entry.id)


def test_last_kind_is_remembered(qtbot, qdesk, view, client_id, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    assert form.top_form.editors["kind"].value() == "visit"  # nothing written yet
    form.top_form.editors["kind"].set_value("call")
    form.client_form.set_values({"client_id": client_id}, {client_id: CLIENT})
    form.text_form.editors["content"].set_value("电话约见")
    assert form.save()
    wait_ops()
    qtbot.waitUntil(lambda: not view.forms.forms())
    again = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    assert again.top_form.editors["kind"].value() == "call"


def open_cell_editor(qtbot, view, column: int):
    """The editor the table has open in `column` (found as the view's own child, so the
    test does not depend on which window the offscreen platform made active)."""
    def editor():
        editors = [w for w in view.viewport().children()
                   if isinstance(w, QWidget) and w.isVisible()]
        return editors[0] if editors and view.currentIndex().column() == column else None

    qtbot.waitUntil(lambda: view.state() == view.State.EditingState and editor() is not None)
    return editor()


def test_visit_with_report_and_two_follow_ups(qtbot, qdesk, view, client_id, type_text, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    activate(qtbot, form)
    pick_client(qtbot, form)
    form.contacts.item(0).setCheckState(Qt.CheckState.Checked)
    form.text_form.editors["content"].set_value("走访财务部，了解代发工资需求")
    # a new visit opens its report
    assert form.report_box.isVisible() and form.report_box.isChecked() and form.report_body.isVisible()
    # pre-filled: our side is the manager, the client's side the contacts met
    assert form.report_top.editors["our_participants"].value() == PROFILE.name
    assert form.participants.people() == [{"name": "王五", "position": "财务总监"}]
    form.report_top.editors["place"].set_value("客户办公室")
    form.report_talk.editors["discussion"].set_value("代发工资迁移到我行")
    form.report_rest.editors["important_changes"].set_value("法人代表变更")
    form.report_rest.editors["important_change_flag"].set_value(True)
    form.products.item(0).setCheckState(Qt.CheckState.Checked)
    # two follow-ups typed into the table
    panel = form.follow_up_panel
    for request in ("开立代发账户", "提供利率方案"):
        panel.add_row()
        # the new row's first cell opens for typing at once; Tab moves to the next cell
        editor = open_cell_editor(qtbot, panel.view, column=0)
        type_text(editor, request)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        department = open_cell_editor(qtbot, panel.view, column=1)
        type_text(department, "公司业务部")
        qtbot.keyClick(department, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.view.state() != panel.view.State.EditingState)
    assert panel.model.rowCount() == 2 and panel.model.row_values(1)["department"] == "公司业务部"
    assert form.save()
    wait_ops()
    saved = entries(qdesk)[0]
    assert saved.report is not None
    assert saved.report.place == "客户办公室" and saved.report.important_change_flag
    assert saved.client_participants == [{"name": "王五", "position": "财务总监"}]
    with qdesk.db.session() as session:
        first_product = list_products(session, active_only=True)[0].id
    assert [p.id for p in saved.products_recommended] == [first_product]
    assert [(f.request, f.department, f.status) for f in saved.follow_ups] == [
        ("开立代发账户", "公司业务部", "open"), ("提供利率方案", "公司业务部", "open")]


def test_bad_time_and_missing_client_are_shown_at_the_fields(qtbot, qdesk, view, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    form.top_form.editors["kind"].set_value("visit")
    form.top_form.editors["start_time"].set_value("25:99")
    form.text_form.editors["content"].set_value("走访")
    assert form.save()
    wait_ops()
    assert "时间" in form.top_form.editors["start_time"].error()
    assert "客户" in form.client_form.editors["client_id"].error()
    assert form.problem_label.isVisible()
    assert form.isVisible()
    assert entries(qdesk) == []


def test_edit_keeps_history_and_delete_leaves_the_day(qtbot, qdesk, view, client_id, answer_unsaved, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    form.top_form.editors["kind"].set_value("call")
    form.client_form.set_values({"client_id": client_id}, {client_id: CLIENT})
    form.text_form.editors["content"].set_value("电话约见")
    assert form.save()
    wait_ops()
    entry_id = entries(qdesk)[0].entry.id
    qtbot.waitUntil(lambda: not view.forms.forms())
    # WHEN the entry is opened again and its content changed
    form = view.open_entry(entry_id)
    wait_ops()  # the form reads what it opens in the background
    assert form.text_form.editors["content"].value() == "电话约见"
    assert form.client_picker.text() == CLIENT
    form.text_form.editors["content"].set_value("电话约见王总，周五走访")
    assert form.save()
    wait_ops()
    qtbot.waitUntil(lambda: not view.forms.forms())
    # THEN its 历史 tab lists the change, old → new
    form = view.open_entry(entry_id)
    wait_ops()  # the form reads what it opens in the background
    assert form.tabs.isTabEnabled(1)
    rows = [[form.history.topLevelItem(i).text(c) for c in range(5)]
            for i in range(form.history.topLevelItemCount())]
    assert ["内容", "电话约见", "电话约见王总，周五走访"] in [row[2:] for row in rows]
    assert all(row[1] == PROFILE.name for row in rows)
    # WHEN deleted (after the question)
    asked = answer_unsaved(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(form.deleted):
        form.delete_button.click()
    assert asked and "删除" in asked[0]
    # THEN the day no longer lists it
    view.set_mode(0)
    view.go_to(date.today())
    assert entry_id not in view.shown_entry_ids()
    assert entries(qdesk) == []


def test_draft_survives_closing_and_is_restored(qtbot, qdesk, view, client_id, answer_unsaved, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    pick_client(qtbot, form)
    form.contacts.item(1).setCheckState(Qt.CheckState.Checked)
    form.text_form.editors["content"].set_value("草稿：走访未完")
    path = form.drafts.path
    # WHEN the window is closed without saving
    form.close()
    qtbot.waitUntil(lambda: not view.forms.forms())
    # THEN the draft is on disk
    state = json.loads(path.read_text(encoding="utf-8"))
    assert state["fields"]["content"] == "草稿：走访未完"
    # AND the next 新建日志 offers it and restores it
    asked = answer_unsaved(QMessageBox.StandardButton.Yes)
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    assert asked == ["恢复未保存的草稿？"]
    assert form.text_form.editors["content"].value() == "草稿：走访未完"
    assert form.client_picker.client_id() == client_id
    assert [p["name"] for p in form.contacts_met()] == ["李四"]
    assert form.is_dirty
    answer_unsaved(QMessageBox.StandardButton.Save)  # no further questions
    assert form.save()
    wait_ops()
    assert not path.exists()
    assert entries(qdesk)[0].entry.content == "草稿：走访未完"


def test_draft_is_written_while_editing_without_any_close(qtbot, qdesk, view, client_id, wait_ops):
    # GIVEN a form being typed in (then the desk "crashes": nothing is closed)
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    path = form.drafts.path
    assert not path.exists()
    form.text_form.editors["content"].set_value("写到一半")
    # THEN within the autosave interval the draft is on disk, atomically written
    qtbot.waitUntil(path.exists, timeout=4000)
    assert json.loads(path.read_text(encoding="utf-8"))["fields"]["content"] == "写到一半"
    assert not list(path.parent.glob("*.tmp"))
    form.drafts.discard()
    form.editing.set_dirty(False)


def test_escape_asks_and_discard_removes_the_draft(qtbot, qdesk, view, answer_unsaved, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    form.text_form.editors["content"].set_value("不要了")
    form.write_draft()
    assert form.drafts.exists()
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()
    answer_unsaved(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.forms.forms())
    assert not (qdesk.paths.drafts / "diary-new.json").exists()
    assert entries(qdesk) == []


def test_edits_of_a_stored_entry_keep_their_own_draft(qtbot, qdesk, view, client_id, answer_unsaved, wait_ops):
    form = view.new_entry()
    wait_ops()  # the form reads what it opens in the background
    form.client_form.set_values({"client_id": client_id}, {client_id: CLIENT})
    form.text_form.editors["content"].set_value("原文")
    activate(qtbot, form)
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.text_form.editors["content"].input, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves too
    entry_id = entries(qdesk)[0].entry.id
    qtbot.waitUntil(lambda: not view.forms.forms())
    form = view.open_entry(entry_id)
    wait_ops()  # the form reads what it opens in the background
    form.text_form.editors["content"].set_value("改了一半")
    form.close()
    assert (qdesk.paths.drafts / f"diary-{entry_id}.json").exists()
    assert not (qdesk.paths.drafts / "diary-new.json").exists()
    answer_unsaved(QMessageBox.StandardButton.Yes)
    form = view.open_entry(entry_id)
    wait_ops()  # the form reads what it opens in the background
    assert form.text_form.editors["content"].value() == "改了一半" and form.is_dirty
    assert entries(qdesk)[0].entry.content == "原文"  # nothing saved until 保存
    form.drafts.discard()
    form.editing.set_dirty(False)


# --- keyboard alone: Tab leaves every table ------------------------------------------

def tab_to(qtbot, form: EntryForm, expected: QWidget, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) where the form's focus is, and check where it lands."""
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab, modifier)
    assert form.focusWidget() is (expected.focusProxy() or expected), form.focusWidget()


def test_a_visit_is_logged_by_keyboard_alone(pinned_clock, qtbot, qdesk, view, client_id, type_text,
                                             wait_ops):
    """Two people met, content, a need and a follow-up, typed and tabbed; nothing lost."""
    form = view.new_entry()
    wait_ops()
    activate(qtbot, form)
    # the client by its initials, then the two people met ticked with Space and →
    pick_client(qtbot, form)
    activate(qtbot, form)
    tick_first_contact(qtbot, form)
    qtbot.keyClick(form.contacts, Qt.Key.Key_Right)
    qtbot.keyClick(form.contacts, Qt.Key.Key_Space)
    # what was done; the visit's report is open already
    content = form.text_form.editors["content"].input
    tab_to(qtbot, form, content)
    type_text(content, "走访财务部，谈代发工资")
    tab_to(qtbot, form, form.text_form.editors["outcome"].input)
    tab_to(qtbot, form, form.text_form.editors["next_step"].input)
    tab_to(qtbot, form, form.report_box)
    assert form.report_box.isChecked()
    tab_to(qtbot, form, form.report_top.editors["place"].input)
    type_text(form.report_top.editors["place"].input, "客户办公室")
    tab_to(qtbot, form, form.report_top.editors["our_participants"].input)
    # the client's side, filled from the people ticked: one Tab in, one Tab out
    tab_to(qtbot, form, form.participants.table)
    assert form.participants.people() == [{"name": "王五", "position": "财务总监"},
                                          {"name": "李四", "position": "出纳"}]
    purpose = form.report_talk.editors["purpose"].input
    tab_to(qtbot, form, purpose)
    tab_to(qtbot, form, form.report_talk.editors["discussion"].input)
    needs = form.report_talk.editors["needs_found"].input
    tab_to(qtbot, form, needs)
    type_text(needs, "代发工资费率希望优惠")
    # on through the rest of the report to 添加督办
    panel = form.follow_up_panel
    for expected in (form.products, *(e.input for e in form.report_rest.editors.values())):
        tab_to(qtbot, form, expected)
    tab_to(qtbot, form, panel.add_button)
    # a follow-up: Space starts the row, Tab goes cell by cell, the deadline typed as 12-10
    qtbot.keyClick(panel.add_button, Qt.Key.Key_Space)
    for column, text in ((0, "提供代发费率方案"), (1, "公司业务部"), (2, ""), (3, "12-10"), (4, "")):
        editor = open_cell_editor(qtbot, panel.view, column)
        type_text(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
    # the row had text: its last cell's Tab starts another; Tab in that empty row leaves
    editor = open_cell_editor(qtbot, panel.view, 0)
    assert panel.model.rowCount() == 2
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert panel.model.rowCount() == 1
    assert form.focusWidget() is form.save_button
    activate(qtbot, form)
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.save_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    # THEN the service has every part of it
    (saved,) = entries(qdesk)
    assert saved.entry.client_id == client_id and saved.entry.kind == "visit"
    assert saved.entry.content == "走访财务部，谈代发工资"
    assert [p["name"] for p in saved.contacts_met] == ["王五", "李四"]
    assert saved.report is not None and saved.report.place == "客户办公室"
    assert saved.report.needs_found == "代发工资费率希望优惠"
    assert [p["name"] for p in saved.client_participants] == ["王五", "李四"]
    assert [(f.request, f.department, f.due_date, f.status) for f in saved.follow_ups] == [
        ("提供代发费率方案", "公司业务部", date(2026, 12, 10), "open")]


def test_typing_after_the_people_table_goes_to_the_next_field(qtbot, qdesk, view, client_id,
                                                              type_text, wait_ops):
    """A person typed into 客户方人员, then Tab Tab: the next words land in 拜访目的."""
    form = view.new_entry()
    wait_ops()
    activate(qtbot, form)
    table = form.participants.table
    form.report_top.editors["our_participants"].input.setFocus()
    tab_to(qtbot, form, table)
    assert table.rowCount() == 0
    type_text(table, "张")  # typing on the empty table starts the first person …
    editor = open_cell_editor(qtbot, table, 0)
    type_text(editor, "总")  # … in its open name cell
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    type_text(open_cell_editor(qtbot, table, 1), "总经理")
    qtbot.keyClick(open_cell_editor(qtbot, table, 1), Qt.Key.Key_Tab)
    assert table.rowCount() == 2  # a row with text: its last Tab starts the next person
    qtbot.keyClick(open_cell_editor(qtbot, table, 0), Qt.Key.Key_Tab)
    purpose = form.report_talk.editors["purpose"].input
    assert form.focusWidget() is purpose and table.rowCount() == 1
    type_text(purpose, "了解融资需求")
    assert form.participants.people() == [{"name": "张总", "position": "总经理"}]
    assert form.report_talk.editors["purpose"].value() == "了解融资需求"
    # AND Shift+Tab goes back into the table, Shift+Tab again before it
    tab_to(qtbot, form, table, backwards=True)
    tab_to(qtbot, form, form.report_top.editors["our_participants"].input, backwards=True)
    form.editing.set_dirty(False)


def test_save_refuses_a_half_typed_person_and_keeps_an_open_cell(qtbot, qdesk, view, client_id,
                                                                type_text, wait_ops):
    form = view.new_entry()
    wait_ops()
    activate(qtbot, form)
    form.client_form.set_values({"client_id": client_id}, {client_id: CLIENT})
    form.text_form.editors["content"].set_value("走访")
    table = form.participants.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Insert)  # a new row, its name open
    qtbot.keyClick(open_cell_editor(qtbot, table, 0), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    type_text(table, "出")  # typing on a cell opens it …
    type_text(open_cell_editor(qtbot, table, 1), "纳")  # … a position, no name, the cell still open
    # WHEN Ctrl+S
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # THEN nothing is saved, the row is named and the cursor is in its name
    assert not form.editing.saving
    assert "第 1 行 客户方人员" in form.problem_label.text()
    assert "请填写姓名" in form.problem_label.text()
    assert form.participants.people() == [{"name": "", "position": "出纳"}]
    editor = open_cell_editor(qtbot, table, 0)
    type_text(editor, "赵六")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # the open cell saves too
    wait_ops()
    assert entries(qdesk)[0].client_participants == [{"name": "赵六", "position": "出纳"}]


def test_a_typed_visit_report_is_not_dropped_silently(qtbot, qdesk, view, client_id, answer_unsaved,
                                                      wait_ops):
    form = view.new_entry()
    wait_ops()
    form.client_form.set_values({"client_id": client_id}, {client_id: CLIENT})
    form.text_form.editors["content"].set_value("本想走访，改为电话")
    form.report_talk.editors["needs_found"].set_value("需要开立外币账户")
    form.top_form.editors["kind"].set_value("call")  # the report hides with the kind
    # WHEN saved, the question comes; 返回修改 keeps the form
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    assert not form.save()
    assert asked == ["已填写的访客报告内容不会保存。"]
    assert entries(qdesk) == []
    # AND 不含访客报告保存 saves the call without it
    answer_unsaved(QMessageBox.StandardButton.Save)
    assert form.save()
    wait_ops()
    (saved,) = entries(qdesk)
    assert saved.entry.kind == "call" and saved.report is None


def test_the_kind_taken_over_is_said_and_a_visit_shows_its_report(qtbot, qdesk, view, client_id,
                                                                  wait_ops):
    # GIVEN a call was the last entry
    with qdesk.db.transaction(PROFILE.name) as session:
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": "2026-11-20", "kind": "call", "client_id": client_id, "content": "电话"}))
    form = view.new_entry()
    wait_ops()
    # THEN the new entry says it took 电话 over, and how a visit gets its report
    assert form.top_form.editors["kind"].value() == "call"
    assert form.kind_note.isVisible()
    assert "沿用上一条日志：电话" in form.kind_note.text() and "走访" in form.kind_note.text()
    assert not form.report_box.isVisible()
    # WHEN the kind is changed to 走访 with the keyboard
    combo = form.top_form.editors["kind"].input
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # 走访 is the first kind
    # THEN the visit report is there, open, and the note is gone
    assert form.top_form.editors["kind"].value() == "visit"
    assert form.report_box.isVisible() and form.report_box.isChecked() and form.report_body.isVisible()
    assert not form.kind_note.isVisible()
    form.editing.set_dirty(False)


def test_a_first_entry_is_a_visit_with_its_report_open(qtbot, qdesk, view, wait_ops):
    form = view.new_entry()
    wait_ops()
    assert form.top_form.editors["kind"].value() == "visit"
    assert not form.kind_note.isVisible()
    assert form.report_box.isVisible() and form.report_body.isVisible()
    assert not form.is_dirty


def test_dates_are_typed_the_short_way(pinned_clock, qtbot, qdesk, view, client_id, type_text, wait_ops):
    form = view.new_entry()
    wait_ops()
    activate(qtbot, form)
    day = form.top_form.editors["entry_date"]
    day.input.setFocus()
    day.input.line.selectAll()
    qtbot.keyClicks(day.input.line, "11-24")
    qtbot.keyClick(day.input.line, Qt.Key.Key_Tab)
    assert day.input.text() == "2026-11-24"  # shown as understood once left
    next_visit = form.report_rest.editors["next_visit_date"]
    next_visit.input.setFocus()
    type_text(next_visit.input.line, "13月40日")
    qtbot.keyClick(next_visit.input.line, Qt.Key.Key_Tab)
    assert next_visit.error().startswith("下次拜访日期：")
    assert "月份应在 1 到 12 之间" in next_visit.error()
    next_visit.input.setFocus()
    next_visit.input.line.selectAll()
    type_text(next_visit.input.line, "12月2日")
    qtbot.keyClick(next_visit.input.line, Qt.Key.Key_Tab)
    assert next_visit.error() == "" and next_visit.value() == "2026-12-02"
    form.client_form.set_values({"client_id": client_id}, {client_id: CLIENT})
    form.text_form.editors["content"].set_value("走访")
    form.report_talk.editors["purpose"].set_value("回访")
    assert form.save()
    wait_ops()
    (saved,) = entries(qdesk)
    assert saved.entry.entry_date == date(2026, 11, 24)
    assert saved.report is not None and saved.report.next_visit_date == date(2026, 12, 2)


def test_insert_and_ctrl_delete_add_and_remove_a_person(qtbot, qdesk, view, wait_ops):
    form = view.new_entry()
    wait_ops()
    activate(qtbot, form)
    form.participants.set_people([{"name": "王五", "position": "财务总监"}])
    table = form.participants.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert table.rowCount() == 2
    qtbot.keyClick(open_cell_editor(qtbot, table, 0), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 1 and form.participants.people() == []
    assert form.participants.edited_by_hand
    form.editing.set_dirty(False)
