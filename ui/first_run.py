"""First run: who owns this desk (the profile) and whether to start empty or with
demo data (200 generated clients, made in a worker thread behind a progress dialog)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.settings.profile_form import ProfileForm

DEMO_CLIENTS = 200
DEMO_SEED = 1


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

    def accept(self) -> None:
        if self.form.save(self.desk) is None:
            return  # problems are shown at the fields
        self.desk.reload_profile()
        super().accept()

    def wants_demo(self) -> bool:
        return self.demo_choice.isChecked()
