"""The save/open dialogs: the last folder of each kind is remembered in the data folder
(across restarts), and Qt's own dialogs speak Chinese."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton, QWidget

from ui.widgets import file_dialogs
from ui.widgets.file_dialogs import EXPORTS, IMPORTS, PRINTS


class DeskWidget(QWidget):
    """A widget of a desk working on `paths`, as every view is."""

    def __init__(self, paths):
        super().__init__()
        self.desk = type("DeskStandIn", (), {"paths": paths})()


@pytest.fixture
def answer_with(monkeypatch):
    """Make every file dialog answer with a given path (as if typed and accepted)."""
    asked: list[QFileDialog] = []

    def answer(path: Path) -> list[QFileDialog]:
        def fake_exec(dialog: QFileDialog) -> int:
            asked.append(dialog)
            dialog.selectFile(str(path))
            return int(QDialog.DialogCode.Accepted.value)

        monkeypatch.setattr(QFileDialog, "exec", fake_exec)
        return asked

    return answer


def test_each_kind_starts_where_it_was_last_used_even_after_a_restart(
        qtbot, ui_paths, tmp_path, answer_with):
    prints, sheets = tmp_path / "打印件", tmp_path / "表格"
    for folder in (prints, sheets, Path.home()):
        folder.mkdir()
    owner = DeskWidget(ui_paths)
    qtbot.addWidget(owner)
    child = QWidget(owner)  # found through the parent chain
    # GIVEN a PDF saved into 打印件 (the extension added) and a sheet opened from 表格
    asked = answer_with(prints / "访客报告")
    saved = file_dialogs.save_file(child, PRINTS, "另存为", "访客报告.pdf", "PDF 文件 (*.pdf)")
    assert saved == prints / "访客报告.pdf"
    assert asked[-1].acceptMode() == QFileDialog.AcceptMode.AcceptSave
    (sheets / "客户.xlsx").write_bytes(b"x")
    answer_with(sheets / "客户.xlsx")
    assert file_dialogs.open_file(child, IMPORTS, "选择文件", "表格 (*.xlsx)") == sheets / "客户.xlsx"
    # WHEN the desk starts again (only the data folder's ui.ini remembers)
    assert (ui_paths.root / "ui.ini").is_file()
    # THEN each kind starts in its own last folder; a kind never used starts at home
    for kind, folder in ((PRINTS, prints), (IMPORTS, sheets), (EXPORTS, Path.home())):
        dialog = file_dialogs.file_dialog(child, kind, "t", QFileDialog.FileMode.AnyFile)
        assert Path(dialog.directory().absolutePath()) == folder.resolve()


def test_a_chosen_folder_is_remembered_and_a_vanished_one_forgotten(
        qtbot, ui_paths, tmp_path, answer_with):
    stick = tmp_path / "U盘"
    stick.mkdir()
    owner = DeskWidget(ui_paths)
    qtbot.addWidget(owner)
    answer_with(stick)
    assert file_dialogs.choose_folder(owner, EXPORTS, "选择文件夹") == stick
    assert file_dialogs.last_folder(ui_paths, EXPORTS) == stick
    stick.rmdir()  # the stick was pulled out
    assert file_dialogs.last_folder(ui_paths, EXPORTS) == Path.home()


def test_cancel_returns_nothing_and_remembers_nothing(qtbot, ui_paths, monkeypatch):
    owner = DeskWidget(ui_paths)
    qtbot.addWidget(owner)
    monkeypatch.setattr(QFileDialog, "exec", lambda dialog: int(QDialog.DialogCode.Rejected.value))
    assert file_dialogs.save_file(owner, EXPORTS, "导出", "a.xlsx", "Excel (*.xlsx)") is None
    assert not (ui_paths.root / "ui.ini").exists()


def test_the_dialogs_buttons_are_chinese(qtbot, qapp, ui_paths):
    from ui.app import install_translators

    # GIVEN the translators the desk installs at start (whatever the system's language)
    install_translators(qapp)
    try:
        owner = DeskWidget(ui_paths)
        qtbot.addWidget(owner)
        dialog = file_dialogs.file_dialog(owner, EXPORTS, "导出", QFileDialog.FileMode.AnyFile,
                                          "Excel (*.xlsx)", "周计划.xlsx", saving=True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, testable
        dialog.show()
        qtbot.waitExposed(dialog)
        texts = {button.text() for button in dialog.findChildren(QPushButton) if button.isVisible()}
        assert {"保存(&S)", "取消"} <= texts
        labels = {label.text() for label in dialog.findChildren(QLabel) if label.isVisible()}
        assert {"查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："} <= labels
        dialog.reject()
    finally:
        for translator in qapp._cmdesk_translators:
            qapp.removeTranslator(translator)
