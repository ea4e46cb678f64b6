"""The client list as a Qt table model over services.clients.search_clients rows.

Vorta-style: COL_* constants, CLIENT_ID_ROLE for the record id, `set_rows()` inside a
model reset. Kind and status show their Chinese choice labels; archived files are grey.
Sorting is done by a QSortFilterProxyModel in the view (`make_sort_proxy`); names sort
in Chinese dictionary (pinyin) order through a collator rank in SORT_ROLE.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCollator,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from cmdesk.domain.client_fields import BASIC
from cmdesk.services.clients import ClientRow
from ui.models.row_table import RowTableModel

COL_NAME, COL_KIND, COL_TIER, COL_INDUSTRY, COL_REGION, COL_STATUS, COL_CONTACT, COL_PHONE = range(8)
COLUMN_COUNT = 8
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # names by pinyin (their rank), other columns as shown

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
    """Rows of the client list; read only."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(_header_labels(), parent)
        self._name_rank: list[int] = []
        self._collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self._kind = BASIC.field("kind")
        self._status = BASIC.field("status")

    def _after_set_rows(self) -> None:
        keys = [self._collator.sortKey(row.name) for row in self._rows]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._name_rank = [0] * len(order)
        for rank, row in enumerate(order):
            self._name_rank[row] = rank

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
        if role == SORT_ROLE:
            return self._name_rank[index.row()] if column == COL_NAME else self._display(item, column)
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
            return QCoreApplication.translate("fields", dict(self._kind.choices).get(item.kind, item.kind))
        if column == COL_TIER:
            return item.tier
        if column == COL_INDUSTRY:
            return item.industry
        if column == COL_REGION:
            return item.region
        if column == COL_STATUS:
            return QCoreApplication.translate(
                "fields", dict(self._status.choices).get(item.status, item.status))
        if column == COL_CONTACT:
            return item.contact
        if column == COL_PHONE:
            return item.phone_masked
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def make_sort_proxy(model: ClientTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that sorts the list by any column (locale aware, so Chinese sorts sensibly)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortLocaleAware(True)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
