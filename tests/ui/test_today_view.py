"""今日 (the home view), built through the real services: a client overdue for contact,
an overdue follow-up, an unreported important change, a key contact's birthday; each
line opens what it names, and marking a change reported removes its line."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from cmdesk.models import VisitReport
from cmdesk.services.diary import EntryDraft, save_entry
from tests.ui.conftest import PROFILE
from ui.followups.model import OVERDUE_COLOR
from ui.ops import Changes, Kind

TODAY = date.today()


def lines(section) -> list[list[str]]:
    tree = section.list
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
            for i in range(tree.topLevelItemCount())]


def activate(qtbot, section, row: int) -> None:
    """Double-click a line, as the manager would."""
    tree = section.list
    center = tree.visualItemRect(tree.topLevelItem(row)).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)  # focus and select
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)


@pytest.fixture
def today_window(window, wait_ops):
    """The main window on 今日, its lines read."""
    wait_ops()
    return window


@pytest.fixture
def desk_data(ui_db, make_client) -> dict[str, str]:
    """GIVEN 海辰 (核心, last called 20 days ago, its 财务总监 has a birthday in two days)
    and 鹭岛 (visited today: an important change to report and a follow-up 3 days late)."""
    birthday = (TODAY + timedelta(days=2)).replace(year=1980)  # 1980: 29 Feb exists
    haichen = make_client("厦门海辰贸易有限公司", tier="核心")
    with ui_db.transaction(PROFILE.name) as session:
        from cmdesk.services.clients import ClientDraft, save_client_file

        save_client_file(session, ClientDraft(fields={}, contacts=[
            {"name": "王五", "position": "财务总监", "birthday": birthday.isoformat()}]), haichen)
    ludao = make_client("福建鹭岛建材股份有限公司", tier="重点")
    with ui_db.transaction(PROFILE.name) as session:
        save_entry(session, EntryDraft(fields={
            "entry_date": (TODAY - timedelta(days=20)).isoformat(), "kind": "call",
            "client_id": haichen, "content": "电话问候"}))
        visit = save_entry(session, EntryDraft(
            fields={"entry_date": TODAY.isoformat(), "start_time": "09:30", "kind": "visit",
                    "client_id": ludao, "content": "拜访财务部，了解代发工资需求"},
            visit_report={"important_changes": "法定代表人变更为李四", "important_change_flag": True},
            follow_ups=[{"request": "申请提高网银单笔限额", "department": "运营部",
                         "due_date": (TODAY - timedelta(days=3)).isoformat()}]))
    return {"haichen": haichen, "ludao": ludao, "visit": visit}


def test_today_shows_every_section_from_the_services(qtbot, desk_data, today_window):
    window = today_window
    view = window.today_view
    assert window.current_area() == "today" and view.isVisible()
    assert "今日" in view.heading.text() and str(TODAY.year) in view.heading.text()
    assert view._midnight.isActive() and view._midnight.remainingTime() <= 24 * 3600 * 1000 + 1000
    assert lines(view.entries) == [["09:30", "走访", "福建鹭岛建材股份有限公司", "拜访财务部，了解代发工资需求"]]
    assert view.plans.empty_label.isVisible() and "计划" in view.plans.empty_label.text()
    # the client called 20 days ago (核心: every 14 days) is 6 days overdue, in red
    contact = [line for line in lines(view.contacts) if line[0] == "厦门海辰贸易有限公司"]
    assert contact == [["厦门海辰贸易有限公司", "核心", (TODAY - timedelta(days=20)).isoformat(), "逾期 6 天"]]
    row = lines(view.contacts).index(contact[0])
    assert view.contacts.list.topLevelItem(row).foreground(3).color() == OVERDUE_COLOR
    follow_up = lines(view.follow_ups)
    assert len(follow_up) == 1 and follow_up[0][:3] == ["福建鹭岛建材股份有限公司", "申请提高网银单笔限额", "运营部"]
    assert "逾期 3 天" in follow_up[0][3]
    assert [line[:3] for line in lines(view.changes)] == [
        [TODAY.isoformat(), "福建鹭岛建材股份有限公司", "法定代表人变更为李四"]]
    birthday = lines(view.birthdays)
    assert len(birthday) == 1 and birthday[0][1:] == ["王五（财务总监）", "厦门海辰贸易有限公司"]


def test_double_clicking_a_client_line_opens_the_client_file(qtbot, desk_data, today_window,
                                                            wait_ops):
    window = today_window
    view = window.today_view
    row = [line[0] for line in lines(view.contacts)].index("厦门海辰贸易有限公司")
    activate(qtbot, view.contacts, row)
    assert window.current_area() == "clients"
    qtbot.waitUntil(lambda: window.clients_view.editor.client_id == desk_data["haichen"])
    wait_ops()  # the list, read in the background, selects the open file
    assert window.clients_view.selected_client_id() == desk_data["haichen"]


def test_enter_on_a_follow_up_line_selects_it_in_the_follow_up_list(qtbot, desk_data, today_window):
    window = today_window
    view = window.today_view
    tree = view.follow_ups.list
    tree.setCurrentItem(tree.topLevelItem(0))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.current_area() == "followups"
    qtbot.waitUntil(lambda: window.follow_ups_view.selected_id() is not None)  # read, then selected
    assert window.follow_ups_view.model.row_at(
        window.follow_ups_view.table.currentIndex().row()).request == "申请提高网银单笔限额"


def test_marking_a_change_reported_removes_its_line(qtbot, desk_data, today_window, ui_db, wait_ops):
    window = today_window
    view = window.today_view
    tree = view.changes.list
    button = tree.itemWidget(tree.topLevelItem(0), 3)
    assert isinstance(button, QPushButton) and button.text() == "标记为已报告"
    with qtbot.waitSignal(window.desk.changed):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert lines(view.changes) == [] and view.changes.empty_label.isVisible()
    with ui_db.session() as session:
        report = session.query(VisitReport).one()
        assert report.reported_at is not None


def test_the_view_reads_again_when_the_diary_changes(qtbot, desk_data, today_window, ui_db, wait_ops):
    window = today_window
    view = window.today_view
    assert len(lines(view.entries)) == 1
    with ui_db.transaction(PROFILE.name) as session:
        save_entry(session, EntryDraft(fields={
            "entry_date": TODAY.isoformat(), "start_time": "14:00", "kind": "call",
            "client_id": desk_data["haichen"], "content": "电话约下周拜访"}))
    window.desk.announce(Changes.of(Kind.DIARY))
    wait_ops()
    assert [line[3] for line in lines(view.entries)] == ["拜访财务部，了解代发工资需求", "电话约下周拜访"]
    # the call resets 海辰's clock: no longer overdue
    assert "厦门海辰贸易有限公司" not in [line[0] for line in lines(view.contacts)]


def test_entry_lines_open_the_entry_in_the_diary_area(qtbot, desk_data, today_window, monkeypatch):
    window = today_window
    diary_page = window.diary_view
    opened: list[str] = []
    monkeypatch.setattr(diary_page, "open_entry", opened.append, raising=False)
    view = window.today_view
    activate(qtbot, view.entries, 0)
    assert window.current_area() == "diary" and opened == [desk_data["visit"]]
    window.switch_to("today")
    activate(qtbot, view.changes, 0)  # an important change opens the visit it was reported in
    assert opened == [desk_data["visit"], desk_data["visit"]]


def test_a_long_section_shows_a_page_and_the_rest_on_demand(qtbot, ui_db, make_client,
                                                            today_window, wait_ops, monkeypatch):
    import ui.today.view as today_module

    # GIVEN more clients overdue for contact than one page holds (a page of 2 here)
    monkeypatch.setattr(today_module, "SECTION_LIMIT", 2)
    for number in range(5):
        make_client(f"逾期客户{number}", tier="核心")
    view = today_window.today_view
    view.limits = {"contacts_due": 2}
    view.refresh(TODAY + timedelta(days=60))  # every new file is overdue by then
    wait_ops()
    # THEN two lines show, the title counts all five, and the rest is offered
    assert len(lines(view.contacts)) == 2
    assert view.contacts.title() == "逾期/即将到期联系（5）"
    assert view.contacts.more_button.isVisible()
    assert view.contacts.more_button.text() == "还有 3 个 · 显示更多"
    # WHEN the manager asks for more: the next page is read
    qtbot.mouseClick(view.contacts.more_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert len(lines(view.contacts)) == 4 and view.contacts.more_button.text() == "还有 1 个 · 显示更多"


def test_todays_plan_items_are_ticked_off_and_the_plan_view_follows(qtbot, ui_db, make_client,
                                                                   today_window, wait_ops):
    from cmdesk.models import PlanItem
    from cmdesk.services import plans
    from ui.plans.week_page import COLUMNS

    # GIVEN this week's plan holds a visit to 海辰 today
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    with ui_db.transaction(PROFILE.name) as session:
        item_id = plans.save_item(session, plans.week_of(TODAY), {
            "client_id": client_id, "purpose": "marketing", "planned_date": TODAY,
            "priority": "high"})
    window = today_window
    window.today_view.desk.changed.emit(Changes.of(Kind.PLANS, item_id))
    wait_ops()
    view = window.today_view
    assert lines(view.plans) == [["厦门海辰贸易有限公司", "营销", "高", "今天"]]
    item = view.plans.list.topLevelItem(0)
    assert item.checkState(0) == Qt.CheckState.Unchecked
    # WHEN the manager ticks it with the keyboard (Space on the line)
    view.plans.list.setFocus()
    view.plans.list.setCurrentItem(item)
    qtbot.keyClick(view.plans.list, Qt.Key.Key_Space)
    wait_ops()
    # THEN it is stored done, shown ticked, and the week plan shows it done
    with ui_db.session() as session:
        assert session.get(PlanItem, item_id).status == "done"
    item = view.plans.list.topLevelItem(0)
    assert item.checkState(0) == Qt.CheckState.Checked and item.font(0).strikeOut()
    assert "已完成 1" in view.summary.text()
    window.switch_to("plans")
    wait_ops()
    page = window.plans_view.week_page
    assert page.model.index(0, COLUMNS.index("状态")).data() == "已完成"
    # unticking gives it back to the plan
    window.switch_to("today")
    wait_ops()
    view.plans.list.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)
    wait_ops()
    with ui_db.session() as session:
        assert session.get(PlanItem, item_id).status == "planned"
