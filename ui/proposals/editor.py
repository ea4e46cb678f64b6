"""The proposal editor (服务方案): the header, the recommended combination (产品组合) with
each line's expected annual income worked out as the manager types, the total, the
formulas used, warnings (below a product's minimum, above the client's risk appetite),
the status buttons with confirmation, the version selector (older versions and versions
that left draft are read-only), 新建版本, and 打印/预览 of the proposal pack.

The form is saved whole through cmdesk.services.proposals; problems show at the field or
the line's cell and in the message area, and nothing is half-saved.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
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
from cmdesk.errors import CmdeskError, FieldProblem, ValidationError
from cmdesk.models import Product
from cmdesk.services import catalogue
from cmdesk.services import proposals as svc
from ui.field_text import local_time
from ui.field_text import edit_text
from ui.style import ERROR_COLOR
from ui.widgets.record_table import scrolled
from ui.widgets.spec_form import SpecForm

COL_PRODUCT, COL_AMOUNT, COL_TERM, COL_RATE, COL_FEE, COL_QUANTITY, COL_NOTES, COL_INCOME = range(8)
LINE_KEYS = {COL_AMOUNT: "amount", COL_TERM: "term", COL_RATE: "rate", COL_FEE: "fee",
             COL_QUANTITY: "quantity", COL_NOTES: "notes"}
COLUMN_OF = {key: col for col, key in LINE_KEYS.items()} | {"product_id": COL_PRODUCT}
COLUMN_WIDTHS = {COL_PRODUCT: 200, COL_AMOUNT: 130, COL_TERM: 80, COL_RATE: 100, COL_FEE: 100,
                 COL_QUANTITY: 70, COL_NOTES: 160}
LONGTEXT_MAX_HEIGHT = 96
STATUS_COLORS = {"draft": "#5f6368", "submitted": "#b06000", "approved": "#137333",
                 "rejected": "#c5221f", "presented": "#1a73e8", "accepted": "#137333",
                 "declined": "#80868b"}


@dataclass(frozen=True)
class ProductChoice:
    """What the editor needs of a catalogue product, read once (the session is gone)."""

    id: str
    code: str
    name: str
    audience: str
    income_basis: str
    margin_rate: Decimal | None
    min_amount: Decimal | None
    risk_level: str | None
    rate_min: Decimal | None
    term_options: str
    active: bool

    @classmethod
    def of(cls, product: Product) -> ProductChoice:
        return cls(product.id, product.code, product.name, product.audience, product.income_basis,
                   product.margin_rate, product.min_amount, product.risk_level, product.rate_min,
                   product.term_options, product.active)

    @property
    def label(self) -> str:
        risk = f"（{self.risk_level}）" if self.risk_level else ""
        return f"{self.name}{risk}" + ("（已停用）" if not self.active else "")


@dataclass(frozen=True)
class ClientFacts:
    """The client facts the risk-appetite rule and the audience warning read."""

    id: str
    name: str
    kind: str
    risk_appetite: str | None


@dataclass
class LiveLine:
    """One table row as the income formula reads it (unparseable numbers count as none)."""

    product: ProductChoice | None
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
        self.status = "draft"
        self.current_version = 1
        self.shown_version = 1
        self.editable = True
        self.dirty = False
        self._loading = False
        self.products: dict[str, ProductChoice] = {}
        self.setWindowTitle(self.tr("服务方案"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._build()
        self.resize(1180, 860)

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
        self.status_buttons: dict[str, QPushButton] = {}
        for status, text in pf.ACTION_LABELS.items():
            button = QPushButton(self.tr(text), self)
            button.clicked.connect(lambda _checked=False, s=status: self.move_to(s))
            self.status_buttons[status] = button
            self.status_bar.addWidget(button)
        self.status_bar.addStretch(1)
        self.print_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
                                        self.tr("打印/预览"), self)
        self.print_button.clicked.connect(self.preview)
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
    def _load_products(self, keep: set[str]) -> None:
        with self.desk.db.session() as session:
            self.products = {p.id: ProductChoice.of(p) for p in catalogue.list_products(session)
                             if p.active or p.id in keep}

    def _load_client(self, client_id: str) -> None:
        from cmdesk.services.clients import get_client
        with self.desk.db.session() as session:
            client = get_client(session, client_id)
            self.client = ClientFacts(client.id, client.name, client.kind, client.risk_appetite)
        appetite = ""
        if self.client.kind == "individual":
            appetite = self.tr("　风险承受能力：{a}").format(a=cf.choice_label(
                cf.BASIC.field("risk_appetite"), self.client.risk_appetite or "") or self.tr("未评估"))
        self.client_label.setText(self.tr("客户：{name}").format(name=self.client.name) + appetite)

    def start_new(self, client_id: str, proposal_date: date | None = None) -> None:
        """A blank proposal for the client (saved as v1 on 保存)."""
        self._loading = True
        try:
            self.proposal_id = None
            self._load_client(client_id)
            self._load_products(set())
            self.status, self.current_version, self.shown_version = "draft", 1, 1
            self.header.set_values({"title": self.tr("{name}综合金融服务方案").format(name=self.client.name),
                                    "proposal_date": proposal_date or clock.today(),
                                    "our_people": self.desk.profile.name, "formal": False})
            self._set_lines([])
            self.version_combo.clear()
            self.version_combo.addItem(self.tr("第 1 版"), 1)
            self.events_list.clear()
        finally:
            self._loading = False
        self.title_label.setText(self.tr("新服务方案"))
        self._apply_state()
        self.dirty = False
        self._recompute()

    def load(self, proposal_id: str, version: int | None = None) -> None:
        """Show a stored proposal (its current version unless `version`)."""
        self._loading = True
        try:
            with self.desk.db.session() as session:
                proposal = svc.get_proposal(session, proposal_id)
                shown = svc.get_version(session, proposal_id, version)
                numbers = [v.number for v in proposal.versions]
                fields = {"title": proposal.title, "formal": proposal.formal,
                          **{spec.key: getattr(shown, spec.key) for spec in pf.VERSION.fields}}
                lines = [{"product_id": line.product_id, **{key: getattr(line, key)
                                                            for key in LINE_KEYS.values()}}
                         for line in shown.lines]
                events = [self.tr("{at}　{who}　{frm} → {to}　第 {v} 版　{note}").format(
                    at=local_time(event.at), who=event.actor or "—",
                    frm=pf.status_label(event.from_status), to=pf.status_label(event.to_status),
                    v=event.version, note=event.note) for event in proposal.events]
                self.proposal_id = proposal.id
                self.status = proposal.status
                self.current_version = proposal.current_version
                self.shown_version = shown.number
                client_id = proposal.client_id
                title = proposal.title
            self._load_client(client_id)
            self._load_products({line["product_id"] for line in lines})
            self.header.set_values(fields)
            self._set_lines(lines)
            self.version_combo.blockSignals(True)
            self.version_combo.clear()
            for number in numbers:
                suffix = self.tr("（当前）") if number == self.current_version else ""
                self.version_combo.addItem(self.tr("第 {n} 版").format(n=number) + suffix, number)
            self.version_combo.setCurrentIndex(max(self.version_combo.findData(self.shown_version), 0))
            self.version_combo.blockSignals(False)
            self.events_list.clear()
            self.events_list.addItems(events)
        finally:
            self._loading = False
        self.title_label.setText(title)
        self.setWindowTitle(self.tr("服务方案 - {title}").format(title=title))
        self._apply_state()
        self.dirty = False
        self.problems_label.clear()
        self.header.clear_errors()
        self._recompute()

    def _apply_state(self) -> None:
        self.editable = self.status == "draft" and self.shown_version == self.current_version
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
        moves = set()
        if stored and latest:
            with self.desk.db.session() as session:
                moves = set(svc.allowed_moves(session, svc.get_proposal(session, self.proposal_id)))
        for status, button in self.status_buttons.items():
            button.setVisible(status in pf.TRANSITIONS.get(self.status, ()) and stored and latest)
            button.setEnabled(status in moves)
        if stored and latest and self.status == "draft" and "presented" not in moves:
            self.status_buttons["presented"].setToolTip(self.tr("方案金额超过审批额度，须先提交审批"))
        self.new_version_button.setEnabled(
            stored and self.status not in pf.FINAL_STATUSES and self.status != "submitted")
        self.version_combo.setEnabled(stored)
        self.print_button.setEnabled(stored)

    # --- the lines -----------------------------------------------------------------
    def _product_combo(self, product_id: str | None) -> QComboBox:
        combo = QComboBox(self.table)
        combo.addItem(self.tr("（请选择产品）"), None)
        for choice in sorted(self.products.values(), key=lambda p: p.code):
            combo.addItem(choice.label, choice.id)
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
        if not self._loading:
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
        formulas = [f"{INCOME_BASIS_LABELS[b]}：{formula_for(b)}" for b in bases] or [
            self.tr("选择产品后按产品的收益计算方式计算预计年收益。")]
        self.formula_label.setText(self.tr("计算方法　") + "；　".join(formulas))
        self.warnings_label.setText("\n".join(warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.total_income = total_income

    def _on_changed(self, *_args: Any) -> None:
        if self._loading:
            return
        self.dirty = True
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

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        header_errors = {p.field: p.message for p in problems if p.row is None}
        self.header.set_errors(header_errors)
        for p in problems:
            if p.row is not None and p.section == "proposal_lines":
                self._mark_cell(p.row, COLUMN_OF.get(p.field, COL_PRODUCT), p.message)
        self.problems_label.setText(self.tr("未保存：") + "\n" + "\n".join(p.describe() for p in problems))
        first = self.header.first_error()
        if first is not None:
            first.setFocus()

    def _clear_problems(self) -> None:
        self.header.clear_errors()
        self.problems_label.clear()
        for row in range(self.table.rowCount()):
            for column in (COL_PRODUCT, *LINE_KEYS):
                self._mark_cell(row, column, None)

    def save(self) -> bool:
        """Save the shown version whole; False (problems shown) when refused."""
        if not self.editable or self.client is None:
            return False
        self._clear_problems()
        draft = self.build_draft()
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                if self.proposal_id is None:
                    result = svc.create_proposal(session, self.client.id, draft)
                else:
                    result = svc.save_draft(session, self.proposal_id, draft)
        except ValidationError as exc:
            self._show_problems(exc.problems)
            return False
        except CmdeskError as exc:
            QMessageBox.warning(self, self.tr("保存服务方案"), str(exc))
            return False
        self.load(result.proposal_id)
        self.desk.proposals_changed.emit()
        self.desk.clients_changed.emit()
        self.desk.status_message.emit(self.tr("服务方案已保存（第 {n} 版）").format(n=result.version))
        self.saved.emit(result.proposal_id)
        return True

    def _save_if_dirty(self) -> bool:
        return self.save() if self.dirty and self.editable else True

    # --- versions and status -------------------------------------------------------
    def _on_version_picked(self, _index: int) -> None:
        number = self.version_combo.currentData()
        if self._loading or self.proposal_id is None or number is None or number == self.shown_version:
            return
        if self.dirty and self.editable and not self._confirm_discard():
            self.version_combo.blockSignals(True)
            self.version_combo.setCurrentIndex(self.version_combo.findData(self.shown_version))
            self.version_combo.blockSignals(False)
            return
        self.load(self.proposal_id, number)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(self, self.tr("服务方案"), self.tr("有未保存的修改，放弃这些修改吗？"))
        return answer == QMessageBox.StandardButton.Yes

    def make_new_version(self) -> bool:
        if self.proposal_id is None or not self._save_if_dirty():
            return False
        answer = QMessageBox.question(
            self, self.tr("新建版本"),
            self.tr("复制第 {n} 版为第 {m} 版草稿？第 {n} 版将保持不变。").format(
                n=self.current_version, m=self.current_version + 1))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                number = svc.new_version(session, self.proposal_id)
        except CmdeskError as exc:
            QMessageBox.warning(self, self.tr("新建版本"), str(exc))
            return False
        self.load(self.proposal_id)
        self.desk.proposals_changed.emit()
        self.desk.status_message.emit(self.tr("已新建第 {n} 版").format(n=number))
        return True

    def move_to(self, status: str) -> bool:
        """Ask for confirmation (and a note), then change the status."""
        if self.proposal_id is None or not self._save_if_dirty():
            return False
        action = self.tr(pf.ACTION_LABELS[status])
        prompt = self.tr("将方案从“{a}”改为“{b}”。\n说明（可不填）：").format(
            a=pf.status_label(self.status), b=pf.status_label(status))
        if status == "rejected":
            prompt = self.tr("退回方案，请写明原因：")
        if status == "accepted":
            prompt += "\n" + self.tr("（客户采纳后，方案中的产品将在客户档案的服务现况中标记为“客户已采用”。）")
        note, ok = QInputDialog.getMultiLineText(self, action, prompt)
        if not ok:
            return False
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                svc.change_status(session, self.proposal_id, status, note)
        except ValidationError as exc:
            QMessageBox.warning(self, action, "\n".join(p.message for p in exc.problems))
            return False
        except CmdeskError as exc:
            QMessageBox.warning(self, action, str(exc))
            return False
        self.load(self.proposal_id)
        self.desk.proposals_changed.emit()
        self.desk.clients_changed.emit()
        self.desk.status_message.emit(self.tr("方案状态：{s}").format(s=pf.status_label(self.status)))
        return True

    # --- printing ------------------------------------------------------------------
    def preview(self) -> None:
        """The proposal pack of the shown version in the PDF preview (print or save there)."""
        if self.proposal_id is None or not self._save_if_dirty():
            return
        dialog = proposal_pack_preview(self, self.desk, self.proposal_id, self.shown_version)
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()

    # --- closing -------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.editable and not self._confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)


def proposal_pack_preview(parent: QWidget | None, desk: Any, proposal_id: str,
                          version: int | None = None) -> QDialog | None:
    """Generate the proposal pack (masked) and make its preview dialog; None after telling
    the manager why it could not be generated."""
    from cmdesk.reports.proposal_pack import write_proposal_pack
    from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
    from ui.worker import run_with_progress

    db, actor = desk.db, desk.actor
    title = parent.tr("服务方案预览") if parent is not None else "服务方案预览"

    def render(path: Path, unmasked: bool) -> None:
        run_with_progress(parent, title, title,
                          lambda _progress: write_proposal_pack(db, proposal_id, path, version,
                                                                unmasked=unmasked, actor=actor))

    path = temp_pdf_path(desk, "proposal-")
    try:
        with db.session() as session:
            shown = svc.get_version(session, proposal_id, version)
            name = f"服务方案_{shown.proposal.title}_第{shown.number}版.pdf"
        render(path, False)
    except CmdeskError as exc:
        path.unlink(missing_ok=True)
        QMessageBox.warning(parent, title, str(exc))
        return None
    return PdfPreviewDialog(path, title, name, render_unmasked=lambda target: render(target, True),
                            parent=parent)


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
        editor.load(proposal_id)
    else:
        editor.start_new(client_id)
    editor.show()
    editor.raise_()
    return editor
