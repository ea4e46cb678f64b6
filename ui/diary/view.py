"""The 工作日志 area: the diary of one day (a table) or one week (seven day columns,
Monday to Sunday), navigation by day/week and a date picker, 新建日志, full-text search,
从 Excel 导入… (ui.diary.import_dialog), and the visit-report PDFs (one report, the month's
pack). Its keys (Ctrl+N new entry, Ctrl+F search, Ctrl+P print) are the main window's.

Entries open in their own form window (ui.diary.opener); after a save the view shows
the entry's day and selects it, after a delete the entry is gone from the lists. The
week is read in the background (ui.ops) in a few statements however full it is, and
again when the diary or a client changes (at once if shown, else when next shown).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.services import diary
from cmdesk.services.diary import EntryRow
from ui import ops
from ui.diary.entry_form import EntryForm
from ui.diary.opener import EntryForms
from ui.diary.search_results import DiarySearchResults
from ui.diary.week_view import WeekView, monday_of, weekday_name
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
)
from ui.ops import Kind, RefreshOnShow
from ui.reports.pack import build_month_pack
from ui.reports.preview import show_visit_report
from ui.widgets.date_field import DateField
from ui.widgets.period_buttons import PeriodButtons
from ui.widgets.record_table import record_table

MODE_DAY, MODE_WEEK, MODE_SEARCH = 0, 1, 2
DAY_COLUMN_WIDTHS = {COL_TIME: 56, COL_KIND: 130, COL_CLIENT: 200, COL_CONTACTS: 120,
                     COL_CONTENT: 320, COL_OUTCOME: 200, COL_NEXT: 200}


class DiaryView(QWidget):
    """Day and week views of the diary."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.current_date = clock.today()
        self.mode = MODE_WEEK
        self._week_rows: list[EntryRow] = []
        self._select_when_read: str | None = None  # the entry just saved, selected once read
        self.forms = EntryForms.of(desk)
        self.forms.saved.connect(self._on_saved)
        self._build()
        RefreshOnShow(self, desk, {Kind.DIARY, Kind.CLIENTS}, self.refresh)

    # --- building ------------------------------------------------------------------
    def _build(self) -> None:
        style = self.style()
        self.heading = QLabel(self.tr("工作日志"), self)
        self.heading.setObjectName("heading")
        self.day_button = QPushButton(self.tr("日"), self)
        self.week_button = QPushButton(self.tr("周"), self)
        self.mode_group = QButtonGroup(self)
        for mode, button in ((MODE_DAY, self.day_button), (MODE_WEEK, self.week_button)):
            button.setCheckable(True)
            button.setMaximumWidth(64)
            self.mode_group.addButton(button, mode)
        self.week_button.setChecked(True)
        self.mode_group.idClicked.connect(self.set_mode)
        self.period = PeriodButtons(self)
        self.period.stepped.connect(self._step)
        self.period.current_requested.connect(lambda: self.go_to(clock.today()))
        self.date_edit = DateField(self, label=self.tr("跳到某一天"))
        self.date_edit.date_committed.connect(self._on_date_picked)
        self.range_label = QLabel(self)
        self.range_label.setObjectName("countLabel")
        self.new_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                      self.tr("新建日志"), self)
        self.new_button.setToolTip(self.tr("记一条日志：走访、电话、会议……（Ctrl+N）"))
        self.new_button.clicked.connect(lambda: self.new_entry())
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setToolTip(self.tr("打开所选日志（双击或回车）"))
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("搜索日志和访客报告：人名、产品、客户……（回车）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self._on_search)
        self.search_box.textChanged.connect(self._on_search_text_changed)
        self.print_button = QPushButton(self.tr("打印访客报告…"), self)
        self.print_button.setToolTip(self.tr("预览、打印或保存所选走访的访客报告（PDF）"))
        self.print_button.clicked.connect(self.print_selected)
        self.pack_button = QPushButton(self.tr("月度汇总…"), self)
        self.pack_button.setToolTip(self.tr("把一段时间的全部访客报告汇成一份 PDF，交主管检查"))
        self.pack_button.clicked.connect(lambda: build_month_pack(self, self.desk))
        self.import_button = QPushButton(self.tr("从 Excel 导入…"), self)
        self.import_button.setToolTip(self.tr("把以前记在 Excel 里的日志导入工作台（先检查，再导入）"))
        self.import_button.clicked.connect(self.open_import)

        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addSpacing(12)
        bar.addWidget(self.day_button)
        bar.addWidget(self.week_button)
        bar.addSpacing(12)
        bar.addWidget(self.period)
        bar.addWidget(self.date_edit)
        bar.addSpacing(8)
        bar.addWidget(self.range_label, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        tools = QHBoxLayout()
        tools.addWidget(self.search_box, 1)
        tools.addWidget(self.print_button)
        tools.addWidget(self.pack_button)
        tools.addWidget(self.import_button)

        self.model = DiaryTableModel(self)
        self.table = record_table(self, self.model, DAY_COLUMN_WIDTHS, row_height=28)
        self.table.setColumnHidden(COL_DATE, True)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.day_empty = QLabel(self)
        self.day_empty.setObjectName("emptyHint")
        self.day_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        day_page = QWidget(self)
        day_layout = QVBoxLayout(day_page)
        day_layout.setContentsMargins(0, 0, 0, 0)
        day_layout.addWidget(self.table, 1)
        day_layout.addWidget(self.day_empty, 1)

        self.week = WeekView(self)
        self.week.open_requested.connect(self.open_entry)
        self.week.new_requested.connect(lambda day: self.new_entry(on=day))
        self.week.day_selected.connect(self._on_week_day_selected)

        self.results = DiarySearchResults(self.desk, self)
        self.results.open_requested.connect(self.open_entry)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(day_page)
        self.stack.addWidget(self.week)
        self.stack.addWidget(self.results)
        self.stack.setCurrentIndex(self.mode)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(bar)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)

    # --- search and print ----------------------------------------------------------
    def search(self, query: str) -> None:
        """Show the entries whose text holds the query (two-character names work)."""
        if not query.strip():
            self.stack.setCurrentIndex(self.mode)
            return
        self.stack.setCurrentIndex(MODE_SEARCH)
        self.results.search(query)

    def _on_search(self) -> None:
        self.search(self.search_box.text())

    def _on_search_text_changed(self, text: str) -> None:
        if not text.strip():
            self.stack.setCurrentIndex(self.mode)

    def print_selected(self) -> None:
        """Preview the selected entry's visit report (masked; print or save from there)."""
        entry_id = (self.results.current_entry_id() if self.stack.currentIndex() == MODE_SEARCH
                    else self.selected_entry())
        if entry_id is None:
            QMessageBox.information(self, self.tr("打印访客报告"), self.tr("请先选中一条走访日志。"))
            return
        show_visit_report(self, self.desk, entry_id)

    # --- navigation ----------------------------------------------------------------
    def set_mode(self, mode: int) -> None:
        self.mode = mode
        self.mode_group.button(mode).setChecked(True)
        self.stack.setCurrentIndex(mode)
        self.refresh()

    def go_to(self, day: date) -> None:
        self.current_date = day
        self.refresh()

    def _step(self, direction: int) -> None:
        days = 7 if self.mode == MODE_WEEK else 1
        self.go_to(self.current_date + timedelta(days=days * direction))

    def _on_date_picked(self, day: date | None) -> None:
        if day is not None and day != self.current_date:
            self.go_to(day)

    # --- content -------------------------------------------------------------------
    @property
    def week_start(self) -> date:
        return monday_of(self.current_date)

    def refresh(self) -> None:
        """Read the current week in the background (the day view shows one day of it)."""
        monday = self.week_start
        self.date_edit.set_date(self.current_date)
        if self.mode == MODE_WEEK:
            self.period.set_texts(self.tr("上一周"), self.tr("本周"), self.tr("下一周"))
        else:
            self.period.set_texts(self.tr("前一天"), self.tr("今天"), self.tr("后一天"))
        ops.query(self.desk, lambda s: diary.entry_rows_between(s, monday, monday + timedelta(days=6)),
                  done=lambda rows: self._show_week(monday, rows), parent=self, key="diary.week")

    def _show_week(self, monday: date, rows: list[EntryRow]) -> None:
        if monday != self.week_start:
            return  # the manager has moved on; that week's read is on its way
        self._week_rows = rows
        sunday = monday + timedelta(days=6)
        if self.mode == MODE_WEEK:
            self.range_label.setText(self.tr("{start} 至 {end}（第 {n} 周），共 {count} 条").format(
                start=monday.isoformat(), end=sunday.isoformat(), n=monday.isocalendar().week,
                count=len(rows)))
            self.week.set_week(monday, rows)
        else:
            day_rows = [row for row in rows if row.entry_date == self.current_date]
            self.range_label.setText(self.tr("{day} {weekday}，共 {count} 条").format(
                day=self.current_date.isoformat(), weekday=weekday_name(self.current_date),
                count=len(day_rows)))
            self.model.set_rows(day_rows)
            self.day_empty.setText(self.tr("这一天还没有日志。\n按 Ctrl+N 或点“新建日志”记一条；以前记在 Excel 里的日志可用“从 Excel 导入…”导入。"))
            self.table.setVisible(bool(day_rows))
            self.day_empty.setVisible(not day_rows)
        if self._select_when_read is not None:
            self.select_entry(self._select_when_read)
            self._select_when_read = None

    def select_entry(self, entry_id: str) -> bool:
        if self.mode == MODE_WEEK:
            return self.week.select_entry(entry_id)
        row = self.model.row_of(entry_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_TIME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def selected_entry(self) -> str | None:
        if self.mode == MODE_WEEK:
            return self.week.selected_entry()
        index = self.table.currentIndex()
        return index.data(ENTRY_ID_ROLE) if index.isValid() else None

    def shown_entry_ids(self) -> list[str]:
        """The entries the current page lists (the day's table or the whole week)."""
        if self.mode == MODE_WEEK:
            return [entry_id for i in range(7) for entry_id in self.week.entry_ids(i)]
        return [self.model.row_at(i).id for i in range(self.model.rowCount())]

    # --- actions -------------------------------------------------------------------
    def new_entry(self, on: date | None = None) -> EntryForm:
        return self.forms.open_new(self, on=on)

    def open_entry(self, entry_id: str) -> EntryForm | None:
        return self.forms.open_entry(self, entry_id)

    def open_selected(self) -> EntryForm | None:
        entry_id = self.selected_entry()
        return self.open_entry(entry_id) if entry_id else None

    def open_import(self) -> None:
        from ui.diary.import_dialog import DiaryImportDialog

        DiaryImportDialog(self.desk, self).exec()  # the import announces what it added

    def close_forms(self) -> None:
        """The desk is closing: unsaved entry forms keep their edits as drafts."""
        self.forms.close_all()

    # --- slots ---------------------------------------------------------------------
    def _on_table_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id:
            self.open_entry(entry_id)

    def _on_week_day_selected(self, day: date) -> None:
        self.current_date = day
        self.date_edit.set_date(day)

    def _on_saved(self, entry_id: str) -> None:
        """Show the day of the entry just saved and select it."""
        ops.query(self.desk, lambda s: diary.get_entry_record(s, entry_id).entry_date,
                  done=lambda day: self._show_saved(entry_id, day), parent=self)

    def _show_saved(self, entry_id: str, day: date) -> None:
        self.current_date = day
        self._select_when_read = entry_id
        self.refresh()
