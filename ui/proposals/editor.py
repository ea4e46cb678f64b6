"""The proposal editor (服务方案): the header, the recommended combination (产品组合) with
each line's expected annual income worked out as the manager types, the total, the
formulas used, warnings (below a product's minimum, above the client's risk appetite),
the status buttons with confirmation, the version selector (older versions and versions
that left draft are read-only), 新建版本, and 打印/预览 of the proposal's two documents: the
pack handed to the client and the internal appendix for approval (内部资料).

It is a record editor (ui.widgets.record_editor): the proposal is read and saved whole
through cmdesk.services.proposals on the desk's database thread; problems show at the
field or the line's cell and in the message area, and nothing is half-saved. What may be
done with the shown version (edit it, which moves, a new version) is the services' answer,
read with the proposal.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain import proposal_fields as pf
from cmdesk.domain.money import MoneyError, format_money, parse_money
from cmdesk.domain.proposal_income import INCOME_BASIS_LABELS, formula_for, line_income
from cmdesk.errors import FieldProblem
from cmdesk.services import catalogue
from cmdesk.services import proposals as svc
from cmdesk.services.catalogue import ProductView
from cmdesk.services.clients import ClientFacts, client_facts
from ui.field_text import edit_text, local_time
from ui.i18n import tr
from ui.ops import Changes, Kind
from ui.style import ERROR_COLOR
from ui.widgets.record_editor import RecordEditing
from ui.widgets.record_table import scrolled
from ui.widgets.spec_form import SpecForm

COL_PRODUCT, COL_AMOUNT, COL_TERM, COL_RATE, COL_FEE, COL_QUANTITY, COL_NOTES, COL_INCOME = range(8)
LINE_KEYS = {COL_AMOUNT: "amount", COL_TERM: "term", COL_RATE: "rate", COL_FEE: "fee",
             COL_QUANTITY: "quantity", COL_NOTES: "notes"}
COLUMN_OF = {key: col for col, key in LINE_KEYS.items()} | {"product_id": COL_PRODUCT}
COLUMN_WIDTHS = {COL_PRODUCT: 200, COL_AMOUNT: 130, COL_TERM: 80, COL_RATE: 100, COL_FEE: 100,
                 COL_QUANTITY: 70, COL_NOTES: 160}
LONGTEXT_MAX_HEIGHT = 96
STATUS_COLORS = {pf.ProposalStatus.DRAFT: "#5f6368", pf.ProposalStatus.SUBMITTED: "#b06000",
                 pf.ProposalStatus.APPROVED: "#137333", pf.ProposalStatus.REJECTED: "#c5221f",
                 pf.ProposalStatus.PRESENTED: "#1a73e8", pf.ProposalStatus.ACCEPTED: "#137333",
                 pf.ProposalStatus.DECLINED: "#80868b"}


def product_label(product: ProductView) -> str:
    """A product as the line's drop-down offers it: name, risk level, retired."""
    text = product.name
    if product.risk_level:
        text = tr("{product}（{risk_level}）").format(product=text, risk_level=product.risk_level)
    if not product.active:
        text = tr("{product}（已停用）").format(product=text)
    return text


@dataclass
class LiveLine:
    """One table row as the income formula reads it (unparseable numbers count as none)."""

    product: ProductView | None
    amount: Decimal | None
    rate: Decimal | None
    fee: Decimal | None
    quantity: int | None


def _plain(value: Decimal) -> str:
    """3.4500 -> '3.45', 10.0000 -> '10' (no exponent)."""
    return format(value.normalize(), "f")


def _try(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except (cf.FieldValueError, MoneyError):
        return None


class ProposalEditor(QDialog):
    """Edit one proposal (or write a new one for a client)."""

    saved = Signal(str)  # proposal id

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.proposal_id: str | None = None
        self.client: ClientFacts | None = None
        self.status = pf.ProposalStatus.DRAFT
        self.current_version = 1
        self.shown_version = 1
        self.editable = True
        self.moves: frozenset[str] = frozenset()
        self.can_new_version = False
        self.products: dict[str, ProductView] = {}
        self.setWindowTitle(self.tr("服务方案"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._build()
        self.editing = RecordEditing(self, desk, noun=self.tr("服务方案"), save=self.save,
                                     problem_label=self.problems_label,
                                     place_problems=self._place_problems,
                                     clear_problems=self._clear_field_problems)
        self.editing.install_save_keys()
        self.resize(1180, 860)

    @property
    def dirty(self) -> bool:
        return self.editing.dirty

    # --- building ------------------------------------------------------------------
    def _build(self) -> None:
        style = self.style()
        self.title_label = QLabel(self.tr("新服务方案"), self)
        self.title_label.setObjectName("heading")
        self.client_label = QLabel(self)
        self.client_label.setObjectName("sectionHint")
        self.status_badge = QLabel(self)
        self.status_badge.setObjectName("statusBadge")
        self.status_badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.version_combo = QComboBox(self)
        self.version_combo.setToolTip(self.tr("查看以前的版本（只读）"))
        # filled after the window shows (read in the background): it grows to its items
        self.version_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_combo.currentIndexChanged.connect(self._on_version_picked)
        self.new_version_button = QPushButton(self.tr("新建版本"), self)
        self.new_version_button.setToolTip(self.tr("复制当前版本为新的一版草稿；已提交的版本保持不变"))
        self.new_version_button.clicked.connect(self.make_new_version)
        top = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title_label)
        names.addWidget(self.client_label)
        top.addLayout(names, 1)
        top.addWidget(self.status_badge)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("版本"), self))
        top.addWidget(self.version_combo)
        top.addWidget(self.new_version_button)

        self.readonly_note = QLabel(self)
        self.readonly_note.setObjectName("sectionHint")
        self.readonly_note.setWordWrap(True)

        self.header = SpecForm(pf.PROPOSAL.fields + pf.VERSION.fields, columns=2, parent=self)
        self.header.changed.connect(self._on_changed)
        for key in ("background", "benefits"):
            self.header.editors[key].input.setMaximumHeight(LONGTEXT_MAX_HEIGHT)
        self.header.editors["valid_until"].set_placeholder(self.tr("例如 2026-12-31，可不填"))
        self.header.editors["proposal_date"].set_placeholder(self.tr("例如 2026-11-20"))

        self.table = QTableWidget(0, 8, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("产品"), self.tr("金额（元）"), self.tr("期限"), self.tr("利率/费率（%）"),
            self.tr("单笔费用（元）"), self.tr("数量"), self.tr("备注"), self.tr("预计年收益（元）")])
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.setMinimumHeight(180)
        self.add_line_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder),
                                           self.tr("添加产品"), self)
        self.add_line_button.clicked.connect(lambda: self.add_line())
        self.remove_line_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon),
                                              self.tr("删除所选行"), self)
        self.remove_line_button.clicked.connect(self.remove_selected_line)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("totalLine")
        self.total_label.setTextFormat(Qt.TextFormat.RichText)
        line_bar = QHBoxLayout()
        line_bar.addWidget(QLabel(self.tr("推荐产品组合"), self))
        line_bar.addStretch(1)
        line_bar.addWidget(self.total_label)
        line_bar.addSpacing(16)
        line_bar.addWidget(self.add_line_button)
        line_bar.addWidget(self.remove_line_button)
        self.formula_label = QLabel(self)
        self.formula_label.setObjectName("sectionHint")
        self.formula_label.setWordWrap(True)
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color:#b06000;")
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color:{ERROR_COLOR};")

        self.events_list = QListWidget(self)
        self.events_list.setMaximumHeight(110)
        self.events_list.setToolTip(self.tr("状态变更记录：谁、何时、说明"))

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.readonly_note)
        body_layout.addWidget(self.header)
        body_layout.addLayout(line_bar)
        body_layout.addWidget(self.table, 1)
        body_layout.addWidget(self.formula_label)
        body_layout.addWidget(self.warnings_label)
        body_layout.addWidget(self.problems_label)
        body_layout.addWidget(QLabel(self.tr("状态记录"), self))
        body_layout.addWidget(self.events_list)

        self.status_bar = QHBoxLayout()
        self.status_buttons: dict[pf.ProposalStatus, QPushButton] = {}
        for status in pf.ProposalStatus:
            button = QPushButton(QCoreApplication.translate("fields", status.action_label), self)
            button.clicked.connect(lambda _checked=False, s=status: self.move_to(s))
            self.status_buttons[status] = button
            self.status_bar.addWidget(button)
        self.status_bar.addStretch(1)
        self.print_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
                                        self.tr("打印/预览"), self)
        print_menu = QMenu(self.print_button)
        self.print_client_action = print_menu.addAction(self.tr("交客户的服务方案资料…"))
        self.print_client_action.setToolTip(self.tr("封面、产品组合及报价、产品说明、客户经理联系方式；不含内部数据"))
        self.print_client_action.triggered.connect(lambda: self.preview())
        self.print_appendix_action = print_menu.addAction(self.tr("内部审批附件（内部资料）…"))
        self.print_appendix_action.setToolTip(self.tr("预计收益测算、他行合作情况、风险提示、审批记录；不交客户"))
        self.print_appendix_action.triggered.connect(lambda: self.preview(appendix=True))
        self.print_button.setMenu(print_menu)
        self.save_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
                                       self.tr("保存"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.clicked.connect(self.close)
        self.status_bar.addWidget(self.print_button)
        self.status_bar.addWidget(self.save_button)
        self.status_bar.addWidget(self.close_button)

        separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(separator)
        layout.addWidget(scrolled(self, body), 1)
        layout.addLayout(self.status_bar)

    # --- loading -------------------------------------------------------------------
    def _set_products(self, products: tuple[ProductView, ...]) -> None:
        self.products = {p.id: p for p in products}

    def _set_client(self, client: ClientFacts) -> None:
        self.client = client
        appetite = ""
        if client.kind == cf.ClientKind.INDIVIDUAL:
            appetite = self.tr("　风险承受能力：{a}").format(a=cf.choice_label(
                cf.BASIC.field("risk_appetite"), client.risk_appetite or "") or self.tr("未评估"))
        self.client_label.setText(self.tr("客户：{name}").format(name=client.name) + appetite)

    def start_new(self, client_id: str, proposal_date: date | None = None) -> None:
        """A blank proposal for the client (saved as v1 on 保存), once the client and the
        catalogue are read."""
        self.editing.load(
            lambda session: (client_facts(session, client_id),
                             catalogue.product_views(session, active_only=True)),
            lambda read: self._fill_new(*read, proposal_date))

    def _fill_new(self, client: ClientFacts, products: tuple[ProductView, ...],
                  proposal_date: date | None) -> None:
        self.proposal_id = None
        self._set_client(client)
        self._set_products(products)
        self.status, self.current_version, self.shown_version = pf.ProposalStatus.DRAFT, 1, 1
        self.editable = self.status.editable  # version 1 of 1
        self.moves, self.can_new_version = frozenset(), False
        self.header.set_values({"title": self.tr("{name}综合金融服务方案").format(name=client.name),
                                "proposal_date": proposal_date or clock.today(),
                                "our_people": self.desk.profile.name, "formal": False})
        self._set_lines([])
        self.version_combo.clear()
        self.version_combo.addItem(self.tr("第 1 版"), 1)
        self.events_list.clear()
        self.title_label.setText(self.tr("新服务方案"))
        self._apply_state()
        self._recompute()

    def load(self, proposal_id: str, version: int | None = None) -> None:
        """Show a stored proposal (its current version unless `version`), once read."""
        def read(session: Any) -> tuple[svc.ProposalEditorView, ClientFacts, tuple[ProductView, ...]]:
            view = svc.proposal_editor_view(session, proposal_id, version)
            keep = frozenset(line["product_id"] for line in view.lines)
            return (view, client_facts(session, view.client_id),
                    catalogue.product_views(session, active_only=True, keep=keep))

        self.editing.load(read, lambda loaded: self._fill_stored(*loaded))

    def _fill_stored(self, view: svc.ProposalEditorView, client: ClientFacts,
                     products: tuple[ProductView, ...]) -> None:
        self.proposal_id = view.proposal_id
        self.status = pf.ProposalStatus(view.status)
        self.current_version = view.current_version
        self.shown_version = view.shown_version
        self.editable, self.moves = view.editable, view.moves
        self.can_new_version = view.can_new_version
        self._set_client(client)
        self._set_products(products)
        self.header.set_values(view.fields)
        self._set_lines(list(view.lines))
        self.version_combo.clear()
        for number in view.versions:
            suffix = self.tr("（当前）") if number == self.current_version else ""
            self.version_combo.addItem(self.tr("第 {n} 版").format(n=number) + suffix, number)
        self.version_combo.setCurrentIndex(max(self.version_combo.findData(self.shown_version), 0))
        self.events_list.clear()
        self.events_list.addItems([self.tr("{at}　{who}　{frm} → {to}　第 {v} 版　{note}").format(
            at=local_time(event.at), who=event.actor or "—",
            frm=pf.status_label(event.from_status), to=pf.status_label(event.to_status),
            v=event.version, note=event.note) for event in view.events])
        self.title_label.setText(view.title)
        self.setWindowTitle(self.tr("服务方案 - {title}").format(title=view.title))
        self._apply_state()
        self._recompute()

    def _apply_state(self) -> None:
        color = STATUS_COLORS.get(self.status, "#5f6368")
        self.status_badge.setText(pf.status_label(self.status))
        self.status_badge.setStyleSheet(f"color:white;background:{color};border-radius:4px;"
                                        "padding:3px 10px;font-weight:bold;")
        self.header.setEnabled(self.editable)
        triggers = (QAbstractItemView.EditTrigger.AllEditTriggers if self.editable
                    else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setEditTriggers(triggers)
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, COL_PRODUCT)
            if combo is not None:
                combo.setEnabled(self.editable)
        self.add_line_button.setEnabled(self.editable)
        self.remove_line_button.setEnabled(self.editable)
        self.save_button.setEnabled(self.editable)
        if self.shown_version != self.current_version:
            note = self.tr("这是第 {n} 版（历史版本），只读。").format(n=self.shown_version)
        elif not self.editable:
            note = self.tr("方案状态为“{s}”，第 {n} 版已冻结，只读；如需修改请点“新建版本”。").format(
                s=pf.status_label(self.status), n=self.shown_version)
        else:
            note = ""
        self.readonly_note.setText(note)
        self.readonly_note.setVisible(bool(note))
        stored = self.proposal_id is not None
        latest = self.shown_version == self.current_version
        moves = self.moves
        for status, button in self.status_buttons.items():
            button.setVisible(status in self.status.next_statuses and stored and latest)
            button.setEnabled(status in moves)
        presented = pf.ProposalStatus.PRESENTED
        if stored and latest and presented in self.status.next_statuses and presented not in moves:
            self.status_buttons[presented].setToolTip(self.tr("方案金额超过审批额度，须先提交审批"))
        self.new_version_button.setEnabled(stored and self.can_new_version)
        self.version_combo.setEnabled(stored)
        self.print_button.setEnabled(stored)

    # --- the lines -----------------------------------------------------------------
    def _product_combo(self, product_id: str | None) -> QComboBox:
        combo = QComboBox(self.table)
        combo.addItem(self.tr("（请选择产品）"), None)
        for choice in sorted(self.products.values(), key=lambda p: p.code):
            combo.addItem(product_label(choice), choice.id)
        combo.setCurrentIndex(max(combo.findData(product_id), 0))
        combo.setEnabled(self.editable)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._on_product_picked(c))
        return combo

    def _set_lines(self, lines: list[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for line in lines:
            self.add_line(line)

    def add_line(self, values: dict[str, Any] | None = None) -> int:
        """Add a row (empty, or these stored values); returns its index."""
        values = values or {}
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCellWidget(row, COL_PRODUCT, self._product_combo(values.get("product_id")))
        for column, key in LINE_KEYS.items():
            spec = pf.LINE.field(key)
            value = values.get(key)
            text = "" if value is None else (edit_text(spec, value) if spec.kind == "money" else
                                             _plain(value) if isinstance(value, Decimal) else str(value))
            item = QTableWidgetItem(text)
            if key in ("amount", "rate", "fee", "quantity"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        income = QTableWidgetItem("")
        income.setFlags(income.flags() & ~Qt.ItemFlag.ItemIsEditable)
        income.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, COL_INCOME, income)
        self.table.blockSignals(False)
        self._on_changed()
        return row

    def remove_selected_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._on_changed()

    def _on_product_picked(self, combo: QComboBox) -> None:
        """A product chosen: its first term and indicative rate fill empty cells."""
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, COL_PRODUCT) is combo:
                choice = self.products.get(combo.currentData())
                if choice is not None:
                    self.table.blockSignals(True)
                    if not self.table.item(row, COL_TERM).text().strip() and choice.term_options:
                        self.table.item(row, COL_TERM).setText(choice.term_options.split(";")[0])
                    if not self.table.item(row, COL_RATE).text().strip() and choice.rate_min is not None:
                        self.table.item(row, COL_RATE).setText(_plain(choice.rate_min))
                    self.table.blockSignals(False)
                break
        self._on_changed()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != COL_INCOME:
            self._mark_cell(item.row(), item.column(), None)
            self._on_changed()

    def line_values(self, row: int) -> dict[str, Any]:
        """The raw values of a row, as the service reads them."""
        combo = self.table.cellWidget(row, COL_PRODUCT)
        values: dict[str, Any] = {"product_id": combo.currentData() if combo is not None else None}
        for column, key in LINE_KEYS.items():
            item = self.table.item(row, column)
            values[key] = item.text() if item is not None else ""
        return values

    def _live_line(self, row: int) -> LiveLine:
        values = self.line_values(row)
        return LiveLine(self.products.get(values["product_id"]),
                        _try(parse_money, values["amount"]), _try(pf.parse_rate, values["rate"]),
                        _try(parse_money, values["fee"]), _try(pf.parse_quantity, values["quantity"]))

    def _recompute(self) -> None:
        """Each line's income, the totals, the formulas in use and the live warnings."""
        self.table.blockSignals(True)
        total_income = Decimal("0.00")
        total_amount = Decimal("0.00")
        bases: list[str] = []
        warnings: list[str] = []
        for row in range(self.table.rowCount()):
            live = self._live_line(row)
            income = line_income(live)
            total_income += income
            total_amount += live.amount or Decimal(0)
            self.table.item(row, COL_INCOME).setText(format_money(income) if live.product else "")
            if live.product is not None:
                if live.product.income_basis not in bases:
                    bases.append(live.product.income_basis)
                if self.client is not None:
                    refusal = svc.risk_refusal(self.client, live.product)
                    if refusal:
                        warnings.append(self.tr("第 {n} 行：{text}（不能保存）").format(n=row + 1, text=refusal))
                    warnings.extend(self.tr("第 {n} 行：{text}").format(n=row + 1, text=text)
                                    for text in svc.line_warnings(self.client, live.product, live.amount))
        self.table.blockSignals(False)
        self.total_label.setText(self.tr("金额合计 <b>{amount}</b> 元　预计年收益合计 <b>{income}</b> 元").format(
            amount=format_money(total_amount), income=format_money(total_income)))
        formulas = [self.tr("{basis}：{formula}").format(basis=INCOME_BASIS_LABELS[b], formula=formula_for(b))
                    for b in bases] or [self.tr("选择产品后按产品的收益计算方式计算预计年收益。")]
        self.formula_label.setText(self.tr("计算方法　{formulas}").format(formulas=self.tr("；").join(formulas)))
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.total_income = total_income

    def _on_changed(self, *_args: Any) -> None:
        if self.editing.filling:
            return
        self.editing.changed()
        self._recompute()

    # --- saving --------------------------------------------------------------------
    def build_draft(self) -> svc.ProposalDraft:
        lines = [self.line_values(row) for row in range(self.table.rowCount())]
        return svc.ProposalDraft(self.header.values(), lines)

    def _mark_cell(self, row: int, column: int, message: str | None) -> None:
        if column == COL_PRODUCT:
            combo = self.table.cellWidget(row, COL_PRODUCT)
            if combo is not None:
                combo.setStyleSheet(f"border:1px solid {ERROR_COLOR};" if message else "")
                combo.setToolTip(message or "")
            return
        item = self.table.item(row, column)
        if item is not None:
            self.table.blockSignals(True)
            item.setBackground(QBrush(QColor("#fce8e6")) if message else QBrush())
            item.setToolTip(message or "")
            self.table.blockSignals(False)

    def _place_problems(self, problems: list[FieldProblem]) -> list[str]:
        """Header problems at their fields, line problems at their cells; returns every
        problem not shown at a header field, to be listed."""
        header_errors = {p.field: p.message for p in problems
                         if p.row is None and p.field in self.header.editors}
        self.header.set_errors(header_errors)
        for p in problems:
            if p.row is not None and p.section == "proposal_lines":
                self._mark_cell(p.row, COLUMN_OF.get(p.field, COL_PRODUCT), p.message)
        first = self.header.first_error()
        if first is not None:
            first.setFocus()
        return [p.describe() for p in problems
                if p.row is not None or p.field not in self.header.editors]

    def _clear_field_problems(self) -> None:
        self.header.clear_errors()
        for row in range(self.table.rowCount()):
            for column in (COL_PRODUCT, *LINE_KEYS):
                self._mark_cell(row, column, None)

    def save(self) -> bool:
        """Save the shown version whole in the background; True when the save was started
        (problems come back at the fields and cells)."""
        if not self.editable or self.client is None:
            return False
        draft = self.build_draft()
        proposal_id, client_id = self.proposal_id, self.client.id

        def write(session: Any) -> svc.SaveResult:
            if proposal_id is None:
                return svc.create_proposal(session, client_id, draft)
            return svc.save_draft(session, proposal_id, draft)

        return self.editing.save(
            write, Changes.of((Kind.PROPOSALS, Kind.CLIENTS), proposal_id, client_id),
            done=self._on_saved,
            saved_text=lambda result: self.tr("服务方案已保存（第 {n} 版）").format(n=result.version))

    def _on_saved(self, result: svc.SaveResult) -> None:
        self.load(result.proposal_id)
        self.saved.emit(result.proposal_id)

    def _save_if_dirty(self) -> bool:
        """Unsaved edits of an editable version are saved (and waited for) first."""
        if not (self.dirty and self.editable):
            return True
        return self.editing.save_and_wait()

    def _changes(self) -> Changes:
        return Changes.of((Kind.PROPOSALS, Kind.CLIENTS), self.proposal_id,
                          self.client.id if self.client else None)

    # --- versions and status -------------------------------------------------------
    def _on_version_picked(self, _index: int) -> None:
        number = self.version_combo.currentData()
        if self.editing.filling or self.proposal_id is None or number is None \
                or number == self.shown_version:
            return
        if self.dirty and self.editable:
            answer = self.editing.ask_unsaved(self.title_label.text())
            go_on = answer == QMessageBox.StandardButton.Discard or (
                answer == QMessageBox.StandardButton.Save and self._save_if_dirty())
            if not go_on:
                self.version_combo.blockSignals(True)
                self.version_combo.setCurrentIndex(self.version_combo.findData(self.shown_version))
                self.version_combo.blockSignals(False)
                return
        self.load(self.proposal_id, number)

    def make_new_version(self) -> bool:
        """Copy the current version into a new draft (after a question); True when started."""
        if self.proposal_id is None or not self._save_if_dirty():
            return False
        answer = QMessageBox.question(
            self, self.tr("新建版本"),
            self.tr("复制第 {n} 版为第 {m} 版草稿？第 {n} 版将保持不变。").format(
                n=self.current_version, m=self.current_version + 1))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        proposal_id = self.proposal_id

        def done(number: int) -> None:
            self.load(proposal_id)
            self.desk.status_message.emit(self.tr("已新建第 {n} 版").format(n=number))

        self.editing.run(lambda session: svc.new_version(session, proposal_id), self._changes(),
                         done, self.tr("新建版本"))
        return True

    def move_to(self, status: str) -> bool:
        """Ask for confirmation (and a note), then change the status; True when started
        (a refusal is told in a message box)."""
        if self.proposal_id is None or not self._save_if_dirty():
            return False
        action = QCoreApplication.translate("fields", pf.ProposalStatus(status).action_label)
        prompt = self.tr("将方案从“{a}”改为“{b}”。\n说明（可不填）：").format(
            a=pf.status_label(self.status), b=pf.status_label(status))
        if status == pf.ProposalStatus.REJECTED:
            prompt = self.tr("退回方案，请写明原因：")
        if status == pf.ProposalStatus.ACCEPTED:
            prompt += "\n" + self.tr("（客户采纳后，方案中的产品将在客户档案的服务现况中标记为“客户已采用”。）")
        note, ok = QInputDialog.getMultiLineText(self, action, prompt)
        if not ok:
            return False
        proposal_id = self.proposal_id

        def done(_event: Any) -> None:
            self.load(proposal_id)
            self.desk.status_message.emit(self.tr("方案状态：{s}").format(s=pf.status_label(status)))

        def write(session: Any) -> None:
            svc.change_status(session, proposal_id, status, note)

        self.editing.run(write, self._changes(), done, action)
        return True

    # --- printing ------------------------------------------------------------------
    def preview(self, appendix: bool = False) -> None:
        """The client pack (or with `appendix` the internal appendix) of the shown version
        in the PDF preview (print or save there)."""
        if self.proposal_id is None or not self._save_if_dirty():
            return
        dialog = proposal_pack_preview(self, self.desk, self.proposal_id, self.shown_version,
                                       appendix=appendix)
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    # --- closing -------------------------------------------------------------------
    def reject(self) -> None:
        """关闭, Esc or the window's close: ask about unsaved edits first (保存 / 放弃 / 取消);
        a dialog still shown after this keeps the close from happening."""
        if not self.editable or self.editing.maybe_save(self.title_label.text()):
            super().reject()


def proposal_pack_preview(parent: QWidget | None, desk: Any, proposal_id: str,
                          version: int | None = None, *, appendix: bool = False
                          ) -> QDialog | None:
    """Generate the client pack, or with `appendix` the internal appendix, masked, on the
    desk's database thread and make its preview dialog (with the unmasked print on
    request, recorded in the client's history); None after telling the manager why it
    could not be generated."""
    from cmdesk.reports.proposal_pack import PackDocument, pack_file_name, proposal_pack_pdf_in
    from ui.reports.preview import pdf_preview

    document = PackDocument.APPENDIX if appendix else PackDocument.CLIENT
    if not appendix and not (desk.profile.phone or desk.profile.email):
        desk.status_message.emit(QCoreApplication.translate(
            "ProposalEditor", "您的资料中没有业务电话和电子邮箱，客户资料上不会显示联系方式：请在“设置”中填写。"))
    if appendix:
        title = QCoreApplication.translate("ProposalEditor", "内部审批附件预览")
        label = QCoreApplication.translate("ProposalEditor", "正在生成内部审批附件…")
    else:
        title = QCoreApplication.translate("ProposalEditor", "服务方案资料预览")
        label = QCoreApplication.translate("ProposalEditor", "正在生成服务方案资料…")
    return pdf_preview(
        parent, desk, title=title, label=label, prefix=f"proposal-{document.value}-",
        render=lambda session, unmasked: proposal_pack_pdf_in(
            session, proposal_id, version, document=document, unmasked=unmasked),
        suggested_name=lambda session: pack_file_name(session, proposal_id, version, document),
        unmasked_changes=Changes.of(Kind.CLIENTS))  # a line in the client's history


def open_editor(parent: QWidget | None, desk: Any, proposal_id: str | None = None,
                client_id: str | None = None) -> ProposalEditor:
    """Show the editor of a stored proposal (the one already open, if any), or of a new
    one for `client_id`."""
    window = parent.window() if parent is not None else None
    if proposal_id is not None and window is not None:
        for open_one in window.findChildren(ProposalEditor):
            if open_one.proposal_id == proposal_id and open_one.isVisible():
                open_one.raise_()
                open_one.activateWindow()
                return open_one
    editor = ProposalEditor(desk, window)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if proposal_id is not None:
        editor.proposal_id = proposal_id  # known at once: a second open finds this window
        editor.load(proposal_id)
    else:
        editor.start_new(client_id)
    editor.show()
    editor.raise_()
    return editor
