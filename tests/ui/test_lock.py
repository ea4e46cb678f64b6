"""The app lock: Ctrl+L and the 锁定 action hide the window's content behind the lock
screen, only the desk's password unlocks it, the idle time locks by itself (0 = never),
and other open windows are hidden while locked."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from cmdesk.errors import ValidationError
from cmdesk.services.settings import save_profile
from cmdesk.storage.desk import open_desk
from tests.ui.conftest import PROFILE
from tests.ui.waiting import wait_for_ops

PASSWORD = "鹭岛-correct-horse"


@pytest.fixture
def encrypted_desk(tmp_path):
    """An encrypted desk (ui.desk.Desk) with the manager's profile."""
    from ui.desk import Desk

    opened = open_desk(tmp_path / "locked-desk", PASSWORD, no_encryption=False)
    with opened.db.transaction() as session:
        save_profile(session, PROFILE)
    yield Desk(opened.db, opened.paths)
    opened.close()


@pytest.fixture
def locked_window(qtbot, encrypted_desk, make_client_in):
    from ui.lock import AppLock
    from ui.main_window import MainWindow

    make_client_in(encrypted_desk, "厦门海辰贸易有限公司")
    window = MainWindow(encrypted_desk.paths, encrypted_desk)
    qtbot.addWidget(window, before_close_func=lambda w: w.clients_view.editor.close_file())
    lock = AppLock(window, encrypted_desk)
    window.show()
    qtbot.waitExposed(window)
    return window, lock


@pytest.fixture
def make_client_in():
    from cmdesk.services import clients as client_service
    from cmdesk.services.clients import ClientDraft

    def make(desk, name: str) -> str:
        with desk.db.transaction(PROFILE.name) as session:
            return client_service.save_client_file(
                session, ClientDraft(fields={"kind": "company", "name": name}))

    return make


def _visible_texts(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_ctrl_l_hides_the_content_and_only_the_password_unlocks(qtbot, locked_window):
    window, lock = locked_window
    window.switch_to("clients")
    qtbot.waitUntil(lambda: not window.clients_view.is_loading, timeout=5000)
    assert lock.content.isVisible() and window.nav.isVisible()
    # WHEN the manager presses Ctrl+L
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    # THEN the client data is hidden behind the lock screen
    assert lock.is_locked
    assert window.centralWidget() is lock.stack
    assert lock.stack.currentWidget() is lock.lock_screen
    assert not lock.content.isVisible() and not window.clients_view.isVisible()
    assert not window.nav.isVisible()
    assert "工作台已锁定" in _visible_texts(window) and "张明" in _visible_texts(window)
    assert "厦门海辰" not in _visible_texts(window)
    # AND a wrong password is refused in words, still locked
    lock.lock_screen.password.setText("wrong-password")
    qtbot.mouseClick(lock.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.is_locked and not lock.content.isVisible()
    assert "密码不对" in lock.lock_screen.error.text() and lock.lock_screen.error.isVisible()
    # AND the right one brings the content back
    lock.lock_screen.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        qtbot.mouseClick(lock.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked and lock.content.isVisible() and window.clients_view.isVisible()
    assert lock.lock_screen.password.text() == ""  # the typed password is not kept


def test_the_lock_action_is_in_the_status_bar_and_hides_open_dialogs(qtbot, locked_window):
    window, lock = locked_window
    dialog = QDialog(window)
    dialog.setWindowTitle("客户资料")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert lock.button.defaultAction() is lock.action and lock.action.text() == "锁定"
    lock.button.click()
    assert lock.is_locked and not dialog.isVisible()
    assert not lock.action.isEnabled()
    assert lock.unlock(PASSWORD)
    assert dialog.isVisible()


def test_idle_time_locks_by_itself_and_zero_means_never(qtbot, locked_window):
    from cmdesk.services.settings import DEFAULT_LOCK_IDLE_MINUTES, save_lock_idle_minutes
    from ui import ops
    from ui.ops import Changes, Kind

    window, lock = locked_window
    desk = lock.desk
    wait_for_ops(qtbot, desk)
    assert lock.idle_minutes == DEFAULT_LOCK_IDLE_MINUTES
    lock.watch.last_input -= (DEFAULT_LOCK_IDLE_MINUTES - 1) * 60
    assert not lock.check_idle() and not lock.is_locked  # not yet
    # input resets the idle clock (a key that stays on 今日, the first area)
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)
    assert lock.watch.idle_seconds() < 5
    lock.watch.last_input -= DEFAULT_LOCK_IDLE_MINUTES * 60 + 1
    assert lock.check_idle() and lock.is_locked and not lock.content.isVisible()
    assert lock.unlock(PASSWORD)
    # a new idle time saved in 设置 is read again by the lock
    ops.write(desk, lambda session: save_lock_idle_minutes(session, 0), Changes.of(Kind.SETTINGS))
    qtbot.waitUntil(lambda: desk.ops.is_idle() and lock.idle_minutes == 0)
    lock.watch.last_input -= 24 * 3600
    assert not lock.check_idle() and not lock.is_locked
    with desk.db.session() as session, pytest.raises(ValidationError) as info:
        save_lock_idle_minutes(session, 241)
    assert info.value.problems[0].label == "自动锁定时间"


def test_a_desk_without_password_locks_and_says_anyone_can_unlock(qtbot, window):
    from ui.lock import AppLock

    lock = AppLock(window, window.desk)
    lock.lock()
    assert not lock.content.isVisible()
    assert lock.lock_screen.no_password_hint.isVisible()
    assert not lock.lock_screen.password.isVisible()
    assert lock.unlock("") and lock.content.isVisible()


def test_password_dialog_says_a_wrong_password_and_needs_one(qtbot, encrypted_desk):
    from ui.lock import PasswordDialog

    dialog = PasswordDialog(encrypted_desk.paths, "密码不对，无法打开加密的数据库。")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.error.isVisible() and "密码不对" in dialog.error.text()
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.password.clear()
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "请输入密码"
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.value() == PASSWORD
