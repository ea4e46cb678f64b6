"""First run: the desk's password, who owns this desk (the profile) and whether to start
empty or with demo data (200 generated clients, made in a worker thread behind a progress
dialog).

`NewPasswordDialog` comes before the database exists (a new desk) or before an earlier
version's unencrypted database is converted: the password twice, the warning that a lost
password cannot be recovered, and, where the OS has a key store, the option to remember it.
`FirstRunDialog` then asks the profile on the open desk. Both grow to show every wrapped
line of their texts and messages (`fit_height`: Qt does not do it for a window)."""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import CmdeskError
from cmdesk.services.settings import Profile
from cmdesk.storage import encryption
from ui.settings.profile_form import ProfileForm

DEMO_CLIENTS = 200
DEMO_SEED = 1


def fit_height(dialog: QDialog) -> None:
    """Make the dialog tall enough for its wrapped texts at its present width (a window's
    minimum size ignores word wrap, so long lines were cut off at large fonts)."""
    layout = dialog.layout()
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width())
    dialog.setMinimumHeight(needed)
    if dialog.height() < needed:
        dialog.resize(dialog.width(), needed)


LOST_PASSWORD_NOTICE = QT_TRANSLATE_NOOP("NewPasswordDialog",
                                         "请牢记这个密码：密码一旦遗忘，不可找回，只能由总行恢复数据"
                                         "（本机的客户资料将无法打开）。")


class NewPasswordDialog(QDialog):
    """Sets the desk's password: for a new desk (`converting=False`) or to encrypt an
    existing unencrypted one (`converting=True`, a backup is made first by the core)."""

    def __init__(self, converting: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.converting = converting
        if converting:
            self.setWindowTitle(self.tr("为工作台设置密码"))
            intro_text = self.tr("这个工作台的数据还没有加密，电脑丢失时客户资料可能被读出。"
                                 "设置密码后，数据库和备份都会加密；加密前会先备份当前数据库。")
        else:
            self.setWindowTitle(self.tr("欢迎使用 cmdesk 客户经理工作台"))
            intro_text = self.tr("第一次使用，请先设置工作台密码。客户的证件号、手机号和账户信息"
                                 "将加密保存，打开工作台和解锁时需要这个密码。")
        intro = QLabel(intro_text, self)
        intro.setWordWrap(True)
        self.warning = QLabel(self.tr(LOST_PASSWORD_NOTICE), self)
        self.warning.setObjectName("fieldError")
        self.warning.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("新密码（至少 {n} 个字符）").format(n=encryption.MIN_PASSWORD_LENGTH))
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setPlaceholderText(self.tr("再输入一次新密码"))
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.remember = QCheckBox(self.tr("在本机的系统密钥库中记住（下次不再询问）"), self)
        self.remember.setVisible(encryption.keyring_available())
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("加密并打开") if converting else self.tr("设置密码"),
                          QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.warning, self.password, self.repeat, self.error,
                       self.remember, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(480)

    def problem(self) -> str | None:
        """What is wrong with the typed password, in words; None when it can be set."""
        if self.password.text() != self.repeat.text():
            return self.tr("两次输入的密码不一致")
        try:
            encryption.check_new_password(self.password.text())
        except CmdeskError as exc:
            return str(exc)
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            fit_height(self)
            return
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def value(self) -> str:
        return self.password.text()

    def wants_remember(self) -> bool:
        return not self.remember.isHidden() and self.remember.isChecked()


class FirstRunDialog(QDialog):
    """Asks the profile; `wants_demo()` after accept."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("欢迎使用 cmdesk 客户经理工作台"))
        welcome = QLabel(self.tr("第一次使用，请填写您的资料。档案的每一次修改都会以您的姓名记录；"
                                 "打印件和导出的数据包也会带上这些资料。"), self)
        welcome.setWordWrap(True)
        self.form = ProfileForm(self)
        self.form.set_profile(desk.profile)

        start_box = QGroupBox(self.tr("开始方式"), self)
        self.empty_choice = QRadioButton(self.tr("从空白开始（正式使用）"), start_box)
        self.demo_choice = QRadioButton(
            self.tr("载入演示数据（{n} 个虚构客户，用于熟悉功能）").format(n=DEMO_CLIENTS), start_box)
        self.empty_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.empty_choice)
        group.addButton(self.demo_choice)
        box_layout = QVBoxLayout(start_box)
        box_layout.addWidget(self.empty_choice)
        box_layout.addWidget(self.demo_choice)

        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("开始使用"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(welcome)
        layout.addWidget(self.form)
        layout.addWidget(start_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def accept(self) -> None:
        """Store the profile, then close; problems are shown at the fields."""
        self.form.save(self.desk, saved=self._saved, refused=lambda: fit_height(self))

    def _saved(self, _profile: Profile) -> None:
        super().accept()

    def wants_demo(self) -> bool:
        return self.demo_choice.isChecked()
