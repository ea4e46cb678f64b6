"""Proposal packs for several clients in one go (a day's meetings): the manager ticks
proposals (filtered by client or title), chooses the document (the pack handed to the
client, or the internal appendix for approval), one file per pack (a folder) or one
combined PDF with a bookmark per pack, and the packs are built on the desk's database
thread behind a progress dialog whose 取消 stops the batch before anything is written. A combined
file is previewed afterwards. `build_proposal_packs(parent, desk, proposal_ids)` is the
entry point for menus and buttons. The list is read on the desk's database thread (ui.ops).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.reports.proposal_pack import PackDocument, write_proposal_packs
from cmdesk.services import proposals
from ui import ops
from ui.reports.batch_dialog import BatchPdfDialog
from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
from ui.widgets.file_dialogs import PRINTS, choose_folder, save_file

PROPOSAL_ID = Qt.ItemDataRole.UserRole


class ProposalPackDialog(BatchPdfDialog):
    """Tick proposals, pick separate files or one combined PDF, build (cancellable)."""

    def __init__(self, desk: Any, proposal_ids: list[str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(desk, parent)
        self.set_titles(self.tr("批量打印服务方案资料"), self.tr("生成"))
        self.desk = desk
        self.resize(820, 600)
        self.written: list[Path] = []
        self.preview: PdfPreviewDialog | None = None
        self._ticked = set(proposal_ids or [])

        hint = QLabel(self.tr("勾选今天要见的客户的服务方案，一次生成全部资料。交客户的资料只含产品、"
                              "报价和您的联系方式；内部审批附件含预计收益、他行情况和风险提示，不交客户。"
                              "个人信息按规定打码。"), self)
        hint.setWordWrap(True)
        hint.setObjectName("sectionHint")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("按客户名称、拼音或方案标题筛选"))
        self.search.textChanged.connect(self.reload)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([self.tr("客户"), self.tr("方案标题"), self.tr("状态"),
                                   self.tr("版本"), self.tr("方案日期")])
        for column, width in enumerate((220, 280, 90, 50)):
            self.tree.header().resizeSection(column, width)
        self.tree.itemChanged.connect(self._on_item_changed)

        self.client_pack = QRadioButton(self.tr("交客户的服务方案资料"), self)
        self.appendix = QRadioButton(self.tr("内部审批附件（内部资料，不交客户）"), self)
        self.client_pack.setChecked(True)
        documents = QButtonGroup(self)
        documents.addButton(self.client_pack)
        documents.addButton(self.appendix)
        document_row = QHBoxLayout()
        document_row.addWidget(self.client_pack)
        document_row.addWidget(self.appendix)
        document_row.addStretch(1)

        self.separate = QRadioButton(self.tr("每份一个文件（保存到文件夹）"), self)
        self.combined = QRadioButton(self.tr("合并为一个 PDF（每份一个书签）"), self)
        self.separate.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.separate)
        modes.addButton(self.combined)
        self.separate.toggled.connect(lambda _on: self.target_edit.clear())
        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText(self.tr("文件夹或 PDF 文件"))
        browse = QPushButton(self.tr("浏览…"), self)
        browse.clicked.connect(self.browse)
        target = QHBoxLayout()
        target.addWidget(self.target_edit, 1)
        target.addWidget(browse)

        self.note = QLabel(self)
        self.note.setObjectName("sectionHint")
        self.note.setWordWrap(True)
        self.note.hide()
        self.count_label = QLabel(self)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.build_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(document_row)
        layout.addWidget(self.separate)
        layout.addWidget(self.combined)
        layout.addLayout(target)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.reload()

    # --- the list ------------------------------------------------------------------
    def reload(self, *_args: Any) -> None:
        search = self.search.text()
        ops.query(self.desk, lambda session: proposals.list_proposals(session, search=search),
                  done=self._show, parent=self, key=f"proposal_packs.{id(self)}")

    def _show(self, rows: list[proposals.ProposalSummary]) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for row in rows:
            item = QTreeWidgetItem([row.client_name, row.title,
                                    QCoreApplication.translate("fields", row.status_label),
                                    f"v{row.version}",
                                    row.proposal_date.isoformat() if row.proposal_date else ""])
            item.setData(0, PROPOSAL_ID, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if row.id in self._ticked
                               else Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        self._update_count()

    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        proposal_id = item.data(0, PROPOSAL_ID)
        if item.checkState(0) == Qt.CheckState.Checked:
            self._ticked.add(proposal_id)
        else:
            self._ticked.discard(proposal_id)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("已选 {n} 份").format(n=len(self._ticked)))

    def selected_ids(self) -> list[str]:
        """The ticked proposals, in the list's order first (ticked but filtered out last)."""
        shown = [self.tree.topLevelItem(i).data(0, PROPOSAL_ID)
                 for i in range(self.tree.topLevelItemCount())]
        ordered = [pid for pid in shown if pid in self._ticked]
        return ordered + sorted(self._ticked - set(ordered))

    def browse(self) -> None:
        if self.combined.isChecked():
            start = self.tr("服务方案资料_{day}.pdf").format(day=clock.today().isoformat())
            chosen = save_file(self, PRINTS, self.tr("保存为"), start, self.tr("PDF 文件 (*.pdf)"))
        else:
            chosen = choose_folder(self, PRINTS, self.tr("选择文件夹"))
        if chosen is not None:
            self.target_edit.setText(str(chosen))

    # --- building ------------------------------------------------------------------
    def build(self) -> None:
        """Check the choice and start the batch in the thread pool."""
        if self.is_building:
            return
        ids = self.selected_ids()
        target_text = self.target_edit.text().strip()
        if not ids:
            self.show_message(self.tr("请至少勾选一份服务方案"))
            return
        if not target_text:
            self.show_message(self.tr("请选择保存位置"))
            return
        combined = self.combined.isChecked()
        target = Path(target_text)
        if combined and target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if not combined and not target.is_dir():
            self.show_message(self.tr("文件夹不存在：{path}").format(path=target))
            return
        self.written = []
        db = self.desk.db
        document = self.document()
        label = (self.tr("正在生成 {n} 份内部审批附件…") if document is PackDocument.APPENDIX
                 else self.tr("正在生成 {n} 份服务方案资料…"))
        self.start(lambda _session, progress, cancelled: write_proposal_packs(
            db, ids, target, combined, document=document, progress=progress,
            cancelled=cancelled), label.format(n=len(ids)))

    def document(self) -> PackDocument:
        """The document chosen: the client pack or the internal appendix."""
        return PackDocument.APPENDIX if self.appendix.isChecked() else PackDocument.CLIENT

    def on_built(self, paths: list[Path]) -> None:
        self.written = list(paths)
        appendix = self.document() is PackDocument.APPENDIX
        if self.combined.isChecked():
            self._show_note((self.tr("已写出合并的内部审批附件：{path}") if appendix
                             else self.tr("已写出合并的服务方案资料：{path}")).format(path=paths[0]))
            self._preview_combined(paths[0])
        else:
            self._show_note((self.tr("已写出 {n} 份内部审批附件到 {folder}") if appendix
                             else self.tr("已写出 {n} 份服务方案资料到 {folder}")).format(
                n=len(paths), folder=paths[0].parent if paths else ""))
        self.desk.status_message.emit(self.note.text())

    def _preview_combined(self, path: Path) -> None:
        """Preview a copy of the combined file (the preview removes its file when closed)."""
        copy = temp_pdf_path(self.desk, "packs-")
        copy.write_bytes(path.read_bytes())
        title = (self.tr("内部审批附件预览") if self.document() is PackDocument.APPENDIX
                 else self.tr("服务方案资料预览"))
        self.preview = PdfPreviewDialog(copy, title, path.name, parent=self)
        self.preview.open()

    def show_message(self, text: str) -> None:
        super().show_message(text)
        self.note.hide()

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(True)


def build_proposal_packs(parent: QWidget | None, desk: Any,
                         proposal_ids: list[str] | None = None) -> None:
    """Open the batch dialog (modal), with these proposals ticked."""
    dialog = ProposalPackDialog(desk, proposal_ids, parent)
    dialog.exec()
    dialog.deleteLater()
