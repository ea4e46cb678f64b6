"""Full-text search over the diary from the 工作日志 area: results with the match
highlighted, newest first; Enter or a double-click opens the entry.

The search runs in the background (ui.ops): the first search after an upgrade builds
the index (seconds on a large diary), and the desk must not freeze meanwhile; a newer
search supersedes one still on its way.
"""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cmdesk.domain.diary_fields import entry_kind_label
from cmdesk.services.diary_search import DiaryHit, search_diary
from ui import ops

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT = "#c0392b"


def highlighted(snippet: str) -> str:
    """The snippet as rich text, the match (between 【】) in bold red."""
    return (escape(snippet).replace("【", f'<b style="color:{HIGHLIGHT}">')
            .replace("】", "</b>"))


class DiarySearchResults(QWidget):
    """The hits of one search; `open_requested(entry_id)` when one is chosen."""

    open_requested = Signal(str)
    finished = Signal()  # a search has finished and its hits are shown

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.query = ""
        self.summary = QLabel(self)
        self.summary.setObjectName("countLabel")
        self.list = QListWidget(self)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemDoubleClicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def search(self, query: str) -> None:
        """Search in the background; the list shows the hits when they come."""
        self.query = query.strip()
        self.list.clear()
        self.summary.setText(self.tr("正在搜索“{q}”…").format(q=self.query))
        query_now = self.query
        ops.query(self.desk, lambda s: search_diary(s, query_now),
                  done=lambda hits: self._show(query_now, hits), failed=self._on_failed,
                  parent=self, key="diary.search")

    def _show(self, query: str, hits: list[DiaryHit]) -> None:
        self.list.clear()
        for hit in hits:
            item = QListWidgetItem(self.list)
            item.setData(ENTRY_ID_ROLE, hit.id)
            label = QLabel(self.tr("{date}　{kind}　<b>{client}</b><br>{snippet}").format(
                date=hit.date.isoformat(), kind=entry_kind_label(hit.kind),
                client=escape(hit.client or self.tr("（内部工作）")),
                snippet=highlighted(hit.snippet)), self.list)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            item.setSizeHint(label.sizeHint())
            self.list.setItemWidget(item, label)
        if hits:
            self.summary.setText(self.tr("“{q}”：找到 {n} 条（最新的在前）").format(q=query, n=len(hits)))
            self.list.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("没有找到“{q}”。").format(q=query))
        self.finished.emit()

    def _on_failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("没有搜完“{q}”。").format(q=self.query))
        ops.show_error(self, error)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(ENTRY_ID_ROLE))

    def current_entry_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ENTRY_ID_ROLE) if item is not None else None

    def entry_ids(self) -> list[str]:
        return [self.list.item(row).data(ENTRY_ID_ROLE) for row in range(self.list.count())]
