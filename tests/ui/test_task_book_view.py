"""The task book view (工作任务书), driven with qtbot: targets, monthly actuals typed in
the grid, computed actuals from the diary, the on-track flag and the chart."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cmdesk.domain import task_book as tb
from cmdesk.services import diary, task_book
from tests.ui.conftest import PROFILE
from ui.ops import Changes, Kind
from ui.plans.task_book import (
    COL_ACTUAL,
    COL_DONE,
    COL_HOW,
    COL_MEASURE,
    COL_NAME,
    COL_STATUS,
    COL_TARGET,
    KEY_ROLE,
    IndicatorDialog,
    TaskBookView,
)

YEAR = date.today().year


def shown_view(qtbot, qdesk, wait_ops) -> TaskBookView:
    view = TaskBookView(qdesk)
    qtbot.addWidget(view)
    view.show()
    wait_ops()
    return view


def _row_of(view: TaskBookView, name: str) -> int:
    for row in range(view.table.rowCount()):
        if view.table.item(row, COL_NAME).text() == name:
            return row
    raise AssertionError(f"no row {name}")


def test_empty_year_then_standard_indicators_and_targets(qtbot, qdesk, wait_ops):
    view = shown_view(qtbot, qdesk, wait_ops)
    assert view.empty_label.isVisibleTo(view) and view.table.rowCount() == 0
    view.standard_button.click()
    wait_ops()
    assert view.table.rowCount() == 9
    # WHEN the manager types the 中间业务收入 target in the table
    row = _row_of(view, "中间业务收入")
    view.table.item(row, COL_TARGET).setText("120")
    wait_ops()
    row = _row_of(view, "中间业务收入")
    assert view.table.item(row, COL_TARGET).text() == "120"
    assert view.table.item(row, COL_HOW).text() == "按月录入"
    # AND January's actual in the month grid
    view.months.item(row, 0).setText("30")
    wait_ops()
    row = _row_of(view, "中间业务收入")
    assert view.table.item(row, COL_ACTUAL).text() == "30"
    assert view.table.item(row, COL_DONE).text() == "25.0%"
    with qdesk.db.session() as session:
        assert task_book.book_progress(session, YEAR).indicator("fee_income").monthly == {1: Decimal("30.00")}
    # AND the chart compares done with elapsed for every indicator with a target
    done_set = next(s for s in view.bar_sets() if s.label() == "完成进度 %")
    assert done_set.count() == 1 and done_set.at(0) == 25.0


def test_bad_input_is_refused_in_words(qtbot, qdesk, wait_ops):
    view = shown_view(qtbot, qdesk, wait_ops)
    view.standard_button.click()
    wait_ops()
    row = _row_of(view, "贷款收回率")
    view.table.item(row, COL_TARGET).setText("150")
    wait_ops()
    assert "0 到 100" in view.problem_label.text() and view.problem_label.isVisibleTo(view)
    row = _row_of(view, "贷款收回率")
    assert view.table.item(row, COL_TARGET).text() == "0"  # the stored value is shown again
    visits = _row_of(view, "走访次数")
    assert not view.months.item(visits, 0).flags() & Qt.ItemFlag.ItemIsEditable  # counted, not typed


def test_computed_visits_and_on_track_flag(qtbot, qdesk, make_client, wait_ops):
    client_id = make_client("厦门海辰贸易有限公司", tier="核心")
    with qdesk.db.transaction(PROFILE.name) as session:
        task_book.set_target(session, YEAR, "visits", "1")
    view = shown_view(qtbot, qdesk, wait_ops)
    row = _row_of(view, "走访次数")
    assert view.table.item(row, COL_ACTUAL).text() == "0"
    # WHEN a visit is logged (the diary tells the desk)
    with qdesk.db.transaction(PROFILE.name) as session:
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": date.today(), "kind": "visit", "client_id": client_id, "content": "走访"}))
    qdesk.announce(Changes.of(Kind.DIARY))
    wait_ops()
    row = _row_of(view, "走访次数")
    assert view.table.item(row, COL_ACTUAL).text() == "1"
    assert view.table.item(row, COL_STATUS).text() == "已完成全年"  # 100% of the year's target is never 进度正常
    assert view.table.item(row, COL_HOW).text() == "自动统计"


def test_custom_indicator_added_from_the_dialog_and_another_year(qtbot, qdesk, monkeypatch, wait_ops):
    def fill(dialog: IndicatorDialog) -> int:
        dialog.name_edit.setText("代发工资户数")
        dialog.unit_edit.setText("户")
        dialog.target_edit.setText("300")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(IndicatorDialog, "exec", fill)
    view = shown_view(qtbot, qdesk, wait_ops)
    view.year_spin.setValue(YEAR + 1)
    view.add_button.click()
    wait_ops()
    assert view.table.rowCount() == 1
    assert view.table.item(0, COL_NAME).text() == "代发工资户数"
    assert view.table.item(0, 1).text() == "户"
    view.year_spin.setValue(YEAR)
    wait_ops()
    assert view.table.rowCount() == 0
    assert "时间进度" in view.elapsed_label.text()


def test_a_custom_rate_is_added_as_a_level_and_remarked_a_flow_in_the_table(qtbot, qdesk, monkeypatch,
                                                                             wait_ops):
    # GIVEN the manager adds 利息收回率 in %: the dialog proposes 时点值
    proposed = []

    def fill(dialog: IndicatorDialog) -> int:
        dialog.name_edit.setText("利息收回率")
        dialog.unit_edit.setText("%")
        proposed.append(dialog.measure)
        dialog.target_edit.setText("98")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(IndicatorDialog, "exec", fill)
    view = shown_view(qtbot, qdesk, wait_ops)
    view.add_button.click()
    wait_ops()
    assert proposed == [tb.LEVEL]
    key = view.table.item(0, COL_NAME).data(KEY_ROLE)
    for month, value in ((1, "98.5"), (2, "98.7")):
        view.months.item(0, month - 1).setText(value)
        wait_ops()
    # THEN the rate is the latest month, not the sum, and over its target it says 已达标
    assert view.table.item(0, COL_ACTUAL).text() == "98.70"
    assert view.table.item(0, COL_STATUS).text() == "已达标"
    # WHEN the manager switches its 口径 to 累计值 in the table
    combo = view.table.cellWidget(0, COL_MEASURE)
    combo.setCurrentIndex(combo.findData(tb.FLOW))
    wait_ops()
    # THEN the months add up
    assert view.table.item(0, COL_ACTUAL).text() == "197.20"
    assert view.progress.indicator(key).measure == tb.FLOW
