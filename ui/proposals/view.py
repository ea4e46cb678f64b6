"""The 服务方案 area: a tab for the proposals (all clients, status filter, search, 新建方案,
batch printing of proposal packs, double-click opens the editor), one for the product
catalogue and one for the large-client projects (立项). Lists are read on the desk's
database thread (ui.ops) when shown and again after a change.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain import proposal_fields as pf
from cmdesk.domain.money import format_money
from cmdesk.errors import ValidationError
from cmdesk.services import proposals as svc
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.proposals.catalogue import CatalogueBrowser
from ui.projects.view import ProjectsView
from ui.proposals.editor import STATUS_COLORS, open_editor
from ui.widgets.client_picker import ClientPicker
from ui.widgets.empty_hint import EmptyHint
from ui.widgets.record_table import record_table

COLUMNS = (QT_TRANSLATE_NOOP("ProposalsView", "客户"), QT_TRANSLATE_NOOP("ProposalsView", "方案标题"),
           QT_TRANSLATE_NOOP("ProposalsView", "状态"), QT_TRANSLATE_NOOP("ProposalsView", "版本"),
           QT_TRANSLATE_NOOP("ProposalsView", "方案日期"), QT_TRANSLATE_NOOP("ProposalsView", "金额合计（元）"),
           QT_TRANSLATE_NOOP("ProposalsView", "预计年收益（元）"))
COL_CLIENT, COL_TITLE, COL_STATUS, COL_VERSION, COL_DATE, COL_AMOUNT, COL_INCOME = range(7)
WIDTHS = {COL_CLIENT: 220, COL_TITLE: 280, COL_STATUS: 90, COL_VERSION: 50, COL_DATE: 100,
          COL_AMOUNT: 140, COL_INCOME: 130}
PROPOSAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def proposals_model(parent: Any) -> QStandardItemModel:
    model = QStandardItemModel(0, len(COLUMNS), parent)
    model.setHorizontalHeaderLabels([QCoreApplication.translate("ProposalsView", c) for c in COLUMNS])
    return model


def fill_proposals(model: QStandardItemModel, rows: list[svc.ProposalSummary]) -> None:
    """Show these proposals in a model made by proposals_model."""
    model.setRowCount(0)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for row in rows:
        values = (row.client_name, row.title, row.status_label, f"v{row.version}",
                  row.proposal_date.isoformat() if row.proposal_date else "",
                  format_money(row.total_amount), format_money(row.total_income))
        items = [QStandardItem(value) for value in values]
        for item in items:
            item.setData(row.id, PROPOSAL_ID_ROLE)
        items[COL_STATUS].setForeground(QBrush(QColor(STATUS_COLORS.get(row.status, "#5f6368"))))
        for column in (COL_AMOUNT, COL_INCOME):
            items[column].setTextAlignment(right)
        model.appendRow(items)


class ClientChoiceDialog(QDialog):
    """Which client a new proposal is for."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建服务方案"))
        self.picker = ClientPicker(desk, parent=self)
        self.picker.setPlaceholderText(self.tr("输入客户名称、拼音或首字母后选择"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("客户"), self.picker)
        form.addRow(buttons)
        self.resize(420, 100)

    def client_id(self) -> str | None:
        return self.picker.client_id()


class ProposalList(QWidget):
    """Every proposal, newest first: status filter, search, open, new."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("全部状态"), None)
        for key, label in pf.PROPOSAL_STATUSES:
            self.status_filter.addItem(QCoreApplication.translate("fields", label), key)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("搜索方案标题或客户"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.refresh)
        self.new_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                      self.tr("新建方案"), self)
        self.new_button.clicked.connect(self.new_proposal)
        self.threshold_button = QPushButton(self.tr("审批金额…"), self)
        self.threshold_button.setToolTip(self.tr("金额合计超过此数的方案须先提交审批，才能提交客户"))
        self.threshold_button.clicked.connect(self.edit_threshold)
        self.packs_button = QPushButton(self.tr("批量打印方案包…"), self)
        self.packs_button.setToolTip(self.tr("为选中的方案（如一天要见的客户）一次生成会前资料包"))
        self.packs_button.clicked.connect(self.print_packs)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("sectionHint")
        bar = QHBoxLayout()
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search_box, 1)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.threshold_button)
        bar.addWidget(self.packs_button)
        bar.addWidget(self.new_button)
        self.model = proposals_model(self)
        self.table: QTableView = record_table(self, self.model, WIDTHS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        EmptyHint(self.table, self.tr("没有方案。按 Ctrl+N 或点“新建方案”为客户拟一份；有筛选或搜索时，清除后再看。"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        RefreshOnShow(self, desk, {Kind.PROPOSALS, Kind.CLIENTS}, self.refresh)

    def refresh(self, *_args: Any) -> None:
        status, search = self.status_filter.currentData(), self.search_box.text()
        ops.query(self.desk, lambda session: svc.list_proposals(session, status=status, search=search),
                  done=self._show, parent=self, key=f"proposals.list.{id(self)}")

    def _show(self, rows: list[svc.ProposalSummary]) -> None:
        fill_proposals(self.model, rows)
        self.count_label.setText(self.tr("共 {n} 个方案").format(n=len(rows)))

    def count(self) -> int:
        return self.model.rowCount()

    def proposal_id_at(self, row: int) -> str | None:
        return self.model.index(row, 0).data(PROPOSAL_ID_ROLE)

    def _open_index(self, index: Any) -> None:
        proposal_id = index.data(PROPOSAL_ID_ROLE)
        if proposal_id:
            open_editor(self, self.desk, proposal_id)

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [proposal_id for row in rows if (proposal_id := self.proposal_id_at(row))]

    def print_packs(self) -> None:
        from ui.proposals.pack_dialog import build_proposal_packs

        build_proposal_packs(self, self.desk, self.selected_ids())

    def edit_threshold(self) -> None:
        ops.query(self.desk, svc.approval_threshold, done=self._ask_threshold, parent=self)

    def _ask_threshold(self, current: Any) -> None:
        text, ok = QInputDialog.getText(self, self.tr("方案审批金额"),
                                        self.tr("金额合计超过此数的方案须先审批（元，可写 500万）："),
                                        text=format_money(current))
        if ok:
            self.set_threshold(text)

    def set_threshold(self, text: str) -> None:
        """Store the approval amount in the background; a bad one is refused in words."""
        ops.write(self.desk, lambda session: svc.set_approval_threshold(session, text),
                  Changes.of(Kind.PROPOSALS), done=self._threshold_set,
                  failed=self._threshold_refused, parent=self)

    def _threshold_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, ValidationError):
            ops.show_error(self, exc)
            return
        QMessageBox.warning(self, self.tr("方案审批金额"), "\n".join(p.message for p in exc.problems))

    def _threshold_set(self, amount: Any) -> None:
        self.desk.status_message.emit(self.tr("方案审批金额：{a} 元").format(a=format_money(amount)))

    def new_proposal(self) -> None:
        dialog = ClientChoiceDialog(self.desk, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.client_id():
            open_editor(self, self.desk, client_id=dialog.client_id())
        dialog.deleteLater()


class ProposalsView(QWidget):
    """The 服务方案 area of the main window."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        heading = QLabel(self.tr("服务方案"), self)
        heading.setObjectName("heading")
        hint = QLabel(self.tr("为客户需求设计产品组合，测算预计收益，报批后提交客户；客户采纳后自动更新客户档案的服务现况。"),
                      self)
        hint.setObjectName("sectionHint")
        hint.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.proposals = ProposalList(desk, self)
        self.catalogue = CatalogueBrowser(desk, self)
        self.projects = ProjectsView(desk, self)
        self.tabs.addTab(self.proposals, self.tr("方案"))
        self.tabs.addTab(self.catalogue, self.tr("产品目录"))
        self.tabs.addTab(self.projects, self.tr("大型客户立项"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)
