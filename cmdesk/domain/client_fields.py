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
from cmdesk.domain.money import MoneyError, parse_money
from cmdesk.errors import FieldProblem
from cmdesk.i18n import TranslatedChoices, TranslatedText, mark, translate


class ClientKind(LabelledStrEnum):
    COMPANY = "company", mark("公司客户")
    INDIVIDUAL = "individual", mark("个人客户")


class ClientStatus(LabelledStrEnum):
    PROSPECT = "prospect", mark("潜在")
    ACTIVE = "active", mark("存续")
    DORMANT = "dormant", mark("休眠")
    LOST = "lost", mark("流失")


class LinkKind(LabelledStrEnum):
    PARENT = "parent", mark("母公司/集团")
    SUBSIDIARY = "subsidiary", mark("子公司")
    AFFILIATE = "affiliate", mark("关联企业")
    REFERRAL = "referral", mark("介绍客户")


CLIENT_KINDS = ClientKind.choices()
# fields only one kind of client fills (the other kind leaves them empty)
KIND_ONLY_FIELDS: dict[str, ClientKind] = {
    "credit_code": ClientKind.COMPANY,
    "id_number": ClientKind.INDIVIDUAL,
    "risk_appetite": ClientKind.INDIVIDUAL,
}
CLIENT_STATUSES = ClientStatus.choices()
DEFAULT_TIERS = (mark("核心"), mark("重点"), mark("一般"))
VALUE_CATEGORIES = (
    ("asset", mark("直接收益·资产业务")),
    ("liability", mark("直接收益·负债业务")),
    ("fee", mark("直接收益·中间业务")),
    ("related", mark("关联收益")),
    ("other", mark("其他收益")),
)
# an individual's risk appetite, matched against wealth products' R1..R5 (Cn may buy up to Rn)
RISK_APPETITES = (("C1", mark("C1 保守型")), ("C2", mark("C2 稳健型")), ("C3", mark("C3 平衡型")), ("C4", mark("C4 成长型")),
                  ("C5", mark("C5 进取型")))
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
    label: str = TranslatedText()
    # text longtext choice money percent date time minutes bool phone credit_code id_number
    # year client_ref product_ref
    kind: str = "text"
    required: bool = False
    max_length: int = TEXT_LIMIT
    choices: tuple[tuple[str, str], ...] = TranslatedChoices()
    in_list: bool = False  # shown as a column in the section's table


@dataclass(frozen=True)
class SectionSpec:
    key: str  # "client" or the name of the child collection on Client
    label: str = TranslatedText()
    fields: tuple[FieldSpec, ...]

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)


BASIC = SectionSpec("client", mark("基本信息"), (
    FieldSpec("kind", mark("客户类型"), "choice", required=True, choices=CLIENT_KINDS, in_list=True),
    FieldSpec("name", mark("客户名称"), required=True, in_list=True),
    FieldSpec("credit_code", mark("统一社会信用代码"), "credit_code"),
    FieldSpec("id_number", mark("身份证号"), "id_number"),
    FieldSpec("risk_appetite", mark("风险承受能力（个人）"), "choice", choices=RISK_APPETITES),
    FieldSpec("industry", mark("行业"), max_length=100, in_list=True),
    FieldSpec("region", mark("地区"), max_length=100, in_list=True),
    FieldSpec("address", mark("地址"), max_length=500),
    FieldSpec("scale", mark("规模"), max_length=100),
    FieldSpec("annual_revenue", mark("年营业收入（元）"), "money"),
    FieldSpec("tier", mark("客户等级"), "choice", required=True, in_list=True),
    FieldSpec("source", mark("客户来源"), max_length=100),
    FieldSpec("manager_name", mark("管户客户经理"), max_length=100),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=CLIENT_STATUSES, in_list=True),
    FieldSpec("tags", mark("标签"), max_length=500),
    FieldSpec("notes", mark("备注"), "longtext", max_length=LONG_TEXT_LIMIT),
))

POSITIONING = SectionSpec("client", mark("我行定位"), (
    FieldSpec("our_importance", mark("我行对客户的重要程度"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("our_image", mark("我行形象"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("our_strengths", mark("我行优势"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("our_weaknesses", mark("我行不足"), "longtext", max_length=LONG_TEXT_LIMIT),
))

CONTACTS = SectionSpec("contacts", mark("决策人/联系人"), (
    FieldSpec("name", mark("姓名"), required=True, max_length=100, in_list=True),
    FieldSpec("position", mark("职务"), max_length=100, in_list=True),
    FieldSpec("authority", mark("职权"), max_length=500, in_list=True),
    FieldSpec("relation_method", mark("关系方法"), max_length=500),
    FieldSpec("phone", mark("电话"), "phone", in_list=True),
    FieldSpec("birthday", mark("生日"), "date"),
    FieldSpec("other_business", mark("与我行的其他业务"), max_length=500),
    FieldSpec("our_contacts", mark("在我行的其他联系点"), max_length=500),
    FieldSpec("is_primary", mark("主要联系人"), "bool", in_list=True),
    FieldSpec("notes", mark("备注"), "longtext", max_length=LONG_TEXT_LIMIT),
))

BUSINESS_LINES = SectionSpec("business_lines", mark("主要业务分析"), (
    FieldSpec("nature", mark("业务性质"), required=True, in_list=True),
    FieldSpec("revenue_share", mark("收入占比（%）"), "percent", in_list=True),
    FieldSpec("profit_share", mark("利润占比（%）"), "percent", in_list=True),
    FieldSpec("current_state", mark("现状"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("next_year_plan", mark("来年计划"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("financing_needs", mark("财务需求"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
))

OTHER_BANKS = SectionSpec("other_banks", mark("他行关系"), (
    FieldSpec("institution", mark("金融机构"), required=True, in_list=True),
    FieldSpec("contact_person", mark("对方联系人"), max_length=100, in_list=True),
    FieldSpec("products_terms", mark("提供的产品及条件"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("why_chosen", mark("客户选择原因"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("estimated_spend", mark("客户估计花费（元）"), "money", in_list=True),
))

SERVICES = SectionSpec("services", mark("服务现况"), (
    FieldSpec("product_id", mark("产品"), "product_ref", required=True, in_list=True),
    FieldSpec("needed", mark("客户需要"), "bool", in_list=True),
    FieldSpec("other_bank", mark("他行提供"), "bool", in_list=True),
    FieldSpec("recommended", mark("我行已推荐"), "bool", in_list=True),
    FieldSpec("adopted", mark("客户已采用"), "bool", in_list=True),
    FieldSpec("stopped", mark("客户已停用"), "bool", in_list=True),
    FieldSpec("our_share", mark("我行份额（%）"), "percent", in_list=True),
    FieldSpec("notes", mark("备注"), max_length=500),
))

VALUE_ITEMS = SectionSpec("value_items", mark("客户关系价值"), (
    FieldSpec("year", mark("年度"), "year", required=True, in_list=True),
    FieldSpec("category", mark("收益类别"), "choice", required=True, choices=VALUE_CATEGORIES, in_list=True),
    FieldSpec("description", mark("说明"), max_length=500, in_list=True),
    FieldSpec("amount", mark("金额（元）"), "money", required=True, in_list=True),
    FieldSpec("source_client_id", mark("来源客户"), "client_ref", in_list=True),
))

LINKS = SectionSpec("links", mark("关联客户"), (
    FieldSpec("related_client_id", mark("关联客户"), "client_ref", required=True, in_list=True),
    FieldSpec("kind", mark("关系"), "choice", required=True, choices=LINK_KINDS, in_list=True),
    FieldSpec("notes", mark("说明"), max_length=500, in_list=True),
))

CHILD_SECTIONS = (CONTACTS, BUSINESS_LINES, OTHER_BANKS, SERVICES, VALUE_ITEMS, LINKS)
CLIENT_FIELDS = BASIC.fields + POSITIONING.fields


def choice_label(spec: FieldSpec, value: str) -> str:
    return dict(spec.choices).get(value, value)


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
        raise FieldValueError(translate("必须填写"))
    if len(text) > spec.max_length:
        raise FieldValueError(translate("不能超过 {max_length} 个字，现在 {count} 个").format(max_length=spec.max_length, count=len(text)))
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
        raise FieldValueError(translate("应为“是”或“否”"))
    if _is_blank(raw):
        if spec.required:
            raise FieldValueError(translate("必须填写"))
        return "" if spec.kind in ("text", "longtext", "choice") else None
    kind = spec.kind
    try:
        if kind in ("text", "longtext"):
            return _clean_text(raw, spec)
        if kind == "choice":
            text = _clean_text(raw, spec)
            options = choices if choices is not None else tuple(k for k, _ in spec.choices)
            # a label in Chinese (the source) or in the language shown both name their key
            labels = {label: key for key, label in (*spec.source_choices, *spec.choices)}
            text = labels.get(text, text)
            if text not in options:
                shown = translate("、").join(dict(spec.choices).get(o, o) for o in options)
                raise FieldValueError(translate("“{raw}”不在可选项中（{shown}）").format(raw=raw, shown=shown))
            return text
        if kind == "money":
            amount = parse_money(raw)
            if amount is not None and amount < 0:
                raise FieldValueError(translate("金额不能为负数"))
            return amount
        if kind == "percent":
            text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("%")
            try:
                value = Decimal(text).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise FieldValueError(translate("“{raw}”不是百分比数字").format(raw=raw)) from None
            if value.is_nan():
                raise FieldValueError(translate("“{raw}”不是百分比数字").format(raw=raw))
            if not Decimal(0) <= value <= Decimal(100):
                raise FieldValueError(translate("应在 0 到 100 之间"))
            return value
        if kind == "year":
            text = unicodedata.normalize("NFKC", str(raw)).strip()
            if not text.isdecimal() or not 1990 <= int(text) <= 2100:
                raise FieldValueError(translate("“{raw}”不是有效年度（1990–2100）").format(raw=raw))
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
                raise FieldValueError(translate("“{raw}”不是有效时间（例如 09:30）").format(raw=raw)) from None
        if kind == "minutes":
            text = unicodedata.normalize("NFKC", str(raw)).strip()
            if not text.isdecimal() or not 0 <= int(text) <= 24 * 60:
                raise FieldValueError(translate("“{raw}”不是有效分钟数（0–1440）").format(raw=raw))
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
                problems.append(FieldProblem(item.key, translate("必须填写"), spec.key, row, item.label))
            continue
        try:
            value = parse_value(item, raw[item.key])
        except FieldValueError as exc:
            problems.append(FieldProblem(item.key, str(exc), spec.key, row, item.label))
            continue
        if item.kind == "date" and value is not None and not (
                WORK_DATE_MIN <= value <= WORK_DATE_MAX):
            problems.append(FieldProblem(item.key, translate("日期应在 {WORK_DATE_MIN} 至 {WORK_DATE_MAX} 之间").format(WORK_DATE_MIN=WORK_DATE_MIN, WORK_DATE_MAX=WORK_DATE_MAX),
                                         spec.key, row, item.label))
            continue
        values[item.key] = value
    return values
