"""Risk watch in the week plan: the clients whose post-loan check falls due or whose loan
matures that week (services.risk.risk_suggestions), overdue first; a double click (or 加入计划)
makes a high-priority 贷后检查 item on the week's first working day not yet past, written
by the week page's own write (so the page reads again and selects it). Reads go through
the operation layer.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from cmdesk import clock
from cmdesk.services import risk
from ui import ops

SUGGESTION_ROLE = Qt.ItemDataRole.UserRole


class RiskWeekSuggestions(QWidget):
    """The week page's risk suggestions; `write(fn)` runs fn(session) as a plan change."""

    def __init__(self, desk: Any, write: Callable[[Callable[[Any], Any]], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.write = write
        self.week: str | None = None
        self.label = QLabel(self)
        self.label.setObjectName("sectionHint")
        self.label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setToolTip(self.tr("双击把贷后检查加入本周计划"))
        self.list.itemDoubleClicked.connect(self._on_activated)
        self.add_button = QPushButton(self.tr("加入计划（贷后检查）"), self)
        self.add_button.clicked.connect(self.add_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add_button)

    def show_week(self, week: str) -> None:
        self.week = week
        ops.query(self.desk, lambda session: risk.risk_suggestions(session, week),
                  done=self._show, parent=self, key=f"risk.week.{id(self)}")

    def _show(self, suggestions: list[risk.RiskSuggestion]) -> None:
        self.list.clear()
        for suggestion in suggestions:
            item = QListWidgetItem(f"{suggestion.client_name}　{suggestion.reason}", self.list)
            item.setData(SUGGESTION_ROLE, suggestion)
            if suggestion.overdue:
                item.setForeground(Qt.GlobalColor.darkRed)
        self.label.setText(self.tr("风险提示：{n} 户本周应做贷后检查或有贷款到期").format(n=len(suggestions))
                           if suggestions else self.tr("本周没有到期的贷后检查或贷款。"))
        self.add_button.setEnabled(bool(suggestions))

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.add_selected()

    def add_selected(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        if item is None or self.week is None:
            return
        suggestion, week, today = item.data(SUGGESTION_ROLE), self.week, clock.today()
        self.write(lambda session: risk.add_risk_suggestion(session, week, suggestion, today))
