"""The 产品目录 tab: the catalogue as a table (search, 显示已停用), the chosen product's
sheet (description, selling points, pricing, income formula, documents), replacing the
catalogue from a JSON or XLSX file (checked whole first; the changes are shown before
anything is written) and exporting the template to fill in. Reading, checking, replacing
and exporting run on the desk's database thread (ui.ops).
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain import client_fields as cf
from cmdesk.domain.money import format_money
from cmdesk.domain.proposal_income import INCOME_BASIS_LABELS, formula_for
from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.files import atomic_write
from cmdesk.services import catalogue
from cmdesk.services.catalogue import CatalogueChange, ProductView
from ui import ops
from ui.i18n import tr
from ui.ops import Changes, Kind, RefreshOnShow
from ui.widgets.file_dialogs import EXPORTS, IMPORTS, open_file, save_file
from ui.widgets.record_table import record_table

COLUMNS = (QT_TRANSLATE_NOOP("CatalogueBrowser", "产品代码"), QT_TRANSLATE_NOOP("CatalogueBrowser", "产品名称"),
           QT_TRANSLATE_NOOP("CatalogueBrowser", "产品类别"), QT_TRANSLATE_NOOP("CatalogueBrowser", "适用客户"),
           QT_TRANSLATE_NOOP("CatalogueBrowser", "风险等级"), QT_TRANSLATE_NOOP("CatalogueBrowser", "收益计算方式"),
           QT_TRANSLATE_NOOP("CatalogueBrowser", "参考价格"), QT_TRANSLATE_NOOP("CatalogueBrowser", "起点金额（元）"),
           QT_TRANSLATE_NOOP("CatalogueBrowser", "状态"))
WIDTHS = {0: 100, 1: 170, 2: 120, 3: 90, 4: 70, 5: 100, 6: 200, 7: 120}
PRODUCT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_PROBLEMS_SHOWN = 30


def _rate_range(product: ProductView) -> str:
    if product.rate_min is None and product.rate_max is None:
        return ""
    low = format(product.rate_min.normalize(), "f") if product.rate_min is not None else ""
    high = format(product.rate_max.normalize(), "f") if product.rate_max is not None else ""
    return f"{low}%" if low == high else f"{low}%–{high}%"


def product_sheet_html(product: ProductView) -> str:
    """The product's sheet as the browser shows it."""
    audience = cf.choice_label(catalogue.PRODUCT.field("audience"), product.audience)
    rows = [(tr("产品代码"), product.code), (tr("产品类别"), product.category), (tr("适用客户"), audience),
            (tr("参考价格"), product.pricing_note), (tr("利率/费率区间"), _rate_range(product)),
            (tr("期限选项"), product.term_options.replace(";", tr("、"))),
            (tr("起点金额"), tr("{amount} 元").format(amount=format_money(product.min_amount))
             if product.min_amount is not None else ""),
            (tr("风险等级"), cf.choice_label(catalogue.PRODUCT.field("risk_level"), product.risk_level or "")),
            (tr("收益计算方式"), INCOME_BASIS_LABELS.get(product.income_basis, product.income_basis)),
            (tr("净息差"), f"{format(product.margin_rate.normalize(), 'f')}%" if product.margin_rate is not None
             else ""),
            (tr("状态"), tr("在售") if product.active else tr("已停用（旧方案仍可查看）"))]
    table = "".join(f"<tr><td style='color:#5f6368;padding-right:12px'>{label}</td>"
                    f"<td>{html.escape(value)}</td></tr>" for label, value in rows if value)

    def block(title: str, text: str) -> str:
        if not text.strip():
            return ""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in text.splitlines() if line.strip())
        return f"<h4>{title}</h4><ul>{items}</ul>"

    return (f"<h3>{html.escape(product.name)}</h3>"
            f"<p>{html.escape(product.description)}</p><table>{table}</table>"
            f"{block(tr('产品卖点'), product.selling_points)}{block(tr('所需材料'), product.documents)}"
            "<p style='color:#5f6368'>" + tr("预计年收益：{formula}").format(
                formula=html.escape(formula_for(product.income_basis))) + "</p>")


class CatalogueBrowser(QWidget):
    """Browse the catalogue; replace it from a file; export the template."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.products: dict[str, ProductView] = {}
        style = self.style()
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("搜索产品名称、代码或类别"))
        self.search_box.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(self.tr("显示已停用"), self)
        self.show_inactive.toggled.connect(self.refresh)
        self.replace_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
                                          self.tr("从文件替换目录…"), self)
        self.replace_button.setToolTip(self.tr("读取 JSON 或 Excel 产品目录；先检查全部行，"
                                               "有错误则整个文件不导入；新目录中没有的产品标记为停用"))
        self.replace_button.clicked.connect(self.replace_from_file)
        self.template_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
                                           self.tr("导出模板…"), self)
        self.template_button.clicked.connect(self.export_template)
        bar = QHBoxLayout()
        bar.addWidget(self.search_box, 1)
        bar.addWidget(self.show_inactive)
        bar.addStretch(1)
        bar.addWidget(self.replace_button)
        bar.addWidget(self.template_button)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = record_table(self, self.proxy, WIDTHS)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.sheet = QTextBrowser(self)
        self.sheet.setMinimumWidth(320)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.sheet)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        RefreshOnShow(self, desk, {Kind.PROPOSALS}, self.refresh)

    def refresh(self, *_args: Any) -> None:
        active_only = not self.show_inactive.isChecked()
        ops.query(self.desk, lambda session: catalogue.product_views(session, active_only),
                  done=self._show, parent=self, key=f"catalogue.products.{id(self)}")

    def _show(self, products: tuple[ProductView, ...]) -> None:
        self.products = {p.id: p for p in products}
        self.model.setRowCount(0)
        grey = QBrush(QColor("#80868b"))
        for product in products:
            values = (product.code, product.name, product.category,
                      cf.choice_label(catalogue.PRODUCT.field("audience"), product.audience),
                      product.risk_level or "", INCOME_BASIS_LABELS.get(product.income_basis, ""),
                      product.pricing_note, format_money(product.min_amount),
                      self.tr("在售") if product.active else self.tr("已停用"))
            items = [QStandardItem(value) for value in values]
            for item in items:
                item.setData(product.id, PRODUCT_ID_ROLE)
                if not product.active:
                    item.setForeground(grey)
            items[7].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self.sheet.clear()

    def count(self) -> int:
        return self.proxy.rowCount()

    def _on_current(self, current: Any, _previous: Any) -> None:
        product = self.products.get(current.data(PRODUCT_ID_ROLE)) if current.isValid() else None
        self.sheet.setHtml(product_sheet_html(product) if product is not None else "")

    # --- files ---------------------------------------------------------------------
    def replace_from_file(self) -> None:
        path = open_file(self, IMPORTS, self.tr("选择产品目录文件"), self.tr("产品目录 (*.json *.xlsx)"))
        if path is not None:
            self.replace_with(path, confirm=True)

    def replace_with(self, path: Path, confirm: bool = True) -> None:
        """Check the file whole, show what would change, then replace (all in the
        background); a refused file changes nothing and says why."""

        def check(session: Any) -> tuple[list[dict[str, Any]], CatalogueChange]:
            rows = catalogue.read_catalogue_file(path)
            return rows, catalogue.preview_replacement(session, rows)

        ops.query(self.desk, check, done=lambda found: self._confirm_replace(*found, confirm),
                  failed=self._file_refused, parent=self)

    def _file_refused(self, exc: BaseException) -> None:
        title = self.tr("替换产品目录")
        if isinstance(exc, ValidationError):
            shown = [p.describe() for p in exc.problems[:MAX_PROBLEMS_SHOWN]]
            more = len(exc.problems) - len(shown)
            if more > 0:
                shown.append(self.tr("……另有 {n} 处问题").format(n=more))
            QMessageBox.warning(self, title, self.tr("文件未导入，目录没有改变。请修改以下问题：\n")
                                + "\n".join(shown))
        elif isinstance(exc, CmdeskError):
            QMessageBox.warning(self, title, self.tr("文件未导入：{e}").format(e=exc))
        else:
            ops.show_error(self, exc)

    def _confirm_replace(self, rows: list[dict[str, Any]], preview: CatalogueChange,
                         confirm: bool) -> None:
        if confirm:
            detail = preview.summary()
            if preview.deactivated:
                detail += "\n" + self.tr("将停用：{products}").format(
                    products=self.tr("、").join(preview.deactivated))
            answer = QMessageBox.question(self, self.tr("替换产品目录"),
                                          self.tr("文件检查通过：{d}\n确定替换吗？").format(d=detail))
            if answer != QMessageBox.StandardButton.Yes:
                return
        ops.write(self.desk, lambda session: catalogue.replace_catalogue(session, rows),
                  Changes.of(Kind.PROPOSALS), done=self._replaced, parent=self)

    def _replaced(self, change: CatalogueChange) -> None:
        self.desk.status_message.emit(self.tr("产品目录已替换：{s}").format(s=change.summary()))

    def export_template(self) -> None:
        path = save_file(self, EXPORTS, self.tr("导出产品目录模板"), self.tr("产品目录模板.xlsx"),
                         self.tr("Excel 文件 (*.xlsx);;JSON 文件 (*.json)"))
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the catalogue as a template file (XLSX unless the name says .json)."""
        as_json = path.suffix.lower() == ".json"
        if path.suffix.lower() not in (".json", ".xlsx"):
            path = path.with_suffix(".xlsx")

        def export(session: Any) -> Path:
            data = catalogue.catalogue_file(session, as_json)
            atomic_write(path, lambda handle: handle.write(data))
            return path

        ops.query(self.desk, export, done=self._exported, failed=self._not_exported, parent=self)

    def _not_exported(self, exc: BaseException) -> None:
        if not isinstance(exc, CmdeskError):
            ops.show_error(self, exc)
            return
        QMessageBox.warning(self, self.tr("导出模板"), str(exc))

    def _exported(self, path: Path) -> None:
        self.desk.status_message.emit(self.tr("已导出产品目录模板：{p}").format(p=path))
