"""The first-run dialogs show every line of their texts, also with the larger font of a
1366×768 laptop at 125 % and once their error messages appear (a window's minimum size
ignores word wrap; ui.first_run.fit_height makes up for it)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

LAPTOP_HEIGHT = 768 - 40  # the screen less the taskbar


@pytest.fixture
def laptop_font(qapp):
    """The application font as large as a 10 pt font at 125 % scaling."""
    normal = qapp.font()
    large = qapp.font()
    large.setPointSizeF(12.5)
    qapp.setFont(large)
    yield
    qapp.setFont(normal)


def cut_texts(dialog) -> list[str]:
    """The visible texts of the dialog that do not get the room they need."""
    cut = []
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            fits = widget.height() >= widget.heightForWidth(widget.width())
        else:
            hint = widget.sizeHint()
            fits = widget.height() >= hint.height() and widget.width() >= hint.width()
        if not fits:
            cut.append(widget.text())
    return cut


def test_new_password_dialog_shows_all_its_text_and_its_error(qtbot, laptop_font):
    from ui.first_run import NewPasswordDialog

    dialog = NewPasswordDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert cut_texts(dialog) == []
    # WHEN the two passwords differ: the message appears, and nothing is cut
    dialog.password.setText("甲乙丙丁戊己庚辛")
    dialog.repeat.setText("甲乙丙丁戊己庚")
    dialog.accept()
    assert dialog.error.isVisible() and dialog.error.text() == "两次输入的密码不一致"
    assert cut_texts(dialog) == []
    assert dialog.height() <= LAPTOP_HEIGHT


def test_first_run_dialog_shows_all_its_text_and_the_field_problems(qtbot, qdesk, laptop_font,
                                                                   wait_ops):
    from ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(qdesk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert cut_texts(dialog) == []
    # WHEN started without a name: the problems appear at the fields, and nothing is cut
    dialog.form.editors["name"].input.clear()
    dialog.accept()
    wait_ops()
    qtbot.waitUntil(lambda: dialog.form.first_error() is not None)
    assert dialog.isVisible()
    assert cut_texts(dialog) == []
    assert dialog.height() <= LAPTOP_HEIGHT



def test_password_dialog_shows_a_long_folder_and_its_error(qtbot, tmp_path, laptop_font):
    from cmdesk.paths import DataPaths
    from ui.lock import PasswordDialog

    deep = tmp_path / "用户数据" / ("客户经理工作台数据文件夹" * 4)
    dialog = PasswordDialog(DataPaths.resolve(deep), error="密码不对，请再输入一次")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert cut_texts(dialog) == []
    # WHEN opened without a password: the new message replaces the old, nothing is cut
    dialog.accept()
    assert dialog.error.text() == "请输入密码" and dialog.isVisible()
    assert cut_texts(dialog) == []
    assert dialog.height() <= LAPTOP_HEIGHT
