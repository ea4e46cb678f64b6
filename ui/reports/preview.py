"""The PDF preview dialog: a generated PDF shown with QtPdf before it is printed (Qt's
print dialog, pages rendered by QPdfDocument) or saved (另存为…, written atomically).

PDFs are generated into the data folder's tmp/ (in the desk's database thread, behind a
progress dialog: ui.ops.run_modal) and removed when the dialog closes. `pdf_preview`
makes the preview of any of the desk's documents; `show_visit_report(parent, desk,
entry_id)` previews one visit report, masked; the 不打码打印（内部使用） box renders it
again unmasked (the core records that in the history, so that run is a write) and
unticking it goes back to the masked copy.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import CmdeskError
from cmdesk.files import atomic_write
from cmdesk.services.diary import get_entry_record
from ui import ops
from ui.i18n import tr
from ui.ops import Changes, Kind
from ui.widgets.file_dialogs import PRINTS, save_file

PRINT_DPI_LIMIT = 300  # pages are rendered at the printer's resolution, at most this
POINTS_PER_INCH = 72
STALE_TEMP_SECONDS = 24 * 3600


def temp_pdf_path(desk: Any, prefix: str) -> Path:
    """A fresh file name in the data folder's tmp/ (client data stays in the data folder).
    PDFs left there by a desk that did not close cleanly are removed after a day."""
    folder = desk.paths.root / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    stale = time.time() - STALE_TEMP_SECONDS
    for old in folder.glob("*.pdf"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".pdf", dir=folder)
    os.close(fd)
    return Path(name)


class PdfPreviewDialog(QDialog):
    """Shows a PDF; 打印… and 另存为…. With `render_unmasked` (a function writing the
    unmasked version to a path) the dialog offers the 不打码打印（内部使用） box."""

    def __init__(self, pdf_path: Path, title: str, suggested_name: str, *,
                 render_unmasked: Callable[[Path], Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.suggested_name = suggested_name
        self.masked_path = pdf_path
        self.unmasked_path: Path | None = None
        self._render_unmasked = render_unmasked

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel(self)
        self.pages_label.setObjectName("sectionHint")
        self.unmasked_check = QCheckBox(self.tr("不打码打印（内部使用）"), self)
        self.unmasked_check.setToolTip(self.tr("显示完整的手机号、证件号和账号。仅供行内使用；"
                                               "每次不打码输出都会记入档案的变更历史。"))
        self.unmasked_check.setVisible(render_unmasked is not None)
        self.unmasked_check.toggled.connect(self._on_unmasked_toggled)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("另存为…"), self)
        self.save_button.clicked.connect(self.save_as)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.unmasked_check)
        bar.addSpacing(12)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.resize(900, 1000)
        self.load(pdf_path)

    # --- the document --------------------------------------------------------------
    @property
    def current_path(self) -> Path:
        return self.unmasked_path if self.unmasked_check.isChecked() and self.unmasked_path else self.masked_path

    def load(self, path: Path) -> bool:
        self.document.close()
        error = self.document.load(str(path))
        ok = error == QPdfDocument.Error.None_
        self.pages_label.setText(self.tr("共 {n} 页").format(n=self.document.pageCount()) if ok
                                 else self.tr("无法打开 PDF 文件"))
        self.print_button.setEnabled(ok)
        self.save_button.setEnabled(ok)
        return ok

    def _on_unmasked_toggled(self, unmasked: bool) -> None:
        if unmasked and self.unmasked_path is None and self._render_unmasked is not None:
            path = self.masked_path.with_name(self.masked_path.stem + "-unmasked.pdf")
            try:
                self._render_unmasked(path)
            except CmdeskError as exc:
                QMessageBox.warning(self, self.tr("不打码打印"), str(exc))
                self.unmasked_check.setChecked(False)
                return
            self.unmasked_path = path
        self.load(self.current_path)

    # --- print and save ------------------------------------------------------------
    def print_document(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.document.pageCount(), 1))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Render the pages (the printer's page range, or all) onto the printer."""
        count = self.document.pageCount()
        first = max(printer.fromPage(), 1) if printer.fromPage() else 1
        last = min(printer.toPage(), count) if printer.toPage() else count
        printer.setFullPage(True)  # the PDF has its own margins
        painter = QPainter()
        if count == 0 or not painter.begin(printer):
            QMessageBox.warning(self, self.tr("打印"), self.tr("无法开始打印，请检查打印机。"))
            return False
        try:
            dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            for number, page in enumerate(range(first - 1, last)):
                if number:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                image = self.document.render(page, QSize(round(points.width() * dpi / POINTS_PER_INCH),
                                                         round(points.height() * dpi / POINTS_PER_INCH)))
                width, height = points.width() * scale, points.height() * scale
                painter.drawImage(QRectF(target.x(), target.y(), width, height), image)
        finally:
            painter.end()
        return True

    def save_as(self) -> bool:
        target = save_file(self, PRINTS, self.tr("另存为"), self.suggested_name,
                           self.tr("PDF 文件 (*.pdf)"))
        return target is not None and self.save_to(target)

    def save_to(self, target: Path) -> bool:
        """Copy the shown PDF to `target`, atomically."""
        source = self.current_path
        try:
            with source.open("rb") as data:
                atomic_write(target, lambda handle: shutil.copyfileobj(data, handle))
        except (CmdeskError, OSError) as exc:
            QMessageBox.warning(self, self.tr("另存为"), self.tr("保存失败：{error}").format(error=exc))
            return False
        return True

    # --- closing -------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Closing removes the generated temp files."""
        self.document.close()
        for path in (self.masked_path, self.unmasked_path):
            if path is not None:
                path.unlink(missing_ok=True)
        super().done(result)


def pdf_preview(parent: QWidget | None, desk: Any, *, title: str, label: str, prefix: str,
                render: Callable[[Any, bool], bytes], suggested_name: Callable[[Any], str],
                unmasked_changes: Changes | None = None) -> PdfPreviewDialog | None:
    """Render a document masked (render(session, unmasked) → PDF bytes) and make its
    preview dialog; None after telling the manager why it could not be generated. With
    `unmasked_changes` the dialog offers the unmasked copy, rendered in a write that
    announces them (the core records the unmasked print)."""

    def write(path: Path, unmasked: bool) -> str:
        def job(session: Any, _progress: Any) -> str:
            data = render(session, unmasked)
            atomic_write(path, lambda handle: handle.write(data))
            return suggested_name(session)

        return ops.run_modal(desk, parent, title, label, job,
                             changes=unmasked_changes if unmasked else None)

    path = temp_pdf_path(desk, prefix)
    try:
        name = write(path, False)
    except CmdeskError as exc:
        path.unlink(missing_ok=True)
        QMessageBox.warning(parent, title, str(exc))
        return None
    return PdfPreviewDialog(path, title, name, parent=parent, render_unmasked=(
        (lambda target: write(target, True)) if unmasked_changes is not None else None))


def visit_report_preview(parent: QWidget | None, desk: Any, entry_id: str) -> PdfPreviewDialog | None:
    """Generate one visit report (masked) and make its preview dialog; None after telling
    the manager why it could not be generated."""
    from cmdesk.reports.visit_report import visit_report_pdf_in

    def name(session: Any) -> str:
        entry = get_entry_record(session, entry_id)
        client = entry.client.name if entry.client else tr("无客户")
        return tr("访客报告_{client}_{date}.pdf").format(client=client, date=entry.entry_date.isoformat())

    return pdf_preview(parent, desk, title=tr("访客报告预览"), label=tr("正在生成访客报告…"),
                       prefix="visit-", suggested_name=name,
                       render=lambda s, unmasked: visit_report_pdf_in(s, entry_id, unmasked=unmasked),
                       unmasked_changes=Changes.of(Kind.CLIENTS))  # a line in the client's history


def show_visit_report(parent: QWidget | None, desk: Any, entry_id: str) -> None:
    """Preview one entry's visit report; print or save it from there."""
    dialog = visit_report_preview(parent, desk, entry_id)
    if dialog is not None:
        dialog.exec()
        dialog.deleteLater()
