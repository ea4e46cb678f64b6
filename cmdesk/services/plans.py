"""Weekly and monthly plans (周计划/月计划) and plan vs actual.

A week plan belongs to an ISO week ("2026-W48", Monday to Sunday) and holds items: a
client to see (or internal work), what for, the planned day, products to push, the
expected outcome, a priority and a status. Items are validated whole like every form:
every problem is collected with its Chinese label, and nothing is written when one is
found.

Plan vs actual fills itself from the diary: `link_diary_entry` (called by the diary
service after an entry is written) marks the matching planned item of that week done and
links the entry; a deleted or moved entry gives its item back (`unlink_diary_entry`).
Contacts of the week with clients that were not in the plan are listed as unplanned.
Unfinished items are carried over to the next week in one action; clients overdue for
contact (services.cadence) are offered as suggestions (risk watch offers its own:
services.risk.risk_suggestions).

A month plan has its own goals (new clients, visits, products landed) and a summary of
the weeks that fall in the month. The week plan stays data (`week_plan_dict`), so the
head-office export and the printouts read the same thing.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk import workdays
from cmdesk.domain import client_fields as cf
from cmdesk.domain import diary_fields as df
from cmdesk.domain import plan_fields as pf
from cmdesk.errors import CmdeskError, FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    Client,
    DiaryEntry,
    FileHistory,
    MonthPlan,
    PlanItem,
    Product,
    ServiceStatus,
    WeekPlan,
    utcnow,
)
from cmdesk.services import cadence

WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
INTERNAL_LABEL = mark("（内部事务）")
ADOPTED_TEXT = "是"  # how the history writes a switch turned on


# --------------------------------------------------------------------------- weeks

def week_of(day: date) -> str:
    """The ISO week a day falls in, as "2026-W48"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    """A week typed by the manager ("2026-W48", "2026W48", "2026-w8") in its stored form;
    CmdeskError for anything else."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().upper()
    match = WEEK_PATTERN.match(cleaned)
    if match:
        year, week = int(match[1]), int(match[2])
        try:
            return week_of(date.fromisocalendar(year, week, 1))
        except ValueError:
            pass
    raise CmdeskError(translate("“{text}”不是有效的周（格式如 2026-W48）").format(text=text))


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week."""
    stored = parse_week(week)
    monday = date.fromisocalendar(int(stored[:4]), int(stored[6:]), 1)
    return monday, monday + timedelta(days=6)


def shift_week(week: str, weeks: int) -> str:
    monday, _sunday = week_bounds(week)
    return week_of(monday + timedelta(weeks=weeks))


def week_title(week: str) -> str:
    """"2026年第48周（11月23日—11月29日）": how a week is named on screen and paper."""
    monday, sunday = week_bounds(week)
    year, number = int(week[:4]), int(week[6:])
    return (translate("{year}年第{number}周（{month}月{day}日—{month2}月{day2}日）").format(year=year, number=number, month=monday.month, day=monday.day, month2=sunday.month, day2=sunday.day))


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class ItemLine:
    """One plan item as lists, printouts and exports show it."""

    item_id: str
    client_id: str | None
    client_name: str
    title: str
    purpose: str
    purpose_label: str
    planned_date: date | None
    products: tuple[str, ...]  # product ids
    product_names: tuple[str, ...]
    expected_outcome: str
    priority: str
    priority_label: str
    status: str
    status_label: str
    reason: str
    entry_id: str | None
    entry_date: date | None
    carried_from_id: str | None

    @property
    def subject(self) -> str:
        """Who or what the item is about: the client, else the internal work's title."""
        return self.client_name or self.title or translate(INTERNAL_LABEL)


@dataclass(frozen=True)
class UnplannedContact:
    """A contact of the week with a client that had no item in the plan."""

    entry_id: str
    entry_date: date
    kind_label: str
    client_id: str
    client_name: str
    content: str


@dataclass
class WeekView:
    """A week plan as the plan view, the printouts and the exports read it."""

    week: str
    title: str
    monday: date
    sunday: date
    days: list[workdays.DayInfo]
    plan_id: str | None  # None: no plan was made for the week
    notes: str
    submitted_at: datetime | None
    items: list[ItemLine]
    unplanned: list[UnplannedContact] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(item.status for item in self.items)

    @property
    def workday_count(self) -> int:
        return sum(day.workday for day in self.days)

    @property
    def calendar_known(self) -> bool:
        return all(day.known for day in self.days)

    @property
    def done_rate(self) -> float | None:
        """Done items over all items not dropped (None for an empty plan)."""
        counted = sum(1 for item in self.items if item.status != pf.PlanItemStatus.DROPPED)
        return self.counts["done"] / counted if counted else None


def get_week_plan(session: Session, week: str) -> WeekPlan | None:
    return session.scalars(select(WeekPlan).where(
        WeekPlan.week == parse_week(week), WeekPlan.deleted_at.is_(None))).first()


def ensure_week_plan(session: Session, week: str) -> WeekPlan:
    """The week's plan, created empty when there is none yet."""
    plan = get_week_plan(session, week)
    if plan is None:
        plan = WeekPlan(week=parse_week(week), notes="")
        session.add(plan)
        session.flush()
    return plan


def _items_of(session: Session, plan_id: str) -> list[PlanItem]:
    return list(session.scalars(select(PlanItem).where(
        PlanItem.plan_id == plan_id, PlanItem.deleted_at.is_(None))
        .order_by(PlanItem.planned_date.is_(None), PlanItem.planned_date, PlanItem.sort_order,
                  PlanItem.created_at)))


def _item_lines(session: Session, items: list[PlanItem]) -> list[ItemLine]:
    client_ids = {item.client_id for item in items if item.client_id}
    names = dict(session.execute(select(Client.id, Client.name).where(
        Client.id.in_(client_ids))).all()) if client_ids else {}
    product_ids = {pid for item in items for pid in _product_ids(item)}
    products = dict(session.execute(select(Product.id, Product.name).where(
        Product.id.in_(product_ids))).all()) if product_ids else {}
    entry_ids = {item.entry_id for item in items if item.entry_id}
    entry_dates = dict(session.execute(select(DiaryEntry.id, DiaryEntry.entry_date).where(
        DiaryEntry.id.in_(entry_ids))).all()) if entry_ids else {}
    lines = []
    for item in items:
        ids = tuple(_product_ids(item))
        lines.append(ItemLine(
            item.id, item.client_id, names.get(item.client_id or "", ""), item.title,
            item.purpose, pf.purpose_label(item.purpose), item.planned_date, ids,
            tuple(products[i] for i in ids if i in products), item.expected_outcome,
            item.priority, pf.priority_label(item.priority), item.status,
            pf.status_label(item.status), item.reason, item.entry_id,
            entry_dates.get(item.entry_id or ""), item.carried_from_id))
    return lines


def _product_ids(item: PlanItem) -> list[str]:
    return list(json.loads(item.products or "[]"))


def unplanned_contacts(session: Session, week: str, items: list[PlanItem]) -> list[UnplannedContact]:
    """Contact entries of the week (visits, calls, meetings, post-loan checks) with
    clients that have no item in the week's plan, in date order."""
    monday, sunday = week_bounds(week)
    planned = {item.client_id for item in items if item.client_id}
    rows = session.execute(
        select(DiaryEntry.id, DiaryEntry.entry_date, DiaryEntry.kind, DiaryEntry.client_id,
               Client.name, DiaryEntry.content)
        .join(Client, Client.id == DiaryEntry.client_id)
        .where(DiaryEntry.deleted_at.is_(None), DiaryEntry.entry_date >= monday,
               DiaryEntry.entry_date <= sunday, DiaryEntry.kind.in_(df.CONTACT_KINDS))
        .order_by(DiaryEntry.entry_date, DiaryEntry.start_time, DiaryEntry.created_at))
    return [UnplannedContact(entry_id, day, df.entry_kind_label(kind), client_id, name, content)
            for entry_id, day, kind, client_id, name, content in rows
            if client_id not in planned]


def week_view(session: Session, week: str) -> WeekView:
    """The week's plan with its items, days (holidays, 调休) and unplanned contacts; an
    empty view when no plan was made for the week."""
    week = parse_week(week)
    monday, sunday = week_bounds(week)
    plan = get_week_plan(session, week)
    items = _items_of(session, plan.id) if plan else []
    return WeekView(week=week, title=week_title(week), monday=monday, sunday=sunday,
                    days=workdays.days_between(monday, sunday),
                    plan_id=plan.id if plan else None, notes=plan.notes if plan else "",
                    submitted_at=plan.submitted_at if plan else None,
                    items=_item_lines(session, items),
                    unplanned=unplanned_contacts(session, week, items))


def week_plan_dict(view: WeekView) -> dict[str, Any]:
    """The week plan as plain data (JSON-ready): for `cmdesk plans show --json` and the
    head-office export package."""
    return {
        "week": view.week, "title": view.title, "monday": view.monday.isoformat(),
        "sunday": view.sunday.isoformat(), "workdays": view.workday_count,
        "calendar_known": view.calendar_known, "notes": view.notes,
        "submitted_at": view.submitted_at.isoformat() if view.submitted_at else None,
        "counts": {status.value: view.counts[status] for status in pf.PlanItemStatus},
        "items": [{
            "id": item.item_id, "client_id": item.client_id, "client_name": item.client_name,
            "title": item.title, "purpose": item.purpose, "purpose_label": item.purpose_label,
            "planned_date": item.planned_date.isoformat() if item.planned_date else None,
            "products": list(item.product_names), "expected_outcome": item.expected_outcome,
            "priority": item.priority, "status": item.status, "status_label": item.status_label,
            "reason": item.reason, "entry_id": item.entry_id,
            "carried_from_id": item.carried_from_id,
        } for item in view.items],
        "unplanned": [{
            "entry_id": c.entry_id, "entry_date": c.entry_date.isoformat(), "kind": c.kind_label,
            "client_id": c.client_id, "client_name": c.client_name,
        } for c in view.unplanned],
    }


# --------------------------------------------------------------------------- writing

def _problem(key: str, message: str, row: int | None = None) -> FieldProblem:
    label = pf.PRODUCTS_LABEL if key == "products" else pf.PLAN_ITEM.field(key).label
    return FieldProblem(key, message, pf.PLAN_ITEM.key, row, label)


def _check_item(session: Session, week: str, raw: dict[str, Any], current: PlanItem | None,
                problems: list[FieldProblem], row: int | None = None) -> dict[str, Any]:
    """The stored values of one item (raw form values merged over `current`); problems
    are appended, each naming its field (and row)."""
    defaults = {"priority": "normal", "status": pf.PlanItemStatus.PLANNED} if current is None else {}
    merged = {**defaults, **raw}
    values: dict[str, Any] = {}
    for spec in pf.PLAN_ITEM.fields:
        if spec.key not in merged:
            if current is None and spec.required:
                problems.append(_problem(spec.key, translate("必须填写"), row))
            continue
        try:
            values[spec.key] = cf.parse_value(spec, merged[spec.key])
        except cf.FieldValueError as exc:
            problems.append(_problem(spec.key, str(exc), row))

    def final(key: str) -> Any:
        if key in values:
            return values[key]
        return getattr(current, key) if current is not None else None

    client_id = final("client_id") or None
    if "client_id" in values:
        values["client_id"] = client_id
        if client_id:
            client = session.get(Client, client_id)
            if client is None or client.deleted_at is not None:
                problems.append(_problem("client_id", translate("找不到该客户"), row))
    touched = current is None or "title" in values or "client_id" in values
    if touched and not client_id and not final("title"):
        problems.append(_problem("title", translate("请选择客户或填写事项"), row))
    planned_date = final("planned_date")
    if planned_date is not None:
        monday, sunday = week_bounds(week)
        if not monday <= planned_date <= sunday:
            problems.append(_problem(
                "planned_date", translate("{planned_date:%Y-%m-%d} 不在本周（{monday:%m-%d} 至 {sunday:%m-%d}）").format(planned_date=planned_date, monday=monday, sunday=sunday), row))
    status = final("status")
    if status and pf.PlanItemStatus(status).needs_reason and not final("reason"):
        problems.append(_problem("reason", translate("“{status}”需要说明原因").format(status=pf.status_label(final('status'))), row))
    if "products" in raw:
        products = raw["products"]
        if not isinstance(products, (list, tuple)):
            problems.append(_problem("products", translate("应为产品列表"), row))
        else:
            products = [p for p in products if p]
            if len(products) > pf.MAX_PRODUCTS_PER_ITEM:
                problems.append(_problem("products", translate("最多 {MAX_PRODUCTS_PER_ITEM} 个产品").format(MAX_PRODUCTS_PER_ITEM=pf.MAX_PRODUCTS_PER_ITEM), row))
            elif not all(isinstance(p, str) and session.get(Product, p) is not None
                         for p in products):
                problems.append(_problem("products", translate("产品不在产品目录中"), row))
            else:
                values["products"] = json.dumps(list(dict.fromkeys(products)))
    return values


def _live_item(session: Session, item_id: str) -> PlanItem:
    item = session.get(PlanItem, item_id)
    if item is None or item.deleted_at is not None:
        raise NotFoundError(translate("找不到计划事项 {item_id}").format(item_id=item_id))
    return item


def save_item(session: Session, week: str, fields: dict[str, Any],
              item_id: str | None = None) -> str:
    """Create (item_id None) or change one item of the week's plan (the add/edit
    dialog). Raises ValidationError naming every wrong field; then nothing is written."""
    week = parse_week(week)
    current = _live_item(session, item_id) if item_id else None
    if current is not None and current.plan.week != week:
        raise NotFoundError(translate("计划事项 {item_id} 不属于 {week}").format(item_id=item_id, week=week))
    problems: list[FieldProblem] = []
    values = _check_item(session, week, fields, current, problems)
    if problems:
        raise ValidationError(problems)
    if current is None:
        plan = ensure_week_plan(session, week)
        count = session.scalar(select(func.count()).select_from(PlanItem).where(
            PlanItem.plan_id == plan.id, PlanItem.deleted_at.is_(None))) or 0
        if count >= pf.MAX_ITEMS_PER_WEEK:
            raise ValidationError([FieldProblem("items", translate("一周最多 {MAX_ITEMS_PER_WEEK} 项").format(MAX_ITEMS_PER_WEEK=pf.MAX_ITEMS_PER_WEEK),
                                                pf.PLAN_ITEM.key, label=translate("周计划事项"))])
        current = PlanItem(plan_id=plan.id, sort_order=count, **{"products": "[]", **values})
        session.add(current)
    else:
        for key, value in values.items():
            setattr(current, key, value)
    if current.status != pf.PlanItemStatus.DONE:
        current.entry_id = None
    session.flush()
    return current.id


def save_week_items(session: Session, week: str, rows: list[dict[str, Any]],
                    notes: str | None = None) -> str:
    """Save the week's whole plan from a table: rows with an "id" update that item, rows
    without are new, items not listed are tombstoned. Every row is checked before
    anything is written; returns the plan's id."""
    week = parse_week(week)
    plan = get_week_plan(session, week)
    existing = {item.id: item for item in _items_of(session, plan.id)} if plan else {}
    problems: list[FieldProblem] = []
    if len(rows) > pf.MAX_ITEMS_PER_WEEK:
        problems.append(FieldProblem("items", translate("一周最多 {MAX_ITEMS_PER_WEEK} 项").format(MAX_ITEMS_PER_WEEK=pf.MAX_ITEMS_PER_WEEK),
                                     pf.PLAN_ITEM.key, label=translate("周计划事项")))
    checked = []
    for i, row in enumerate(rows):
        row = dict(row)
        row_id = row.pop("id", None)
        current = existing.get(row_id) if row_id else None
        if row_id and current is None:
            problems.append(FieldProblem("id", translate("该行已不存在，请刷新后重试"), pf.PLAN_ITEM.key, i,
                                         translate("周计划事项")))
            continue
        checked.append((current, _check_item(session, week, row, current, problems, i)))
    note_value = None
    if notes is not None:
        try:
            note_value = cf.parse_value(pf.WEEK_PLAN.field("notes"), notes)
        except cf.FieldValueError as exc:
            problems.append(FieldProblem("notes", str(exc), pf.WEEK_PLAN.key,
                                         label=pf.WEEK_PLAN.field("notes").label))
    if problems:
        raise ValidationError(problems)
    plan = plan or ensure_week_plan(session, week)
    if note_value is not None:
        plan.notes = note_value
    kept = set()
    for order, (current, values) in enumerate(checked):
        if current is None:
            current = PlanItem(plan_id=plan.id, **{"products": "[]", **values})
            session.add(current)
        else:
            kept.add(current.id)
            for key, value in values.items():
                setattr(current, key, value)
        current.sort_order = order
        if current.status != pf.PlanItemStatus.DONE:
            current.entry_id = None
    now = utcnow()
    for item_id, item in existing.items():
        if item_id not in kept:
            item.deleted_at = now
    session.flush()
    return plan.id


def save_week_notes(session: Session, week: str, notes: str) -> None:
    """The week's focus (本周重点), shown above the items and printed."""
    try:
        value = cf.parse_value(pf.WEEK_PLAN.field("notes"), notes)
    except cf.FieldValueError as exc:
        raise ValidationError([FieldProblem("notes", str(exc), pf.WEEK_PLAN.key,
                                            label=pf.WEEK_PLAN.field("notes").label)]) from None
    ensure_week_plan(session, week).notes = value
    session.flush()


def set_item_status(session: Session, item_id: str, status: str, reason: str = "") -> None:
    """Mark an item done, moved, dropped or planned again (a reason for moved/dropped)."""
    item = _live_item(session, item_id)
    save_item(session, item.plan.week, {"status": status, "reason": reason}, item_id)


def delete_item(session: Session, item_id: str) -> None:
    """Tombstone an item (the history keeps it)."""
    _live_item(session, item_id).deleted_at = utcnow()
    session.flush()


def mark_submitted(session: Session, week: str) -> datetime:
    """Record that the week's plan was sent to the supervisor; returns when."""
    plan = ensure_week_plan(session, week)
    plan.submitted_at = utcnow()
    session.flush()
    return plan.submitted_at


def carry_over(session: Session, week: str) -> list[str]:
    """Carry every unfinished item of `week` over to the next week in one action: the
    item is marked moved (with the reason), and a copy planned for the same weekday of
    the next week (the next working day from it) points back to it. A client already
    planned next week is not planned twice: that item is pointed back to instead.
    Returns the ids of the next week's items that continue this week's; an item already
    carried over is not carried again."""
    plan = get_week_plan(session, week)
    if plan is None:
        return []
    open_items = [item for item in _items_of(session, plan.id) if pf.PlanItemStatus(item.status).open]
    if not open_items:
        return []
    target = ensure_week_plan(session, shift_week(week, 1))
    _next_monday, next_sunday = week_bounds(target.week)
    existing = _items_of(session, target.id)
    planned_next = {item.client_id: item for item in existing
                    if item.client_id and pf.PlanItemStatus(item.status).open}
    order = len(existing)
    continued = []
    for item in open_items:
        copy = planned_next.get(item.client_id) if item.client_id else None
        if copy is not None:
            copy.carried_from_id = copy.carried_from_id or item.id
        else:
            planned = None
            if item.planned_date is not None:
                planned = workdays.next_workday(item.planned_date + timedelta(weeks=1))
                if planned > next_sunday:
                    planned = item.planned_date + timedelta(weeks=1)
            copy = PlanItem(plan_id=target.id, client_id=item.client_id, title=item.title,
                            purpose=item.purpose, planned_date=planned, products=item.products,
                            expected_outcome=item.expected_outcome, priority=item.priority,
                            status=pf.PlanItemStatus.PLANNED, reason="", carried_from_id=item.id,
                            sort_order=order)
            order += 1
            session.add(copy)
        item.status = "moved"
        item.reason = item.reason or pf.CARRIED_OVER_REASON
        session.flush()
        continued.append(copy.id)
    return continued


# --------------------------------------------------------------------------- suggestions

def suggestions(session: Session, week: str) -> list[cadence.ContactDue]:
    """Clients overdue for contact, or falling due by the week's Sunday, that have no
    item in the week's plan yet: top tier first, most overdue first. `days_overdue` is
    counted at the week's Monday."""
    monday, _sunday = week_bounds(week)
    plan = get_week_plan(session, week)
    planned = {item.client_id for item in _items_of(session, plan.id)} if plan else set()
    return [due for due in cadence.contact_status(session, monday, horizon_days=6)
            if due.client_id not in planned]


def add_suggestion(session: Session, week: str, due: cadence.ContactDue,
                   today: date | None = None) -> str:
    """One click on a suggestion: a maintenance item for the client on the week's first
    working day that is not past, high priority when overdue."""
    monday, sunday = week_bounds(week)
    start = max(monday, today or clock.today())
    day = workdays.next_workday(start) if start <= sunday else None
    return save_item(session, week, {
        "client_id": due.client_id, "purpose": "maintain",
        "planned_date": day if day is not None and day <= sunday else None,
        "priority": "high" if due.days_overdue > 0 else "normal",
        "expected_outcome": translate("按联系频次回访，了解近况与需求")})


# --------------------------------------------------------------------------- plan vs actual

def unlink_diary_entry(session: Session, entry_id: str) -> None:
    """Give back the items an entry completed (it was deleted, or no longer matches)."""
    for item in session.scalars(select(PlanItem).where(
            PlanItem.entry_id == entry_id, PlanItem.deleted_at.is_(None))):
        item.entry_id = None
        if item.status == pf.PlanItemStatus.DONE:
            item.status = pf.PlanItemStatus.PLANNED
    session.flush()


def link_diary_entry(session: Session, entry: DiaryEntry) -> str | None:
    """After a diary entry is written: a contact with a client planned in the entry's
    week marks the item done and links the entry (the planned item nearest the entry's
    day); an entry that no longer matches its item (date, client, kind changed, deleted)
    gives it back. Returns the linked item's id, or None."""
    linked = session.scalars(select(PlanItem).where(
        PlanItem.entry_id == entry.id, PlanItem.deleted_at.is_(None))).first()
    if linked is not None and _matches(linked, entry):
        return linked.id
    if linked is not None:
        unlink_diary_entry(session, entry.id)
    if entry.deleted_at is not None or not entry.client_id or entry.kind not in df.CONTACT_KINDS:
        return None
    plan = get_week_plan(session, week_of(entry.entry_date))
    if plan is None:
        return None
    candidates = [item for item in _items_of(session, plan.id)
                  if item.client_id == entry.client_id and pf.PlanItemStatus(item.status).open]
    if not candidates:
        return None
    item = min(candidates, key=lambda i: abs((i.planned_date or entry.entry_date)
                                             - entry.entry_date).days)
    item.status = pf.PlanItemStatus.DONE
    item.entry_id = entry.id
    item.reason = ""
    session.flush()
    return item.id


def _matches(item: PlanItem, entry: DiaryEntry) -> bool:
    return (entry.deleted_at is None and item.client_id == entry.client_id
            and entry.kind in df.CONTACT_KINDS and item.plan.week == week_of(entry.entry_date))


# --------------------------------------------------------------------------- months

@dataclass(frozen=True)
class WeekSummary:
    """One week of a month's summary: its plan's items by status."""

    week: str
    title: str
    planned: int  # items in the plan
    done: int
    moved: int
    dropped: int
    open: int
    unplanned: int


@dataclass
class MonthView:
    """A month plan: its goals, what the desk counted against them, and its weeks."""

    month: str
    first: date
    last: date
    plan_id: str | None
    goal_new_clients: int
    goal_visits: int
    goal_products: int
    goals_text: str
    notes: str
    new_clients: int
    visits: int
    products_landed: int
    workday_count: int
    calendar_known: bool
    weeks: list[WeekSummary]


def parse_month(text: str) -> str:
    """"2026-11" (also "2026-1"); CmdeskError for anything else."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    match = MONTH_PATTERN.match(cleaned)
    if match and 1 <= int(match[2]) <= 12 and 1990 <= int(match[1]) <= 2100:
        return f"{int(match[1]):04d}-{int(match[2]):02d}"
    raise CmdeskError(translate("“{text}”不是有效的月份（格式如 2026-11）").format(text=text))


def month_bounds(month: str) -> tuple[date, date]:
    stored = parse_month(month)
    first = date(int(stored[:4]), int(stored[5:]), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"


def shift_month(month: str, months: int) -> str:
    first, _last = month_bounds(month)
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def weeks_of_month(month: str) -> list[str]:
    """The ISO weeks whose Thursday falls in the month (each week belongs to one month)."""
    first, last = month_bounds(month)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    weeks = []
    while thursday <= last:
        weeks.append(week_of(thursday))
        thursday += timedelta(weeks=1)
    return weeks


def get_month_plan(session: Session, month: str) -> MonthPlan | None:
    return session.scalars(select(MonthPlan).where(
        MonthPlan.month == parse_month(month), MonthPlan.deleted_at.is_(None))).first()


def _parse_count(spec: cf.FieldSpec, raw: Any) -> int:
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw)).strip()
    if not text:
        return 0
    if not text.isdigit() or not 0 <= int(text) <= pf.MAX_MONTH_GOAL:
        raise cf.FieldValueError(translate("“{raw}”不是 0 到 {MAX_MONTH_GOAL} 之间的整数").format(raw=raw, MAX_MONTH_GOAL=pf.MAX_MONTH_GOAL))
    return int(text)


def save_month_plan(session: Session, month: str, fields: dict[str, Any]) -> str:
    """Create or change the month's plan (its goals and notes); ValidationError names
    every wrong field, nothing is written then."""
    month = parse_month(month)
    problems: list[FieldProblem] = []
    values: dict[str, Any] = {}
    for spec in pf.MONTH_PLAN.fields:
        if spec.key not in fields:
            continue
        try:
            values[spec.key] = (_parse_count(spec, fields[spec.key]) if spec.kind == "count"
                                else cf.parse_value(spec, fields[spec.key]))
        except cf.FieldValueError as exc:
            problems.append(FieldProblem(spec.key, str(exc), pf.MONTH_PLAN.key, label=spec.label))
    if problems:
        raise ValidationError(problems)
    plan = get_month_plan(session, month)
    if plan is None:
        plan = MonthPlan(month=month)
        session.add(plan)
    for key, value in values.items():
        setattr(plan, key, value)
    session.flush()
    return plan.id


def _utc_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time.min), datetime.combine(last + timedelta(days=1), time.min)


def month_view(session: Session, month: str) -> MonthView:
    """The month's goals, the counts the desk knows (clients created, visits logged, and
    products landed: services switched to 已采用 in the month, from the file history)
    and a summary of each of its weeks."""
    month = parse_month(month)
    first, last = month_bounds(month)
    plan = get_month_plan(session, month)
    start, end = _utc_bounds(first, last)
    new_clients = session.scalar(select(func.count()).select_from(Client).where(
        Client.deleted_at.is_(None), Client.created_at >= start, Client.created_at < end)) or 0
    visits = session.scalar(select(func.count()).select_from(DiaryEntry).where(
        DiaryEntry.deleted_at.is_(None), DiaryEntry.kind == df.EntryKind.VISIT,
        DiaryEntry.entry_date >= first, DiaryEntry.entry_date <= last)) or 0
    landed = session.scalar(select(func.count()).select_from(FileHistory).where(
        FileHistory.entity == ServiceStatus.__tablename__, FileHistory.action == "update",
        FileHistory.field == "adopted", FileHistory.new_value == ADOPTED_TEXT,
        FileHistory.at >= start, FileHistory.at < end)) or 0
    days = workdays.days_between(first, last)
    weeks = []
    for week in weeks_of_month(month):
        view = week_view(session, week)
        counts = view.counts
        weeks.append(WeekSummary(week, view.title, len(view.items), counts["done"],
                                 counts["moved"], counts["dropped"], counts["planned"],
                                 len(view.unplanned)))
    return MonthView(
        month=month, first=first, last=last, plan_id=plan.id if plan else None,
        goal_new_clients=plan.goal_new_clients if plan else 0,
        goal_visits=plan.goal_visits if plan else 0,
        goal_products=plan.goal_products if plan else 0,
        goals_text=plan.goals_text if plan else "", notes=plan.notes if plan else "",
        new_clients=new_clients, visits=visits, products_landed=landed,
        workday_count=sum(d.workday for d in days), calendar_known=all(d.known for d in days),
        weeks=weeks)


# --------------------------------------------------------------------------- the supervisor's week

@dataclass
class WeekReport:
    """What the manager sends the supervisor: a week's plan and the week before's plan
    vs actual (on a Friday: next week's plan and this week's results)."""

    plan: WeekView
    previous: WeekView


def default_report_week(today: date) -> str:
    """The week a plan is sent for: the next week."""
    return week_of(today + timedelta(weeks=1))


def week_report(session: Session, week: str) -> WeekReport:
    return WeekReport(week_view(session, week), week_view(session, shift_week(week, -1)))


def day_label(view: WeekView, day: date | None) -> str:
    """"11-24 周二", with the holiday or 调休 mark of the day when it has one."""
    if day is None:
        return translate("待定")
    text = f"{day:%m-%d} {workdays.weekday_short_name(day)}"
    info = next((d for d in view.days if d.day == day), None)
    return translate("{text}（{label}）").format(text=text, label=info.label) if info is not None and info.label else text
