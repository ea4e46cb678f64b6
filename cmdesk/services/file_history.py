"""A client file's history (变更历史) in the manager's words.

The audit trail (`file_history`) stores what changed as the database knows it: a table,
a column, stored values, ids. This module turns each stored line into one sentence a
customer manager reads — "修改了 联系人「王五」的 联系电话：138****1234 → 139****5678",
"新建客户", "移交给 李四（原管户：张三）" — with field names from the field specs in
cmdesk/domain/*_fields.py, choices by their label, references by the name of what they
point to, money with separators and personal numbers masked as in the lists. Nothing of
the storage (table or column names, codes, ids) reaches a line.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain import client_fields as cf
from cmdesk.domain import development_fields as dvf
from cmdesk.domain import diary_fields as df
from cmdesk.domain import plan_fields as pf
from cmdesk.domain import project_fields as pjf
from cmdesk.domain import proposal_fields as prf
from cmdesk.domain import risk_fields as rf
from cmdesk.domain.identifiers import mask_id, mask_phone
from cmdesk.domain.money import format_money
from cmdesk.i18n import mark, translate
from cmdesk.models import Base, Client, Contact, DiaryEntry, FileHistory, Product
from cmdesk.storage import audit

LONG_VALUE_CHARS = 60  # a longer text value is shortened in a history line
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)

# The fields of every record kind that belongs to a client file, from the forms' specs.
TABLE_FIELDS: dict[str, tuple[cf.FieldSpec, ...]] = {
    "clients": cf.CLIENT_FIELDS, "contacts": cf.CONTACTS.fields,
    "business_lines": cf.BUSINESS_LINES.fields, "other_banks": cf.OTHER_BANKS.fields,
    "services": cf.SERVICES.fields, "value_items": cf.VALUE_ITEMS.fields,
    "client_links": cf.LINKS.fields, "diary_entries": df.ENTRY.fields,
    "visit_reports": df.VISIT_REPORT.fields, "follow_ups": df.FOLLOW_UP.fields,
    "plan_items": pf.PLAN_ITEM.fields, "development_plans": dvf.PLAN.fields,
    "development_milestones": dvf.MILESTONES.fields, "projects": pjf.PROJECT.fields,
    "project_members": pjf.MEMBER.fields, "project_milestones": pjf.MILESTONE.fields,
    "project_logs": pjf.LOG.fields, "proposals": prf.PROPOSAL.fields,
    "proposal_versions": prf.VERSION.fields, "proposal_lines": prf.LINE.fields,
    "loans": rf.LOAN.fields, "credit_lines": rf.CREDIT_LINE.fields,
    "loan_checks": rf.CHECK.fields, "warning_signals": rf.SIGNAL.fields,
}

# What a record of each kind is called in a sentence ("新建了 联系人「王五」").
TABLE_NOUNS = {
    "clients": mark("客户档案"), "contacts": mark("联系人"), "business_lines": mark("主要业务"),
    "other_banks": mark("他行关系"), "services": mark("服务现况"), "value_items": mark("关系价值"),
    "client_links": mark("关联客户"), "diary_entries": mark("工作日志"),
    "visit_reports": mark("访客报告"), "follow_ups": mark("督办事项"),
    "plan_items": mark("周计划事项"), "development_plans": mark("客户发展计划"),
    "development_milestones": mark("发展计划里程碑"), "strategy_plans": mark("战略计划书"),
    "strategy_plan_rows": mark("来年计划条目"), "strategy_challenges": mark("来年挑战"),
    "projects": mark("立项"), "project_members": mark("项目小组成员"),
    "project_milestones": mark("项目里程碑"), "project_logs": mark("项目日志"),
    "proposals": mark("服务方案"), "proposal_versions": mark("方案版本"),
    "proposal_lines": mark("推荐产品"), "proposal_events": mark("方案审批记录"),
    "loans": mark("贷款"), "credit_lines": mark("授信"), "loan_checks": mark("贷后检查"),
    "warning_signals": mark("预警信号"),
}
OTHER_RECORD = mark("记录")

# Columns kept beside the form fields (bookkeeping a manager still recognises).
EXTRA_FIELD_LABELS = {
    "archived_at": mark("归档"), "released_at": mark("移交时间"), "released_to": mark("移交给"),
    "contacts_met": mark("见面人员"), "closed_by": mark("办结人"), "closed_at": mark("办结时间"),
    "closed_on": mark("解除日期"), "reported_at": mark("向上报告时间"),
    "products": mark("推介产品"), "entry_id": mark("对应日志"), "carried_from_id": mark("延续自"),
    "sort_order": mark("顺序"), "status": mark("状态"), "decided_by": mark("审批人"),
    "decided_at": mark("审批时间"), "development_plan_id": mark("发展计划"),
    "current_version": mark("当前版本"), "project_id": mark("立项"),
    "client_participants": mark("客户方人员"), "products_recommended": mark("推荐产品"),
    "year": mark("年度"), "summary": mark("摘要"), "snapshot": mark("内容"),
    "client_id": mark("客户"), "plan_id": mark("所属计划"), "printed_at": mark("打印时间"),
    "number": mark("版本号"),
}
OTHER_FIELD = mark("其他信息")
# Status columns outside the forms, by table.
EXTRA_CHOICES = {
    ("projects", "status"): pjf.ProjectStatus.choices(),
    ("proposals", "status"): prf.ProposalStatus.choices(),
}
# The column that names a record of each kind, for records the change log stored without a
# name (it names people, institutions and products) and for references to them. A plan
# item in a client's history is named by its day (the client is the file's own).
LABEL_COLUMNS = {
    "plan_items": "planned_date", "projects": "title", "proposals": "title",
    "development_plans": "target", "development_milestones": "title",
    "project_milestones": "title", "project_members": "name", "project_logs": "log_date",
    "loans": "contract_no", "credit_lines": "line_no", "loan_checks": "check_date",
    "warning_signals": "cause", "proposal_versions": "number", "strategy_plans": "year",
}
# Reference columns outside the forms, by the kind of record they point to.
REFERENCE_TABLES = {
    "project_id": "projects", "development_plan_id": "development_plans",
    "credit_line_id": "credit_lines", "proposal_id": "proposals",
}
# Columns holding a JSON list: of product ids, or of people ({"name": …, "position": …}).
PRODUCT_LISTS = frozenset({"products", "products_recommended"})
PEOPLE_LISTS = frozenset({"contacts_met", "client_participants"})
MASKS = {"phone": mask_phone, "credit_code": mask_id, "id_number": mask_id}
MASKED_KEYS = {"phone": mask_phone, "mobile": mask_phone, "credit_code": mask_id,
               "id_number": mask_id}


@dataclass(frozen=True)
class HistoryLine:
    """One line of a client file's history: when (UTC), who, and what in words."""

    at: datetime
    actor: str
    text: str


def _spec(table: str, key: str) -> cf.FieldSpec | None:
    return next((spec for spec in TABLE_FIELDS.get(table, ()) if spec.key == key), None)


def field_label(table: str, key: str) -> str:
    """The label a manager knows a stored field by."""
    spec = _spec(table, key)
    if spec is not None:
        return translate(spec.label)
    return translate(EXTRA_FIELD_LABELS.get(key, OTHER_FIELD))


def _is_reference(table: str, key: str) -> bool:
    spec = _spec(table, key)
    return (spec is not None and spec.kind in ("client_ref", "product_ref")) or key.endswith("_id")


def _shorten(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= LONG_VALUE_CHARS else line[:LONG_VALUE_CHARS] + "…"


def _amount(stored: str) -> Decimal | None:
    try:
        return Decimal(stored)
    except InvalidOperation:
        return None


def value_text(table: str, key: str, stored: str | None, names: dict[str, str]) -> str:
    """A stored value the way the forms show it: （空）, a choice's label, a name for an
    id, money with separators, a masked personal number, a short text."""
    if stored in (None, ""):
        return translate("（空）")
    spec = _spec(table, key)
    if key in PRODUCT_LISTS or key in PEOPLE_LISTS:
        return _list_text(stored, names)
    if _is_reference(table, key):
        return names.get(stored, translate("（已删除的记录）"))
    kind = spec.kind if spec else ""
    mask = MASKS.get(kind) or MASKED_KEYS.get(key)
    if mask is not None:
        return mask(stored)
    choices = spec.choices if spec and spec.choices else EXTRA_CHOICES.get((table, key), ())
    if choices:
        return translate(dict(choices).get(stored, stored))
    if kind == "money" and (amount := _amount(stored)) is not None:
        return translate("{amount} 元").format(amount=format_money(amount))
    if kind == "percent" and (amount := _amount(stored)) is not None:
        return f"{amount.normalize():f}%"
    if key.endswith("_at"):
        return _local_time(stored)
    if UUID_PATTERN.search(stored):
        return translate("（已删除的记录）")
    return _shorten(stored)


def _list_text(stored: str, names: dict[str, str]) -> str:
    """A JSON list of product ids or of people as the names, 、-separated."""
    try:
        elements = json.loads(stored)
    except ValueError:
        return _shorten(stored)
    if not isinstance(elements, list):
        return _shorten(stored)
    shown = [str(element.get("name") or "") if isinstance(element, dict)
             else names.get(str(element), translate("（已删除的记录）")) for element in elements]
    return _shorten("、".join(name for name in shown if name)) or translate("（空）")


def _local_time(stored: str) -> str:
    """A stored UTC time as the local wall-clock minute (2026-12-02 10:15)."""
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return _shorten(stored)
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def _noun(table: str) -> str:
    return translate(TABLE_NOUNS.get(table, OTHER_RECORD))


def _what(entry: FileHistory, names: dict[str, str]) -> str:
    """The record a line is about: "联系人「王五」", or the noun alone."""
    name = entry.summary or names.get(entry.entity_id, "")
    if name and not UUID_PATTERN.search(name):
        return translate("{noun}「{name}」").format(noun=_noun(entry.entity), name=_shorten(name))
    return _noun(entry.entity)


def _update_text(entry: FileHistory, names: dict[str, str]) -> str:
    if entry.entity == "clients" and entry.field == "archived_at":
        return translate("归档了档案") if entry.new_value else translate("取消了归档")
    old = value_text(entry.entity, entry.field, entry.old_value, names)
    new = value_text(entry.entity, entry.field, entry.new_value, names)
    label = field_label(entry.entity, entry.field)
    if entry.entity == "clients":
        return translate("修改了 {field}：{old} → {new}").format(field=label, old=old, new=new)
    return translate("修改了 {what} 的 {field}：{old} → {new}").format(
        what=_what(entry, names), field=label, old=old, new=new)


def _handover_text(entry: FileHistory) -> str:
    if entry.new_value:
        if entry.old_value:
            return translate("移交给 {taker}（原管户：{giver}）").format(
                taker=entry.new_value, giver=entry.old_value)
        return translate("移交给 {taker}").format(taker=entry.new_value)
    return entry.summary or translate("办理了移交")  # a package's line is in words already


def _event_text(entry: FileHistory, names: dict[str, str]) -> str:
    """Desk events written by `audit.record_event`: their summary is already in words."""
    action = translate(audit.ACTION_LABELS.get(entry.action, OTHER_RECORD))
    if entry.action == audit.VIEW_UNMASKED:
        return entry.summary or translate("查看了完整的证件号码或电话")
    if entry.action == audit.PRINT_UNMASKED:
        return translate("未隐去个人信息打印了 {what}").format(what=_what(entry, names))
    if entry.summary:
        return translate("{action}：{what}").format(action=action, what=entry.summary)
    return action


def line_text(entry: FileHistory, names: dict[str, str]) -> str:
    """One stored history line as a sentence."""
    if entry.action == "create":
        if entry.entity == "clients":
            return translate("新建客户")
        return translate("新建了 {what}").format(what=_what(entry, names))
    if entry.action == "delete":
        if entry.entity == "clients":
            return translate("删除了客户档案")
        return translate("删除了 {what}").format(what=_what(entry, names))
    if entry.action == "update":
        return _update_text(entry, names)
    if entry.action == audit.HANDOVER:
        return _handover_text(entry)
    return _event_text(entry, names)


def _label_text(table: str, value: object) -> str:
    if table == "strategy_plans":
        return translate("{year} 年度").format(year=value)
    if table == "proposal_versions":
        return translate("第 {number} 版").format(number=value)
    return str(value)


def record_names(session: Session, wanted: dict[str, set[str]]) -> dict[str, str]:
    """Names for record ids, by the kind of record they are (clients, products, contacts,
    diary entries — "2026-12-02 走访" — and the kinds in LABEL_COLUMNS); one read per kind."""
    names: dict[str, str] = {}
    for table, model in (("clients", Client), ("products", Product), ("contacts", Contact)):
        if wanted.get(table):
            names.update(session.execute(
                select(model.id, model.name).where(model.id.in_(wanted[table]))).all())
    if wanted.get("diary_entries"):
        for entry_id, day, kind in session.execute(select(
                DiaryEntry.id, DiaryEntry.entry_date, DiaryEntry.kind)
                .where(DiaryEntry.id.in_(wanted["diary_entries"]))):
            names[entry_id] = translate("{day} {kind}").format(
                day=day.isoformat(), kind=translate(df.entry_kind_label(kind)))
    for table, column in LABEL_COLUMNS.items():
        if wanted.get(table):
            stored = Base.metadata.tables[table]
            names.update((record_id, _label_text(table, value)) for record_id, value in
                         session.execute(select(stored.c.id, stored.c[column])
                                         .where(stored.c.id.in_(wanted[table]))) if value)
    return names


def _referred_table(table: str, key: str) -> str | None:
    """The kind of record a reference column points to (None: not a reference)."""
    spec = _spec(table, key)
    if spec is not None and spec.kind == "product_ref":
        return "products"
    if key == "entry_id":
        return "diary_entries"
    if key in REFERENCE_TABLES:
        return REFERENCE_TABLES[key]
    if (spec is not None and spec.kind == "client_ref") or key.endswith("client_id"):
        return "clients"
    return None


def _wanted_names(entries: list[FileHistory]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if not entry.summary and entry.entity in LABEL_COLUMNS:
            wanted.setdefault(entry.entity, set()).add(entry.entity_id)
        if entry.action == "update" and entry.field in PRODUCT_LISTS:
            for value in (entry.old_value, entry.new_value):
                try:
                    ids = json.loads(value or "[]")
                except ValueError:
                    continue
                if isinstance(ids, list):
                    wanted.setdefault("products", set()).update(str(i) for i in ids)
        elif entry.action == "update" and _is_reference(entry.entity, entry.field):
            table = _referred_table(entry.entity, entry.field)
            if table is not None:
                wanted.setdefault(table, set()).update(
                    value for value in (entry.old_value, entry.new_value) if value)
    return wanted


def client_history(session: Session, client_id: str) -> list[HistoryLine]:
    """The file's history, newest first, one sentence per stored line."""
    entries = list(session.scalars(
        select(FileHistory).where(FileHistory.client_id == client_id)
        .order_by(FileHistory.at.desc(), FileHistory.entity, FileHistory.field)))
    names = record_names(session, _wanted_names(entries))
    return [HistoryLine(at=entry.at, actor=entry.actor, text=line_text(entry, names))
            for entry in entries]
