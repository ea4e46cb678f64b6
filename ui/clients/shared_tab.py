"""The client file's 共同服务 section: what head office last said of a client this manager
serves together with others (services.shared_clients) — the lead manager (主办) and the
co-serving managers (协办), and where another manager leads, the lead's file as a
read-only copy (name, kind, tier, industry, address, contacts, 主要业务) and the lead's
visit summaries, newest first. Nothing here can be edited: it is head office's word,
replaced by its next 共同服务 package. Read in the background (ui.ops), again when a
package is imported. The copy's contact phones show masked; a contact's context menu
shows one whole and records the look in the client's audit trail (ui.reveal), as the
file's own section tables do."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk.services import shared_clients
from cmdesk.services.shared_clients import SharedClientView
from ui import ops
from ui.field_text import local_time
from ui.ops import Changes, Kind
from ui.reveal import masked, record_reveal

CONTACT_PHONE_COLUMN = 2


def _label(parent: QWidget, object_name: str = "") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


def _fit_rows(tree: QTreeWidget, most: int = 5) -> None:
    """A short list as tall as its rows (up to `most`, then it scrolls)."""
    rows = max(1, min(tree.topLevelItemCount(), most))
    row_height = tree.sizeHintForRow(0) if tree.topLevelItemCount() else tree.fontMetrics().height() + 6
    tree.setFixedHeight(tree.header().sizeHint().height() + rows * row_height + 2 * tree.frameWidth() + 2)


def _tree(parent: QWidget, headers: list[str], stretch: int) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setWordWrap(True)
    tree.setHeaderLabels(headers)
    tree.header().setStretchLastSection(False)
    for column in range(len(headers)):
        tree.header().setSectionResizeMode(
            column, QHeaderView.ResizeMode.Stretch if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents)
    return tree


class SharedClientTab(QWidget):
    """Record section: `load(client_id)`, `count()` (the lead's visit summaries), `reloaded`."""

    reloaded = Signal()

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.client_id: str | None = None
        self.view: SharedClientView | None = None
        hint = QLabel(self.tr("总行告知的共同服务情况：主办客户经理、协办客户经理，以及主办的档案副本和走访摘要"
                              "（只读，以总行最新的共同服务数据包为准）。"), self)
        hint.setObjectName("sectionHint")
        hint.setWordWrap(True)
        self.empty_label = QLabel(self.tr("这个客户没有与其他客户经理共同服务。"
                                          "总行发现同一证件号的客户在两位以上客户经理处时，会发来共同服务数据包。"), self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.team_box = QGroupBox(self.tr("主办客户经理"), self)
        team = QFormLayout(self.team_box)
        self.role_label = _label(self.team_box)
        bold = self.role_label.font()
        bold.setBold(True)
        self.role_label.setFont(bold)
        self.lead_label = _label(self.team_box)
        self.others_label = _label(self.team_box)
        self.as_of_label = _label(self.team_box)
        team.addRow(self.tr("本人："), self.role_label)
        team.addRow(self.tr("主办："), self.lead_label)
        team.addRow(self.tr("协办："), self.others_label)
        team.addRow(self.tr("总行告知于："), self.as_of_label)

        self.copy_box = QGroupBox(self.tr("主办的档案（只读副本）"), self)
        copy = QFormLayout(self.copy_box)
        self.copy_labels = {key: _label(self.copy_box) for key in
                            ("name", "code", "kind", "tier", "industry", "address")}
        for key, caption in (("name", self.tr("客户名称：")), ("code", self.tr("证件号：")),
                             ("kind", self.tr("客户类型：")), ("tier", self.tr("客户等级：")),
                             ("industry", self.tr("行业：")), ("address", self.tr("地址："))):
            copy.addRow(caption, self.copy_labels[key])
        self.contacts = _tree(self.copy_box, [self.tr("联系人"), self.tr("职务"), self.tr("电话")], 1)
        self.contacts.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.contacts.customContextMenuRequested.connect(self._show_contact_menu)
        self._revealed: set[int] = set()  # contacts whose phone shows whole
        self.business = _tree(self.copy_box, [self.tr("主要业务"), self.tr("收入占比"), self.tr("现状"),
                                              self.tr("财务需求")], 2)
        copy.addRow(self.tr("联系人："), self.contacts)
        copy.addRow(self.tr("主要业务："), self.business)

        self.visits_box = QGroupBox(self.tr("主办的走访摘要（新的在前）"), self)
        self.visits = _tree(self.visits_box, [self.tr("日期"), self.tr("类型"), self.tr("会见"),
                                              self.tr("内容"), self.tr("结果"), self.tr("下一步")], 3)
        self.visits_empty = QLabel(self.tr("主办还没有与该客户的走访、电话、会议或贷后检查记录。"), self.visits_box)
        self.visits_empty.setObjectName("emptyHint")
        visits_layout = QVBoxLayout(self.visits_box)
        visits_layout.addWidget(self.visits, 1)
        visits_layout.addWidget(self.visits_empty)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.team_box)
        layout.addWidget(self.visits_box, 1)
        layout.addWidget(self.copy_box)
        layout.addWidget(self.empty_label, 1)
        desk.changed.connect(self._on_changed)
        self._show(None, None)

    def load(self, client_id: str | None) -> None:
        self.client_id = client_id
        if not client_id:
            self._show(None, None)
            return
        ops.query(self.desk, lambda session: shared_clients.shared_client_of(session, client_id),
                  done=lambda view: self._show(client_id, view), parent=self,
                  key=f"client_shared.{id(self)}")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches((Kind.EXCHANGE, Kind.CLIENTS)):
            self.reload()

    def reload(self, *_args: Any) -> None:
        if self.client_id:
            self.load(self.client_id)

    def count(self) -> int:
        return len(self.view.visits) if self.view else 0

    def _show(self, client_id: str | None, view: SharedClientView | None) -> None:
        if client_id != self.client_id:
            return  # another client was opened meanwhile
        self.view = view
        self.empty_label.setVisible(view is None)
        self.team_box.setVisible(view is not None)
        self.copy_box.setVisible(view is not None and view.has_copy)
        self.visits_box.setVisible(view is not None and view.has_copy)
        if view is not None:
            self._fill(view)
        self.reloaded.emit()

    def _fill(self, view: SharedClientView) -> None:
        label = shared_clients.manager_label
        self.role_label.setText(shared_clients.role_text(view))
        self.lead_label.setText(label(view.lead_id, view.lead_name) if view.lead_id
                                else self.tr("总行尚未确定主办"))
        self.others_label.setText(self.tr("、").join(label(*server) for server in view.others)
                                  or self.tr("无"))
        self.as_of_label.setText(local_time(view.as_of))
        if not view.has_copy:
            return
        for key, text in (("name", view.client_name), ("code", view.code_masked), ("kind", view.kind),
                          ("tier", view.tier), ("industry", view.industry), ("address", view.address)):
            self.copy_labels[key].setText(text or "—")
        self.contacts.clear()
        self._revealed.clear()  # a new read shows masked again
        for contact in view.contacts:
            item = QTreeWidgetItem([contact.name, contact.position, masked("phone", contact.phone)])
            if contact.phone:
                item.setToolTip(CONTACT_PHONE_COLUMN, self.tr("右键点击可显示完整号码（记入审计记录）"))
            self.contacts.addTopLevelItem(item)
        self.business.clear()
        for line in view.business_lines:
            share = self.tr("{share}%").format(share=line.revenue_share) if line.revenue_share else ""
            self.business.addTopLevelItem(QTreeWidgetItem(
                [line.nature, share, line.current_state, line.financing_needs]))
        _fit_rows(self.contacts)
        _fit_rows(self.business)
        self.visits.clear()
        for visit in view.visits:
            item = QTreeWidgetItem([visit.entry_date.isoformat(), visit.kind, visit.met,
                                    visit.content, visit.outcome, visit.next_step])
            item.setToolTip(3, visit.content)
            self.visits.addTopLevelItem(item)
        self.visits.setVisible(bool(view.visits))
        self.visits_empty.setVisible(not view.visits)

    # --- masked phones -----------------------------------------------------------------
    def is_phone_masked(self, row: int) -> bool:
        contacts = self.view.contacts if self.view and self.view.has_copy else ()
        return 0 <= row < len(contacts) and bool(contacts[row].phone) and row not in self._revealed

    def reveal_phone(self, row: int) -> None:
        """Show one contact's phone whole; the look goes into this client's audit trail."""
        if not self.is_phone_masked(row) or self.view is None:
            return
        contact = self.view.contacts[row]
        record_reveal(self.desk, self.client_id, "phone", self.tr("主办档案副本中的联系人电话"),
                      contact.name)
        self._revealed.add(row)
        item = self.contacts.topLevelItem(row)
        item.setText(CONTACT_PHONE_COLUMN, contact.phone)
        item.setToolTip(CONTACT_PHONE_COLUMN, "")

    def _show_contact_menu(self, position: QPoint) -> None:
        item = self.contacts.itemAt(position)
        row = self.contacts.indexOfTopLevelItem(item) if item is not None else -1
        if not self.is_phone_masked(row):
            return
        menu = QMenu(self.contacts)
        action = QAction(self.tr("显示完整的电话（记入审计记录）"), menu)
        action.triggered.connect(lambda: self.reveal_phone(row))
        menu.addAction(action)
        menu.exec(self.contacts.viewport().mapToGlobal(position))
