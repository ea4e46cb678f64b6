"""The diary on a client file: the 工作日志 tab (diary.client_timeline, newest first;
double-click opens the entry) and the 督办事项 tab (diary.follow_up_rows for the client,
overdue first and marked red; double-click opens the entry that raised it). Both read in
the background (ui.ops) and again when the diary changes."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain import diary_fields as df
from cmdesk.services import diary
from cmdesk.services.diary import EntryRow, FollowUpRow
from ui import ops
from ui.field_text import choice_text
from ui.models.diary_table import (
    COL_CLIENT,
    COL_CONTACTS,
    COL_CONTENT,
    COL_DATE,
    COL_KIND,
    COL_NEXT,
    COL_OUTCOME,
    COL_TIME,
    ENTRY_ID_ROLE,
    DiaryTableModel,
    first_line,
)
from ui.ops import Changes, Kind
from ui.style import ERROR_COLOR
from ui.widgets.record_table import record_table

TIMELINE_WIDTHS = {COL_DATE: 92, COL_TIME: 50, COL_KIND: 110, COL_CONTACTS: 100, COL_CONTENT: 300,
                   COL_OUTCOME: 140}


def _entry_forms(desk: Any):
    from ui.diary.opener import (
        EntryForms,  # the form imports the client editor's helpers
    )

    return EntryForms.of(desk)


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHint")
    label.setWordWrap(True)
    return label


def _empty(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("emptyHint")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class ClientTimeline(QWidget):
    """Every diary entry about the open client."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.model = DiaryTableModel(self)
        self.table = record_table(self, self.model, TIMELINE_WIDTHS)
        self.table.setColumnHidden(COL_CLIENT, True)
        self.table.setColumnHidden(COL_NEXT, True)  # room for the content; the entry shows it
        self.table.activated.connect(self._on_activated)
        self.table.doubleClicked.connect(self._on_activated)
        self.empty_label = _empty(self.tr("还没有关于这个客户的日志。点“新建日志”记一次走访或电话。"), self)
        self.new_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                      self.tr("新建日志"), self)
        self.new_button.setToolTip(self.tr("为这个客户记一条日志"))
        self.new_button.clicked.connect(self.new_entry)
        top = QHBoxLayout()
        top.addWidget(_hint(self.tr("与这个客户有关的全部日志，最新的在前；双击打开。"), self), 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        desk.changed.connect(self._on_desk_changed)  # hidden too: the tab's title counts them
        self._show(None, [])

    def load(self, client_id: str | None) -> None:
        """Show the client's entries (read in the background; `reloaded` when shown)."""
        self.client_id = client_id
        if client_id is None:
            self._show(None, [])
            return
        ops.query(self.desk, lambda s: diary.client_timeline(s, client_id),
                  done=lambda rows: self._show(client_id, rows), parent=self,
                  key=f"diary.timeline.{id(self)}")

    def _show(self, client_id: str | None, rows: list[EntryRow]) -> None:
        if client_id != self.client_id:
            return
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.new_button.setEnabled(client_id is not None)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id)

    def _on_desk_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.DIARY,)):
            self.reload()

    def count(self) -> int:
        return self.model.rowCount()

    def new_entry(self) -> None:
        if self.client_id:
            _entry_forms(self.desk).open_new(self, client_id=self.client_id)

    def _on_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id:
            _entry_forms(self.desk).open_entry(self, entry_id)


class ClientFollowUps(QWidget):
    """The follow-ups (督办事项) of the open client, read-only here."""

    reloaded = Signal()
    COLUMNS = ("request", "department", "chaser", "due_date", "status", "result")

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([QCoreApplication.translate("fields", df.FOLLOW_UP.field(k).label)
                                   for k in self.COLUMNS])
        for column, width in enumerate((280, 110, 80, 96, 90)):
            self.tree.header().resizeSection(column, width)
        self.tree.itemActivated.connect(self._on_activated)
        self.empty_label = _empty(self.tr("这个客户没有督办事项。走访时客户提出的问题在日志中记为督办事项。"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(self.tr("客户提出的问题及办理进度（谁走访谁督办），逾期的排在前面并标红；双击打开提出它的日志。"),
                               self))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        desk.changed.connect(self._on_desk_changed)  # hidden too: the tab's title counts them
        self._show(None, [])

    def load(self, client_id: str | None) -> None:
        """Show the client's follow-ups (read in the background; `reloaded` when shown)."""
        self.client_id = client_id
        if client_id is None:
            self._show(None, [])
            return
        ops.query(self.desk, lambda s: diary.follow_up_rows(s, client_id=client_id),
                  done=lambda rows: self._show(client_id, rows), parent=self,
                  key=f"diary.client_follow_ups.{id(self)}")

    def _show(self, client_id: str | None, rows: list[FollowUpRow]) -> None:
        if client_id != self.client_id:
            return
        self.tree.clear()
        items = []
        for follow_up in rows:
            item = QTreeWidgetItem([
                first_line(follow_up.request), follow_up.department, follow_up.chaser,
                follow_up.due_date.isoformat() if follow_up.due_date else "",
                choice_text(df.FOLLOW_UP.field("status"), follow_up.status),
                first_line(follow_up.result or "")])
            item.setData(0, Qt.ItemDataRole.UserRole, follow_up.entry_id)
            item.setToolTip(0, follow_up.request)
            if follow_up.days_overdue:
                for column in range(len(self.COLUMNS)):
                    item.setForeground(column, QBrush(QColor(ERROR_COLOR)))
                item.setToolTip(3, self.tr("已逾期"))
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setVisible(bool(items))
        self.empty_label.setVisible(not items)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id)

    def _on_desk_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.DIARY,)):
            self.reload()

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        entry_id = item.data(0, Qt.ItemDataRole.UserRole)
        if entry_id:
            _entry_forms(self.desk).open_entry(self, entry_id)
