"""The client list as a Qt table model over services.clients.search_clients rows.

Vorta-style: COL_* constants, CLIENT_ID_ROLE for the record id, `set_rows()` inside a
model reset. Kind and status show their Chinese choice labels; archived files are grey.
A client served together (共同服务) shows its role before its name (【协办】…: the name
column elides at the right) and a tooltip naming the lead, from `set_shared_marks`
(services.shared_clients.shared_marks, read apart from the search: a dict lookup here).
The search gives its hits (at most a thousand) in Chinese dictionary (pinyin) order, which
is the name column's order, as rows built when first read: the usual refill keeps them
as they are, so a keystroke builds only the rows the table paints. Other orders (`sort`,
called by the table's header) read every row and sort by a collator key of what they
show, ties in pinyin order.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCollator,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from cmdesk.domain.client_fields import BASIC
from cmdesk.services.client_rows import ClientRow
from ui.models.row_table import RowTableModel

if TYPE_CHECKING:  # not imported: the list's first page shows before SQLAlchemy loads
    from cmdesk.services.shared_clients import SharedMark

COL_NAME, COL_KIND, COL_TIER, COL_INDUSTRY, COL_REGION, COL_STATUS, COL_CONTACT, COL_PHONE = range(8)
COLUMN_COUNT = 8
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2

ARCHIVED_COLOR = QColor("#9aa0a6")
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole.value
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole.value
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole.value
# The roles the model answers: a table asks seven per cell per paint (font, alignment,
# check state, …); the others get None at once.
ANSWERED_ROLES = frozenset({DISPLAY_ROLE, FOREGROUND_ROLE, TOOLTIP_ROLE, int(CLIENT_ID_ROLE),
                            int(ARCHIVED_ROLE)})
# the columns shown as the row holds them -> that field of ClientRow
PLAIN_FIELDS = {COL_TIER: ClientRow._fields.index("tier"),
                COL_INDUSTRY: ClientRow._fields.index("industry"),
                COL_REGION: ClientRow._fields.index("region"),
                COL_CONTACT: ClientRow._fields.index("contact"),
                COL_PHONE: ClientRow._fields.index("phone_masked")}
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _header_labels() -> list[str]:
    # The first six are core fields (labels from the spec); the last two are list-only.
    return [
        QCoreApplication.translate("ClientTableModel", "客户名称"),
        QCoreApplication.translate("ClientTableModel", "类型"),
        QCoreApplication.translate("ClientTableModel", "等级"),
        QCoreApplication.translate("fields", BASIC.field("industry").label),
        QCoreApplication.translate("fields", BASIC.field("region").label),
        QCoreApplication.translate("fields", BASIC.field("status").label),
        QCoreApplication.translate("ClientTableModel", "主要联系人"),
        QCoreApplication.translate("ClientTableModel", "电话"),
    ]


class ClientTableModel(RowTableModel[ClientRow]):
    """Rows of the client list; read only; sorted by `sort_column` / `sort_order`."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(_header_labels(), parent)
        self._in_pinyin_order: Sequence[ClientRow] = ()
        self._collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        translate = QCoreApplication.translate
        self._kind_labels = {key: translate("fields", label)
                             for key, label in BASIC.field("kind").choices}
        self._status_labels = {key: translate("fields", label)
                               for key, label in BASIC.field("status").choices}
        self._archived_brush = QBrush(ARCHIVED_COLOR)
        self._shared_marks: Mapping[str, SharedMark] = {}
        self.sort_column = COL_NAME
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Sequence[ClientRow]) -> None:
        """Rows in pinyin order (as services.clients.search_clients gives them); kept as
        they are, not copied."""
        self.beginResetModel()
        self._in_pinyin_order = rows
        self._rows = self._sorted()
        self.endResetModel()

    def set_shared_marks(self, marks: Mapping[str, SharedMark]) -> None:
        """client id -> its 共同服务 mark (the rows stay as they are)."""
        self._shared_marks = marks
        if self.rowCount():
            self.dataChanged.emit(self.index(0, COL_NAME), self.index(self.rowCount() - 1, COL_NAME),
                                  [DISPLAY_ROLE, TOOLTIP_ROLE])

    def _sorted(self) -> Sequence[ClientRow]:
        rows = self._in_pinyin_order
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        if self.sort_column == COL_NAME:
            return list(reversed(rows)) if descending else rows
        key = self._collator.sortKey
        column = self.sort_column
        return sorted(rows, key=lambda row: key(self._display(row, column) or ""),
                      reverse=descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self.sort_column, self.sort_order = column, order
        self._rows = self._sorted()
        position = {row.id: number for number, row in enumerate(self._rows)}
        moved = self.persistentIndexList()
        self.changePersistentIndexList(
            moved, [self.index(position[before[index.row()].id], index.column()) for index in moved])
        self.layoutChanged.emit()

    def row_of(self, row_id: str) -> int:
        """The position of the row with this id, or -1 (in pinyin order without building
        the rows)."""
        id_at = getattr(self._rows, "id_at", None)  # the index's ClientRows (not imported:
        if id_at is None:                           # the first page shows before it loads)
            return super().row_of(row_id)
        return next((number for number in range(len(self._rows)) if id_at(number) == row_id), -1)

    # --- Qt model API --------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = DISPLAY_ROLE) -> Any:
        # called for every visible cell and role on each paint: the cheap exits first
        if role not in ANSWERED_ROLES or not self._valid(index):
            return None
        item = self._rows[index.row()]
        if role == DISPLAY_ROLE:
            return self._display(item, index.column())
        if role == CLIENT_ID_ROLE:
            return item.id
        if role == ARCHIVED_ROLE:
            return item.archived
        if role == TOOLTIP_ROLE and index.column() == COL_NAME and self._shared_marks:
            mark = self._shared_marks.get(item.id)
            if mark is not None:
                return mark.tooltip
        if not item.archived:
            return None
        return self._archived_brush if role == FOREGROUND_ROLE else self.tr("已归档")

    def _display(self, item: ClientRow, column: int) -> str | None:
        field = PLAIN_FIELDS.get(column)
        if field is not None:
            return item[field]
        if column == COL_NAME:
            name = item.name + (self.tr("（已归档）") if item.archived else "")
            mark = self._shared_marks.get(item.id) if self._shared_marks else None
            return name if mark is None else self.tr("【{role}】{name}").format(role=mark.badge, name=name)
        if column == COL_KIND:
            return self._kind_labels.get(item.kind, item.kind)
        if column == COL_STATUS:
            return self._status_labels.get(item.status, item.status)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags
