"""设置: the manager's profile and the client tiers (客户分级), each saved on its own."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import ValidationError
from cmdesk.services.settings import get_tiers, save_tiers
from ui.settings.profile_form import ProfileForm


class SettingsView(QWidget):
    """Profile form and tiers list."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk

        heading = QLabel(self.tr("设置"), self)
        heading.setObjectName("heading")

        profile_box = QGroupBox(self.tr("客户经理资料"), self)
        profile_hint = QLabel(self.tr("打印件和导出的数据包都会带上这些资料；档案的变更历史以姓名记录操作人。"),
                              profile_box)
        profile_hint.setObjectName("sectionHint")
        profile_hint.setWordWrap(True)
        self.profile_form = ProfileForm(profile_box)
        self.profile_status = QLabel(profile_box)
        self.profile_status.setObjectName("sectionHint")
        self.profile_save = QPushButton(self.tr("保存资料"), profile_box)
        self.profile_save.clicked.connect(self.save_profile)
        profile_buttons = QHBoxLayout()
        profile_buttons.addWidget(self.profile_status, 1)
        profile_buttons.addWidget(self.profile_save)
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(profile_hint)
        profile_layout.addWidget(self.profile_form)
        profile_layout.addLayout(profile_buttons)

        tiers_box = QGroupBox(self.tr("客户等级"), self)
        tiers_hint = QLabel(self.tr("从高到低排列，例如 核心 / 重点 / 一般。新客户默认为最后一级。"
                                    "双击可改名。"), tiers_box)
        tiers_hint.setObjectName("sectionHint")
        tiers_hint.setWordWrap(True)
        self.tiers = QListWidget(tiers_box)
        self.tiers.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tiers.setMaximumHeight(180)
        self.tier_add = QPushButton(self.tr("添加"), tiers_box)
        self.tier_remove = QPushButton(self.tr("删除"), tiers_box)
        self.tier_up = QPushButton(self.tr("上移"), tiers_box)
        self.tier_down = QPushButton(self.tr("下移"), tiers_box)
        self.tiers_save = QPushButton(self.tr("保存等级"), tiers_box)
        self.tier_add.clicked.connect(self.add_tier)
        self.tier_remove.clicked.connect(self.remove_tier)
        self.tier_up.clicked.connect(lambda: self.move_tier(-1))
        self.tier_down.clicked.connect(lambda: self.move_tier(1))
        self.tiers_save.clicked.connect(self.save_tiers)
        self.tiers_error = QLabel(tiers_box)
        self.tiers_error.setObjectName("fieldError")
        self.tiers_error.hide()
        self.tiers_status = QLabel(tiers_box)
        self.tiers_status.setObjectName("sectionHint")
        side = QVBoxLayout()
        for button in (self.tier_add, self.tier_remove, self.tier_up, self.tier_down):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.tiers, 1)
        row.addLayout(side)
        tiers_buttons = QHBoxLayout()
        tiers_buttons.addWidget(self.tiers_status, 1)
        tiers_buttons.addWidget(self.tiers_save)
        tiers_layout = QVBoxLayout(tiers_box)
        tiers_layout.addWidget(tiers_hint)
        tiers_layout.addLayout(row)
        tiers_layout.addWidget(self.tiers_error)
        tiers_layout.addLayout(tiers_buttons)

        folder = QLabel(self.tr("数据文件夹：{path}").format(path=desk.paths.root), self)
        folder.setObjectName("sectionHint")
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        content = QWidget(self)
        content.setMaximumWidth(760)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(heading)
        content_layout.addWidget(profile_box)
        content_layout.addWidget(tiers_box)
        content_layout.addWidget(folder)
        content_layout.addStretch(1)
        holder = QWidget(self)
        holder_layout = QHBoxLayout(holder)
        holder_layout.addWidget(content, 1)
        holder_layout.addStretch(0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.reload()

    def reload(self) -> None:
        self.profile_form.set_profile(self.desk.reload_profile())
        with self.desk.db.session() as session:
            tiers = get_tiers(session)
        self.tiers.clear()
        for tier in tiers:
            self._add_tier_item(tier)
        self.tiers_error.hide()

    # --- profile -------------------------------------------------------------------
    def save_profile(self) -> bool:
        saved = self.profile_form.save(self.desk)
        if saved is None:
            self.profile_status.setText(self.tr("未保存：请改正标红的字段"))
            return False
        self.desk.reload_profile()
        self.desk.profile_changed.emit()
        self.profile_status.setText(self.tr("资料已保存"))
        self.desk.status_message.emit(self.tr("客户经理资料已保存"))
        return True

    # --- tiers ---------------------------------------------------------------------
    def _add_tier_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.tiers)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_tier(self) -> None:
        item = self._add_tier_item(self.tr("新等级"))
        self.tiers.setCurrentItem(item)
        self.tiers.editItem(item)

    def remove_tier(self) -> None:
        row = self.tiers.currentRow()
        if row >= 0:
            self.tiers.takeItem(row)

    def move_tier(self, step: int) -> None:
        row = self.tiers.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.tiers.count():
            return
        item = self.tiers.takeItem(row)
        self.tiers.insertItem(target, item)
        self.tiers.setCurrentRow(target)

    def tier_names(self) -> list[str]:
        return [self.tiers.item(i).text() for i in range(self.tiers.count())]

    def save_tiers(self) -> bool:
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                save_tiers(session, self.tier_names())
        except ValidationError as exc:
            self.tiers_error.setText("；".join(p.message for p in exc.problems))
            self.tiers_error.show()
            self.tiers_status.clear()
            return False
        self.tiers_error.hide()
        self.reload_tiers_only()
        self.tiers_status.setText(self.tr("客户等级已保存"))
        self.desk.tiers_changed.emit()
        return True

    def reload_tiers_only(self) -> None:
        with self.desk.db.session() as session:
            tiers = get_tiers(session)
        self.tiers.clear()
        for tier in tiers:
            self._add_tier_item(tier)
