"""Importing rows from an Excel (.xlsx) or CSV sheet in two steps, for any importer of the
core (clients, diary entries): `SheetImportDialog` with a `SheetImport` describing it.

First a dry run (nothing written) shows every rejected row with its line, column and
reason and how many rows could be imported; then 导入 does the real import in one
transaction (a bad row is left out, never half-saved). 保存模板… writes an empty template
with the expected headers. Both runs go through the core importer on the desk's database
thread (ui.ops.run_modal) behind a progress dialog; the import announces its changes when
it has committed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
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
from ui import ops
from ui.ops import Changes
from ui.widgets.file_dialogs import EXPORTS, IMPORTS, open_file, save_file


def tr(text: str) -> str:
    return QCoreApplication.translate("SheetImportDialog", text)


@dataclass(frozen=True)
class SheetImport:
    """What one kind of sheet import needs; the texts are already translated.
    `checked` and `imported` take {ok} (rows importable / imported) and {bad} (rows
    rejected); `announced` takes {n}."""

    title: str
    intro: str
    template_name: str
    run: Callable[[Any, Path, bool], Any]  # (session, path, dry_run) -> ImportReport
    write_template: Callable[[Path], None]
    changes: Changes
    checked: str
    imported: str
    announced: str


class SheetImportDialog(QDialog):
    """Check a file, show what would be rejected, then import."""

    def __init__(self, desk: Any, spec: SheetImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.spec = spec
        self.path: Path | None = None
        self.imported_count = 0
        self._checked = False
        self.setWindowTitle(spec.title)
        self.resize(760, 520)

        intro = QLabel(spec.intro, self)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(tr("尚未选择文件"))
        self.choose_button = QPushButton(tr("选择文件…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton(tr("保存模板…"), self)
        self.template_button.setToolTip(tr("写出一个带表头和填写说明的空白导入模板"))
        self.template_button.clicked.connect(self.save_template)

        self.summary = QLabel(tr("选择文件后会先检查，不会写入任何数据。"), self)
        self.summary.setWordWrap(True)
        self.report = QTableWidget(0, 3, self)
        self.report.setHorizontalHeaderLabels([tr("行号"), tr("列"), tr("原因")])
        self.report.verticalHeader().hide()
        self.report.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.report.setAlternatingRowColors(True)
        self.report.setWordWrap(True)
        header = self.report.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.import_button = QPushButton(tr("导入"), self)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton(tr("关闭"), self)
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
        path = open_file(self, IMPORTS, tr("选择要导入的文件"),
                         tr("表格文件 (*.xlsx *.csv);;所有文件 (*)"))
        if path is not None:
            self.check_file(path)

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
        self.desk.status_message.emit(self.spec.announced.format(n=report.imported))

    def _run(self, dry_run: bool) -> Any:
        path, run = self.path, self.spec.run

        def work(session: Any, _progress: Any) -> Any:
            return run(session, path, dry_run)

        title = tr("检查文件") if dry_run else self.spec.title
        label = tr("正在检查 {name}…") if dry_run else tr("正在导入 {name}…")
        # a dry run is a read: its session ends without a commit, so nothing is kept
        changes = None if dry_run else self.spec.changes
        try:
            return ops.run_modal(self.desk, self, title, label.format(name=path.name), work, changes)
        except (CmdeskError, OSError, ValueError) as exc:
            self._show_error(str(exc))
            return None

    def _show_error(self, message: str) -> None:
        self.report.setRowCount(0)
        self.summary.setText(tr("无法读取文件：{message}").format(message=message))
        self.summary.setStyleSheet("color: #c5221f;")

    def _show_report(self, report: Any, dry_run: bool) -> None:
        self.summary.setStyleSheet("")
        rejected = list(report.rejected)
        texts = {"ok": report.imported, "bad": report.rejected_rows}
        if dry_run:
            text = self.spec.checked.format(**texts)
            if report.imported:
                text = tr("{checked}。点“导入”写入。").format(checked=text)
        else:
            text = self.spec.imported.format(**texts)
        notices = list(report.notices)
        self.summary.setText("\n".join([text, *notices]))
        if notices:
            self.summary.setStyleSheet("color: #b06000;")
        self.report.setRowCount(len(rejected))
        for i, item in enumerate(rejected):
            for column, value in enumerate((str(item.row), item.column, item.reason)):
                cell = QTableWidgetItem(value)
                if column == 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.report.setItem(i, column, cell)
        self.report.resizeRowsToContents()

    def save_template(self) -> None:
        path = save_file(self, EXPORTS, tr("保存导入模板"), self.spec.template_name,
                         tr("Excel 文件 (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            self.spec.write_template(path)
        except (ImportError, OSError, CmdeskError) as exc:
            self._show_error(str(exc))
            return
        self.summary.setStyleSheet("")
        self.summary.setText(tr("模板已保存：{path}").format(path=path))
