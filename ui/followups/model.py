"""The follow-up list as a Qt table model over services.diary.follow_up_rows (frozen
FollowUpRow values). Open follow-ups past their due date are marked: red due date, a
pale red row and a tooltip with the days overdue. FOLLOW_UP_ID_ROLE carries the id.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from cmdesk.domain import diary_fields as df
from ui.field_text import choice_text, display_text, field_label
from ui.models.row_table import RowTableModel

if TYPE_CHECKING:
    from cmdesk.services.diary import FollowUpRow

COL_CLIENT, COL_REQUEST, COL_DEPARTMENT, COL_CHASER, COL_DUE, COL_STATUS, COL_RESULT = range(7)
COLUMN_COUNT = 7
FOLLOW_UP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2  # days overdue (0 when not overdue)

OVERDUE_COLOR = QColor("#c5221f")
OVERDUE_BACKGROUND = QColor("#fdecea")
CLOSED_COLOR = QColor("#80868b")


class FollowUpTableModel(RowTableModel["FollowUpRow"]):
    """Rows of the follow-up list, in the order given (the service sorts overdue first)."""

    def __init__(self, parent: QObject | None = None):
        spec = df.FOLLOW_UP
        self._specs = {COL_REQUEST: spec.field("request"), COL_DEPARTMENT: spec.field("department"),
                       COL_CHASER: spec.field("chaser"), COL_DUE: spec.field("due_date"),
                       COL_STATUS: spec.field("status"), COL_RESULT: spec.field("result")}
        super().__init__([QCoreApplication.translate("FollowUpTableModel", "客户")] + [
            field_label(self._specs[column]) for column in range(COL_REQUEST, COLUMN_COUNT)], parent)

    # --- Qt model API --------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == FOLLOW_UP_ID_ROLE:
            return item.id
        if role == OVERDUE_ROLE:
            return item.days_overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.days_overdue and column in (COL_DUE, COL_STATUS):
                return QBrush(OVERDUE_COLOR)
            if item.is_closed:
                return QBrush(CLOSED_COLOR)
        if role == Qt.ItemDataRole.BackgroundRole and item.days_overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_REQUEST:
                return item.request
            if item.days_overdue:
                return self.tr("已逾期 {n} 天").format(n=item.days_overdue)
        return None

    def _display(self, item: FollowUpRow, column: int) -> str:
        if column == COL_CLIENT:
            return item.client_name
        if column == COL_DUE and item.days_overdue:
            return self.tr("{date}（逾期 {n} 天）").format(date=item.due_date.isoformat(),
                                                         n=item.days_overdue)
        if column == COL_STATUS:
            return choice_text(self._specs[COL_STATUS], item.status)
        spec = self._specs[column]
        return display_text(spec, getattr(item, spec.key))
