"""从 Excel 导入日志: diary entries a manager kept in Excel, checked first (every problem by
row and column), then imported (ui.widgets.sheet_import_dialog over
services.diary_import); importing the same sheet twice adds nothing."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from cmdesk.services import diary_import
from ui.ops import Changes, Kind
from ui.widgets.sheet_import_dialog import SheetImport, SheetImportDialog


class DiaryImportDialog(SheetImportDialog):
    """Check a diary sheet, show what would be rejected, then import."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(desk, SheetImport(
            title=self.tr("从 Excel 导入日志"),
            intro=self.tr("把以前记在 Excel（.xlsx）或 CSV 里的工作日志导入工作台：每行一条，"
                          "客户须已建档。先检查文件，确认后再导入；有问题的行不会导入，"
                          "可修改文件后重新检查。没有现成的表格时，先“保存模板…”照着填。"),
            template_name=self.tr("日志导入模板.xlsx"),
            run=lambda session, path, dry_run: diary_import.import_diary(
                session, path, dry_run=dry_run),
            write_template=diary_import.write_template,
            changes=Changes.of(Kind.DIARY),
            checked=self.tr("可导入 {ok} 条日志，拒绝 {bad} 行"),
            imported=self.tr("已导入 {ok} 条日志，拒绝 {bad} 行"),
            announced=self.tr("已导入 {n} 条日志")), parent)
