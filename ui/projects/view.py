"""All large-client projects (大型客户立项) in one list — the 立项 tab of the 服务方案 area:
client, project, status, leader, expected scale and income, open milestones. New
opens the editor; double-click opens a project; 打印 previews its 立项建议书.

`ProjectList` is the list itself, shared with the client file's 立项 tab. Lists are read
on the desk's database thread (ui.ops) when shown and again after a change.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain.money import format_money, format_wan
from cmdesk.services import projects
from ui import ops
from ui.ops import Kind, RefreshOnShow
from ui.projects.editor import open_project_editor, show_project_report
from ui.widgets.empty_hint import EmptyHint

PROJECT_ID = Qt.ItemDataRole.UserRole


class ProjectList(QTreeWidget):
    """Projects, newest change first; `activated_project(id)` on double-click or Enter."""

    activated_project = Signal(str)

    def __init__(self, parent: QWidget | None = None, show_client: bool = True):
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setHeaderLabels([self.tr("客户"), self.tr("项目名称"), self.tr("状态"), self.tr("组长"),
                              self.tr("预计业务规模"), self.tr("预计年收益（元）"),
                              self.tr("未完成里程碑"), self.tr("更新时间")])
        for column, width in enumerate((200, 300, 80, 90, 120, 130, 96)):
            self.header().resizeSection(column, width)
        self.setColumnHidden(0, not show_client)
        self.itemActivated.connect(
            lambda item, _column: self.activated_project.emit(item.data(0, PROJECT_ID)))

    def set_rows(self, rows: list[projects.ProjectRow]) -> None:
        self.clear()
        items = []
        for row in rows:
            item = QTreeWidgetItem([row.client, row.title,
                                    QCoreApplication.translate("fields", row.status_label), row.leader,
                                    format_wan(row.expected_scale),
                                    format_money(row.expected_income), str(row.open_milestones),
                                    row.updated_at.strftime("%Y-%m-%d")])
            item.setData(0, PROJECT_ID, row.id)
            for column in (4, 5, 6):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        self.addTopLevelItems(items)

    def current_project(self) -> str | None:
        item = self.currentItem()
        return item.data(0, PROJECT_ID) if item is not None else None


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHint")
    label.setWordWrap(True)
    return label


class ProjectsView(QWidget):
    """Every project of the desk."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.list = ProjectList(self)
        self.list.activated_project.connect(self.open_project)
        self.new_button = QPushButton(self.tr("新建立项"), self)
        self.new_button.clicked.connect(self.new_project)
        self.print_button = QPushButton(self.tr("打印立项建议书…"), self)
        self.print_button.clicked.connect(self.print_current)
        self.summary = QLabel(self)
        self.summary.setObjectName("sectionHint")
        bar = QHBoxLayout()
        bar.addWidget(hint(self.tr("大型客户立项：立项建议书、项目小组、里程碑和审批进度；双击打开。"),
                           self), 1)
        bar.addWidget(self.summary)
        bar.addWidget(self.print_button)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        EmptyHint(self.list, self.tr("还没有立项。大型客户的综合服务项目，点“新建立项”建立立项建议书。"))
        RefreshOnShow(self, desk, {Kind.PROJECTS, Kind.CLIENTS}, self.reload)

    def reload(self, *_args: Any) -> None:
        ops.query(self.desk, projects.list_projects, done=self._show, parent=self,
                  key=f"projects.list.{id(self)}")

    def _show(self, rows: list[projects.ProjectRow]) -> None:
        self.list.set_rows(rows)
        waiting = sum(1 for row in rows if row.status == "submitted")
        self.summary.setText(self.tr("共 {n} 个立项，{w} 个待审批").format(n=len(rows), w=waiting))

    def count(self) -> int:
        return self.list.topLevelItemCount()

    def new_project(self) -> None:
        open_project_editor(self, self.desk)

    def open_project(self, project_id: str) -> None:
        open_project_editor(self, self.desk, project_id)

    def print_current(self) -> None:
        project_id = self.list.current_project()
        if project_id:
            show_project_report(self, self.desk, project_id)
