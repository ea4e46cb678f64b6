"""A read-only table of diary entries (the day view, a client file's timeline) over the
service's frozen EntryRow values (services.diary.entry_rows_between, client_timeline).

Columns: 日期, 时间, 类型, 客户, 见到的联系人, 内容, 结果, 下一步; views hide what they do not
need (the day view hides 日期). ENTRY_ID_ROLE gives the entry's id.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from cmdesk.domain.diary_fields import entry_kind_label
from cmdesk.services.diary import EntryRow
from ui.models.row_table import RowTableModel

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COL_DATE, COL_TIME, COL_KIND, COL_CLIENT, COL_CONTACTS, COL_CONTENT, COL_OUTCOME, COL_NEXT = range(8)
FIRST_LINE_LIMIT = 80


def kind_text(row: EntryRow) -> str:
    """The entry's kind in the manager's words."""
    return QCoreApplication.translate("fields", entry_kind_label(row.kind))


def first_line(text: str) -> str:
    """The first line of a long text, cut short, for a table cell."""
    stripped = text.strip()
    line = stripped.splitlines()[0] if stripped else ""
    more = len(line) > FIRST_LINE_LIMIT or "\n" in stripped
    return line[:FIRST_LINE_LIMIT] + ("…" if more else "")


def _headers() -> list[str]:
    return [QCoreApplication.translate("DiaryTable", "日期"),
            QCoreApplication.translate("DiaryTable", "时间"),
            QCoreApplication.translate("DiaryTable", "类型"),
            QCoreApplication.translate("DiaryTable", "客户"),
            QCoreApplication.translate("DiaryTable", "见到的联系人"),
            QCoreApplication.translate("DiaryTable", "内容"),
            QCoreApplication.translate("DiaryTable", "结果"),
            QCoreApplication.translate("DiaryTable", "下一步")]


class DiaryTableModel(RowTableModel[EntryRow]):
    """Diary entries, one per row, in the order given."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(_headers(), parent)

    def _text(self, row: EntryRow, column: int) -> str:
        if column == COL_DATE:
            return row.entry_date.isoformat()
        if column == COL_TIME:
            return row.time_text
        if column == COL_KIND:
            marks = []
            if row.has_report:
                marks.append(QCoreApplication.translate("DiaryTable", "报告"))
            if row.follow_up_count:
                marks.append(QCoreApplication.translate("DiaryTable", "督办 {n}").format(
                    n=row.follow_up_count))
            if not marks:
                return kind_text(row)
            return QCoreApplication.translate("DiaryTable", "{kind}（{marks}）").format(
                kind=kind_text(row), marks=QCoreApplication.translate("DiaryTable", "，").join(marks))
        if column == COL_CLIENT:
            return row.client_name
        if column == COL_CONTACTS:
            return row.contacts
        full = {COL_CONTENT: row.content, COL_OUTCOME: row.outcome, COL_NEXT: row.next_step}[column]
        return first_line(full)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            full = {COL_CONTENT: row.content, COL_OUTCOME: row.outcome,
                    COL_NEXT: row.next_step}.get(index.column())
            return full or self._text(row, index.column()) or None
        if role == ENTRY_ID_ROLE:
            return row.id
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
