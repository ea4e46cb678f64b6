"""督办事项: the list puts overdue follow-ups first and marks them, filters by status, and
closing one from its form records who closed it and when."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from cmdesk.models import FollowUp
from cmdesk.services.diary import EntryDraft, follow_up_rows, save_entry, update_follow_up
from tests.ui.conftest import PROFILE
from ui.followups.model import (
    CLOSED_COLOR,
    COL_DUE,
    COL_REQUEST,
    COL_STATUS,
    OVERDUE_COLOR,
    OVERDUE_ROLE,
    FollowUpTableModel,
)
from ui.followups.view import OPEN_FILTER
from ui.ops import Changes, Kind

TODAY = date.today()


@pytest.fixture
def follow_up_ids(ui_db, make_client) -> dict[str, str]:
    """GIVEN three follow-ups of one visit: due in 10 days, 5 days late, already with a department."""
    client = make_client("厦门海辰贸易有限公司", tier="核心")
    rows = [
        {"request": "开立外币账户", "department": "国际业务部", "chaser": "张明",
         "due_date": (TODAY + timedelta(days=10)).isoformat()},
        {"request": "提高网银限额", "department": "运营部", "chaser": "张明",
         "due_date": (TODAY - timedelta(days=5)).isoformat()},
        {"request": "代发工资方案", "department": "公司业务部", "status": "with_department"},
    ]
    with ui_db.transaction(PROFILE.name) as session:
        entry_id = save_entry(session, EntryDraft(
            fields={"entry_date": TODAY.isoformat(), "kind": "visit", "client_id": client,
                    "content": "走访"}, follow_ups=rows))
    with ui_db.session() as session:
        return {f.request: f.id for f in session.query(FollowUp).filter_by(entry_id=entry_id)}


@pytest.fixture
def view(follow_up_ids, window, wait_ops):
    window.switch_to("followups")
    wait_ops()
    return window.follow_ups_view


def requests(view) -> list[str]:
    return [view.model.row_at(row).request for row in range(view.model.rowCount())]


def test_overdue_first_and_marked(view):
    assert requests(view)[0] == "提高网银限额"
    assert set(requests(view)) == {"提高网银限额", "开立外币账户", "代发工资方案"}
    late = view.model.index(0, COL_DUE)
    assert late.data(OVERDUE_ROLE) == 5 and "逾期 5 天" in late.data()
    assert late.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOR
    assert view.model.index(1, COL_DUE).data(OVERDUE_ROLE) == 0
    assert view.count_label.text() == "共 3 件，逾期 1 件"


def test_filter_by_status(qtbot, view, follow_up_ids, ui_db, wait_ops):
    combo = view.status_filter
    assert combo.currentText() == "未办结"
    combo.setCurrentIndex(combo.findData("with_department"))
    wait_ops()
    assert requests(view) == ["代发工资方案"]
    assert view.model.index(0, COL_STATUS).data() == "已转部门"
    combo.setCurrentIndex(combo.findData("cannot"))
    wait_ops()
    assert requests(view) == [] and view.empty_label.isVisible()
    # a follow-up closed elsewhere leaves 未办结 (the list reads again when the diary changes)
    with ui_db.transaction(PROFILE.name) as session:
        update_follow_up(session, follow_up_ids["代发工资方案"], {"status": "cannot"})
    view.desk.announce(Changes.of(Kind.DIARY, follow_up_ids["代发工资方案"]))
    wait_ops()
    assert requests(view) == ["代发工资方案"] and view.table.isVisible()
    combo.setCurrentIndex(combo.findData(OPEN_FILTER))
    wait_ops()
    assert sorted(requests(view)) == sorted(["提高网银限额", "开立外币账户"])
    combo.setCurrentIndex(combo.findData(None))
    wait_ops()
    assert len(requests(view)) == 3
    closed = view.model.index(requests(view).index("代发工资方案"), COL_STATUS)
    assert closed.data() == "无法办理" and closed.data(Qt.ItemDataRole.ForegroundRole).color() == CLOSED_COLOR


def test_closing_a_follow_up_records_who_and_when(qtbot, view, follow_up_ids, ui_db, wait_ops):
    # WHEN the manager selects the late one and records that the client was told
    view.table.selectRow(0)
    assert view.selected_id() == follow_up_ids["提高网银限额"]
    form = view.form
    status = form.editors["status"].input
    status.setCurrentIndex(status.findData("told_client"))
    form.editors["result"].input.setPlainText("限额已调至 500 万")
    form.editors["told_client_on"].input.set_text(TODAY.isoformat())
    with qtbot.waitSignal(view.desk.changed):
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    # THEN it is stored closed, by the manager, now; the form shows who and when
    with ui_db.session() as session:
        stored = session.get(FollowUp, follow_up_ids["提高网银限额"])
        assert (stored.status, stored.result, stored.told_client_on) == ("told_client", "限额已调至 500 万", TODAY)
        assert stored.closed_by == "张明" and stored.closed_at is not None
    assert view.selected_id() == follow_up_ids["提高网银限额"]  # shown under 全部 now it is closed
    assert view.closed_by_label.text() == "张明" and view.closed_at_label.text().startswith(str(TODAY.year))
    assert view.model.index(view.table.currentIndex().row(), COL_DUE).data(OVERDUE_ROLE) == 0
    assert view.form_status.text() == "已保存"


def test_a_bad_date_is_shown_at_the_field_and_not_saved(qtbot, view, follow_up_ids, ui_db, wait_ops):
    assert view.select_follow_up(follow_up_ids["开立外币账户"])
    view.form.editors["told_client_on"].input.set_text("2025-13-45")
    view.save()
    wait_ops()
    assert view.form.editors["told_client_on"].error()
    assert view.form_status.text() == "未保存：请改正标红的字段"
    with ui_db.session() as session:
        assert session.get(FollowUp, follow_up_ids["开立外币账户"]).told_client_on is None


def test_follow_up_model(qtmodeltester, follow_up_ids, ui_db):
    model = FollowUpTableModel()
    with ui_db.session() as session:
        model.set_rows(follow_up_rows(session, today=TODAY))
    assert model.rowCount() == 3
    assert model.index(0, COL_REQUEST).data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)
