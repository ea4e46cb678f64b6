"""The calendar-like week of the diary: seven day columns, Monday to Sunday, each with
its entries as cards (time and kind, client, first line of the content).

Double-click or Enter on a card asks to open the entry; double-clicking a day's
heading asks for a new entry on that day. Today's column is highlighted.
"""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.services.diary import EntryRow
from ui.models.diary_table import kind_text

CARD_TEXT_LIMIT = 34
KIND_COLORS = {"visit": "#e6f4ea", "call": "#e8f0fe", "meeting": "#fef7e0", "post_loan": "#fce8e6",
               "internal": "#f1f3f4", "training": "#f3e8fd", "other": "#f1f3f4"}
STYLE = """
QListWidget#dayColumn { border: 1px solid #dadce0; border-top: none; background: white; }
QLabel#dayHeading { border: 1px solid #dadce0; background: #f8f9fa; padding: 5px; font-weight: bold; }
QLabel#dayHeading[today="true"] { background: #d2e3fc; color: #174ea6; }
"""


def weekday_name(day: date) -> str:
    names = (QT_TRANSLATE_NOOP("WeekView", "周一"), QT_TRANSLATE_NOOP("WeekView", "周二"),
             QT_TRANSLATE_NOOP("WeekView", "周三"), QT_TRANSLATE_NOOP("WeekView", "周四"),
             QT_TRANSLATE_NOOP("WeekView", "周五"), QT_TRANSLATE_NOOP("WeekView", "周六"),
             QT_TRANSLATE_NOOP("WeekView", "周日"))
    return QCoreApplication.translate("WeekView", names[day.weekday()])


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def card_text(row: EntryRow) -> str:
    lines = [" ".join(t for t in (row.time_text, kind_text(row)) if t)]
    if row.client_name:
        lines.append(row.client_name)
    content = " ".join(row.content.split())
    if content:
        lines.append(content[:CARD_TEXT_LIMIT] + ("…" if len(content) > CARD_TEXT_LIMIT else ""))
    return "\n".join(lines)


class WeekView(QWidget):
    """Seven day columns; `set_week(monday, rows)` fills them."""

    open_requested = Signal(str)  # entry id
    new_requested = Signal(object)  # date
    day_selected = Signal(object)  # date: the day of the card the manager moved to

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.monday = monday_of(clock.today())
        self.headings: list[QLabel] = []
        self.columns: list[QListWidget] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for index in range(7):
            heading = QLabel(self)
            heading.setObjectName("dayHeading")
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heading.installEventFilter(self)
            column = QListWidget(self)
            column.setObjectName("dayColumn")
            column.setWordWrap(True)
            column.setFrameShape(QFrame.Shape.NoFrame)
            column.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            column.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            column.setSpacing(3)  # the gap between cards
            column.itemActivated.connect(self._on_activated)
            column.currentItemChanged.connect(
                lambda current, _previous, index=index: self._on_current(index, current))
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(heading)
            box.addWidget(column, 1)
            layout.addLayout(box, 1)
            self.headings.append(heading)
            self.columns.append(column)

    def day_of(self, index: int) -> date:
        return self.monday + timedelta(days=index)

    def set_week(self, monday: date, rows: list[EntryRow]) -> None:
        self.monday = monday
        today = clock.today()
        for index, (heading, column) in enumerate(zip(self.headings, self.columns, strict=True)):
            day = self.day_of(index)
            day_rows = [row for row in rows if row.entry_date == day]
            count = self.tr("{n} 条").format(n=len(day_rows)) if day_rows else ""
            heading.setText(f"{weekday_name(day)}  {day.month}-{day.day:02d}  {count}".rstrip())
            heading.setToolTip(self.tr("双击新建这一天的日志"))
            heading.setProperty("today", day == today)
            heading.style().unpolish(heading)
            heading.style().polish(heading)
            column.blockSignals(True)
            column.clear()
            for row in day_rows:
                item = QListWidgetItem(card_text(row), column)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setToolTip("\n".join(t for t in (row.client_name, row.contacts, row.content,
                                                       row.outcome, row.next_step) if t))
                item.setBackground(QBrush(QColor(KIND_COLORS.get(row.kind, "#f1f3f4"))))
            column.blockSignals(False)

    def entry_ids(self, index: int) -> list[str]:
        column = self.columns[index]
        return [column.item(i).data(Qt.ItemDataRole.UserRole) for i in range(column.count())]

    def select_entry(self, entry_id: str) -> bool:
        for column in self.columns:
            for i in range(column.count()):
                if column.item(i).data(Qt.ItemDataRole.UserRole) == entry_id:
                    column.setCurrentRow(i)
                    column.scrollToItem(column.item(i))
                    column.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return False

    def selected_entry(self) -> str | None:
        for column in self.columns:
            item = column.currentItem()
            if item is not None and item.isSelected():
                return item.data(Qt.ItemDataRole.UserRole)
        return None

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_current(self, index: int, current: QListWidgetItem | None) -> None:
        if current is None:
            return
        for other, column in enumerate(self.columns):
            if other != index:
                column.blockSignals(True)
                column.clearSelection()
                column.setCurrentRow(-1)
                column.blockSignals(False)
        self.day_selected.emit(self.day_of(index))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick and watched in self.headings:
            self.new_requested.emit(self.day_of(self.headings.index(watched)))
            return True
        return super().eventFilter(watched, event)
