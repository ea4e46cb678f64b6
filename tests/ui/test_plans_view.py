"""The 计划 area driven with qtbot: week navigation and days, the item dialog, suggestions,
the diary completing an item, carry-over, status changes, exports, and the month tab."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from cmdesk.models import Client
from cmdesk.services import diary, plans
from tests.ui.conftest import PROFILE
from ui.ops import Changes, Kind
from ui.plans.view import PlansView
from ui.plans.week_page import COLUMNS, STATUS_COLOURS

STATUS_COLUMN = COLUMNS.index("状态")
SUBJECT_COLUMN = COLUMNS.index("客户/事项")


@pytest.fixture
def view(qtbot, qdesk, wait_ops):
    widget = PlansView(qdesk)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    wait_ops()
    return widget


def _rows(page) -> list[tuple[str, str]]:
    model = page.model
    return [(model.index(r, SUBJECT_COLUMN).data(), model.index(r, STATUS_COLUMN).data())
            for r in range(model.rowCount())]


def _select(page, subject: str) -> None:
    for row in range(page.model.rowCount()):
        if page.model.index(row, SUBJECT_COLUMN).data() == subject:
            page.table.setCurrentIndex(page.model.index(row, 0))
            return
    raise AssertionError(subject)


def test_tabs_navigation_and_days(qtbot, view, wait_ops):
    page = view.week_page
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "周计划", "月计划", "工作任务书", "例会纪要", "考核表"]
    this_week = plans.week_of(date.today())
    assert page.title_label.text() == plans.week_title(this_week)
    qtbot.mouseClick(page.period.next_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert page.week == plans.shift_week(this_week, 1)
    assert page.title_label.text() == plans.week_title(page.week)
    qtbot.mouseClick(page.period.this_button, Qt.MouseButton.LeftButton)
    assert page.week == this_week
    page.show_week("2026-W01")
    wait_ops()
    texts = [label.text() for label in page.day_labels]
    assert texts[0].startswith("星期一\n12-29") and "元旦" in texts[3] and "调休上班" in texts[6]


def test_dialog_adds_an_item_and_refuses_an_empty_one(qtbot, view, some_clients, wait_ops):
    page = view.week_page
    page.show_week("2026-W48")
    wait_ops()
    dialog = page.open_dialog(None)
    wait_ops()
    dialog.save()
    wait_ops()
    assert dialog.problem_label.isVisibleTo(dialog)
    assert "请选择客户或填写事项" in dialog.problem_label.text()
    client_id = some_clients["厦门海辰贸易有限公司"]
    dialog.client_picker.set_client(client_id, "厦门海辰贸易有限公司")
    dialog.purpose_box.setCurrentIndex(dialog.purpose_box.findData("marketing"))
    dialog.day_box.setCurrentIndex(dialog.day_box.findData("2026-11-24"))
    dialog.products_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.outcome_edit.setPlainText("推介代发工资")
    dialog.save()
    wait_ops()  # saved, announced, and the page read again
    assert dialog.result() and dialog.saved_id
    assert _rows(page) == [("厦门海辰贸易有限公司", "计划中")]
    assert page.model.index(0, 0).data() == "11-24 周二"
    _select(page, "厦门海辰贸易有限公司")
    edit = page.open_dialog(page.selected_item())
    # saved before the catalogue is read, the item keeps its products
    assert edit.values()["products"] == list(page.selected_item().products) and edit.values()["products"]
    wait_ops()
    assert edit.day_box.currentData() == "2026-11-24"
    assert edit.products_list.item(0).checkState() == Qt.CheckState.Checked


def test_suggestion_is_added_in_one_click(qtbot, view, make_client, qdesk, wait_ops):
    overdue = make_client("泉州瑞祥物流有限公司", tier="核心")
    with qdesk.db.transaction(PROFILE.name) as session:
        session.get(Client, overdue).created_at = datetime(2025, 1, 6)
    page = view.week_page
    page.refresh()
    wait_ops()
    names = [page.suggestions.item(i).text() for i in range(page.suggestions.count())]
    assert any(name.startswith("泉州瑞祥物流有限公司") and "逾期" in name for name in names)
    page.suggestions.setCurrentRow(0)
    qtbot.mouseClick(page.suggest_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert _rows(page) == [("泉州瑞祥物流有限公司", "计划中")]
    assert page.selected_item().subject == "泉州瑞祥物流有限公司"
    assert page.suggestions.count() == 0


def test_diary_entry_completes_the_item_on_screen(qtbot, view, some_clients, qdesk, wait_ops):
    page = view.week_page
    week = page.week
    monday, _sunday = plans.week_bounds(week)
    with qdesk.db.transaction(PROFILE.name) as session:
        plans.save_item(session, week, {"client_id": some_clients["陈晓梅"], "purpose": "maintain"})
    page.refresh()
    wait_ops()
    with qdesk.db.transaction(PROFILE.name) as session:
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": monday, "kind": "call", "client_id": some_clients["陈晓梅"],
            "content": "电话回访"}))
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": monday, "kind": "visit",
            "client_id": some_clients["福建鹭岛建材股份有限公司"], "content": "走访"}))
    qdesk.announce(Changes.of(Kind.DIARY))
    wait_ops()
    assert _rows(page) == [("陈晓梅", "已完成")]
    background = page.model.item(0, STATUS_COLUMN).background().color().name()
    assert background == STATUS_COLOURS["done"]
    assert "已完成 1" in page.actual_label.text()
    assert page.unplanned.count() == 1 and "福建鹭岛建材股份有限公司" in page.unplanned.item(0).text()


@pytest.fixture
def no_warning_boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


def test_status_changes_delete_and_carry_over(qtbot, view, some_clients, qdesk,
                                               no_warning_boxes, wait_ops):
    page = view.week_page
    page.show_week("2026-W48")
    with qdesk.db.transaction(PROFILE.name) as session:
        for name in some_clients:
            plans.save_item(session, "2026-W48", {"client_id": some_clients[name], "purpose": "maintain"})
    page.refresh()
    wait_ops()
    _select(page, "陈晓梅")
    page.set_selected_status("dropped", reason="客户出差")
    wait_ops()
    assert page.selected_item().subject == "陈晓梅"  # still selected after the read
    _select(page, "厦门海辰贸易有限公司")
    page.set_selected_status("done")
    wait_ops()
    _select(page, "福建鹭岛建材股份有限公司")
    page.set_selected_status("dropped", reason="")
    wait_ops()
    assert "需要说明原因" in no_warning_boxes[0]
    assert page.carry_button.isEnabled()
    qtbot.mouseClick(page.carry_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert dict(_rows(page)) == {"陈晓梅": "已取消", "厦门海辰贸易有限公司": "已完成",
                                 "福建鹭岛建材股份有限公司": "已顺延"}
    assert not page.carry_button.isEnabled()
    qtbot.mouseClick(page.period.next_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert _rows(page) == [("福建鹭岛建材股份有限公司", "计划中")]
    _select(page, "福建鹭岛建材股份有限公司")
    assert page.delete_selected(confirm=False)
    wait_ops()
    assert _rows(page) == []


def test_exports_preview_the_pdf_and_write_the_workbook(qtbot, view, some_clients, qdesk,
                                                        tmp_path, no_warning_boxes, wait_ops):
    page = view.week_page
    page.show_week("2026-W48")
    wait_ops()
    with qdesk.db.transaction(PROFILE.name) as session:
        plans.save_item(session, "2026-W48", {"client_id": some_clients["陈晓梅"], "purpose": "maintain",
                                              "planned_date": "2026-11-23"})
    dialog = page.pdf_preview()
    assert dialog is not None and dialog.document.pageCount() >= 1
    pdf_path = dialog.masked_path
    dialog.reject()
    assert not pdf_path.exists()
    path = page.export_xlsx(tmp_path / "week.xlsx")
    book = load_workbook(path)
    assert book["本周计划"]["D3"].value == "陈晓梅"
    assert book["本周计划"]["B3"].value.date() == date(2026, 11, 23)
    assert no_warning_boxes == []


def test_month_tab_saves_goals_and_opens_a_week(qtbot, view, qdesk, wait_ops):
    month_page = view.month_page
    view.tabs.setCurrentWidget(month_page)
    month_page.show_month("2020-03")
    month_page.save()  # the boxes still hold another month's goals while March is read
    wait_ops()
    with qdesk.db.session() as session:
        assert plans.get_month_plan(session, "2020-03") is None
    month_page.show_month("2026-11")
    wait_ops()
    assert month_page.title_label.text() == "2026年11月"
    assert month_page.weeks_model.rowCount() == 4
    month_page.goal_boxes["goal_visits"].setValue(20)
    month_page.goals_edit.setPlainText("代发工资落地")
    month_page.save()
    wait_ops()
    assert not month_page.problem_label.isVisibleTo(month_page)
    with qdesk.db.session() as session:
        saved = plans.get_month_plan(session, "2026-11")
        assert (saved.goal_visits, saved.goals_text) == (20, "代发工资落地")
    assert "实际 0" in month_page.actual_labels["goal_visits"].text()
    index = month_page.weeks_model.index(3, 0)
    month_page.weeks_table.doubleClicked.emit(index)
    wait_ops()
    assert view.tabs.currentWidget() is view.week_page and view.week_page.week == "2026-W48"
    assert view.week_page.title_label.text() == plans.week_title("2026-W48")
    qtbot.mouseClick(month_page.period.next_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert month_page.month == "2026-12"
    assert month_page.goal_boxes["goal_visits"].value() == 0
