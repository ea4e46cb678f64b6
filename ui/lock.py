"""The app lock: the window's content hidden behind a lock screen until the password is typed.

`AppLock.install(window, desk)` wraps the main window's central widget in a stack whose
other page is the `LockScreen`, adds the 锁定 action (Ctrl+L, also a button in the status
bar) and starts the idle watch: after the idle time set in 设置 (`lock_idle_minutes`,
default 10; 0 = never; read on the desk's database thread at start and after a settings
change) without keyboard or mouse input the desk locks by itself. While
locked the client data is not on screen: the central content is hidden, the status bar
message is cleared and any other open window (an editor dialog, a preview) is hidden
until the desk is unlocked. Unlocking checks the password against the desk's key file
through cmdesk.storage.encryption (never against anything kept in memory); a desk without a
password (tests, demos) unlocks with the button alone and says so.

`PasswordDialog` is the small dialog that asks the password of an encrypted desk at start.
"""
from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import CmdeskError
from cmdesk.paths import DataPaths
from cmdesk.services.settings import DEFAULT_LOCK_IDLE_MINUTES, lock_idle_minutes
from cmdesk.storage import encryption
from ui import ops
from ui.ops import Changes, Kind

IDLE_CHECK_MS = 15_000
_INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                           QEvent.Type.MouseMove, QEvent.Type.Wheel,
                           QEvent.Type.TouchBegin, QEvent.Type.InputMethod})


def desk_has_password(paths: DataPaths) -> bool:
    return paths.key_file.is_file()


def check_password(paths: DataPaths, password: str) -> None:
    """Raise WrongPasswordError (in words) unless `password` opens this desk."""
    params = encryption.read_params(paths.key_file)
    if params is None:
        raise CmdeskError(QCoreApplication.translate("PasswordDialog", "这个工作台没有设置密码"))
    encryption.derive_key(params, password)


class ActivityWatch(QObject):
    """Notes the time of the last keyboard, mouse or touch input anywhere in the app."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.last_input = time.monotonic()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """What the locked window shows: who the desk belongs to and a password field."""

    unlock_requested = Signal(str)

    def __init__(self, has_password: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("工作台已锁定"), self)
        title.setObjectName("heading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.owner = QLabel(self)
        self.owner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("输入密码解锁"))
        self.password.setFixedWidth(280)
        self.password.returnPressed.connect(self._request)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        self.error.setFixedWidth(420)
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 2 + 4)  # two lines
        self.error.hide()
        self.unlock_button = QPushButton(self.tr("解锁"), self)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._request)
        self.no_password_hint = QLabel(self.tr("这个工作台还没有设置密码，任何人都能解锁。"
                                               "请在“设置 → 备份与安全”里设置密码。"), self)
        self.no_password_hint.setObjectName("sectionHint")
        self.no_password_hint.setWordWrap(True)
        self.no_password_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_password_hint.setFixedWidth(420)
        self.password.setVisible(has_password)
        self.no_password_hint.setVisible(not has_password)

        column = QVBoxLayout()
        column.setSpacing(12)
        for widget in (icon, title, self.owner, self.password, self.error, self.no_password_hint):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column)
        layout.addStretch(2)

    def _request(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()

    def reset(self, owner: str) -> None:
        self.owner.setText(self.tr("{name} 的工作台").format(name=owner) if owner else "")
        self.password.clear()
        self.error.hide()
        if self.password.isVisible():
            self.password.setFocus()


class AppLock(QObject):
    """Locks the main window on demand (Ctrl+L, 锁定) and after the idle time."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, desk: Any, watch: ActivityWatch | None = None,
                 check_interval_ms: int = IDLE_CHECK_MS):
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.watch = watch or ActivityWatch(self)
        self.is_locked = False
        self.idle_minutes = DEFAULT_LOCK_IDLE_MINUTES
        self._hidden_windows: list[QWidget] = []

        self.content = window.takeCentralWidget()
        self.stack = QStackedWidget(window)
        self.stack.addWidget(self.content)
        self.lock_screen = LockScreen(desk_has_password(desk.paths), self.stack)
        self.stack.addWidget(self.lock_screen)
        window.setCentralWidget(self.stack)
        self.stack.setCurrentWidget(self.content)
        self.content.show()  # takeCentralWidget hid it
        if window.isVisible():
            self.stack.show()  # installed on a window already on screen
        self.lock_screen.unlock_requested.connect(self.unlock)

        self.action = QAction(window.style().standardIcon(QStyle.StandardPixmap.SP_DialogNoButton),
                              self.tr("锁定"), window)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip(self.tr("锁定工作台（Ctrl+L）：离开座位时隐藏客户资料，凭密码解锁"))
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        self.button = QToolButton(window)
        self.button.setDefaultAction(self.action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        window.statusBar().addPermanentWidget(self.button)

        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        desk.changed.connect(self._on_changed)
        self.read_idle_minutes()

    def read_idle_minutes(self) -> None:
        ops.query(self.desk, lock_idle_minutes, done=self._set_idle_minutes, parent=self,
                  key=f"lock.idle_minutes.{id(self)}")

    def _set_idle_minutes(self, minutes: int) -> None:
        self.idle_minutes = minutes

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.SETTINGS,)):
            self.read_idle_minutes()

    def check_idle(self) -> bool:
        """Lock when the idle time has passed; True when this call locked the desk."""
        if self.is_locked:
            return False
        minutes = self.idle_minutes
        if minutes <= 0 or self.watch.idle_seconds() < minutes * 60:
            return False
        self.lock()
        return True

    def lock(self) -> None:
        if self.is_locked:
            return
        self.is_locked = True
        self._hidden_windows = [widget for widget in QApplication.topLevelWidgets()
                                if widget.isVisible() and widget is not self.window
                                and isinstance(widget, QDialog | QMainWindow)]
        for widget in self._hidden_windows:
            widget.hide()
        self.window.statusBar().clearMessage()
        self.lock_screen.reset(self.desk.profile.name)
        self.stack.setCurrentWidget(self.lock_screen)
        self.content.hide()
        self.action.setEnabled(False)
        self.locked.emit()

    def unlock(self, password: str) -> bool:
        """Unlock when `password` opens the desk; otherwise say so on the lock screen."""
        if not self.is_locked:
            return True
        if desk_has_password(self.desk.paths):
            try:
                check_password(self.desk.paths, password)
            except CmdeskError as exc:
                self.lock_screen.show_error(str(exc))
                return False
        self.is_locked = False
        self.lock_screen.reset("")
        self.stack.setCurrentWidget(self.content)
        self.content.show()
        for widget in self._hidden_windows:
            widget.show()
        self._hidden_windows = []
        self.action.setEnabled(True)
        self.watch.last_input = time.monotonic()
        self.unlocked.emit()
        return True


class PasswordDialog(QDialog):
    """Asks the password of an encrypted desk before its database opens."""

    def __init__(self, paths: DataPaths, error: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("输入工作台密码"))
        intro = QLabel(self.tr("这个工作台的数据已加密。请输入密码打开。"), self)
        intro.setWordWrap(True)
        folder = QLabel(self.tr("数据文件夹：{path}").format(path=paths.root), self)
        folder.setObjectName("sectionHint")
        folder.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.error = QLabel(error, self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        self.remember = QCheckBox(self.tr("在本机的系统密钥库中记住（下次不再询问）"), self)
        self.remember.setVisible(encryption.keyring_available())
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("打开"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, folder, self.password, self.error, self.remember, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(420)
        self.password.setFocus()

    def accept(self) -> None:
        if not self.password.text():
            self.error.setText(self.tr("请输入密码"))
            self.error.show()
            return
        super().accept()

    def value(self) -> str:
        return self.password.text()

    def wants_remember(self) -> bool:
        return not self.remember.isHidden() and self.remember.isChecked()
