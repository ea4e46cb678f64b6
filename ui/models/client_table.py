"""The client list as a Qt table model over services.clients.search_clients rows.

Vorta-style: COL_* constants, CLIENT_ID_ROLE for the record id, `set_rows()` inside a
model reset. Kind and status show their Chinese choice labels; archived files are grey.
The search gives its hits (at most a thousand) in Chinese dictionary (pinyin) order, which
is the name column's order, as rows built when first read: the usual refill keeps them
as they are, so a keystroke builds only the rows the table paints. Other orders (`sort`,
called by the table's header) read every row and sort by a collator key of what they
show, ties in pinyin order.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
from cmdesk.services.clients import ClientRow, ClientRows
from ui.models.row_table import RowTableModel

COL_NAME, COL_KIND, COL_TIER, COL_INDUSTRY, COL_REGION, COL_STATUS, COL_CONTACT, COL_PHONE = range(8)
COLUMN_COUNT = 8
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2

ARCHIVED_COLOR = QColor("#9aa0a6")


def _header_labels() -> list[str]:
    # The first six are core fields (labels from the spec); the last two are list-only.
    t = QCoreApplication.translate
    return [
        t("ClientTableModel", "客户名称"), t("ClientTableModel", "类型"),
        t("ClientTableModel", "等级"), t("fields", BASIC.field("industry").label),
        t("fields", BASIC.field("region").label), t("fields", BASIC.field("status").label),
        t("ClientTableModel", "主要联系人"), t("ClientTableModel", "电话"),
    ]


class ClientTableModel(RowTableModel[ClientRow]):
    """Rows of the client list; read only; sorted by `sort_column` / `sort_order`."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(_header_labels(), parent)
        self._in_pinyin_order: Sequence[ClientRow] = ()
        self._collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self._kind_labels = dict(BASIC.field("kind").choices)
        self._status_labels = dict(BASIC.field("status").choices)
        self.sort_column = COL_NAME
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Sequence[ClientRow]) -> None:
        """Rows in pinyin order (as services.clients.search_clients gives them); kept as
        they are, not copied."""
        self.beginResetModel()
        self._in_pinyin_order = rows
        self._rows = self._sorted()
        self.endResetModel()

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
        rows = self._rows
        if isinstance(rows, ClientRows):
            return next((number for number in range(len(rows)) if rows.id_at(number) == row_id), -1)
        return super().row_of(row_id)

    # --- Qt model API --------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == CLIENT_ID_ROLE:
            return item.id
        if role == ARCHIVED_ROLE:
            return item.archived
        if role == Qt.ItemDataRole.ForegroundRole and item.archived:
            return QBrush(ARCHIVED_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole and item.archived:
            return self.tr("已归档")
        return None

    def _display(self, item: ClientRow, column: int) -> str | None:
        if column == COL_NAME:
            return item.name + (self.tr("（已归档）") if item.archived else "")
        if column == COL_KIND:
            return QCoreApplication.translate("fields", self._kind_labels.get(item.kind, item.kind))
        if column == COL_TIER:
            return item.tier
        if column == COL_INDUSTRY:
            return item.industry
        if column == COL_REGION:
            return item.region
        if column == COL_STATUS:
            return QCoreApplication.translate(
                "fields", self._status_labels.get(item.status, item.status))
        if column == COL_CONTACT:
            return item.contact
        if column == COL_PHONE:
            return item.phone_masked
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
