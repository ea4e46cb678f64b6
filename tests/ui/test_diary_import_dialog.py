"""工作日志 → 从 Excel 导入…: the check shows every problem by row, nothing is half-saved,
the import adds the good rows once, and the template is what the import reads."""
from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt

from cmdesk.services.diary_import import HEADERS


def write_sheet(path, rows) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    book.save(path)


@pytest.fixture
def dialog(qtbot, qdesk):
    from ui.diary.import_dialog import DiaryImportDialog

    made = DiaryImportDialog(qdesk)
    qtbot.addWidget(made)
    return made


def test_check_shows_the_bad_rows_then_the_good_ones_are_imported_once(
        qtbot, qdesk, make_client, dialog, tmp_path, wait_ops):
    make_client("厦门海辰贸易有限公司")
    sheet = tmp_path / "我的日志.xlsx"
    write_sheet(sheet, [
        ["2026-11-20", "09:30", "走访", "厦门海辰贸易有限公司", "王五", "了解代发工资需求", "", "报价"],
        ["2026-11-21", "", "走访", "不存在的公司", "", "拜访", "", ""],
        ["2026-11-22", "", "飞行", "", "", "内容", "", ""],
    ])
    # WHEN the file is checked: nothing is written, the problems are listed by row
    dialog.check_file(sheet)
    assert dialog.summary.text() == "可导入 1 条日志，拒绝 2 行。点“导入”写入。"
    problems = [(dialog.report.item(i, 0).text(), dialog.report.item(i, 1).text())
                for i in range(dialog.report.rowCount())]
    assert problems[0] == ("3", "客户名称") and problems[-1][0] == "4"
    assert "不存在的公司" in dialog.report.item(0, 2).text()
    assert dialog.import_button.isEnabled()
    assert diary_count(qdesk) == 0
    # WHEN imported: the good row only; the diary is told
    with qtbot.waitSignal(qdesk.changed):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "已导入 1 条日志，拒绝 2 行"
    assert diary_count(qdesk) == 1 and not dialog.import_button.isEnabled()
    # WHEN the same file is imported again: nothing is added twice
    dialog.check_file(sheet)
    assert dialog.summary.text() == "可导入 0 条日志，拒绝 3 行"
    assert not dialog.import_button.isEnabled()
    wait_ops()


def diary_count(qdesk) -> int:
    from sqlalchemy import func, select

    from cmdesk.models import DiaryEntry

    with qdesk.db.session() as session:
        return session.scalar(select(func.count()).select_from(DiaryEntry))


def test_the_template_saved_from_the_dialog_is_read_by_the_import(
        qtbot, qdesk, dialog, tmp_path, monkeypatch):
    import ui.widgets.sheet_import_dialog

    target = tmp_path / "日志模板"
    monkeypatch.setattr(ui.widgets.sheet_import_dialog, "save_file", lambda *a, **k: target)
    dialog.save_template()
    saved = tmp_path / "日志模板.xlsx"
    assert saved.is_file() and "模板已保存" in dialog.summary.text()
    dialog.check_file(saved)  # an empty template: read fine, nothing to import
    assert dialog.summary.text() == "可导入 0 条日志，拒绝 0 行"


def test_the_diary_area_opens_the_import(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from ui.diary.import_dialog import DiaryImportDialog

    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.switch_to("diary")
    window.command_actions["import"].trigger()
    window.diary_view.import_button.click()
    assert len(shown) == 2 and all(isinstance(d, DiaryImportDialog) for d in shown)
