"""The client file's 立项 tab: the client's large-client projects (大型客户立项); new
opens the editor for this client, double-click opens a project. Read on the desk's
database thread (ui.ops); `reloaded` says the tab shows the client's current projects."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cmdesk.services import projects
from ui import ops
from ui.ops import Changes, Kind
from ui.projects.editor import open_project_editor
from ui.projects.view import ProjectList, hint


class ClientProjectsTab(QWidget):
    """Record tab: `load(client_id)`, `count()`, `reloaded`."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.list = ProjectList(self, show_client=False)
        self.list.activated_project.connect(
            lambda project_id: open_project_editor(self, self.desk, project_id))
        self.empty_label = QLabel(
            self.tr("这个客户还没有立项。大型潜在客户可点“新建立项”写立项建议书、组建项目小组。"), self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.new_button = QPushButton(self.tr("新建立项"), self)
        self.new_button.clicked.connect(self.new_project)
        top = QHBoxLayout()
        top.addWidget(hint(self.tr("大型客户立项：立项建议书、项目小组、里程碑和审批；双击打开。"), self), 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label, 1)
        desk.changed.connect(self._on_changed)
        self._show(None, [])

    def load(self, client_id: str | None) -> None:
        self.client_id = client_id
        if not client_id:
            self._show(None, [])
            return
        ops.query(self.desk, lambda session: projects.list_projects(session, client_id),
                  done=lambda rows: self._show(client_id, rows), parent=self,
                  key=f"client_projects.{id(self)}")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.PROJECTS,)):
            self.reload()

    def _show(self, client_id: str | None, rows: list[projects.ProjectRow]) -> None:
        if client_id != self.client_id:
            return  # another client was opened meanwhile
        self.list.set_rows(rows)
        self.list.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.new_button.setEnabled(client_id is not None)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id)

    def count(self) -> int:
        return self.list.topLevelItemCount()

    def new_project(self) -> None:
        if self.client_id:
            open_project_editor(self, self.desk, client_id=self.client_id)
