"""A read-only table of diary entries (the day view, a client file's timeline): plain
EntryRow values made from the service's EntryView while its session is open.

Columns: 日期, 时间, 类型, 客户, 见到的联系人, 内容, 结果, 下一步; views hide what they do not
need (the day view hides 日期). ENTRY_ID_ROLE gives the entry's id.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from cmdesk.domain.diary_fields import entry_kind_label
from cmdesk.services.diary import EntryView
from ui.models.row_table import RowTableModel

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COL_DATE, COL_TIME, COL_KIND, COL_CLIENT, COL_CONTACTS, COL_CONTENT, COL_OUTCOME, COL_NEXT = range(8)
FIRST_LINE_LIMIT = 80


@dataclass(frozen=True)
class EntryRow:
    """One diary entry as the lists show it."""

    id: str
    entry_date: date
    start_time: time | None
    kind: str
    client_name: str
    contacts: str
    content: str
    outcome: str
    next_step: str
    has_report: bool
    follow_up_count: int

    @classmethod
    def of(cls, view: EntryView) -> EntryRow:
        entry = view.entry
        return cls(id=entry.id, entry_date=entry.entry_date, start_time=entry.start_time,
                   kind=entry.kind, client_name=view.client_name,
                   contacts="、".join(p.get("name", "") for p in view.contacts_met),
                   content=entry.content or "", outcome=entry.outcome or "",
                   next_step=entry.next_step or "", has_report=view.report is not None,
                   follow_up_count=len(view.follow_ups))

    @property
    def time_text(self) -> str:
        return self.start_time.strftime("%H:%M") if self.start_time else ""

    @property
    def kind_text(self) -> str:
        return QCoreApplication.translate("fields", entry_kind_label(self.kind))


def first_line(text: str) -> str:
    """The first line of a long text, cut short, for a table cell."""
    stripped = text.strip()
    line = stripped.splitlines()[0] if stripped else ""
    more = len(line) > FIRST_LINE_LIMIT or "\n" in stripped
    return line[:FIRST_LINE_LIMIT] + ("…" if more else "")


def _headers() -> list[str]:
    tr = QCoreApplication.translate
    return [tr("DiaryTable", "日期"), tr("DiaryTable", "时间"), tr("DiaryTable", "类型"),
            tr("DiaryTable", "客户"), tr("DiaryTable", "见到的联系人"), tr("DiaryTable", "内容"),
            tr("DiaryTable", "结果"), tr("DiaryTable", "下一步")]


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
            return row.kind_text + (f"（{'，'.join(marks)}）" if marks else "")
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
