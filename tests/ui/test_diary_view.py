"""The 工作日志 area: the week view's day columns (Monday first) and navigation, the day
view, the diary table model, the client file's 工作日志 and 督办事项 tabs, and the
area in the main window (looked up by key)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cmdesk.services import clients as client_service
from cmdesk.services import diary
from tests.ui.conftest import PROFILE
from ui.diary.view import MODE_DAY, MODE_WEEK, DiaryView
from ui.models.diary_table import DiaryTableModel

WEDNESDAY = date(2026, 11, 18)
MONDAY = date(2026, 11, 16)


@pytest.fixture
def client_id(ui_db) -> str:
    with ui_db.transaction(PROFILE.name) as session:
        return client_service.save_client_file(session, client_service.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"},
            contacts=[{"name": "王五", "position": "财务总监"}]))


def log(ui_db, on: date, content: str, client: str | None = None, kind: str = "visit",
        at: str = "09:30", follow_ups: list[dict] | None = None) -> str:
    with ui_db.transaction(PROFILE.name) as session:
        return diary.save_entry(session, diary.EntryDraft(
            fields={"entry_date": on.isoformat(), "start_time": at, "kind": kind if client else "internal",
                    "client_id": client, "content": content}, follow_ups=follow_ups))


@pytest.fixture
def view(qtbot, qdesk, wait_ops):
    diary_view = DiaryView(qdesk)
    qtbot.addWidget(diary_view, before_close_func=lambda v: v.close_forms())
    diary_view.resize(1300, 700)
    diary_view.show()
    qtbot.waitExposed(diary_view)
    wait_ops()
    return diary_view


def test_week_view_puts_entries_in_their_day_columns(qtbot, ui_db, view, client_id, wait_ops,
                                                      time_machine):
    sunday_id = log(ui_db, MONDAY - timedelta(days=1), "上周日整理资料")
    monday_id = log(ui_db, MONDAY, "周一走访", client_id)
    wednesday_ids = [log(ui_db, WEDNESDAY, "下午电话", client_id, "call", "15:00"),
                     log(ui_db, WEDNESDAY, "上午走访", client_id, "visit", "09:00")]
    sunday_this_week = log(ui_db, MONDAY + timedelta(days=6), "周日培训")
    view.go_to(WEDNESDAY)
    wait_ops()
    assert view.mode == MODE_WEEK
    assert view.week_start == MONDAY
    assert view.week.entry_ids(0) == [monday_id]
    assert view.week.entry_ids(2) == list(reversed(wednesday_ids))  # in time order
    assert view.week.entry_ids(6) == [sunday_this_week]
    assert sunday_id not in view.shown_entry_ids()
    assert view.week.headings[0].text().startswith("周一  11-16")
    assert "上午走访" in view.week.columns[2].item(0).text()
    assert "厦门鹭易科技有限公司" in view.week.columns[2].item(0).text()
    # 上一周 shows the Sunday before; 下一周 and 本周 move on
    view.period.previous_button.click()
    wait_ops()
    assert view.week_start == MONDAY - timedelta(days=7)
    assert view.week.entry_ids(6) == [sunday_id]
    view.period.next_button.click()
    view.period.next_button.click()
    wait_ops()
    assert view.week_start == MONDAY + timedelta(days=7)
    assert view.shown_entry_ids() == []
    time_machine.move_to(datetime(2026, 11, 25, 12).astimezone())  # a Wednesday, whatever the real day
    view.period.this_button.click()
    wait_ops()
    assert view.week_start == date(2026, 11, 23)
    view.date_edit.line.setText("11-18")  # typed without the year: the nearest 18 November
    view.date_edit.commit()
    wait_ops()
    assert view.week_start == MONDAY and len(view.shown_entry_ids()) == 4


def test_day_view_lists_one_day_and_navigates(qtbot, ui_db, view, client_id, wait_ops):
    first = log(ui_db, WEDNESDAY, "上午走访", client_id, "visit", "09:00")
    log(ui_db, WEDNESDAY + timedelta(days=1), "第二天电话", client_id, "call")
    view.go_to(WEDNESDAY)
    view.day_button.click()
    wait_ops()
    assert view.mode == MODE_DAY
    assert view.shown_entry_ids() == [first]
    assert view.model.row_at(0).client_name == "厦门鹭易科技有限公司"
    assert view.period.previous_button.text() == "前一天"
    view.period.next_button.click()
    wait_ops()
    assert view.current_date == WEDNESDAY + timedelta(days=1)
    assert len(view.shown_entry_ids()) == 1 and first not in view.shown_entry_ids()
    view.period.next_button.click()
    wait_ops()
    assert view.shown_entry_ids() == [] and view.day_empty.isVisible()
    view.current_date = WEDNESDAY
    view.refresh()
    wait_ops()
    assert view.select_entry(first) and view.selected_entry() == first
    form = view.open_selected()
    assert form is not None and form.entry_id == first


def test_diary_table_model(qtmodeltester, ui_db, qdesk, client_id):
    log(ui_db, WEDNESDAY, "走访\n第二行", client_id,
        follow_ups=[{"request": "开户"}])
    log(ui_db, WEDNESDAY, "内部会议")
    with qdesk.db.session() as session:
        rows = diary.entry_rows_between(session, WEDNESDAY, WEDNESDAY)
    model = DiaryTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 2).data() == "走访（督办 1）"
    assert model.index(0, 5).data() == "走访…"


def test_client_file_timeline_and_follow_ups_tabs(qtbot, qdesk, ui_db, client_id, wait_ops):
    from ui.clients.editor import TAB_DIARY, TAB_FOLLOW_UPS, ClientEditor

    older = log(ui_db, WEDNESDAY - timedelta(days=30), "初次走访", client_id)
    newer = log(ui_db, WEDNESDAY, "复访", client_id,
                follow_ups=[{"request": "开立代发账户", "department": "公司业务部",
                             "due_date": "2020-01-01"}])
    log(ui_db, WEDNESDAY, "内部学习")
    editor = ClientEditor(qdesk)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(client_id)
    wait_ops()
    # the record lists are built (and read) the first time they are shown
    assert TAB_DIARY not in editor.record_tabs
    editor.sections.show_section(TAB_DIARY)
    wait_ops()
    timeline = editor.record_tabs[TAB_DIARY]
    assert [timeline.model.row_at(i).id for i in range(timeline.model.rowCount())] == [newer, older]
    assert editor.sections.title(TAB_DIARY) == "工作日志 (2)"
    editor.sections.page(TAB_FOLLOW_UPS)
    wait_ops()
    follow_ups = editor.record_tabs[TAB_FOLLOW_UPS]
    assert follow_ups.count() == 1
    assert follow_ups.tree.topLevelItem(0).text(0) == "开立代发账户"
    assert editor.sections.title(TAB_FOLLOW_UPS) == "督办事项 (1)"
    # double-click (activate) opens the entry
    timeline._on_activated(timeline.model.index(0, 0))
    forms = timeline_forms(qdesk)
    assert [form.entry_id for form in forms] == [newer]
    forms[0].close()
    # a new entry from the client file names the client and shows up at once
    timeline.new_entry()
    wait_ops()  # the form reads what it needs in the background
    form = timeline_forms(qdesk)[0]
    assert form.client_picker.client_id() == client_id
    form.text_form.editors["content"].set_value("电话回访")
    form.save()
    wait_ops()
    assert timeline.count() == 3
    assert editor.sections.title(TAB_DIARY) == "工作日志 (3)"


def timeline_forms(qdesk):
    from ui.diary.opener import EntryForms

    return EntryForms.of(qdesk).forms()


def test_main_window_diary_area_and_ctrl_n(qtbot, window):
    window.switch_to("diary")
    assert window.stack.currentWidget() is window.diary_view
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.diary_view.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    forms = window.diary_view.forms.forms()
    assert len(forms) == 1 and forms[0].entry_id is None
    forms[0].close()


def test_search_finds_a_two_character_name_and_opens_the_entry(qtbot, qdesk, make_client, monkeypatch):
    from cmdesk.services import diary as diary_service
    from ui.diary.view import MODE_SEARCH, DiaryView

    client = make_client("厦门鹭易科技有限公司")
    with qdesk.db.transaction("张明") as session:
        found = diary_service.save_entry(session, diary_service.EntryDraft(fields={
            "entry_date": "2026-11-20", "kind": "visit", "client_id": client,
            "content": "与财务总监王五商谈代发工资"}))
        diary_service.save_entry(session, diary_service.EntryDraft(fields={
            "entry_date": "2026-11-21", "kind": "internal", "content": "部门例会"}))
    view = DiaryView(qdesk)
    qtbot.addWidget(view)
    opened = []
    monkeypatch.setattr(view, "open_entry", opened.append)
    view.results.open_requested.disconnect()
    view.results.open_requested.connect(view.open_entry)
    view.search_box.setText("王五")
    with qtbot.waitSignal(view.results.finished, timeout=10_000):
        view.search_box.returnPressed.emit()
    assert view.stack.currentIndex() == MODE_SEARCH
    assert view.results.entry_ids() == [found]
    label = view.results.list.itemWidget(view.results.list.item(0))
    assert "王五</b>" in label.text() and "厦门鹭易科技有限公司" in label.text()
    view.results.list.itemActivated.emit(view.results.list.item(0))
    assert opened == [found]
    view.search_box.clear()
    assert view.stack.currentIndex() != MODE_SEARCH


def test_print_without_a_selection_says_what_to_do(qtbot, qdesk, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.diary.view import DiaryView

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    view = DiaryView(qdesk)
    qtbot.addWidget(view)
    view.print_button.click()
    assert told == ["请先选中一条走访日志。"]
