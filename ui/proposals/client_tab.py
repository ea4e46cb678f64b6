"""The 服务方案 tab of a client file: the client's gaps (需求缺口: needed but not served,
held at other banks, stopped, financing needs) and the client's proposals; 按缺口新建方案
starts a draft from the gaps, 新建空白方案 a blank one; double-click opens the editor.
Read and written on the desk's database thread (ui.ops); `reloaded` says the tab shows
the client's current gaps and proposals.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.errors import CmdeskError
from cmdesk.services import proposals as svc
from cmdesk.services.gaps import Gap, client_gaps
from ui import ops
from ui.ops import Changes, Kind
from ui.proposals.editor import ProposalEditor, open_editor
from ui.proposals.view import PROPOSAL_ID_ROLE, WIDTHS, fill_proposals, proposals_model
from ui.widgets.record_table import record_table


class ClientProposalsTab(QWidget):
    """The open client's gaps and proposals."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        style = self.style()
        gaps_title = QLabel(self.tr("需求缺口"), self)
        gaps_title.setObjectName("sectionTitle")
        gaps_hint = QLabel(self.tr("来自服务现况和主要业务分析：客户需要而我行尚未提供、由他行提供、已停用的产品，以及财务需求。"),
                           self)
        gaps_hint.setObjectName("sectionHint")
        gaps_hint.setWordWrap(True)
        self.gaps = QTreeWidget(self)
        self.gaps.setRootIsDecorated(False)
        self.gaps.setHeaderLabels([self.tr("缺口类型"), self.tr("产品"), self.tr("说明")])
        self.gaps.setColumnWidth(0, 100)
        self.gaps.setColumnWidth(1, 160)
        self.gaps.setMaximumHeight(170)
        self.from_gaps_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
                                            self.tr("按缺口新建方案"), self)
        self.from_gaps_button.setToolTip(self.tr("以缺口中的产品为推荐组合、缺口说明为背景，新建方案草稿"))
        self.from_gaps_button.clicked.connect(self.new_from_gaps)
        self.blank_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                        self.tr("新建空白方案"), self)
        self.blank_button.clicked.connect(self.new_blank)
        gaps_bar = QHBoxLayout()
        gaps_bar.addWidget(gaps_title)
        gaps_bar.addStretch(1)
        gaps_bar.addWidget(self.from_gaps_button)
        gaps_bar.addWidget(self.blank_button)

        proposals_title = QLabel(self.tr("服务方案"), self)
        proposals_title.setObjectName("sectionTitle")
        self.model = proposals_model(self)
        self.table = record_table(self, self.model, WIDTHS)
        self.table.setColumnHidden(0, True)  # the client is the open file
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.empty_label = QLabel(self.tr("还没有为这个客户做过服务方案。"), self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addLayout(gaps_bar)
        layout.addWidget(gaps_hint)
        layout.addWidget(self.gaps)
        layout.addWidget(proposals_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        desk.changed.connect(self._on_changed)
        self._show(None, [], [])

    def load(self, client_id: str | None) -> None:
        self.client_id = client_id
        if not client_id:
            self._show(None, [], [])
            return

        def read(session: Any) -> tuple[list[Gap], list[svc.ProposalSummary]]:
            return client_gaps(session, client_id), svc.list_proposals(session, client_id=client_id)

        ops.query(self.desk, read, done=lambda found: self._show(client_id, *found), parent=self,
                  key=f"client_proposals.{id(self)}")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.PROPOSALS, Kind.CLIENTS)):
            self.reload()

    def _show(self, client_id: str | None, gaps: list[Gap], rows: list[svc.ProposalSummary]) -> None:
        if client_id != self.client_id:
            return  # another client was opened meanwhile
        self.gaps.clear()
        for gap in gaps:
            item = QTreeWidgetItem([gap.kind_label, gap.product_name, gap.detail])
            item.setToolTip(2, gap.detail)
            self.gaps.addTopLevelItem(item)
        if not gaps:
            self.gaps.addTopLevelItem(QTreeWidgetItem([self.tr("（无）"), "", self.tr("服务现况中没有未覆盖的需求")]))
        fill_proposals(self.model, rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.from_gaps_button.setEnabled(client_id is not None and bool(gaps))
        self.blank_button.setEnabled(client_id is not None)
        self.reloaded.emit()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id)

    def count(self) -> int:
        return self.model.rowCount()

    def _open_index(self, index: Any) -> None:
        proposal_id = index.data(PROPOSAL_ID_ROLE)
        if proposal_id:
            open_editor(self, self.desk, proposal_id)

    def new_blank(self) -> ProposalEditor | None:
        if not self.client_id:
            return None
        return open_editor(self, self.desk, client_id=self.client_id)

    def new_from_gaps(self) -> None:
        """A draft made from the gaps, saved at once (in the background), then opened."""
        if not self.client_id:
            return
        client_id, today = self.client_id, clock.today()
        ops.write(self.desk,
                  lambda session: svc.create_from_gaps(session, client_id, proposal_date=today),
                  Changes.of(Kind.PROPOSALS, client_id), done=self._open_created,
                  failed=self._not_created, parent=self)

    def _not_created(self, exc: BaseException) -> None:
        if not isinstance(exc, CmdeskError):
            ops.show_error(self, exc)
            return
        QMessageBox.warning(self, self.tr("按缺口新建方案"), str(exc))

    def _open_created(self, result: svc.SaveResult) -> None:
        open_editor(self, self.desk, result.proposal_id)
