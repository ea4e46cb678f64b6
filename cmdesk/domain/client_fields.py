"""The fields of a client file, once: labels, kinds, limits, choices and how each is checked.

The service validates with these specs, the spreadsheet import maps to them, the UI
builds its forms from them and the history shows their labels. Labels are the
trade's own Chinese terms (DOMAIN.md).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from cmdesk.domain import dates, identifiers
from cmdesk.domain.cell_text import from_cell, strip_control
from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.money import MoneyError, format_money, parse_money
from cmdesk.errors import FieldProblem


class ClientKind(LabelledStrEnum):
    COMPANY = "company", "公司客户"
    INDIVIDUAL = "individual", "个人客户"


class ClientStatus(LabelledStrEnum):
    PROSPECT = "prospect", "潜在"
    ACTIVE = "active", "存续"
    DORMANT = "dormant", "休眠"
    LOST = "lost", "流失"


class LinkKind(LabelledStrEnum):
    PARENT = "parent", "母公司/集团"
    SUBSIDIARY = "subsidiary", "子公司"
    AFFILIATE = "affiliate", "关联企业"
    REFERRAL = "referral", "介绍客户"


CLIENT_KINDS = ClientKind.choices()
# fields only one kind of client fills (the other kind leaves them empty)
KIND_ONLY_FIELDS: dict[str, ClientKind] = {
    "credit_code": ClientKind.COMPANY,
    "id_number": ClientKind.INDIVIDUAL,
    "risk_appetite": ClientKind.INDIVIDUAL,
}
CLIENT_STATUSES = ClientStatus.choices()
DEFAULT_TIERS = ("核心", "重点", "一般")
VALUE_CATEGORIES = (
    ("asset", "直接收益·资产业务"),
    ("liability", "直接收益·负债业务"),
    ("fee", "直接收益·中间业务"),
    ("related", "关联收益"),
    ("other", "其他收益"),
)
# an individual's risk appetite, matched against wealth products' R1..R5 (Cn may buy up to Rn)
RISK_APPETITES = (("C1", "C1 保守型"), ("C2", "C2 稳健型"), ("C3", "C3 平衡型"), ("C4", "C4 成长型"),
                  ("C5", "C5 进取型"))
LINK_KINDS = LinkKind.choices()
TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 20_000
# The days work happens on (diary entries, visits, follow-up deadlines): a date outside is a typo.
WORK_DATE_MIN = date(1990, 1, 1)
WORK_DATE_MAX = date(2100, 12, 31)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a section: key (model attribute), label, kind and rules."""

    key: str
    label: str
    # text longtext choice money percent date time minutes bool phone credit_code id_number
    # year client_ref product_ref
    kind: str = "text"
    required: bool = False
    max_length: int = TEXT_LIMIT
    choices: tuple[tuple[str, str], ...] = ()
    in_list: bool = False  # shown as a column in the section's table


@dataclass(frozen=True)
class SectionSpec:
    key: str  # "client" or the name of the child collection on Client
    label: str
    fields: tuple[FieldSpec, ...]

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)


BASIC = SectionSpec("client", "基本信息", (
    FieldSpec("kind", "客户类型", "choice", required=True, choices=CLIENT_KINDS, in_list=True),
    FieldSpec("name", "客户名称", required=True, in_list=True),
    FieldSpec("credit_code", "统一社会信用代码", "credit_code"),
    FieldSpec("id_number", "身份证号", "id_number"),
    FieldSpec("risk_appetite", "风险承受能力（个人）", "choice", choices=RISK_APPETITES),
    FieldSpec("industry", "行业", max_length=100, in_list=True),
    FieldSpec("region", "地区", max_length=100, in_list=True),
    FieldSpec("address", "地址", max_length=500),
    FieldSpec("scale", "规模", max_length=100),
    FieldSpec("annual_revenue", "年营业收入（元）", "money"),
    FieldSpec("tier", "客户等级", "choice", required=True, in_list=True),
    FieldSpec("source", "客户来源", max_length=100),
    FieldSpec("manager_name", "管户客户经理", max_length=100),
    FieldSpec("status", "状态", "choice", required=True, choices=CLIENT_STATUSES, in_list=True),
    FieldSpec("tags", "标签", max_length=500),
    FieldSpec("notes", "备注", "longtext", max_length=LONG_TEXT_LIMIT),
))

POSITIONING = SectionSpec("client", "我行定位", (
    FieldSpec("our_importance", "我行对客户的重要程度", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("our_image", "我行形象", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("our_strengths", "我行优势", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("our_weaknesses", "我行不足", "longtext", max_length=LONG_TEXT_LIMIT),
))

CONTACTS = SectionSpec("contacts", "决策人/联系人", (
    FieldSpec("name", "姓名", required=True, max_length=100, in_list=True),
    FieldSpec("position", "职务", max_length=100, in_list=True),
    FieldSpec("authority", "职权", max_length=500, in_list=True),
    FieldSpec("relation_method", "关系方法", max_length=500),
    FieldSpec("phone", "电话", "phone", in_list=True),
    FieldSpec("birthday", "生日", "date"),
    FieldSpec("other_business", "与我行的其他业务", max_length=500),
    FieldSpec("our_contacts", "在我行的其他联系点", max_length=500),
    FieldSpec("is_primary", "主要联系人", "bool", in_list=True),
    FieldSpec("notes", "备注", "longtext", max_length=LONG_TEXT_LIMIT),
))

BUSINESS_LINES = SectionSpec("business_lines", "主要业务分析", (
    FieldSpec("nature", "业务性质", required=True, in_list=True),
    FieldSpec("revenue_share", "收入占比（%）", "percent", in_list=True),
    FieldSpec("profit_share", "利润占比（%）", "percent", in_list=True),
    FieldSpec("current_state", "现状", "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("next_year_plan", "来年计划", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("financing_needs", "财务需求", "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
))

OTHER_BANKS = SectionSpec("other_banks", "他行关系", (
    FieldSpec("institution", "金融机构", required=True, in_list=True),
    FieldSpec("contact_person", "对方联系人", max_length=100, in_list=True),
    FieldSpec("products_terms", "提供的产品及条件", "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("why_chosen", "客户选择原因", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("estimated_spend", "客户估计花费（元）", "money", in_list=True),
))

SERVICES = SectionSpec("services", "服务现况", (
    FieldSpec("product_id", "产品", "product_ref", required=True, in_list=True),
    FieldSpec("needed", "客户需要", "bool", in_list=True),
    FieldSpec("other_bank", "他行提供", "bool", in_list=True),
    FieldSpec("recommended", "我行已推荐", "bool", in_list=True),
    FieldSpec("adopted", "客户已采用", "bool", in_list=True),
    FieldSpec("stopped", "客户已停用", "bool", in_list=True),
    FieldSpec("our_share", "我行份额（%）", "percent", in_list=True),
    FieldSpec("notes", "备注", max_length=500),
))

VALUE_ITEMS = SectionSpec("value_items", "客户关系价值", (
    FieldSpec("year", "年度", "year", required=True, in_list=True),
    FieldSpec("category", "收益类别", "choice", required=True, choices=VALUE_CATEGORIES, in_list=True),
    FieldSpec("description", "说明", max_length=500, in_list=True),
    FieldSpec("amount", "金额（元）", "money", required=True, in_list=True),
    FieldSpec("source_client_id", "来源客户", "client_ref", in_list=True),
))

LINKS = SectionSpec("links", "关联客户", (
    FieldSpec("related_client_id", "关联客户", "client_ref", required=True, in_list=True),
    FieldSpec("kind", "关系", "choice", required=True, choices=LINK_KINDS, in_list=True),
    FieldSpec("notes", "说明", max_length=500, in_list=True),
))

CHILD_SECTIONS = (CONTACTS, BUSINESS_LINES, OTHER_BANKS, SERVICES, VALUE_ITEMS, LINKS)
CLIENT_FIELDS = BASIC.fields + POSITIONING.fields

# table name -> section, for history labels
SECTION_BY_TABLE = {
    "clients": BASIC, "contacts": CONTACTS, "business_lines": BUSINESS_LINES,
    "other_banks": OTHER_BANKS, "services": SERVICES, "value_items": VALUE_ITEMS,
    "client_links": LINKS,
}


def field_label(table: str, key: str) -> str:
    """The Chinese label of a stored field, for the file history."""
    if table == "clients":
        for spec in CLIENT_FIELDS:
            if spec.key == key:
                return spec.label
        return {"archived_at": "归档", "deleted_at": "删除"}.get(key, key)
    section = SECTION_BY_TABLE.get(table)
    if section is None:
        return key
    try:
        return section.field(key).label
    except KeyError:
        return key


def choice_label(spec: FieldSpec, value: str) -> str:
    return dict(spec.choices).get(value, value)


def _spec_of(table: str, key: str) -> FieldSpec | None:
    specs = CLIENT_FIELDS if table == "clients" else getattr(SECTION_BY_TABLE.get(table), "fields", ())
    return next((spec for spec in specs if spec.key == key), None)


def display_value(table: str, key: str, stored: str | None) -> str:
    """A stored value (as the history keeps it, in text) the way a manager reads it:
    amounts with thousands separators, choices by their label, blanks as （空）."""
    if stored in (None, ""):
        return "（空）"
    spec = _spec_of(table, key)
    if spec is None:
        return stored
    if spec.kind == "money":
        return f"{format_money(Decimal(stored))} 元"
    if spec.kind == "percent":
        return f"{Decimal(stored).normalize():f}%"
    if spec.kind == "choice":
        return choice_label(spec, stored)
    return stored


class FieldValueError(ValueError):
    """A value that does not fit its field; the message is for the manager."""


def _clean_text(raw: Any, spec: FieldSpec) -> str:
    """Text as stored: control characters dropped (line breaks and tabs kept in long
    text), the apostrophe a spreadsheet cell put before a formula start taken off."""
    text = strip_control(str(raw), keep="\n\t" if spec.kind == "longtext" else "")
    text = from_cell(unicodedata.normalize("NFC", text))
    if spec.kind != "longtext":
        text = text.strip()
    if not text.strip() and spec.required:
        raise FieldValueError("必须填写")
    if len(text) > spec.max_length:
        raise FieldValueError(f"不能超过 {spec.max_length} 个字，现在 {len(text)} 个")
    return text


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_value(spec: FieldSpec, raw: Any, choices: tuple[str, ...] | None = None) -> Any:
    """Turn raw input (text from a form or a sheet, or an already typed value) into the
    stored value, or raise FieldValueError. Blank gives None ('' for text)."""
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = "" if raw is None else str(raw).strip().lower()
        if text in ("", "0", "否", "false", "no", "n", "×"):
            return False
        if text in ("1", "是", "true", "yes", "y", "√", "✓"):
            return True
        raise FieldValueError("应为“是”或“否”")
    if _is_blank(raw):
        if spec.required:
            raise FieldValueError("必须填写")
        return "" if spec.kind in ("text", "longtext", "choice") else None
    kind = spec.kind
    try:
        if kind in ("text", "longtext"):
            return _clean_text(raw, spec)
        if kind == "choice":
            text = _clean_text(raw, spec)
            options = choices if choices is not None else tuple(k for k, _ in spec.choices)
            labels = {label: key for key, label in spec.choices}
            text = labels.get(text, text)
            if text not in options:
                shown = "、".join(dict(spec.choices).get(o, o) for o in options)
                raise FieldValueError(f"“{raw}”不在可选项中（{shown}）")
            return text
        if kind == "money":
            amount = parse_money(raw)
            if amount is not None and amount < 0:
                raise FieldValueError("金额不能为负数")
            return amount
        if kind == "percent":
            text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("%")
            try:
                value = Decimal(text).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise FieldValueError(f"“{raw}”不是百分比数字") from None
            if value.is_nan():
                raise FieldValueError(f"“{raw}”不是百分比数字")
            if not Decimal(0) <= value <= Decimal(100):
                raise FieldValueError("应在 0 到 100 之间")
            return value
        if kind == "year":
            text = unicodedata.normalize("NFKC", str(raw)).strip()
            if not text.isdecimal() or not 1990 <= int(text) <= 2100:
                raise FieldValueError(f"“{raw}”不是有效年度（1990–2100）")
            return int(text)
        if kind == "date":
            if isinstance(raw, date):
                return raw
            try:
                return dates.parse_date(str(raw))
            except dates.DateTextError as exc:
                raise FieldValueError(exc.reason) from None
        if kind == "time":
            if isinstance(raw, time):
                return raw
            text = unicodedata.normalize("NFKC", str(raw)).strip()
            hours, _, minutes = text.partition(":")
            try:
                return time(int(hours), int(minutes or 0))
            except (ValueError, OverflowError):
                raise FieldValueError(f"“{raw}”不是有效时间（例如 09:30）") from None
        if kind == "minutes":
            text = unicodedata.normalize("NFKC", str(raw)).strip()
            if not text.isdecimal() or not 0 <= int(text) <= 24 * 60:
                raise FieldValueError(f"“{raw}”不是有效分钟数（0–1440）")
            return int(text)
        if kind == "phone":
            return identifiers.normalize_phone(str(raw))
        if kind == "credit_code":
            return identifiers.normalize_credit_code(str(raw))
        if kind == "id_number":
            return identifiers.normalize_id_number(str(raw))
        if kind in ("client_ref", "product_ref"):
            return str(raw).strip()
    except (identifiers.IdentifierError, MoneyError) as exc:
        raise FieldValueError(str(exc)) from None
    raise AssertionError(f"unknown field kind {kind}")


def parse_section(spec: SectionSpec, raw: dict[str, Any], problems: list[FieldProblem],
                  row: int | None = None, creating: bool = True) -> dict[str, Any]:
    """The values of one form or table row of a work record (diary, plans, projects):
    every field of `spec` present in `raw` parsed, each problem added to `problems` with
    the field's label (missing required fields are problems when `creating`). Dates are
    work dates: outside WORK_DATE_MIN..WORK_DATE_MAX they are refused as typos."""
    values: dict[str, Any] = {}
    for item in spec.fields:
        if item.key not in raw:
            if creating and item.required:
                problems.append(FieldProblem(item.key, "必须填写", spec.key, row, item.label))
            continue
        try:
            value = parse_value(item, raw[item.key])
        except FieldValueError as exc:
            problems.append(FieldProblem(item.key, str(exc), spec.key, row, item.label))
            continue
        if item.kind == "date" and value is not None and not (
                WORK_DATE_MIN <= value <= WORK_DATE_MAX):
            problems.append(FieldProblem(item.key, f"日期应在 {WORK_DATE_MIN} 至 {WORK_DATE_MAX} 之间",
                                         spec.key, row, item.label))
            continue
        values[item.key] = value
    return values
