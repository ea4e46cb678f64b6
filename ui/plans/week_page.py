"""The 周计划 tab: one ISO week's plan with the days Monday to Sunday (holidays and 调休
marked), the items table coloured by status, add/edit/done/drop/delete, the clients
overdue for contact as one-click suggestions, carry-over of what is left to next week,
the plan-vs-actual panel (done / moved / dropped, unplanned contacts) and the export of
the supervisor's weekly plan as PDF (previewed) or Excel.

The page reads the core again when the diary changes (an entry may complete an item).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import plan_fields as pf
from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.services import plans
from cmdesk.services.plans import ItemLine, WeekView
from cmdesk.workdays import UNKNOWN_YEAR_NOTE
from ui.plans.week_item_dialog import PlanItemDialog
from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
from ui.widgets.record_table import record_table
from ui.worker import run_with_progress
from ui.widgets.period_buttons import PeriodButtons

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("计划日期", "客户/事项", "目的", "推介产品", "预期成果", "优先级", "状态", "完成/原因")
COLUMN_WIDTHS = {0: 150, 1: 220, 2: 80, 3: 160, 4: 240, 5: 56, 6: 70}
STATUS_COLOURS = {"planned": "#ffffff", "done": "#e6f4ea", "moved": "#fef7e0", "dropped": "#f1f3f4"}
STATUS_TEXT = {"dropped": "#80868b"}
HOLIDAY_COLOUR = "#c5221f"
MAKE_UP_COLOUR = "#b06000"
SUGGESTIONS_SHOWN = 200


class WeekPlanPage(QWidget):
    """One week's plan; `show_week(week)` moves to another week."""

    changed = Signal()  # the plan was changed here

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.week = plans.week_of(clock.today())
        self.view: WeekView | None = None
        self._build()
        desk.diary_changed.connect(self.refresh)
        desk.clients_changed.connect(self.refresh)
        self.refresh()

    # --- building ------------------------------------------------------------------
    def _build(self) -> None:
        self.period = PeriodButtons(self)
        self.period.set_texts(self.tr("上一周"), self.tr("本周"), self.tr("下一周"))
        self.period.stepped.connect(lambda step: self.show_week(plans.shift_week(self.week, step)))
        self.period.current_requested.connect(lambda: self.show_week(plans.week_of(clock.today())))
        self.title_label = QLabel(self)
        self.title_label.setObjectName("heading")
        self.pdf_button = QPushButton(self.tr("导出 PDF…"), self)
        self.pdf_button.setToolTip(self.tr("周工作计划（本周计划 + 上周执行情况），预览后打印或保存"))
        self.pdf_button.clicked.connect(self.export_pdf)
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"), self)
        self.xlsx_button.setToolTip(self.tr("周工作计划的 Excel 工作簿，发送给主管"))
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        bar = QHBoxLayout()
        bar.addWidget(self.period)
        bar.addSpacing(12)
        bar.addWidget(self.title_label, 1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)

        self.days_frame = QFrame(self)
        self.days_layout = QGridLayout(self.days_frame)
        self.days_layout.setContentsMargins(0, 0, 0, 0)
        self.day_labels = []
        for column in range(7):
            label = QLabel(self.days_frame)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMinimumHeight(40)
            self.days_layout.addWidget(label, 0, column)
            self.day_labels.append(label)
        self.calendar_note = QLabel(UNKNOWN_YEAR_NOTE, self)
        self.calendar_note.setObjectName("fieldError")
        self.notes_edit = QLineEdit(self)
        self.notes_edit.setPlaceholderText(self.tr("本周重点（回车保存）"))
        self.notes_edit.editingFinished.connect(self._save_notes)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table = record_table(self, self.model, COLUMN_WIDTHS, row_height=28, alternating=False)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.add_button = QPushButton(self.tr("新增事项"), self)
        self.add_button.clicked.connect(lambda: self.add_item())
        self.edit_button = QPushButton(self.tr("编辑"), self)
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.done_button = QPushButton(self.tr("标记完成"), self)
        self.done_button.clicked.connect(lambda: self.set_selected_status("done"))
        self.drop_button = QPushButton(self.tr("取消事项…"), self)
        self.drop_button.clicked.connect(lambda: self.set_selected_status("dropped"))
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.carry_button = QPushButton(self.tr("未完成事项顺延到下周"), self)
        self.carry_button.setToolTip(self.tr("把本周仍在计划中的事项标为已顺延，并加入下周计划"))
        self.carry_button.clicked.connect(lambda: self.carry_over())
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.done_button, self.drop_button,
                       self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.carry_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.notes_edit)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(actions)

        self.suggestions_label = QLabel(self)
        self.suggestions_label.setObjectName("sectionHint")
        self.suggestions = QListWidget(self)
        self.suggestions.setToolTip(self.tr("双击把客户加入本周计划"))
        self.suggestions.itemDoubleClicked.connect(self._on_suggestion_activated)
        self.suggest_button = QPushButton(self.tr("加入计划"), self)
        self.suggest_button.clicked.connect(lambda: self.add_selected_suggestion())
        self.actual_label = QLabel(self)
        self.actual_label.setWordWrap(True)
        self.unplanned_label = QLabel(self)
        self.unplanned_label.setObjectName("sectionHint")
        self.unplanned = QListWidget(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.suggestions_label)
        right_layout.addWidget(self.suggestions, 2)
        right_layout.addWidget(self.suggest_button)
        right_layout.addSpacing(8)
        heading = QLabel(self.tr("计划执行情况"), self)
        heading.setStyleSheet("font-weight: bold;")
        right_layout.addWidget(heading)
        right_layout.addWidget(self.actual_label)
        right_layout.addWidget(self.unplanned_label)
        right_layout.addWidget(self.unplanned, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.days_frame)
        layout.addWidget(self.calendar_note)
        layout.addWidget(splitter, 1)

    # --- reading -------------------------------------------------------------------
    def show_week(self, week: str) -> None:
        self.week = plans.parse_week(week)
        self.refresh()

    def refresh(self) -> None:
        with self.desk.db.session() as session:
            self.view = plans.week_view(session, self.week)
            suggested = plans.suggestions(session, self.week)
        view = self.view
        self.title_label.setText(view.title)
        today = clock.today()
        for label, day in zip(self.day_labels, view.days):
            text = f"{day.weekday_name}\n{day.day:%m-%d}"
            if day.label:
                text += f" {day.label}"
            label.setText(text)
            colour = HOLIDAY_COLOUR if day.holiday else MAKE_UP_COLOUR if day.make_up else (
                "#5f6368" if not day.workday else "#202124")
            border = "border: 2px solid #1a73e8;" if day.day == today else ""
            label.setStyleSheet(f"color: {colour}; {border}")
        self.calendar_note.setVisible(not view.calendar_known)
        if not self.notes_edit.hasFocus():
            self.notes_edit.setText(view.notes)
        self._fill_items(view.items)
        self._fill_suggestions(suggested)
        self._fill_actual(view)
        self._update_buttons()

    def _fill_items(self, items: list[ItemLine]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for item in items:
            if item.status == "done" and item.entry_date:
                outcome = self.tr("{day} 已记日志").format(day=f"{item.entry_date:%m-%d}")
            else:
                outcome = item.reason
            cells = [plans.day_label(self.view, item.planned_date), item.subject,
                     item.purpose_label, "、".join(item.product_names),
                     item.expected_outcome.replace("\n", " "), item.priority_label,
                     item.status_label, outcome]
            row = []
            for text in cells:
                cell = QStandardItem(text)
                cell.setEditable(False)
                cell.setData(item.item_id, ITEM_ID_ROLE)
                cell.setBackground(QBrush(QColor(STATUS_COLOURS[item.status])))
                if item.status in STATUS_TEXT:
                    cell.setForeground(QBrush(QColor(STATUS_TEXT[item.status])))
                row.append(cell)
            if item.priority == "high":
                row[5].setForeground(QBrush(QColor(HOLIDAY_COLOUR)))
            self.model.appendRow(row)

    def _fill_suggestions(self, suggested: list[Any]) -> None:
        self.suggestions.clear()
        self.suggestions_label.setText(
            self.tr("待联系客户（建议） {n} 位").format(n=len(suggested)))
        for due in suggested[:SUGGESTIONS_SHOWN]:
            if due.days_overdue > 0:
                when = self.tr("逾期 {n} 天").format(n=due.days_overdue)
            else:
                when = self.tr("{day} 到期").format(day=f"{due.due:%m-%d}")
            entry = QListWidgetItem(f"{due.client_name}　{due.tier} · {when}", self.suggestions)
            entry.setData(Qt.ItemDataRole.UserRole, due)
            if due.days_overdue > 0:
                entry.setForeground(QBrush(QColor(HOLIDAY_COLOUR)))

    def _fill_actual(self, view: WeekView) -> None:
        counts = view.counts
        text = self.tr("计划 {n} 项：已完成 {done}，已顺延 {moved}，已取消 {dropped}，计划中 {open}").format(
            n=len(view.items), done=counts["done"], moved=counts["moved"],
            dropped=counts["dropped"], open=counts["planned"])
        if view.done_rate is not None:
            text += self.tr("；完成率 {rate}").format(rate=f"{view.done_rate:.0%}")
        self.actual_label.setText(text)
        self.unplanned_label.setText(self.tr("计划外联系 {n} 次").format(n=len(view.unplanned)))
        self.unplanned.clear()
        for contact in view.unplanned:
            QListWidgetItem(f"{contact.entry_date:%m-%d} {contact.kind_label}　{contact.client_name}",
                            self.unplanned)

    def selected_item(self) -> ItemLine | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.view is None:
            return None
        item_id = index.data(ITEM_ID_ROLE)
        return next((i for i in self.view.items if i.item_id == item_id), None)

    def _update_buttons(self) -> None:
        chosen = self.selected_item() is not None
        for button in (self.edit_button, self.done_button, self.drop_button, self.delete_button):
            button.setEnabled(chosen)
        self.carry_button.setEnabled(bool(self.view and self.view.counts["planned"]))
        self.suggest_button.setEnabled(self.suggestions.count() > 0)

    # --- changing ------------------------------------------------------------------
    def _changed(self, message: str) -> None:
        self.refresh()
        self.desk.status_message.emit(message)
        self.changed.emit()

    def _select(self, item_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(ITEM_ID_ROLE) == item_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return

    def open_dialog(self, item: ItemLine | None) -> PlanItemDialog:
        """The add/edit dialog (made here so tests can drive it)."""
        return PlanItemDialog(self.desk, self.view, item, self)

    def _run_dialog(self, dialog: PlanItemDialog) -> None:
        if dialog.exec() and dialog.saved_id:
            self._changed(self.tr("计划事项已保存"))
            self._select(dialog.saved_id)
        dialog.deleteLater()

    def add_item(self) -> None:
        self._run_dialog(self.open_dialog(None))

    def edit_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._run_dialog(self.open_dialog(item))

    def set_selected_status(self, status: str, reason: str | None = None) -> bool:
        item = self.selected_item()
        if item is None:
            return False
        if status in pf.STATUSES_NEEDING_REASON and reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("取消事项"), self.tr("取消原因："))
            if not ok:
                return False
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                plans.set_item_status(session, item.item_id, status, reason or "")
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("计划事项"), str(exc))
            return False
        self._changed(self.tr("已标记为“{status}”").format(status=pf.status_label(status)))
        self._select(item.item_id)
        return True

    def delete_selected(self, confirm: bool = True) -> bool:
        item = self.selected_item()
        if item is None:
            return False
        if confirm and QMessageBox.question(
                self, self.tr("删除计划事项"),
                self.tr("删除“{subject}”这一项？").format(subject=item.subject)) != QMessageBox.StandardButton.Yes:
            return False
        with self.desk.db.transaction(self.desk.actor) as session:
            plans.delete_item(session, item.item_id)
        self._changed(self.tr("计划事项已删除"))
        return True

    def carry_over(self) -> int:
        with self.desk.db.transaction(self.desk.actor) as session:
            moved = plans.carry_over(session, self.week)
        self._changed(self.tr("{n} 项未完成事项已顺延到下周").format(n=len(moved)))
        return len(moved)

    def _on_suggestion_activated(self, entry: QListWidgetItem) -> None:
        self.suggestions.setCurrentItem(entry)
        self.add_selected_suggestion()

    def add_selected_suggestion(self) -> str | None:
        entry = self.suggestions.currentItem() or self.suggestions.item(0)
        if entry is None:
            return None
        with self.desk.db.transaction(self.desk.actor) as session:
            item_id = plans.add_suggestion(session, self.week, entry.data(Qt.ItemDataRole.UserRole))
        self._changed(self.tr("已加入本周计划"))
        self._select(item_id)
        return item_id

    def _save_notes(self) -> None:
        if self.view is None or self.notes_edit.text() == self.view.notes:
            return
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                plans.save_week_notes(session, self.week, self.notes_edit.text())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("本周重点"), str(exc))
            return
        self._changed(self.tr("本周重点已保存"))

    # --- export --------------------------------------------------------------------
    def _file_name(self, suffix: str) -> str:
        return self.tr("周工作计划_{name}_{week}{suffix}").format(
            name=self.desk.profile.name or "", week=self.week, suffix=suffix)

    def pdf_preview(self) -> PdfPreviewDialog | None:
        """Generate the week's PDF and make its preview dialog (None after telling why not)."""
        from cmdesk.reports.week_plan import write_week_plan

        path = temp_pdf_path(self.desk, "week-")
        db, week = self.desk.db, self.week
        try:
            run_with_progress(self, self.tr("周工作计划"), self.tr("正在生成周工作计划…"),
                              lambda _progress: write_week_plan(db, week, path))
        except CmdeskError as exc:
            path.unlink(missing_ok=True)
            QMessageBox.warning(self, self.tr("周工作计划"), str(exc))
            return None
        return PdfPreviewDialog(path, self.tr("周工作计划预览"), self._file_name(".pdf"), parent=self)

    def export_pdf(self) -> None:
        dialog = self.pdf_preview()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    def export_xlsx(self, target: Path | None = None) -> Path | None:
        """Write the Excel workbook (asks where unless `target` is given)."""
        from cmdesk.reports.week_plan_xlsx import write_week_workbook

        if target is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, self.tr("导出 Excel"), str(Path.home() / self._file_name(".xlsx")),
                self.tr("Excel 工作簿 (*.xlsx)"))
            if not name:
                return None
            target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        db, week = self.desk.db, self.week
        try:
            path = run_with_progress(self, self.tr("导出 Excel"), self.tr("正在写出工作簿…"),
                                     lambda _progress: write_week_workbook(db, week, target))
        except CmdeskError as exc:
            QMessageBox.warning(self, self.tr("导出 Excel"), str(exc))
            return None
        self.desk.status_message.emit(self.tr("已导出：{path}").format(path=path))
        return path
