"""The 考核表 page under 计划: a quarter's or the year's assessment.

The quantitative part is read from the 工作任务书 (shown, not typed); the qualitative
items, the department and internal-management scores, the 加分/扣分 lines with their
reasons and the manager's 述职 are typed and saved together (services.assessment, through
ui.ops). The 综合考评分, grade and star level are shown as last saved, with head
office's 复评/审定 when its package has come (an approved sheet is read-only); the PDF
is previewed before it is saved or printed.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import assessment as am
from cmdesk.errors import ValidationError
from cmdesk.i18n import translate
from cmdesk.services import assessment
from cmdesk.services.assessment import AssessmentDraft, AssessmentSheet
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.reports.preview import PdfPreviewDialog, pdf_preview

QUALITATIVE_SCORE = 2  # the column of a qualitative item's score
ADJUSTMENT_KIND, ADJUSTMENT_POINTS, ADJUSTMENT_REASON = range(3)


def _number(value: Decimal) -> str:
    return f"{value:,.2f}"


def _cell(text: str, *, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    return item


def _table(columns: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class AssessmentPage(QWidget):
    """One period's 考核表: read, edit, save and preview as PDF."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.sheet: AssessmentSheet | None = None

        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(clock.today().year)
        self.year_spin.setSuffix(self.tr(" 年"))
        self.period_combo = QComboBox(self)
        for quarter in am.PERIODS:
            self.period_combo.addItem(am.period_label(quarter), quarter)
        self.period_combo.setCurrentIndex(self.period_combo.findData((clock.today().month - 1) // 3 + 1))
        self.year_spin.valueChanged.connect(lambda _year: self.reload())
        self.period_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.result_label = QLabel(self)
        self.result_label.setObjectName("sectionTitle")
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.clicked.connect(self.save)
        self.pdf_button = QPushButton(self.tr("预览 PDF…"), self)
        self.pdf_button.clicked.connect(self.export_pdf)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度"), self))
        bar.addWidget(self.year_spin)
        bar.addWidget(self.period_combo)
        bar.addWidget(self.result_label, 1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.pdf_button)

        self.review_label = QLabel(self)
        self.review_label.setObjectName("sectionHint")
        self.review_label.setWordWrap(True)
        self.review_label.hide()
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        self.quantitative = _table([self.tr("指标"), self.tr("目标"), self.tr("实际"), self.tr("完成率"),
                                    self.tr("分值"), self.tr("得分")], self)
        self.quantitative.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        quantitative_box = self._box(self.tr("定量考核（取自工作任务书）"), self.quantitative)

        self.qualitative = _table([self.tr("项目"), self.tr("分值"), self.tr("得分")], self)
        self.department_edit = QLineEdit(self)
        self.internal_edit = QLineEdit(self)
        scores = QWidget(self)
        scores_form = QFormLayout(scores)
        scores_form.setContentsMargins(0, 0, 0, 0)
        scores_form.addRow(self.tr("所在部门评价得分"), self.department_edit)
        scores_form.addRow(self.tr("内部业务管理得分"), self.internal_edit)
        qualitative_box = self._box(self.tr("定性考核、部门评价与内部管理"), self.qualitative, scores)

        self.adjustments = _table([self.tr("类别"), self.tr("分值"), self.tr("原因")], self)
        self.add_adjustment_button = QPushButton(self.tr("添加加减分"), self)
        self.add_adjustment_button.clicked.connect(lambda: self.add_adjustment(am.BONUS, "", ""))
        self.remove_adjustment_button = QPushButton(self.tr("删除所选行"), self)
        self.remove_adjustment_button.clicked.connect(self.remove_adjustment)
        buttons = QWidget(self)
        buttons_layout = QHBoxLayout(buttons)
        buttons_layout.setContentsMargins(0, 0, 0, 0)
        buttons_layout.addWidget(self.add_adjustment_button)
        buttons_layout.addWidget(self.remove_adjustment_button)
        buttons_layout.addStretch(1)
        adjustments_box = self._box(self.tr("加分与扣分（每行写明原因）"), self.adjustments, buttons)

        self.report_edit = QPlainTextEdit(self)
        self.report_edit.setPlaceholderText(self.tr("本期工作完成情况、存在的不足和下期打算"))
        report_box = self._box(self.tr("述职"), self.report_edit)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(quantitative_box)
        left.addWidget(qualitative_box)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(adjustments_box)
        right.addWidget(report_box)
        columns = QSplitter(Qt.Orientation.Horizontal, self)
        columns.addWidget(left)
        columns.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.review_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(columns, 1)
        RefreshOnShow(self, desk, {Kind.PLANS, Kind.DIARY, Kind.CLIENTS, Kind.SETTINGS}, self.reload)

    def _box(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    @property
    def year(self) -> int:
        return self.year_spin.value()

    @property
    def quarter(self) -> int:
        return self.period_combo.currentData()

    # --- reading -------------------------------------------------------------------
    def reload(self, *_args: Any) -> None:
        year, quarter = self.year, self.quarter
        ops.query(self.desk, lambda s: assessment.assessment_sheet(s, year, quarter),
                  done=lambda sheet: self._show(year, quarter, sheet), parent=self,
                  key="plans.assessment")

    def _show(self, year: int, quarter: int, sheet: AssessmentSheet) -> None:
        if (year, quarter) != (self.year, self.quarter):
            return  # the manager has moved on; that period's read is on its way
        self.sheet = sheet
        scores = sheet.scores
        if sheet.saved:
            self.result_label.setText(self.tr("综合考评分 {total}　·　{grade}　·　{stars}").format(
                total=_number(scores.total), grade=sheet.grade_text, stars=sheet.star_text))
        else:
            self.result_label.setText(self.tr(
                "定量得分 {quantitative}　·　待评：填写定性、部门评价和内部管理得分并保存后，"
                "计算综合考评分、考核等次和星级").format(quantitative=_number(scores.quantitative)))
        self.quantitative.setRowCount(len(scores.quantitative_lines))
        for row, line in enumerate(scores.quantitative_lines):
            for column, text in enumerate((line.name, _number(line.target), _number(line.actual),
                                           f"{line.completion * 100:.1f}%", _number(line.full_points),
                                           _number(line.score))):
                self.quantitative.setItem(row, column, _cell(text))
        self.qualitative.setRowCount(len(sheet.qualitative))
        for row, item in enumerate(sheet.qualitative):
            self.qualitative.setItem(row, 0, _cell(item.name))
            self.qualitative.setItem(row, 1, _cell(_number(item.max_score)))
            self.qualitative.setItem(row, QUALITATIVE_SCORE, _cell(_number(item.score), editable=True))
        self.department_edit.setText(_number(scores.department))
        self.internal_edit.setText(_number(scores.internal))
        self.adjustments.setRowCount(0)
        for item in sheet.adjustments:
            self.add_adjustment(item.kind, _number(item.points), item.reason)
        self.report_edit.setPlainText(sheet.self_report)
        self._show_review(sheet)

    def _show_review(self, sheet: AssessmentSheet) -> None:
        review = sheet.review
        self.review_label.setVisible(review is not None)
        approved = review is not None and review.approved
        for widget in (self.save_button, self.qualitative, self.department_edit, self.internal_edit,
                       self.adjustments, self.add_adjustment_button, self.remove_adjustment_button,
                       self.report_edit):
            widget.setEnabled(not approved)
        if review is None:
            return
        total = "—" if review.total is None else _number(review.total)
        stars = translate(am.STAR_LABELS.get(review.stars or 0, am.STAR_LABELS[0]))
        self.review_label.setText(self.tr("{status}（{by}，{day}）：{grade}，复评分 {total}，{stars}。{opinion}").format(
            status=review.status_label, by=review.reviewed_by,
            day=review.reviewed_on.isoformat() if review.reviewed_on else "", grade=review.grade,
            total=total, stars=stars, opinion=review.opinion))

    def add_adjustment(self, kind: str, points: str, reason: str) -> None:
        row = self.adjustments.rowCount()
        self.adjustments.insertRow(row)
        combo = QComboBox(self.adjustments)
        for value in am.ADJUSTMENT_KINDS:
            combo.addItem(translate(am.ADJUSTMENT_LABELS[value]), value)
        combo.setCurrentIndex(combo.findData(kind))
        self.adjustments.setCellWidget(row, ADJUSTMENT_KIND, combo)
        self.adjustments.setItem(row, ADJUSTMENT_POINTS, _cell(points, editable=True))
        self.adjustments.setItem(row, ADJUSTMENT_REASON, _cell(reason, editable=True))

    def remove_adjustment(self) -> None:
        rows = sorted({index.row() for index in self.adjustments.selectedIndexes()}, reverse=True)
        for row in rows:
            self.adjustments.removeRow(row)

    # --- writing -------------------------------------------------------------------
    def draft(self) -> AssessmentDraft:
        """What the page holds, as the service takes it."""
        qualitative = tuple((self.qualitative.item(row, 0).text(),
                             self.qualitative.item(row, QUALITATIVE_SCORE).text())
                            for row in range(self.qualitative.rowCount()))
        adjustments = tuple((self.adjustments.cellWidget(row, ADJUSTMENT_KIND).currentData(),
                             self.adjustments.item(row, ADJUSTMENT_POINTS).text(),
                             self.adjustments.item(row, ADJUSTMENT_REASON).text())
                            for row in range(self.adjustments.rowCount()))
        return AssessmentDraft(year=self.year, quarter=self.quarter, qualitative=qualitative,
                               department_score=self.department_edit.text(),
                               internal_score=self.internal_edit.text(), adjustments=adjustments,
                               self_report=self.report_edit.toPlainText())

    def save(self) -> None:
        draft = self.draft()
        ops.write(self.desk, lambda s: assessment.save_assessment(s, draft), Changes.of(Kind.PLANS),
                  done=lambda _id: self.problem_label.hide(), failed=self._on_save_failed, parent=self)

    def _on_save_failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            ops.show_error(self, error)
            return
        self.problem_label.setText("\n".join(p.describe() for p in error.problems))
        self.problem_label.show()

    # --- PDF -----------------------------------------------------------------------
    def pdf_preview(self) -> PdfPreviewDialog | None:
        """Generate the period's 考核表 PDF (as last saved) and make its preview dialog."""
        from cmdesk.reports.assessment import render_assessment

        year, quarter = self.year, self.quarter
        name = self.tr("考核表_{name}_{year}_{period}.pdf").format(
            name=self.desk.profile.name or "", year=year, period=self.period_combo.currentText())
        return pdf_preview(self, self.desk, title=self.tr("考核表预览"), label=self.tr("正在生成考核表…"),
                           prefix="assessment-",
                           render=lambda s, _unmasked: render_assessment(s, year, quarter, clock.today()),
                           suggested_name=lambda _s: name)

    def export_pdf(self) -> None:
        dialog = self.pdf_preview()
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()
