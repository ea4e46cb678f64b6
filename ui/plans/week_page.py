"""The 周计划 tab: one ISO week's plan with the days Monday to Sunday (holidays and 调休
marked), the items table coloured by status, add/edit/done/drop/delete, the clients
overdue for contact as one-click suggestions, carry-over of what is left to next week,
the plan-vs-actual panel (done / moved / dropped, unplanned contacts) and the export of
the supervisor's weekly plan as PDF (previewed) or Excel.

Everything is read and written in the background (ui.ops); the page reads again when a
plan, the diary (an entry may complete an item), a client or the contact cadence changes.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
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
from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.services import plans
from cmdesk.services.cadence import ContactDue
from cmdesk.services.plans import ItemLine, WeekView
from cmdesk.workdays import UNKNOWN_YEAR_NOTE
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.plans.week_item_dialog import PlanItemDialog
from ui.reports.preview import PdfPreviewDialog, pdf_preview
from ui.widgets.period_buttons import PeriodButtons
from ui.widgets.file_dialogs import EXPORTS, save_file
from ui.risk.week_suggestions import RiskWeekSuggestions
from ui.widgets.record_table import record_table

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (QT_TRANSLATE_NOOP("WeekPlanPage", "计划日期"), QT_TRANSLATE_NOOP("WeekPlanPage", "客户/事项"),
           QT_TRANSLATE_NOOP("WeekPlanPage", "目的"), QT_TRANSLATE_NOOP("WeekPlanPage", "推介产品"),
           QT_TRANSLATE_NOOP("WeekPlanPage", "预期成果"), QT_TRANSLATE_NOOP("WeekPlanPage", "优先级"),
           QT_TRANSLATE_NOOP("WeekPlanPage", "状态"), QT_TRANSLATE_NOOP("WeekPlanPage", "完成/原因"))
COLUMN_WIDTHS = {0: 150, 1: 220, 2: 80, 3: 160, 4: 240, 5: 56, 6: 70}
STATUS_COLOURS = {pf.PlanItemStatus.PLANNED: "#ffffff", pf.PlanItemStatus.DONE: "#e6f4ea",
                  pf.PlanItemStatus.MOVED: "#fef7e0", pf.PlanItemStatus.DROPPED: "#f1f3f4"}
STATUS_TEXT = {pf.PlanItemStatus.DROPPED: "#80868b"}
HOLIDAY_COLOUR = "#c5221f"
MAKE_UP_COLOUR = "#b06000"
SUGGESTIONS_SHOWN = 200


class WeekPlanPage(QWidget):
    """One week's plan; `show_week(week)` moves to another week."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.week = plans.week_of(clock.today())
        self.view: WeekView | None = None
        self._select_when_read: str | None = None  # the item just saved or added
        self._build()
        RefreshOnShow(self, desk, {Kind.PLANS, Kind.DIARY, Kind.CLIENTS, Kind.SETTINGS}, self.refresh)

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
        self.done_button.clicked.connect(lambda: self.set_selected_status(pf.PlanItemStatus.DONE))
        self.drop_button = QPushButton(self.tr("取消事项…"), self)
        self.drop_button.clicked.connect(lambda: self.set_selected_status(pf.PlanItemStatus.DROPPED))
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
        self.risk_suggestions = RiskWeekSuggestions(self.desk, lambda fn: self._write(
            fn, lambda _id: self.tr("已加入本周计划"), select=True), self)
        right_layout.addWidget(self.risk_suggestions, 1)
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
        """Read the week's plan and the suggestions in the background."""
        week = self.week
        ops.query(self.desk, lambda s: (plans.week_view(s, week), plans.suggestions(s, week)),
                  done=lambda result: self._show(*result), parent=self, key="plans.week")

    def _show(self, view: WeekView, suggested: list[ContactDue]) -> None:
        if view.week != self.week:
            return  # the manager has moved on; that week's read is on its way
        self.view = view
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
        self.risk_suggestions.show_week(self.week)
        self._fill_actual(view)
        if self._select_when_read is not None:
            self._select(self._select_when_read)
            self._select_when_read = None
        self._update_buttons()

    def _fill_items(self, items: list[ItemLine]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for item in items:
            if item.status == pf.PlanItemStatus.DONE and item.entry_date:
                outcome = self.tr("{day} 已记日志").format(day=f"{item.entry_date:%m-%d}")
            else:
                outcome = item.reason
            cells = [plans.day_label(self.view, item.planned_date), item.subject,
                     item.purpose_label, self.tr("、").join(item.product_names),
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

    def _fill_suggestions(self, suggested: list[ContactDue]) -> None:
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
            n=len(view.items), done=counts[pf.PlanItemStatus.DONE], moved=counts[pf.PlanItemStatus.MOVED],
            dropped=counts[pf.PlanItemStatus.DROPPED], open=counts[pf.PlanItemStatus.PLANNED])
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
        self.carry_button.setEnabled(bool(self.view) and any(
            pf.PlanItemStatus(item.status).open for item in self.view.items))
        self.suggest_button.setEnabled(self.suggestions.count() > 0)

    # --- changing ------------------------------------------------------------------
    def _write(self, fn: Callable[[Any], Any], said: Callable[[Any], str], select: bool = False,
               title: str | None = None) -> None:
        """Change the plan in the background; the page reads again once it is announced.
        said(fn's result) is the status-bar note; with `select` the result is the id of
        the item to select once read. A refusal is told in a box named `title`."""

        def done(result: Any) -> None:
            if select:
                self._select_when_read = result
            self.desk.status_message.emit(said(result))

        def failed(error: BaseException) -> None:
            if isinstance(error, CmdeskError):
                QMessageBox.warning(self, title or self.tr("周计划"), str(error))
            else:
                ops.show_error(self, error)

        ops.write(self.desk, fn, Changes.of(Kind.PLANS), done=done, failed=failed, parent=self)

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
            self._select_when_read = dialog.saved_id
            self.desk.status_message.emit(self.tr("计划事项已保存"))
        dialog.deleteLater()

    def add_item(self) -> None:
        self._run_dialog(self.open_dialog(None))

    def edit_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._run_dialog(self.open_dialog(item))

    def set_selected_status(self, status: str, reason: str | None = None) -> None:
        """Mark the selected item (asks the reason a cancellation needs)."""
        item = self.selected_item()
        if item is None:
            return
        if pf.PlanItemStatus(status).needs_reason and reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("取消事项"), self.tr("取消原因："))
            if not ok:
                return
        item_id, text = item.item_id, reason or ""

        def change(session: Any) -> str:
            plans.set_item_status(session, item_id, status, text)
            return item_id

        note = self.tr("已标记为“{status}”").format(status=pf.status_label(status))
        self._write(change, lambda _id: note, select=True, title=self.tr("计划事项"))

    def delete_selected(self, confirm: bool = True) -> bool:
        """Delete the selected item (after asking); False when nothing was deleted."""
        item = self.selected_item()
        if item is None:
            return False
        if confirm and QMessageBox.question(
                self, self.tr("删除计划事项"),
                self.tr("删除“{subject}”这一项？").format(subject=item.subject)) != QMessageBox.StandardButton.Yes:
            return False
        item_id = item.item_id
        self._write(lambda s: plans.delete_item(s, item_id), lambda _none: self.tr("计划事项已删除"))
        return True

    def carry_over(self) -> None:
        week = self.week
        self._write(lambda s: plans.carry_over(s, week),
                    lambda moved: self.tr("{n} 项未完成事项已顺延到下周").format(n=len(moved)))

    def _on_suggestion_activated(self, entry: QListWidgetItem) -> None:
        self.suggestions.setCurrentItem(entry)
        self.add_selected_suggestion()

    def add_selected_suggestion(self) -> None:
        entry = self.suggestions.currentItem() or self.suggestions.item(0)
        if entry is None:
            return
        week, due = self.week, entry.data(Qt.ItemDataRole.UserRole)
        self._write(lambda s: plans.add_suggestion(s, week, due),
                    lambda _id: self.tr("已加入本周计划"), select=True)

    def _save_notes(self) -> None:
        if self.view is None or self.view.week != self.week or self.notes_edit.text() == self.view.notes:
            return  # unchanged, or another week's notes while this one is read
        week, notes = self.week, self.notes_edit.text()
        self._write(lambda s: plans.save_week_notes(s, week, notes),
                    lambda _none: self.tr("本周重点已保存"), title=self.tr("本周重点"))

    # --- export --------------------------------------------------------------------
    def _file_name(self, suffix: str) -> str:
        return self.tr("周工作计划_{name}_{week}{suffix}").format(
            name=self.desk.profile.name or "", week=self.week, suffix=suffix)

    def pdf_preview(self) -> PdfPreviewDialog | None:
        """Generate the week's PDF and make its preview dialog (None after telling why not)."""
        from cmdesk.reports.week_plan import render_week_plan

        week, name = self.week, self._file_name(".pdf")
        return pdf_preview(self, self.desk, title=self.tr("周工作计划预览"),
                           label=self.tr("正在生成周工作计划…"), prefix="week-",
                           render=lambda s, _unmasked: render_week_plan(s, week),
                           suggested_name=lambda _s: name)

    def export_pdf(self) -> None:
        dialog = self.pdf_preview()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    def export_xlsx(self, target: Path | None = None) -> Path | None:
        """Write the Excel workbook (asks where unless `target` is given)."""
        from cmdesk.reports.week_plan_xlsx import render_week_workbook

        if target is None:
            chosen = save_file(self, EXPORTS, self.tr("导出 Excel"), self._file_name(".xlsx"),
                               self.tr("Excel 工作簿 (*.xlsx)"))
            if chosen is None:
                return None
            target = chosen if chosen.suffix.lower() == ".xlsx" else Path(f"{chosen}.xlsx")
        week = self.week

        def write(session: Any, _progress: Any) -> Path:
            data = render_week_workbook(session, week)
            return atomic_write(target, lambda handle: handle.write(data))

        try:
            path = ops.run_modal(self.desk, self, self.tr("导出 Excel"), self.tr("正在写出工作簿…"), write)
        except CmdeskError as exc:
            QMessageBox.warning(self, self.tr("导出 Excel"), str(exc))
            return None
        self.desk.status_message.emit(self.tr("已导出：{path}").format(path=path))
        return path
