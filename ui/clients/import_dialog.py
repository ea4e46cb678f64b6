"""导入客户: read clients from an .xlsx or .csv file in two steps.

First a dry run (nothing written) shows every rejected row with its line, column and
reason and how many clients could be imported; then 导入 does the real import in one
transaction. 保存模板… writes an empty template with the expected headers. Both runs
go through services.client_import on the desk's database thread (ui.ops.run_modal)
behind a progress dialog; the import announces the new clients when it has committed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import CmdeskError
from cmdesk.services import client_import
from ui import ops
from ui.ops import Changes, Kind


class ImportDialog(QDialog):
    """Check a file, show what would be rejected, then import."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.path: Path | None = None
        self.imported_count = 0
        self._checked = False
        self.setWindowTitle(self.tr("导入客户"))
        self.resize(760, 520)

        intro = QLabel(self.tr("从 Excel（.xlsx）或 CSV 文件导入客户档案。先检查文件，确认后再导入；"
                               "有问题的行不会导入，可修改文件后重新检查。"), self)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("尚未选择文件"))
        self.choose_button = QPushButton(self.tr("选择文件…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton(self.tr("保存模板…"), self)
        self.template_button.setToolTip(self.tr("写出一个带表头的空白导入模板"))
        self.template_button.clicked.connect(self.save_template)

        self.summary = QLabel(self.tr("选择文件后会先检查，不会写入任何数据。"), self)
        self.summary.setWordWrap(True)
        self.report = QTableWidget(0, 3, self)
        self.report.setHorizontalHeaderLabels([self.tr("行号"), self.tr("列"), self.tr("原因")])
        self.report.verticalHeader().hide()
        self.report.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.report.setAlternatingRowColors(True)
        self.report.setWordWrap(True)
        header = self.report.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.import_button = QPushButton(self.tr("导入"), self)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.clicked.connect(self.accept)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)

    # --- steps ---------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择要导入的文件"), str(Path.home()),
            self.tr("表格文件 (*.xlsx *.csv);;所有文件 (*)"))
        if name:
            self.check_file(Path(name))

    def check_file(self, path: Path) -> None:
        """The dry run: nothing is written, the report shows what would happen."""
        self.path = path
        self.path_edit.setText(str(path))
        self._checked = False
        self.import_button.setEnabled(False)
        report = self._run(dry_run=True)
        if report is None:
            return
        self._show_report(report, dry_run=True)
        self._checked = True
        self.import_button.setEnabled(report.imported > 0)

    def run_import(self) -> None:
        if not self._checked or self.path is None:
            return
        report = self._run(dry_run=False)
        if report is None:
            return
        self.imported_count += report.imported
        self._show_report(report, dry_run=False)
        self.import_button.setEnabled(False)
        self._checked = False
        self.desk.status_message.emit(self.tr("已导入 {n} 个客户").format(n=report.imported))

    def _run(self, dry_run: bool) -> Any:
        path = self.path

        def work(session, _progress):
            return client_import.import_clients(session, path, dry_run=dry_run)

        title = self.tr("检查文件") if dry_run else self.tr("导入客户")
        label = self.tr("正在检查 {name}…") if dry_run else self.tr("正在导入 {name}…")
        # a dry run is a read: its session ends without a commit, so nothing is kept
        changes = None if dry_run else Changes.of(Kind.CLIENTS)
        try:
            return ops.run_modal(self.desk, self, title, label.format(name=path.name), work, changes)
        except (CmdeskError, OSError, ValueError) as exc:
            self._show_error(str(exc))
            return None

    def _show_error(self, message: str) -> None:
        self.report.setRowCount(0)
        self.summary.setText(self.tr("无法读取文件：{message}").format(message=message))
        self.summary.setStyleSheet("color: #c5221f;")

    def _show_report(self, report: Any, dry_run: bool) -> None:
        self.summary.setStyleSheet("")
        rejected = list(report.rejected)
        bad_rows = getattr(report, "rejected_rows", len({item.row for item in rejected}))
        if dry_run:
            text = self.tr("可导入 {ok} 个，拒绝 {bad} 行").format(ok=report.imported, bad=bad_rows)
            if report.imported:
                text += self.tr("。点“导入”写入。")
        else:
            text = self.tr("已导入 {ok} 个，拒绝 {bad} 行").format(ok=report.imported, bad=bad_rows)
        self.summary.setText(text)
        self.report.setRowCount(len(rejected))
        for i, item in enumerate(rejected):
            values = [str(getattr(item, "row", "") or ""), str(getattr(item, "column", "") or ""),
                      str(getattr(item, "reason", "") or "")]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.report.setItem(i, column, cell)
        self.report.resizeRowsToContents()

    def save_template(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存导入模板"), str(Path.home() / self.tr("客户导入模板.xlsx")),
            self.tr("Excel 文件 (*.xlsx)"))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        name = str(path)
        try:
            client_import.write_template(path)
        except (ImportError, OSError, CmdeskError) as exc:
            self._show_error(str(exc))
            return
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("模板已保存：{path}").format(path=name))
