"""导入客户: client files from an .xlsx or .csv sheet, checked first, then imported
(ui.widgets.sheet_import_dialog over services.client_import)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from cmdesk.services import client_import
from ui.ops import Changes, Kind
from ui.widgets.sheet_import_dialog import SheetImport, SheetImportDialog


class ImportDialog(SheetImportDialog):
    """Check a client sheet, show what would be rejected, then import."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(desk, SheetImport(
            title=self.tr("导入客户"),
            intro=self.tr("从 Excel（.xlsx）或 CSV 文件导入客户档案。先检查文件，确认后再导入；"
                          "有问题的行不会导入，可修改文件后重新检查。"),
            template_name=self.tr("客户导入模板.xlsx"),
            run=lambda session, path, dry_run: client_import.import_clients(
                session, path, dry_run=dry_run),
            write_template=client_import.write_template,
            changes=Changes.of(Kind.CLIENTS),
            checked=self.tr("可导入 {ok} 个，拒绝 {bad} 行"),
            imported=self.tr("已导入 {ok} 个，拒绝 {bad} 行"),
            announced=self.tr("已导入 {n} 个客户")), parent)
