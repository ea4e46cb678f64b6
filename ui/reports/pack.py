"""The month-end pack (访客报告汇总): every visit report of a date range in one PDF for the
supervisor. The manager picks the range (last month by default); the pack is built in
a worker thread behind a progress dialog whose 取消 stops it (nothing is written), then
previewed. `build_month_pack(parent, desk)` is the entry point for menus and buttons.
"""
from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import Cancelled, CmdeskError
from cmdesk.reports.visit_report import write_visit_pack
from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
from ui.worker import Worker


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before `today`'s."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MonthPackDialog(QDialog):
    """Pick a range, build the pack (cancellable), then preview it."""

    build_finished = Signal(bool)  # True: built (the preview follows); False: cancelled or failed

    def __init__(self, desk: Any, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("访客报告汇总"))
        self.pack_path: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self._worker: Worker | None = None  # kept after it reports: its pool thread may still be returning
        self._building = False
        self._cancel = threading.Event()
        start, end = last_month(today or date.today())
        hint = QLabel(self.tr("把一段时间内的全部访客报告合成一个 PDF（含封面和目录），供主管月末检查。"
                              "个人信息按规定打码。"), self)
        hint.setWordWrap(True)
        hint.setObjectName("sectionHint")
        self.start_edit = QDateEdit(_qdate(start), self)
        self.end_edit = QDateEdit(_qdate(end), self)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("开始日期"), self.start_edit)
        form.addRow(self.tr("结束日期"), self.end_edit)
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.build_button = QPushButton(self.tr("生成并预览"), self)
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
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

        self.progress = QProgressDialog(self.tr("正在生成访客报告汇总…"), self.tr("取消"), 0, 0, self)
        self.progress.setWindowTitle(self.tr("访客报告汇总"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(0)
        self.progress.setMinimumWidth(360)
        self.progress.canceled.connect(self.cancel)
        self.progress.reset()  # a QProgressDialog shows itself after minimumDuration otherwise

    def period(self) -> tuple[date, date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()

    @property
    def is_building(self) -> bool:
        return self._building

    def build(self) -> None:
        """Start building the pack in the thread pool."""
        if self.is_building:
            return
        start, end = self.period()
        if end < start:
            self._show_message(self.tr("结束日期不能早于开始日期"))
            return
        self._show_message("")
        self._cancel.clear()
        self.pack_path = temp_pdf_path(self.desk, "pack-")
        db, path, cancel = self.desk.db, self.pack_path, self._cancel
        self._worker = Worker(lambda progress: write_visit_pack(
            db, start, end, path, progress=progress, cancelled=cancel.is_set))
        self._worker.signals.progress.connect(self._on_progress)
        self._worker.signals.finished.connect(self._on_finished)
        self._worker.signals.failed.connect(self._on_failed)
        self._building = True
        self.build_button.setEnabled(False)
        self.progress.setLabelText(self.tr("正在生成 {start} 至 {end} 的访客报告汇总…")
                                   .format(start=start.isoformat(), end=end.isoformat()))
        self.progress.setRange(0, 0)
        self.progress.show()
        QThreadPool.globalInstance().start(self._worker)

    def cancel(self) -> None:
        """取消: the worker stops before the next report; nothing is written."""
        if self.is_building:
            self._cancel.set()
            self._show_message(self.tr("正在取消…"))

    # --- the worker's reports (queued onto the GUI thread) ------------------------------
    def _on_progress(self, done: int, total: int) -> None:
        if total > 0 and not self._cancel.is_set():
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))

    def _on_finished(self, count: int) -> None:
        self._end_build()
        self.preview = PdfPreviewDialog(
            self.pack_path, self.tr("访客报告汇总预览（{n} 份）").format(n=count),
            self.tr("访客报告汇总_{start}_{end}.pdf").format(
                start=self.period()[0].isoformat(), end=self.period()[1].isoformat()), parent=self)
        self.pack_path = None  # the preview owns the file now and removes it when closed
        self.build_finished.emit(True)
        self.preview.open()

    def _on_failed(self, error: BaseException) -> None:
        self._end_build()
        if self.pack_path is not None:
            self.pack_path.unlink(missing_ok=True)
            self.pack_path = None
        if isinstance(error, Cancelled):
            self._show_message(self.tr("已取消，没有生成文件。"))
        elif isinstance(error, CmdeskError):
            self._show_message(str(error))
        else:
            self.build_finished.emit(False)
            raise error  # an unexpected error: the desk's error handler logs and reports it
        self.build_finished.emit(False)

    def _end_build(self) -> None:
        self._building = False
        self.progress.reset()
        self.progress.hide()
        self.build_button.setEnabled(True)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reject(self) -> None:
        """Closing while building cancels the build first."""
        if self.is_building:
            self.cancel()
            return
        super().reject()


def build_month_pack(parent: QWidget | None, desk: Any) -> None:
    """Open the month-pack dialog (modal)."""
    dialog = MonthPackDialog(desk, parent)
    dialog.exec()
    dialog.deleteLater()
