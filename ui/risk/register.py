"""The warning-signal register (预警信号登记簿) of the whole desk, the supervisor's
printouts — the 预警客户清单 and the month's 贷后检查清单, each as PDF or Excel (by the
file name chosen) — and the loan ledger's Excel import with its template (bad rows are
listed by row and column, the others go in). A line opens its client file, where
signals are registered and changed. Reads, writes and files go through the operation layer.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.files import atomic_write
from cmdesk.services import loan_import, plans, risk
from cmdesk.services.client_import import ImportReport
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.widgets.file_dialogs import EXPORTS, IMPORTS, open_file, save_file
from ui.widgets.empty_hint import EmptyHint

SHOWN_REJECTIONS = 20  # rows listed under an import; the count says how many in all

CLIENT_ROLE = Qt.ItemDataRole.UserRole


def _write_file(path: str, render: Callable[[Any], bytes]) -> Callable[[Any], str]:
    """An operation that renders a printout and writes it to `path` (atomically)."""
    def write(session: Any) -> str:
        data = render(session)
        return str(atomic_write(path, lambda handle: handle.write(data)))
    return write


class RiskRegister(QWidget):
    """A window: every warning signal (only open ones by default) and the printouts."""

    def __init__(self, desk: Any, open_client: Callable[[str], None],
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.desk = desk
        self.open_client = open_client
        self.setWindowTitle(self.tr("预警信号登记簿"))
        self.open_only = QCheckBox(self.tr("只看未解除的信号"), self)
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(self.refresh)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([self.tr("发现日期"), self.tr("客户"), self.tr("信号类型"),
                                   self.tr("信息来源"), self.tr("风险成因"), self.tr("防范措施"),
                                   self.tr("责任人"), self.tr("处置期限"), self.tr("状态"),
                                   self.tr("上报")])
        self.tree.itemActivated.connect(self._on_activated)
        EmptyHint(self.tree, self.tr("没有预警信号。在客户档案的“贷款与风险”页登记；贷款台账可用“导入贷款台账…”从 Excel 导入。"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("sectionHint")
        self.watch_button = QPushButton(self.tr("预警客户清单…"), self)
        self.watch_button.clicked.connect(self.export_watch_list)
        self.month_button = QPushButton(self.tr("本月贷后检查清单…"), self)
        self.month_button.clicked.connect(self.export_month_checks)
        self.import_button = QPushButton(self.tr("导入贷款台账…"), self)
        self.import_button.clicked.connect(self.choose_import)
        self.template_button = QPushButton(self.tr("导入模板…"), self)
        self.template_button.clicked.connect(self.choose_template)
        self.import_result = QLabel(self)
        self.import_result.setWordWrap(True)
        self.import_result.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.open_only)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.watch_button)
        top.addWidget(self.month_button)
        top.addWidget(self.import_button)
        top.addWidget(self.template_button)
        hint = QLabel(self.tr("双击一行打开客户档案，在“贷款与风险”页登记或修改预警信号。"
                              "清单存为 .pdf 或 .xlsx（按文件名），个人信息已隐去。"), self)
        hint.setObjectName("sectionHint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.import_result)
        layout.addWidget(hint)
        self.resize(1100, 560)
        self._refresh = RefreshOnShow(self, desk, {Kind.RISK, Kind.CLIENTS}, self.refresh)

    def refresh(self) -> None:
        open_only = self.open_only.isChecked()
        ops.query(self.desk, lambda session: risk.list_signals(session, open_only=open_only),
                  done=self._show, parent=self, key=f"risk.register.{id(self)}")

    def _show(self, signals: list[risk.SignalLine]) -> None:
        self.tree.clear()
        for signal in signals:
            item = QTreeWidgetItem(self.tree, [
                signal.found_on.isoformat(), signal.client_name, signal.type_label,
                signal.source_label, signal.cause, signal.measures, signal.responsible,
                signal.deadline.isoformat() if signal.deadline else "", signal.status_label,
                self.tr("已上报") if signal.reported_at else self.tr("待紧急上报")])
            item.setData(0, CLIENT_ROLE, signal.client_id)
            if signal.reported_at is None:
                item.setForeground(9, Qt.GlobalColor.darkRed)
        for column in range(self.tree.columnCount() - 1):
            self.tree.resizeColumnToContents(column)
        self.count_label.setText(self.tr("共 {n} 条").format(n=len(signals)))

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.open_client(item.data(0, CLIENT_ROLE))

    def _ask_path(self, title: str, name: str) -> str:
        path = save_file(self, EXPORTS, title, name, self.tr("PDF (*.pdf);;Excel (*.xlsx)"))
        return str(path) if path is not None else ""

    def export_watch_list(self) -> None:
        path = self._ask_path(self.tr("导出预警客户清单"), self.tr("预警客户清单.pdf"))
        if path:
            self.write_watch_list(path)

    def export_month_checks(self) -> None:
        path = self._ask_path(self.tr("导出本月贷后检查清单"), self.tr("贷后检查清单.pdf"))
        if path:
            self.write_month_checks(path)

    def write_watch_list(self, path: str) -> None:
        from cmdesk.reports import risk_lists  # openpyxl, reportlab: for exports only

        today = clock.today()
        render = (risk_lists.render_watch_list_xlsx if path.lower().endswith(".xlsx")
                  else risk_lists.render_watch_list)
        ops.query(self.desk, _write_file(path, lambda session: render(session, today)),
                  done=self._written, parent=self)

    def write_month_checks(self, path: str) -> None:
        from cmdesk.reports import risk_lists  # openpyxl, reportlab: for exports only

        today = clock.today()
        month = plans.month_of(today)
        render = (risk_lists.render_month_checks_xlsx if path.lower().endswith(".xlsx")
                  else risk_lists.render_month_checks)
        ops.query(self.desk, _write_file(path, lambda session: render(session, month, today)),
                  done=self._written, parent=self)

    def _written(self, path: str) -> None:
        self.desk.status_message.emit(self.tr("已导出：{p}").format(p=path))

    def choose_import(self) -> None:
        path = open_file(self, IMPORTS, self.tr("导入贷款台账"), self.tr("表格 (*.xlsx *.xlsm *.csv)"))
        if path is not None:
            self.import_loans(str(path))

    def import_loans(self, path: str) -> None:
        ops.write(self.desk, lambda session: loan_import.import_loans(session, path),
                  Changes.of(Kind.RISK), done=self._imported, parent=self)

    def _imported(self, report: ImportReport) -> None:
        lines = [self.tr("已导入 {n} 笔贷款，拒绝 {r} 行。").format(n=report.imported,
                                                           r=report.rejected_rows)]
        lines += [rejection.describe() for rejection in report.rejected[:SHOWN_REJECTIONS]]
        if len(report.rejected) > SHOWN_REJECTIONS:
            lines.append(self.tr("……另有 {n} 条问题").format(
                n=len(report.rejected) - SHOWN_REJECTIONS))
        self.import_result.setText("\n".join(lines))
        self.import_result.setVisible(True)

    def choose_template(self) -> None:
        path = save_file(self, EXPORTS, self.tr("保存导入模板"), self.tr("贷款台账导入模板.xlsx"),
                         "Excel (*.xlsx)")
        if path is not None:
            loan_import.write_template(path)
            self.desk.status_message.emit(self.tr("已写出模板：{p}").format(p=path))
