"""The yearly task book (工作任务书) view: each indicator's target, actual, share done and
the share of the year gone by with an on-track flag; the months' actuals typed in a
grid; a QtCharts bar chart of 完成进度 against 时间进度.

Targets are typed in the table (双击“目标”), custom indicators added with 添加指标… and
marked 累计值 (flow) or 时点值 (level) in the 口径 column; the actuals the desk counts itself (新增客户, 走访次数, 产品落地) are shown, not typed.
Everything is read and written through services.task_book in the background (ui.ops);
the view reads again when a plan, the diary or a client changes.
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import task_book as tb
from cmdesk.errors import ValidationError
from cmdesk.services import task_book
from cmdesk.services.task_book import BookProgress, IndicatorProgress
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.style import ERROR_COLOR

(COL_NAME, COL_UNIT, COL_MEASURE, COL_TARGET, COL_ACTUAL, COL_DONE, COL_ELAPSED, COL_STATUS,
 COL_HOW) = range(9)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ON_TRACK_COLOR = "#188038"
COMPUTED_FILL = "#f1f3f4"
DONE_COLOR = "#1d4e89"
ELAPSED_COLOR = "#9aa5b1"
CHART_LIMIT = 500  # % done beyond this is drawn cut off


def _number(value: Decimal) -> str:
    text = f"{value:,.2f}"
    return text.removesuffix(".00")


def _percent(share: Decimal | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _item(text: str, *, editable: bool = False, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _measure_combo(parent: QWidget) -> QComboBox:
    """累计值 / 时点值, each item carrying its measure."""
    combo = QComboBox(parent)
    for measure in tb.MEASURES:
        combo.addItem(tb.measure_label(measure), measure)
    return combo


class IndicatorDialog(QDialog):
    """添加指标: a name (a standard one or a new custom one), its unit, its measure (a unit
    "%" proposes 时点值) and target."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加指标"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("例如 代发工资户数"))
        self.unit_edit = QLineEdit(self)
        self.unit_edit.setPlaceholderText(self.tr("例如 户、万元"))
        self.measure_combo = _measure_combo(self)
        self.measure_combo.setToolTip(self.tr("余额、日均和比率类指标取最近一月的值；新增、收入、户数等按月相加"))
        self.unit_edit.textChanged.connect(self._on_unit_changed)
        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText(self.tr("年度目标值"))
        form = QFormLayout()
        form.addRow(self.tr("指标名称"), self.name_edit)
        form.addRow(self.tr("单位"), self.unit_edit)
        form.addRow(self.tr("口径"), self.measure_combo)
        form.addRow(self.tr("目标"), self.target_edit)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @property
    def measure(self) -> str:
        return self.measure_combo.currentData()

    def _on_unit_changed(self, unit: str) -> None:
        self.measure_combo.setCurrentIndex(
            self.measure_combo.findData(tb.default_measure(tb.CUSTOM_PREFIX + "new", unit)))


class TaskBookView(QWidget):
    """One year's task book with its progress, monthly actuals and chart."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.progress: BookProgress | None = None
        self._filling = False

        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(clock.today().year)
        self.year_spin.setSuffix(self.tr(" 年"))
        self.year_spin.valueChanged.connect(lambda _year: self.reload())
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("sectionHint")
        self.standard_button = QPushButton(self.tr("按标准指标建立"), self)
        self.standard_button.setToolTip(self.tr("加入存款、贷款、中间业务收入、新增客户、走访、产品落地等标准指标，再逐项填写目标"))
        self.standard_button.clicked.connect(self.add_standard_indicators)
        self.add_button = QPushButton(self.tr("添加指标…"), self)
        self.add_button.clicked.connect(self.add_indicator)
        self.remove_button = QPushButton(self.tr("删除指标"), self)
        self.remove_button.clicked.connect(self.remove_indicator)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度"), self))
        bar.addWidget(self.year_spin)
        bar.addWidget(self.elapsed_label, 1)
        bar.addWidget(self.standard_button)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)

        self.table = QTableWidget(0, 9, self)
        self.table.setHorizontalHeaderLabels([self.tr("指标"), self.tr("单位"), self.tr("口径"),
                                              self.tr("目标"), self.tr("实际"),
                                              self.tr("完成进度"), self.tr("时间进度"), self.tr("状态"),
                                              self.tr("实际值来源")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._on_target_edited)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.months = QTableWidget(0, 12, self)
        self.months.setHorizontalHeaderLabels([self.tr("{m}月").format(m=m) for m in task_book.MONTHS])
        self.months.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.months.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                    | QAbstractItemView.EditTrigger.EditKeyPressed
                                    | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.months.itemChanged.connect(self._on_month_edited)

        self.chart = QChart()
        self.chart.setTitle(self.tr("完成进度与时间进度"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(380)

        self.empty_label = QLabel(self.tr("这一年还没有工作任务书。点“按标准指标建立”，或“添加指标…”，再填写目标。"), self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        months_box = QWidget(self)
        months_layout = QVBoxLayout(months_box)
        months_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(self.tr("月度实际：双击单元格录入当月实际值（清空即删除）；灰色行由系统根据档案和日志自动统计。"), self)
        hint.setObjectName("sectionHint")
        months_layout.addWidget(hint)
        months_layout.addWidget(self.months, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.table)
        top.addWidget(self.chart_view)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(months_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label, 1)
        RefreshOnShow(self, desk, {Kind.PLANS, Kind.DIARY, Kind.CLIENTS}, self.reload)

    @property
    def year(self) -> int:
        return self.year_spin.value()

    # --- loading -------------------------------------------------------------------
    def reload(self, *_args: Any) -> None:
        """Read the year's task book in the background."""
        year = self.year
        ops.query(self.desk, lambda s: task_book.book_progress(s, year),
                  done=lambda progress: self._show(year, progress), parent=self,
                  key="plans.task_book")

    def _show(self, year: int, progress: BookProgress) -> None:
        if year != self.year:
            return  # the manager has moved on; that year's read is on its way
        self.progress = progress
        text = self.tr("截至 {day}，时间进度 {share}").format(day=progress.as_of.isoformat(),
                                                         share=_percent(progress.elapsed))
        if progress.book_id:
            source = QCoreApplication.translate("fields", dict(task_book.SOURCES).get(progress.source,
                                                                                     progress.source))
            if progress.issued_by:
                source = self.tr("{source}（{issued_by}）").format(source=source, issued_by=progress.issued_by)
            text += self.tr("　·　任务书来源：{source}").format(source=source)
        self.elapsed_label.setText(text)
        self._fill_table(progress.indicators)
        self._fill_months(progress.indicators)
        self._fill_chart(progress)
        has_rows = bool(progress.indicators)
        self.splitter.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        self._update_buttons()

    def _fill_table(self, indicators: list[IndicatorProgress]) -> None:
        self._filling = True
        self.table.setRowCount(len(indicators))
        for row, item in enumerate(indicators):
            status = _item(item.status_label)
            status.setForeground(QBrush(QColor(ON_TRACK_COLOR if item.on_track else ERROR_COLOR)))
            cells = [_item(item.name), _item(item.unit), _item(tb.measure_label(item.measure)),
                     _item(_number(item.target), editable=True, align_right=True),
                     _item(_number(item.actual), align_right=True),
                     _item(_percent(item.done), align_right=True),
                     self._elapsed_cell(item),
                     status, _item(self.tr("自动统计") if item.computed else self.tr("按月录入"))]
            cells[COL_TARGET].setToolTip(self.tr("双击修改目标"))
            for column, cell in enumerate(cells):
                cell.setData(KEY_ROLE, item.key)
                self.table.setItem(row, column, cell)
            if tb.is_custom(item.key):
                self.table.setCellWidget(row, COL_MEASURE, self._measure_cell(item))
            else:
                self.table.removeCellWidget(row, COL_MEASURE)
        self._filling = False

    def _measure_cell(self, item: IndicatorProgress) -> QComboBox:
        """A custom indicator's 口径, chosen in place (a standard one's is fixed, shown as text)."""
        combo = _measure_combo(self.table)
        combo.setCurrentIndex(combo.findData(item.measure))
        combo.currentIndexChanged.connect(
            lambda _index, key=item.key, box=combo: self.set_measure(key, box.currentData()))
        return combo

    def _elapsed_cell(self, item: IndicatorProgress) -> QTableWidgetItem:
        if item.measure == tb.FLOW:
            return _item(_percent(item.elapsed), align_right=True)
        cell = _item("—", align_right=True)
        cell.setToolTip(self.tr("余额、日均和比率类指标看是否达到目标，不按时间进度衡量"))
        return cell

    def _fill_months(self, indicators: list[IndicatorProgress]) -> None:
        self._filling = True
        self.months.setRowCount(len(indicators))
        self.months.setVerticalHeaderLabels([item.name for item in indicators])
        for row, item in enumerate(indicators):
            for column, month in enumerate(task_book.MONTHS):
                value = item.monthly.get(month)
                cell = _item("" if value is None else _number(value), editable=not item.computed,
                             align_right=True)
                cell.setData(KEY_ROLE, item.key)
                if item.computed:
                    cell.setBackground(QBrush(QColor(COMPUTED_FILL)))
                    cell.setToolTip(self.tr("自动统计"))
                self.months.setItem(row, column, cell)
        self._filling = False

    def _fill_chart(self, progress: BookProgress) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        # horizontal bars: the names read on the left however long, first indicator on top
        shown = [item for item in progress.indicators if item.done is not None][::-1]
        if not shown:
            return
        elapsed = QBarSet(self.tr("时间进度 %"))
        elapsed.setColor(QColor(ELAPSED_COLOR))
        done = QBarSet(self.tr("完成进度 %"))
        done.setColor(QColor(DONE_COLOR))
        for item in shown:
            elapsed.append(float(progress.elapsed * 100))
            done.append(float(item.done * 100))
        series = QHorizontalBarSeries()
        series.append(elapsed)
        series.append(done)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([item.name for item in shown])
        highest = min(max(100.0, *(float(item.done * 100) for item in shown)), CHART_LIMIT)
        step = 25 if highest <= 100 else 50 if highest <= 200 else 100  # a few ticks that fit
        top = math.ceil(highest / step) * step
        values = QValueAxis()
        values.setRange(0, top)
        values.setTickCount(top // step + 1)
        values.setLabelFormat("%d%%")
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)

    def bar_sets(self) -> list[QBarSet]:
        """The chart's bar sets (完成进度, 时间进度), for tests and the lead's checks."""
        series = [s for s in self.chart.series() if isinstance(s, QHorizontalBarSeries)]
        return series[0].barSets() if series else []

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectedItems()))

    # --- writing -------------------------------------------------------------------
    def _write(self, action: Any) -> None:
        """Write in the background; the view reads again once the change is announced,
        and after a refusal (to show the stored values again)."""
        ops.write(self.desk, action, Changes.of(Kind.PLANS), parent=self,
                  done=lambda _result: self.problem_label.hide(), failed=self._on_write_failed)

    def _on_write_failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            ops.show_error(self, error)
            return
        self.problem_label.setText("\n".join(p.describe() for p in error.problems))
        self.problem_label.show()
        self.reload()

    def set_target(self, key: str, text: str) -> None:
        year = self.year
        self._write(lambda session: task_book.set_target(session, year, key, text))

    def set_measure(self, key: str, measure: str) -> None:
        year = self.year
        self._write(lambda session: task_book.set_measure(session, year, key, measure))

    def set_actual(self, key: str, month: int, text: str) -> None:
        year = self.year
        self._write(lambda session: task_book.set_actual(session, year, key, month, text))

    def _shows_its_year(self) -> bool:
        """The tables show the chosen year (not the last one while it is read)."""
        return self.progress is not None and self.progress.year == self.year

    def _on_target_edited(self, cell: QTableWidgetItem) -> None:
        if not self._filling and self._shows_its_year() and cell.column() == COL_TARGET:
            self.set_target(cell.data(KEY_ROLE), cell.text())

    def _on_month_edited(self, cell: QTableWidgetItem) -> None:
        if not self._filling and self._shows_its_year():
            self.set_actual(cell.data(KEY_ROLE), cell.column() + 1, cell.text())

    def add_standard_indicators(self) -> None:
        present = {item.key for item in self.progress.indicators} if self.progress else set()
        year = self.year

        def add(session: Any) -> None:
            for item in tb.STANDARD_INDICATORS:
                if item.key not in present:
                    task_book.set_target(session, year, item.key, "0")

        self._write(add)

    def add_indicator(self) -> None:
        dialog = IndicatorDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            year, name, target = self.year, dialog.name_edit.text(), dialog.target_edit.text()
            unit, measure = dialog.unit_edit.text() or None, dialog.measure
            self._write(lambda session: task_book.set_target(session, year, name, target,
                                                             name=name, unit=unit, measure=measure))
        dialog.deleteLater()

    def remove_indicator(self) -> None:
        selected = self.table.selectedItems()
        if not selected:
            return
        key = selected[0].data(KEY_ROLE)
        name = self.table.item(selected[0].row(), COL_NAME).text()
        answer = QMessageBox.question(self, self.tr("删除指标"),
                                      self.tr("从 {year} 年任务书中删除“{name}”及其月度实际值？").format(
                                          year=self.year, name=name))
        if answer == QMessageBox.StandardButton.Yes:
            year = self.year
            self._write(lambda session: task_book.remove_indicator(session, year, key))
