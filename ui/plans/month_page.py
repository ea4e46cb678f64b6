"""The 月计划 tab: one month's own goals (new clients, visits, products to land, in words
too), what the desk counted against them, and the month's weeks with their plan vs
actual; double-clicking a week opens it in the 周计划 tab. Read and saved in the
background (ui.ops); read again when a plan, the diary or a client changes.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import plan_fields as pf
from cmdesk.errors import ValidationError
from cmdesk.services import plans
from cmdesk.services.plans import MonthView
from cmdesk.workdays import UNKNOWN_YEAR_NOTE
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.widgets.period_buttons import PeriodButtons
from ui.widgets.record_table import record_table

WEEK_ROLE = Qt.ItemDataRole.UserRole + 1
WEEK_COLUMNS = (QT_TRANSLATE_NOOP("MonthPlanPage", "周"), QT_TRANSLATE_NOOP("MonthPlanPage", "计划事项"),
                QT_TRANSLATE_NOOP("MonthPlanPage", "已完成"), QT_TRANSLATE_NOOP("MonthPlanPage", "已顺延"),
                QT_TRANSLATE_NOOP("MonthPlanPage", "已取消"), QT_TRANSLATE_NOOP("MonthPlanPage", "计划中"),
                QT_TRANSLATE_NOOP("MonthPlanPage", "计划外联系"))
GOALS = (("goal_new_clients", "new_clients"), ("goal_visits", "visits"),
         ("goal_products", "products_landed"))


class MonthPlanPage(QWidget):
    """One month's plan; `show_month(month)` moves to another month."""

    week_requested = Signal(str)

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.month = plans.month_of(clock.today())
        self.view: MonthView | None = None
        self._build()
        RefreshOnShow(self, desk, {Kind.PLANS, Kind.DIARY, Kind.CLIENTS}, self.refresh)

    def _build(self) -> None:
        self.period = PeriodButtons(self)
        self.period.set_texts(self.tr("上月"), self.tr("本月"), self.tr("下月"))
        self.period.stepped.connect(lambda step: self.show_month(plans.shift_month(self.month, step)))
        self.period.current_requested.connect(lambda: self.show_month(plans.month_of(clock.today())))
        self.title_label = QLabel(self)
        self.title_label.setObjectName("heading")
        self.days_label = QLabel(self)
        self.days_label.setObjectName("countLabel")
        bar = QHBoxLayout()
        bar.addWidget(self.period)
        bar.addSpacing(12)
        bar.addWidget(self.title_label)
        bar.addSpacing(12)
        bar.addWidget(self.days_label, 1)

        goals = QGroupBox(self.tr("本月目标"), self)
        form = QFormLayout(goals)
        self.goal_boxes: dict[str, QSpinBox] = {}
        self.actual_labels: dict[str, QLabel] = {}
        for key, _actual in GOALS:
            box = QSpinBox(goals)
            box.setRange(0, pf.MAX_MONTH_GOAL)
            actual = QLabel(goals)
            actual.setObjectName("sectionHint")
            row = QHBoxLayout()
            row.addWidget(box)
            row.addWidget(actual, 1)
            form.addRow(pf.MONTH_PLAN.field(key).label, row)
            self.goal_boxes[key] = box
            self.actual_labels[key] = actual
        self.goals_edit = QPlainTextEdit(goals)
        self.goals_edit.setMaximumHeight(80)
        self.notes_edit = QPlainTextEdit(goals)
        self.notes_edit.setMaximumHeight(60)
        form.addRow(pf.MONTH_PLAN.field("goals_text").label, self.goals_edit)
        form.addRow(pf.MONTH_PLAN.field("notes").label, self.notes_edit)
        self.problem_label = QLabel(goals)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.hide()
        self.save_button = QPushButton(self.tr("保存月计划"), goals)
        self.save_button.clicked.connect(lambda: self.save())
        form.addRow(self.problem_label)
        form.addRow("", self.save_button)

        self.weeks_model = QStandardItemModel(0, len(WEEK_COLUMNS), self)
        self.weeks_model.setHorizontalHeaderLabels([self.tr(c) for c in WEEK_COLUMNS])
        self.weeks_table = record_table(self, self.weeks_model, {0: 260, **{c: 76 for c in range(1, 6)}})
        self.weeks_table.doubleClicked.connect(self._on_week_activated)
        self.calendar_note = QLabel(UNKNOWN_YEAR_NOTE, self)
        self.calendar_note.setObjectName("fieldError")
        weeks_box = QGroupBox(self.tr("本月各周计划执行情况（双击打开该周）"), self)
        weeks_layout = QVBoxLayout(weeks_box)
        weeks_layout.addWidget(self.weeks_table)

        goals_column = QVBoxLayout()
        goals_column.addWidget(goals)
        goals_column.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(goals_column, 2)
        body.addWidget(weeks_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.calendar_note)
        layout.addLayout(body, 1)

    def show_month(self, month: str) -> None:
        self.month = plans.parse_month(month)
        self.refresh()

    def refresh(self) -> None:
        """Read the month in the background."""
        month = self.month
        ops.query(self.desk, lambda s: plans.month_view(s, month), done=self._show, parent=self,
                  key="plans.month")

    def _show(self, view: MonthView) -> None:
        if view.month != self.month:
            return  # the manager has moved on; that month's read is on its way
        self.view = view
        self.title_label.setText(self.tr("{y}年{m}月").format(y=view.first.year, m=view.first.month))
        self.days_label.setText(self.tr("工作日 {n} 天").format(n=view.workday_count))
        self.calendar_note.setVisible(not view.calendar_known)
        for key, actual in GOALS:
            goal = getattr(view, key)
            self.goal_boxes[key].setValue(goal)
            done = getattr(view, actual)
            text = self.tr("实际 {n}").format(n=done)
            if goal:
                text += self.tr("（完成 {rate}）").format(rate=f"{done / goal:.0%}")
            self.actual_labels[key].setText(text)
        self.goals_edit.setPlainText(view.goals_text)
        self.notes_edit.setPlainText(view.notes)
        self.problem_label.hide()
        self.weeks_model.removeRows(0, self.weeks_model.rowCount())
        for week in view.weeks:
            cells = [QStandardItem(week.title)] + [
                QStandardItem(str(n)) for n in (week.planned, week.done, week.moved, week.dropped,
                                                week.open, week.unplanned)]
            for cell in cells:
                cell.setData(week.week, WEEK_ROLE)
                cell.setEditable(False)
            self.weeks_model.appendRow(cells)

    def save(self) -> None:
        """Save the goals and notes in the background; the page reads again after.
        Nothing is saved while the month shown is still being read (the boxes hold
        another month's goals then)."""
        if self.view is None or self.view.month != self.month:
            return
        fields: dict[str, Any] = {key: box.value() for key, box in self.goal_boxes.items()}
        fields.update(goals_text=self.goals_edit.toPlainText(), notes=self.notes_edit.toPlainText())
        month = self.month
        self.problem_label.hide()
        ops.write(self.desk, lambda s: plans.save_month_plan(s, month, fields),
                  Changes.of(Kind.PLANS), parent=self, failed=self._on_save_failed,
                  done=lambda _id: self.desk.status_message.emit(self.tr("月计划已保存")))

    def _on_save_failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            ops.show_error(self, error)
            return
        self.problem_label.setText("\n".join(p.describe() for p in error.problems))
        self.problem_label.show()

    def _on_week_activated(self, index) -> None:
        self.week_requested.emit(index.data(WEEK_ROLE))
