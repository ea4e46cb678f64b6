"""The month-end pack (访客报告汇总): every visit report of a date range in one PDF for the
supervisor. The manager picks the range (last month by default); the pack is built in
the desk's database thread behind a progress dialog whose 取消 stops it (nothing is
written), then previewed. `build_month_pack(parent, desk)` is the entry point for menus and buttons.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.reports.visit_report import write_visit_pack_in
from ui.reports.batch_dialog import BatchPdfDialog
from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
from ui.widgets.date_field import DateField


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before `today`'s."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


class MonthPackDialog(BatchPdfDialog):
    """Pick a range, build the pack (cancellable), then preview it."""

    def __init__(self, desk: Any, parent: QWidget | None = None, today: date | None = None):
        super().__init__(desk, parent)
        self.set_titles(self.tr("访客报告汇总"), self.tr("生成并预览"))
        self.pack_path: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        start, end = last_month(today or clock.today())
        self.built_period: tuple[date, date] = (start, end)
        hint = QLabel(self.tr("把一段时间内的全部访客报告合成一个 PDF（含封面和目录），供主管月末检查。"
                              "个人信息按规定打码。"), self)
        hint.setWordWrap(True)
        hint.setObjectName("sectionHint")
        self.start_edit = DateField(self, label=self.tr("开始日期"))
        self.end_edit = DateField(self, label=self.tr("结束日期"))
        self.start_edit.set_date(start)
        self.end_edit.set_date(end)
        form = QFormLayout()
        form.addRow(self.tr("开始日期"), self.start_edit)
        form.addRow(self.tr("结束日期"), self.end_edit)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.build_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

    def period(self) -> tuple[date | None, date | None]:
        return self.start_edit.date(), self.end_edit.date()

    def build(self) -> None:
        """Start building the pack in the thread pool."""
        if self.is_building:
            return
        start, end = self.period()
        problem = self.start_edit.reason() or self.end_edit.reason()
        if problem or start is None or end is None:
            self.show_message(problem or self.tr("请填写开始日期和结束日期"))
            return
        if end < start:
            self.show_message(self.tr("结束日期不能早于开始日期"))
            return
        self.built_period = (start, end)
        self.pack_path = path = temp_pdf_path(self.desk, "pack-")
        self.start(lambda session, progress, cancelled: write_visit_pack_in(
            session, start, end, path, progress=progress, cancelled=cancelled),
            self.tr("正在生成 {start} 至 {end} 的访客报告汇总…").format(
                start=start.isoformat(), end=end.isoformat()))

    def on_built(self, count: int) -> None:
        self.preview = PdfPreviewDialog(
            self.pack_path, self.tr("访客报告汇总预览（{n} 份）").format(n=count),
            self.tr("访客报告汇总_{start}_{end}.pdf").format(
                start=self.built_period[0].isoformat(), end=self.built_period[1].isoformat()),
            parent=self)
        self.pack_path = None  # the preview owns the file now and removes it when closed
        self.preview.open()

    def discard(self) -> None:
        if self.pack_path is not None:
            self.pack_path.unlink(missing_ok=True)
            self.pack_path = None


def build_month_pack(parent: QWidget | None, desk: Any) -> None:
    """Open the month-pack dialog (modal)."""
    dialog = MonthPackDialog(desk, parent)
    dialog.exec()
    dialog.deleteLater()
