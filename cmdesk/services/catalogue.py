"""The product catalogue: the default catalogue shipped in resources/, replacing it from a
file (JSON or XLSX), a template to fill in, and lookups.

A catalogue file is read whole and every row checked before anything is written; any
problem rejects the whole file with the row and field. Products missing from a new
catalogue are marked inactive (停用), never deleted, so old proposals still read them.
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain.cell_text import cells
from cmdesk.domain.proposal_fields import AUDIENCES, RISK_LEVELS, parse_field
from cmdesk.domain.proposal_income import INCOME_BASIS_LABELS
from cmdesk.errors import FieldProblem, ImportFileError, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import Product
from cmdesk.paths import RESOURCES_DIR

DEFAULT_CATALOGUE = RESOURCES_DIR / "catalogue" / "products.json"
FILE_FORMAT = "cmdesk-catalogue"
MAX_PRODUCTS = 5000

PRODUCT = cf.SectionSpec("products", mark("产品目录"), (
    cf.FieldSpec("code", mark("产品代码"), required=True, max_length=40, in_list=True),
    cf.FieldSpec("name", mark("产品名称"), required=True, in_list=True),
    cf.FieldSpec("category", mark("产品类别"), required=True, max_length=40, in_list=True),
    cf.FieldSpec("audience", mark("适用客户"), "choice", required=True, choices=AUDIENCES, in_list=True),
    cf.FieldSpec("description", mark("产品说明"), "longtext", max_length=cf.LONG_TEXT_LIMIT),
    cf.FieldSpec("selling_points", mark("产品卖点"), "longtext", max_length=cf.LONG_TEXT_LIMIT),
    cf.FieldSpec("pricing_note", mark("参考价格"), max_length=500, in_list=True),
    cf.FieldSpec("rate_min", mark("利率/费率下限（%）"), "rate"),
    cf.FieldSpec("rate_max", mark("利率/费率上限（%）"), "rate"),
    cf.FieldSpec("income_basis", mark("收益计算方式"), "choice", required=True,
                 choices=tuple(INCOME_BASIS_LABELS.items()), in_list=True),
    cf.FieldSpec("margin_rate", mark("净息差（%）"), "rate"),
    cf.FieldSpec("term_options", mark("期限选项"), max_length=200),
    cf.FieldSpec("min_amount", mark("起点金额（元）"), "money", in_list=True),
    cf.FieldSpec("risk_level", mark("风险等级"), "choice", choices=RISK_LEVELS, in_list=True),
    cf.FieldSpec("documents", mark("所需材料"), "longtext", max_length=cf.LONG_TEXT_LIMIT),
    cf.FieldSpec("active", mark("在售"), "bool", in_list=True),
))
PRODUCT_KEYS = tuple(spec.key for spec in PRODUCT.fields)


def parse_product_value(spec: cf.FieldSpec, raw: Any) -> Any:
    """One catalogue value, checked; raises FieldValueError with the manager's message."""
    if spec.key == "active" and (raw is None or raw == ""):
        return True
    value = parse_field(spec, raw)
    if spec.key == "risk_level":
        return value or None
    return value


def check_products(rows: list[dict[str, Any]], row_offset: int = 0) -> list[dict[str, Any]]:
    """Every row of a catalogue checked; ValidationError with every problem (row numbers
    start at row_offset + 1), else the rows as stored values."""
    problems: list[FieldProblem] = []
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    if not rows:
        raise ValidationError([FieldProblem("products", translate("文件中没有产品"), "products", label=translate("产品目录"))])
    if len(rows) > MAX_PRODUCTS:
        raise ValidationError([FieldProblem("products", translate("最多 {MAX_PRODUCTS} 个产品").format(MAX_PRODUCTS=MAX_PRODUCTS), "products",
                                            label=translate("产品目录"))])
    for index, raw in enumerate(rows):
        row = index + row_offset
        if not isinstance(raw, dict):
            problems.append(FieldProblem("products", translate("应为一个产品的字段表"), "products", row, translate("产品")))
            continue
        values: dict[str, Any] = {}
        for spec in PRODUCT.fields:
            try:
                values[spec.key] = parse_product_value(spec, raw.get(spec.key))
            except cf.FieldValueError as exc:
                problems.append(FieldProblem(spec.key, str(exc), "products", row, spec.label))
        code = values.get("code")
        if code:
            if code in seen:
                problems.append(FieldProblem("code", translate("与第 {seen} 行重复").format(seen=seen[code] + 1), "products", row,
                                             translate("产品代码")))
            seen.setdefault(code, row)
        low, high = values.get("rate_min"), values.get("rate_max")
        if low is not None and high is not None and low > high:
            problems.append(FieldProblem("rate_max", translate("不能低于利率/费率下限"), "products", row,
                                         translate("利率/费率上限（%）")))
        cleaned.append(values)
    if problems:
        raise ValidationError(problems)
    return cleaned


def _json_rows(data: bytes) -> list[Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(translate("不是有效的 JSON 产品目录文件：{exc}").format(exc=exc)) from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT \
            or not isinstance(document.get("products"), list):
        raise ImportFileError(translate("不是产品目录文件（应含 \"format\": \"{FILE_FORMAT}\" 和 \"products\" 列表）").format(FILE_FORMAT=FILE_FORMAT))
    return document["products"]


def _xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(translate("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式（{exc}）").format(exc=exc)) from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        by_label = {label: spec.key for spec in PRODUCT.fields for label in (spec.source_label, spec.label)}
        columns = [by_label.get(str(cell).strip()) if cell is not None else None for cell in header]
        missing = [spec.label for spec in PRODUCT.fields if spec.required and spec.key not in columns]
        if missing:
            raise ImportFileError(translate("第 1 行缺少列：{columns}（请使用导出的模板）").format(
                columns=translate("、").join(missing)))
        found = []
        for values in rows:
            if all(value is None or str(value).strip() == "" for value in values):
                continue
            found.append({key: value for key, value in zip(columns, values) if key})
        return found
    finally:
        book.close()


def read_catalogue_file(path: Path) -> list[dict[str, Any]]:
    """A catalogue file (.json or .xlsx) read and checked whole, as stored values.

    ImportFileError if the file cannot be read at all; ValidationError naming every
    wrong row and field otherwise."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(translate("无法打开文件：{value}").format(value=exc.strerror or exc)) from None
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return check_products(_json_rows(data))
    if suffix == ".xlsx":
        return check_products(_xlsx_rows(data), row_offset=1)  # data starts on sheet row 2
    raise ImportFileError(translate("产品目录文件应为 .json 或 .xlsx"))


@dataclass
class CatalogueChange:
    """What replacing the catalogue did (or would do, on a dry run)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (translate("新增 {count} 个，更新 {count2} 个，停用 {count3} 个，未变 {count4} 个").format(count=len(self.added), count2=len(self.updated), count3=len(self.deactivated), count4=len(self.unchanged)))


def replace_catalogue(session: Session, rows: list[dict[str, Any]]) -> CatalogueChange:
    """Make the desk's catalogue the checked rows (from read_catalogue_file or check_products):
    new codes added, known ones updated, missing ones marked inactive."""
    change = CatalogueChange()
    existing = {p.code: p for p in session.scalars(select(Product).where(Product.deleted_at.is_(None)))}
    for values in rows:
        product = existing.pop(values["code"], None)
        if product is None:
            session.add(Product(**values))
            change.added.append(values["code"])
            continue
        differs = {key: value for key, value in values.items() if getattr(product, key) != value}
        if differs:
            for key, value in differs.items():
                setattr(product, key, value)
            change.updated.append(product.code)
        else:
            change.unchanged.append(product.code)
    for product in existing.values():
        if product.active:
            product.active = False
            change.deactivated.append(product.code)
    return change


def load_default_catalogue(session: Session, path: Path = DEFAULT_CATALOGUE) -> int:
    """Add the shipped products that the desk does not have yet; returns how many were added."""
    rows = check_products(_json_rows(path.read_bytes()))
    existing = set(session.scalars(select(Product.code).where(Product.deleted_at.is_(None))))
    added = 0
    for values in rows:
        if values["code"] not in existing:
            session.add(Product(**values))
            added += 1
    return added


def product_row(product: Product) -> dict[str, Any]:
    """A product as a catalogue-file row (JSON-ready: amounts and rates as text)."""
    row: dict[str, Any] = {}
    for key in PRODUCT_KEYS:
        value = getattr(product, key)
        row[key] = str(value) if isinstance(value, Decimal) else value
    return row


def write_catalogue_json(products: list[Product]) -> bytes:
    document = {"format": FILE_FORMAT, "version": 1, "products": [product_row(p) for p in products]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_catalogue_xlsx(products: list[Product]) -> bytes:
    """The catalogue as a sheet with the Chinese column titles the import reads: the
    template to fill in (the current products are the example rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = translate("产品目录")
    sheet.append(cells([spec.label for spec in PRODUCT.fields]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for product in products:
        values = []
        for spec in PRODUCT.fields:
            value = getattr(product, spec.key)
            if spec.kind == "bool":
                value = translate("是") if value else translate("否")
            elif spec.kind == "choice":
                value = cf.choice_label(spec, value) if value else ""
            elif isinstance(value, Decimal):
                value = str(value)
            values.append(value)
        sheet.append(cells(values))
    for column, spec in zip(sheet.columns, PRODUCT.fields):
        sheet.column_dimensions[column[0].column_letter].width = 40 if spec.kind == "longtext" else 16
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def list_products(session: Session, active_only: bool = False) -> list[Product]:
    query = select(Product).where(Product.deleted_at.is_(None)).order_by(Product.code)
    if active_only:
        query = query.where(Product.active.is_(True))
    return list(session.scalars(query))


@dataclass(frozen=True)
class ProductView:
    """A catalogue product as the interface shows it: plain values read once, no session."""

    id: str
    code: str
    name: str
    category: str
    audience: str
    description: str
    selling_points: str
    pricing_note: str
    rate_min: Decimal | None
    rate_max: Decimal | None
    income_basis: str
    margin_rate: Decimal | None
    term_options: str
    min_amount: Decimal | None
    risk_level: str | None
    documents: str
    active: bool


def product_views(session: Session, active_only: bool = False,
                  keep: frozenset[str] = frozenset()) -> tuple[ProductView, ...]:
    """The catalogue as frozen views, by code; `keep` adds these ids even when inactive."""
    return tuple(ProductView(id=product.id, **{key: getattr(product, key) for key in PRODUCT_KEYS})
                 for product in list_products(session)
                 if product.active or not active_only or product.id in keep)


def preview_replacement(session: Session, rows: list[dict[str, Any]]) -> CatalogueChange:
    """What replacing the catalogue with the checked rows would do; nothing is kept."""
    change = replace_catalogue(session, rows)
    session.rollback()
    return change


def catalogue_file(session: Session, as_json: bool) -> bytes:
    """The whole catalogue as a file to fill in: JSON, or else the XLSX template."""
    products = list_products(session)
    return write_catalogue_json(products) if as_json else write_catalogue_xlsx(products)

