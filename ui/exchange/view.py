"""数据交换: what waits to be sent to head office, export in one click to a chosen
folder (a USB stick), import of a head-office package with a preview before applying,
the history of exports and imports, and the key set-up (this desk's fingerprint, head
office's public key).

The work is cmdesk.exchange.desk's. The view reads its state on the desk's database
thread (ui.ops) whenever it is shown (every save elsewhere adds to what waits to be sent);
export and import run in a worker behind a progress dialog once that thread is idle, and
announce what they changed. Outcomes and refusals are shown in the view's message line
(and the status bar), not in pop-ups.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.errors import CmdeskError
from cmdesk.exchange import desk as exchange
from cmdesk.exchange.records import entity_label
from ui import ops
from ui.field_text import local_time
from ui.ops import Changes, Kind
from ui.widgets.file_dialogs import EXPORTS, IMPORTS, choose_folder, open_file
from ui.widgets.empty_hint import EmptyHint
from ui.worker import run_with_progress

HISTORY_COLUMNS = (QT_TRANSLATE_NOOP("ExchangeView", "时间"), QT_TRANSLATE_NOOP("ExchangeView", "方向"),
                   QT_TRANSLATE_NOOP("ExchangeView", "内容"), QT_TRANSLATE_NOOP("ExchangeView", "结果"),
                   QT_TRANSLATE_NOOP("ExchangeView", "说明"))
# what an applied head-office package changed, besides the exchange history
IMPORT_CHANGES = {"catalogue": (Kind.EXCHANGE, Kind.PROPOSALS), "targets": (Kind.EXCHANGE, Kind.PLANS),
                  "release": (Kind.EXCHANGE, Kind.CLIENTS), "handover": Kind.ALL,
                  "review": (Kind.EXCHANGE, Kind.DIARY),
                  "acknowledgement": (Kind.EXCHANGE, Kind.DIARY, Kind.RISK),
                  "shared": (Kind.EXCHANGE, Kind.CLIENTS),
                  # grade, 对等配置 and assessment rules: the profile, 今日, client files, 考核表
                  "rules": (Kind.EXCHANGE, Kind.PROFILE, Kind.SETTINGS, Kind.CLIENTS, Kind.PLANS)}


def _table(parent: QWidget, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ExchangeView(QWidget):
    """The 数据交换 area."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.pending_preview: exchange.ImportResult | None = None
        self.pending_path: Path | None = None

        heading = QLabel(self.tr("数据交换"), self)
        heading.setObjectName("heading")
        hint = QLabel(self.tr("每周把工作数据导出到 U 盘交给总行；导入总行发来的产品目录、任务指标和客户移交。"
                              "数据包已加密并签名，只有总行能打开。"), self)
        hint.setObjectName("sectionHint")
        hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- waiting to be sent / export -----------------------------------------------
        send_box = QGroupBox(self.tr("待发送给总行"), self)
        self.pending_table = _table(send_box, (self.tr("类别"), self.tr("条数")))
        self.pending_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.pending_table.setMinimumHeight(160)
        self.pending_label = QLabel(send_box)
        self.pending_label.setObjectName("countLabel")
        self.last_export_label = QLabel(send_box)
        self.last_export_label.setWordWrap(True)
        self.full_check = QCheckBox(self.tr("全量导出（全部数据，而不只是上次以来的变更）"), send_box)
        self.export_button = QPushButton(self.tr("导出到文件夹（U 盘）…"), send_box)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._choose_export_folder)
        send_layout = QVBoxLayout(send_box)
        send_layout.addWidget(self.pending_label)
        send_layout.addWidget(self.pending_table, 1)
        send_layout.addWidget(self.last_export_label)
        send_layout.addWidget(self.full_check)
        send_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)

        # --- import ------------------------------------------------------------------------
        import_box = QGroupBox(self.tr("导入总行数据包"), self)
        self.choose_import_button = QPushButton(self.tr("选择数据包…"), import_box)
        self.choose_import_button.clicked.connect(self._choose_import_file)
        self.preview_text = QPlainTextEdit(import_box)
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText(self.tr("选择总行发来的 .cmdx 数据包后，这里列出导入将改动的内容。"))
        self.apply_button = QPushButton(self.tr("确认导入"), import_box)
        self.apply_button.clicked.connect(self.apply_import)
        self.cancel_button = QPushButton(self.tr("取消"), import_box)
        self.cancel_button.clicked.connect(self.clear_preview)
        import_buttons = QHBoxLayout()
        import_buttons.addWidget(self.choose_import_button)
        import_buttons.addStretch(1)
        import_buttons.addWidget(self.cancel_button)
        import_buttons.addWidget(self.apply_button)
        import_layout = QVBoxLayout(import_box)
        import_layout.addWidget(self.preview_text, 1)
        import_layout.addLayout(import_buttons)

        # --- keys ----------------------------------------------------------------------------
        keys_box = QGroupBox(self.tr("密钥设置"), self)
        self.desk_fingerprint = QLabel(keys_box)
        self.hq_fingerprint = QLabel(keys_box)
        for label in (self.desk_fingerprint, self.hq_fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setStyleSheet("font-family: monospace;")
        self.install_button = QPushButton(self.tr("安装总行公钥…"), keys_box)
        self.install_button.clicked.connect(self._choose_hq_key)
        keys_hint = QLabel(self.tr("安装后请与总行电话核对指纹。本机公钥随每个数据包发送，总行首次导入时登记。"),
                           keys_box)
        keys_hint.setObjectName("sectionHint")
        keys_hint.setWordWrap(True)
        keys_layout = QGridLayout(keys_box)
        keys_layout.addWidget(QLabel(self.tr("本机指纹："), keys_box), 0, 0)
        keys_layout.addWidget(self.desk_fingerprint, 0, 1)
        keys_layout.addWidget(QLabel(self.tr("总行指纹："), keys_box), 1, 0)
        keys_layout.addWidget(self.hq_fingerprint, 1, 1)
        keys_layout.addWidget(self.install_button, 1, 2)
        keys_layout.addWidget(keys_hint, 2, 0, 1, 3)
        keys_layout.setColumnStretch(1, 1)

        # --- history -----------------------------------------------------------------------
        history_box = QGroupBox(self.tr("交换记录"), self)
        self.history_table = _table(history_box, tuple(self.tr(h) for h in HISTORY_COLUMNS))
        for column, width in enumerate((140, 50, 130, 90)):
            self.history_table.setColumnWidth(column, width)
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_table)
        EmptyHint(self.history_table, self.tr("还没有交换记录。点“导出到文件夹（U 盘）…”把变更交给总行，或“选择数据包…”导入总行发来的数据。"))

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(send_box, 3)
        left.addWidget(keys_box, 0)
        top.addLayout(left, 2)
        top.addWidget(import_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(top, 3)
        layout.addWidget(history_box, 2)
        self.clear_preview()

    # ---- showing ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """What waits to be sent changes with every save elsewhere: count it again."""
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        desk = self.desk
        ops.query(desk, lambda session: exchange.exchange_overview(desk, session), done=self._show,
                  parent=self, key=f"exchange.overview.{id(self)}")

    def _show(self, overview: exchange.ExchangeOverview) -> None:
        counts = overview.pending
        self.pending_table.setRowCount(len(counts))
        for row, (entity, count) in enumerate(counts.items()):
            self.pending_table.setItem(row, 0, _item(entity_label(entity)))
            self.pending_table.setItem(row, 1, _item(f"{count:,}", align_right=True))
        total = sum(counts.values())
        self.pending_label.setText(self.tr("上次导出以来有 %n 条变更待发送", "", total) if total
                                   else self.tr("没有待发送的变更"))
        last = overview.last_export
        self.last_export_label.setText(
            self.tr("上次导出：第 {0} 号，{1}，{2}").format(
                last.sequence, local_time(last.created_at), Path(last.file_name).name)
            if last else self.tr("尚未导出过数据包"))
        self.desk_fingerprint.setText(overview.desk_fingerprint)
        hq = overview.hq_fingerprint
        self.hq_fingerprint.setText(hq or self.tr("尚未安装——安装后才能导出"))
        self.export_button.setEnabled(hq is not None)
        self.choose_import_button.setEnabled(hq is not None)
        lines = overview.history
        self.history_table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate((local_time(line.at), line.direction, line.what,
                                           line.result, line.detail)):
                self.history_table.setItem(row, column, _item(text))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("problemLabel" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.desk.status_message.emit(text)

    # ---- export -------------------------------------------------------------------------------

    def _choose_export_folder(self) -> None:
        folder = choose_folder(self, EXPORTS, self.tr("选择导出到的文件夹（U 盘）"))
        if folder is not None:
            self.export_to(folder)

    def export_to(self, folder: Path) -> exchange.ExportResult | None:
        """Export the next package into `folder`; the outcome is shown in the view."""
        full = self.full_check.isChecked()
        self.desk.ops.wait()  # what was saved before is in the package
        try:
            result = run_with_progress(
                self, self.tr("导出数据包"), self.tr("正在导出并加密数据…"),
                lambda progress: exchange.export_changes(self.desk, folder, full=full,
                                                         progress=progress, actor=self.desk.actor))
        except CmdeskError as exc:
            self._say(str(exc), error=True)
            return None
        # the important changes it carried upward are now 已报告（待总行确认） on 今日
        self.desk.announce(Changes.of((Kind.EXCHANGE, Kind.DIARY)))
        self.full_check.setChecked(False)
        self._say(self.tr("已导出第 {0} 号数据包（{1} 条记录）到 {2}").format(
            result.sequence, result.records, result.path))
        self.refresh()
        return result

    # ---- import -------------------------------------------------------------------------------

    def _choose_import_file(self) -> None:
        path = open_file(self, IMPORTS, self.tr("选择总行数据包"),
                         self.tr("cmdesk 数据包 (*.cmdx);;所有文件 (*)"))
        if path is not None:
            self.preview_file(path)

    def preview_file(self, path: Path) -> bool:
        """Check a package and list what it would change; True when it can be applied."""
        self.clear_preview()
        self.desk.ops.wait()
        try:
            result = run_with_progress(
                self, self.tr("检查数据包"), self.tr("正在解密并核对数据包…"),
                lambda _progress: exchange.import_package(self.desk, path, preview=True,
                                                          actor=self.desk.actor))
        except CmdeskError as exc:
            self.preview_text.setPlainText(self.tr("无法导入：{0}").format(exc))
            self._say(str(exc), error=True)
            self.refresh()
            return False
        self.pending_preview, self.pending_path = result, path
        self.preview_text.setPlainText("\n".join(result.preview.lines()))
        self.apply_button.setEnabled(not result.preview.duplicate)
        self.cancel_button.setEnabled(True)
        self._say(self.tr("请核对将改动的内容，再点“确认导入”。"))
        return True

    def apply_import(self) -> exchange.ImportResult | None:
        if self.pending_path is None:
            return None
        path = self.pending_path
        self.desk.ops.wait()
        try:
            result = run_with_progress(
                self, self.tr("导入数据包"), self.tr("正在备份并导入数据…"),
                lambda _progress: exchange.import_package(self.desk, path, actor=self.desk.actor))
        except CmdeskError as exc:
            self._say(self.tr("导入被拒绝，未改动任何数据：{0}").format(exc), error=True)
            self.clear_preview()
            self.refresh()
            return None
        self.clear_preview()
        self._say(result.message)
        self.desk.announce(Changes.of(IMPORT_CHANGES.get(result.preview.manifest.kind, Kind.EXCHANGE)))
        self.refresh()
        return result

    def clear_preview(self) -> None:
        self.pending_preview, self.pending_path = None, None
        self.preview_text.clear()
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    # ---- keys ---------------------------------------------------------------------------------

    def _choose_hq_key(self) -> None:
        path = open_file(self, IMPORTS, self.tr("选择总行公钥文件"),
                         self.tr("公钥文件 (*.json *.pub *.key);;所有文件 (*)"))
        if path is not None:
            self.install_hq_key_file(path)

    def install_hq_key_file(self, path: Path) -> None:
        """Install head office's public key from a file, in the background."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._say(self.tr("无法读取文件：{0}").format(exc.strerror or exc), error=True)
            return
        ops.write(self.desk, lambda session: exchange.store_hq_key(session, data),
                  Changes.of(Kind.EXCHANGE), done=self._key_installed, failed=self._key_refused,
                  parent=self)

    def _key_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, CmdeskError):
            ops.show_error(self, exc)
            return
        self._say(str(exc), error=True)

    def _key_installed(self, public: Any) -> None:
        self._say(self.tr("已安装总行公钥，指纹 {0}。请与总行核对。").format(public.fingerprint()))
        self.refresh()
