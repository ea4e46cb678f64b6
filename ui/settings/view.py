"""设置: the manager's profile (its grade read-only once head office sent one), the rules
in force (对等配置 and the assessment rules, with where they came from, read-only), the
client tiers (客户分级) and the contact interval of each
tier (定期联系制度), each saved on its own, and the interface language (ui.settings.language).
Everything is read and saved on the desk's database thread (ui.ops) and read again, when
next shown, after a change elsewhere."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
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

from cmdesk.domain.client_fields import FieldSpec
from cmdesk.errors import ValidationError
from cmdesk.services.cadence import (
    MAX_CADENCE_DAYS,
    MIN_CADENCE_DAYS,
    get_cadence,
    save_cadence,
)
from cmdesk.services.head_office_rules import (
    RulesInForce,
    grade_set_by_head_office,
    rules_in_force,
)
from cmdesk.services.settings import Profile, get_profile, get_tiers, save_tiers
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.settings.language import LanguageBox
from ui.settings.profile_form import ProfileForm
from ui.widgets.field_editor import FieldEditor


class CadenceBox(QGroupBox):
    """定期联系制度: one row per tier — the tier, its interval in days (problems shown at
    the field), saved together."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(self.tr("联系频率"), parent)
        self.desk = desk
        self.editors: dict[str, FieldEditor] = {}
        hint = QLabel(self.tr("每个等级的客户至少多少天联系一次（走访、电话、会议、贷后检查都算联系），"
                              "范围 {low}–{high} 天。今日页据此提示逾期和即将到期的客户。")
                      .format(low=MIN_CADENCE_DAYS, high=MAX_CADENCE_DAYS), self)
        hint.setObjectName("sectionHint")
        hint.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setColumnStretch(3, 1)
        self.status = QLabel(self)
        self.status.setObjectName("sectionHint")
        self.save_button = QPushButton(self.tr("保存联系频率"), self)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        RefreshOnShow(self, desk, {Kind.SETTINGS}, self.reload)

    def reload(self) -> None:
        """Read the stored tiers and intervals again, then rebuild the rows."""
        ops.query(self.desk, get_cadence, done=self._show, parent=self,
                  key=f"settings.cadence.{id(self)}")

    def _show(self, cadence: dict[str, int]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.editors = {}
        for header, column in ((self.tr("客户等级"), 0), (self.tr("联系间隔"), 1)):
            label = QLabel(header, self)
            label.setObjectName("sectionHint")
            self.grid.addWidget(label, 0, column)
        for row, (tier, days) in enumerate(cadence.items(), start=1):
            editor = FieldEditor(FieldSpec(tier, tier), parent=self)
            editor.input.setMaximumWidth(90)
            editor.input.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            editor.set_value(days)
            editor.changed.connect(self.status.clear)
            name = QLabel(tier, self)
            name.setBuddy(editor.input)
            unit = QLabel(self.tr("天"), self)
            for label in (name, unit):
                label.setContentsMargins(0, 4, 0, 0)  # level with the text in the input
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(editor, row, 1)
            self.grid.addWidget(unit, row, 2, Qt.AlignmentFlag.AlignTop)
            self.editors[tier] = editor

    def save(self) -> None:
        """Store the intervals in the background; a bad one is marked at its field."""
        days = {tier: editor.value() for tier, editor in self.editors.items()}
        ops.write(self.desk, lambda session: save_cadence(session, days), Changes.of(Kind.SETTINGS),
                  done=self._saved, failed=self._refused, parent=self)

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, ValidationError):
            ops.show_error(self, exc)
            return
        messages = {problem.field: problem.message for problem in exc.problems}
        for tier, editor in self.editors.items():
            editor.set_error(messages.get(tier))
        self.status.setText(self.tr("未保存：请改正标红的天数"))

    def _saved(self, _result: None) -> None:
        for editor in self.editors.values():
            editor.set_error(None)
        self.status.setText(self.tr("联系频率已保存"))


class SettingsView(QWidget):
    """Profile form, tiers list and contact intervals."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk

        heading = QLabel(self.tr("设置"), self)
        heading.setObjectName("heading")

        profile_box = QGroupBox(self.tr("客户经理资料"), self)
        profile_hint = QLabel(self.tr("打印件和导出的数据包都会带上这些资料；业务电话和电子邮箱印在交客户的"
                                      "服务方案资料上，员工号不会。档案的变更历史以姓名记录操作人。"),
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
        self.grade_note = QLabel(profile_box)
        self.grade_note.setObjectName("sectionHint")
        self.grade_note.setWordWrap(True)
        self.grade_note.hide()
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(profile_hint)
        profile_layout.addWidget(self.profile_form)
        profile_layout.addWidget(self.grade_note)
        profile_layout.addLayout(profile_buttons)

        self.rules_box = QGroupBox(self.tr("对等配置与考核规则"), self)
        self.rules_hint = QLabel(self.rules_box)
        self.rules_hint.setObjectName("sectionHint")
        self.rules_hint.setWordWrap(True)
        self.rules_text = QLabel(self.rules_box)
        self.rules_text.setWordWrap(True)
        self.rules_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rules_layout = QVBoxLayout(self.rules_box)
        rules_layout.addWidget(self.rules_hint)
        rules_layout.addWidget(self.rules_text)

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
        content_layout.addWidget(self.rules_box)
        self.cadence = CadenceBox(desk, self)
        content_layout.addWidget(self.cadence)
        from ui.settings.backups import BackupsPage  # 备份与安全

        self.backups = BackupsPage(desk, self)
        content_layout.addWidget(self.backups)
        self.language = LanguageBox(desk.paths, self)
        content_layout.addWidget(self.language)
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
        RefreshOnShow(self.profile_form, desk, {Kind.PROFILE}, self.reload_profile)
        RefreshOnShow(self.tiers, desk, {Kind.SETTINGS}, self.reload_tiers)
        RefreshOnShow(self.rules_box, desk, {Kind.SETTINGS, Kind.PROFILE}, self.reload_rules)

    # --- profile -------------------------------------------------------------------
    def reload_profile(self) -> None:
        ops.query(self.desk, lambda session: (get_profile(session), grade_set_by_head_office(session)),
                  done=self._show_profile, parent=self, key=f"settings.profile.{id(self)}")

    def _show_profile(self, read: tuple[Profile, str]) -> None:
        """The profile; its grade read-only once head office has sent one."""
        profile, head_office_grade = read
        self.profile_form.set_profile(profile)
        self.profile_form.editors["grade"].set_read_only(bool(head_office_grade))
        self.grade_note.setText(self.tr("职级由总行登记为 {grade}，本机不能修改；如有变动请联系主管。").format(
            grade=head_office_grade))
        self.grade_note.setVisible(bool(head_office_grade))

    # --- rules in force --------------------------------------------------------------
    def reload_rules(self) -> None:
        ops.query(self.desk, rules_in_force, done=self._show_rules, parent=self,
                  key=f"settings.rules.{id(self)}")

    def _show_rules(self, rules: RulesInForce) -> None:
        owned = rules.assessment_from_head_office or rules.grade_from_head_office
        self.rules_hint.setText(
            self.tr("以下规则由总行下发，只读，本机不能修改。") if owned
            else self.tr("总行下发规则后以总行为准；本机的考核规则可用 cmdesk assess rules --from 文件 载入。"))
        floors = self.tr("，").join(self.tr("{tier}客户由{grade}以上服务").format(tier=tier, grade=grade)
                                   for tier, grade in rules.floors) or self.tr("无要求")
        lines = [self.tr("我的职级：{grade}（{source}）").format(grade=rules.grade, source=rules.grade_source),
                 self.tr("对等配置：{floors}（{source}）").format(floors=floors, source=rules.floors_source),
                 self.tr("考核规则（{source}）：").format(source=rules.assessment_source),
                 *(f"  · {line}" for line in rules.assessment_lines)]
        self.rules_text.setText("\n".join(lines))

    def save_profile(self) -> None:
        """Store the profile in the background; problems are shown at the fields."""
        self.profile_form.save(self.desk, saved=self._profile_saved, refused=lambda: (
            self.profile_status.setText(self.tr("未保存：请改正标红的字段"))))

    def _profile_saved(self, _profile: Profile) -> None:
        self.profile_status.setText(self.tr("资料已保存"))
        self.desk.status_message.emit(self.tr("客户经理资料已保存"))

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

    def save_tiers(self) -> None:
        """Store the tiers in the background; the list is then read again as stored."""
        names = self.tier_names()
        ops.write(self.desk, lambda session: save_tiers(session, names), Changes.of(Kind.SETTINGS),
                  done=self._tiers_saved, failed=self._tiers_refused, parent=self)

    def _tiers_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, ValidationError):
            ops.show_error(self, exc)
            return
        self.tiers_error.setText(self.tr("；").join(p.message for p in exc.problems))
        self.tiers_error.show()
        self.tiers_status.clear()

    def _tiers_saved(self, _result: None) -> None:
        self.tiers_error.hide()
        self.tiers_status.setText(self.tr("客户等级已保存"))

    def reload_tiers(self) -> None:
        ops.query(self.desk, get_tiers, done=self._show_tiers, parent=self,
                  key=f"settings.tiers.{id(self)}")

    def _show_tiers(self, tiers: tuple[str, ...]) -> None:
        self.tiers.clear()
        for tier in tiers:
            self._add_tier_item(tier)
        self.tiers_error.hide()
