"""Relationship strategy plans (客户关系战略计划书) of key clients, one per client per year.

The plan has the nine sections of DOMAIN.md §5. Sections 1–7 are what the client file
holds (basic data, contacts, business lines, our positioning, other banks, our services,
relationship value) and are read live while the year is open; closing the year
(close_plan, or writing a newer year's plan) freezes them into `snapshot`, so last
year's plan reads as it was. Sections 8 (我行来年计划) and 9 (挑战) are the plan's own
rows, saved whole with the plan like a client file's sections.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain.client_fields import (
    LONG_TEXT_LIMIT,
    FieldSpec,
    SectionSpec,
    parse_section,
)
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import mark, translate
from cmdesk.models import (
    Client,
    Product,
    StrategyChallenge,
    StrategyPlan,
    StrategyPlanRow,
    utcnow,
)
from cmdesk.services.clients import client_file_dict, ensure_not_released, get_client

SECTION_TITLES = (
    mark("客户资料"),
    mark("决策人、联系人"),
    mark("主要业务分析"),
    mark("我行在客户眼中的定位"),
    mark("与其它金融机构的关系"),
    mark("我行提供服务现况"),
    mark("客户关系价值"),
    mark("我行来年计划"),
    mark("来年可能面对的挑战"),
)
MAX_ROWS = 200

PLAN = SectionSpec("strategy_plan", mark("客户关系战略计划书"), (
    FieldSpec("year", mark("计划年度"), "year", required=True, in_list=True),
    FieldSpec("summary", mark("总体思路"), "longtext", max_length=LONG_TEXT_LIMIT),
))

ROWS = SectionSpec("rows", mark("我行来年计划"), (
    FieldSpec("need", mark("客户需求"), "longtext", required=True, max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("product_id", mark("我行产品"), "product_ref", in_list=True),
    FieldSpec("department", mark("负责部门"), max_length=100, in_list=True),
    FieldSpec("person", mark("负责人"), max_length=100, in_list=True),
    FieldSpec("planned_time", mark("计划时间"), max_length=100, in_list=True),
    FieldSpec("method", mark("方式"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("expected_income", mark("预计收益（元）"), "money", in_list=True),
))

CHALLENGES = SectionSpec("challenges", mark("来年可能面对的挑战"), (
    FieldSpec("source", mark("挑战来源"), required=True, in_list=True),
    FieldSpec("content", mark("内容"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("prevention", mark("防范措施"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("timetable", mark("时间表"), in_list=True),
))


@dataclass
class StrategyDraft:
    """What the form wants a plan to be: its fields (计划年度, 总体思路) and, None leaving
    them, its section-8 rows and section-9 challenges (dicts, "id" for stored ones)."""

    fields: dict[str, Any]
    rows: list[dict[str, Any]] | None = None
    challenges: list[dict[str, Any]] | None = None


@dataclass
class StrategyDocument:
    """A plan read for a screen or a PDF: sections 1–7 (plain data, as frozen or live),
    the plan's own rows with product names, and whether the year is closed."""

    plan_id: str
    client_id: str
    client_name: str
    year: int
    summary: str
    closed_at: datetime | None
    file: dict[str, Any]
    rows: list[dict[str, Any]]
    challenges: list[dict[str, Any]]

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


def _plain(value: Any) -> Any:
    """A value as JSON keeps it: amounts and dates as text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def client_sections(session: Session, client_id: str) -> dict[str, Any]:
    """Sections 1–7 as the client file holds them now, as plain data (services carry
    their product's name)."""
    client = get_client(session, client_id)
    data = client_file_dict(session, client)
    names = dict(session.execute(select(Product.id, Product.name)).all())
    for row in data["services"]:
        row["product_name"] = names.get(row["product_id"], "")
    return _plain(data)


def get_plan(session: Session, plan_id: str) -> StrategyPlan:
    plan = session.get(StrategyPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise NotFoundError(translate("找不到战略计划书 {plan_id}").format(plan_id=plan_id))
    return plan


def plan_for_year(session: Session, client_id: str, year: int) -> StrategyPlan | None:
    return session.scalars(select(StrategyPlan).where(
        StrategyPlan.client_id == client_id, StrategyPlan.year == year,
        StrategyPlan.deleted_at.is_(None))).first()


def plans_of(session: Session, client_id: str) -> list[StrategyPlan]:
    """A client's plans, newest year first."""
    return list(session.scalars(select(StrategyPlan).where(
        StrategyPlan.client_id == client_id, StrategyPlan.deleted_at.is_(None))
        .order_by(StrategyPlan.year.desc())))


def _check_rows(session: Session, spec: SectionSpec, raw_rows: list[dict[str, Any]],
                model: type[StrategyPlanRow | StrategyChallenge], plan_id: str | None,
                problems: list[FieldProblem]) -> list[dict[str, Any]]:
    if len(raw_rows) > MAX_ROWS:
        problems.append(FieldProblem(spec.key, translate("最多 {MAX_ROWS} 行").format(MAX_ROWS=MAX_ROWS), spec.key, None, spec.label))
    rows = []
    for i, raw in enumerate(raw_rows[:MAX_ROWS]):
        parsed = parse_section(spec, raw, problems, row=i)
        product_id = parsed.get("product_id")
        if product_id:
            product = session.get(Product, product_id)
            if product is None or product.deleted_at is not None:
                problems.append(FieldProblem("product_id", translate("产品不在产品目录中"), spec.key, i,
                                             spec.field("product_id").label))
        elif "product_id" in parsed:
            parsed["product_id"] = None
        row_id = raw.get("id")
        if row_id:
            stored = session.get(model, row_id)
            if stored is None or stored.deleted_at is not None or stored.plan_id != plan_id:
                problems.append(FieldProblem("id", translate("该行已不存在，请刷新后重试"), spec.key, i, spec.label))
        rows.append(dict(parsed, id=row_id))
    return rows


def save_plan(session: Session, client_id: str, draft: StrategyDraft,
              plan_id: str | None = None) -> str:
    """Create (plan_id None) or update a client's plan of a year with its rows.

    One plan per client per year; a closed year cannot be changed. Creating a plan
    closes the client's open plans of earlier years. Raises ValidationError listing every
    problem; then nothing has been written."""
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError(translate("找不到客户 {client_id}").format(client_id=client_id))
    ensure_not_released(session, client_id, "strategy_plan")
    current = get_plan(session, plan_id) if plan_id else None
    if current is not None and current.client_id != client_id:
        raise NotFoundError(translate("战略计划书 {plan_id} 不属于这个客户").format(plan_id=plan_id))
    problems: list[FieldProblem] = []
    if current is not None and current.closed_at is not None:
        problems.append(FieldProblem("year", translate("{year} 年度的计划书已结束并存档，只能查看").format(year=current.year),
                                     PLAN.key, None, PLAN.field("year").label))
        raise ValidationError(problems)
    values = parse_section(PLAN, draft.fields, problems, creating=current is None)
    year = values.get("year", current.year if current else None)
    if year is not None:
        other = plan_for_year(session, client_id, year)
        if other is not None and other.id != plan_id:
            problems.append(FieldProblem("year", translate("这个客户 {year} 年度已有战略计划书，每个客户每年只能有一份").format(year=year),
                                         PLAN.key, None, PLAN.field("year").label))
    rows = None if draft.rows is None else _check_rows(
        session, ROWS, draft.rows, StrategyPlanRow, plan_id, problems)
    challenges = None if draft.challenges is None else _check_rows(
        session, CHALLENGES, draft.challenges, StrategyChallenge, plan_id, problems)
    if problems:
        raise ValidationError(problems)

    if current is None:
        plan = StrategyPlan(client_id=client_id, **values)
        session.add(plan)
        for older in plans_of(session, client_id):
            if older.year < plan.year and older.closed_at is None:
                _freeze(session, older)
    else:
        plan = current
        for key, value in values.items():
            setattr(plan, key, value)
    session.flush()
    if rows is not None:
        _apply_rows(session, StrategyPlanRow, plan.id, rows)
    if challenges is not None:
        _apply_rows(session, StrategyChallenge, plan.id, challenges)
    session.flush()
    return plan.id


def _apply_rows(session: Session, model: type[StrategyPlanRow | StrategyChallenge],
                plan_id: str, rows: list[dict[str, Any]]) -> None:
    existing = {r.id: r for r in session.scalars(select(model).where(
        model.plan_id == plan_id, model.deleted_at.is_(None)))}
    kept = set()
    for order, row in enumerate(rows):
        row = dict(row)
        row_id = row.pop("id", None)
        record = existing.get(row_id) if row_id else None
        if record is None:
            session.add(model(plan_id=plan_id, sort_order=order, **row))
        else:
            kept.add(row_id)
            for key, value in row.items():
                setattr(record, key, value)
            record.sort_order = order
    now = utcnow()
    for row_id, record in existing.items():
        if row_id not in kept:
            record.deleted_at = now


def frozen_sections(session: Session, client_id: str) -> str:
    """Sections 1–7 as the client file holds them now, as the snapshot of a closed year."""
    return json.dumps(client_sections(session, client_id), ensure_ascii=False)


def _freeze(session: Session, plan: StrategyPlan) -> None:
    plan.snapshot = frozen_sections(session, plan.client_id)
    plan.closed_at = utcnow()


def close_plan(session: Session, plan_id: str) -> None:
    """End the plan's year: sections 1–7 are frozen as the client file holds them now and
    the plan can no longer be changed."""
    plan = get_plan(session, plan_id)
    if plan.closed_at is None:
        _freeze(session, plan)
        session.flush()


def delete_plan(session: Session, plan_id: str) -> None:
    """Tombstone an open plan with its rows (a closed year stays on file)."""
    plan = get_plan(session, plan_id)
    if plan.closed_at is not None:
        raise ValidationError([FieldProblem("year", translate("{year} 年度的计划书已结束并存档，不能删除").format(year=plan.year),
                                            PLAN.key, None, PLAN.field("year").label)])
    now = utcnow()
    plan.deleted_at = now
    for record in [*plan.rows, *plan.challenges]:
        record.deleted_at = now
    session.flush()


def _row_dict(record: Any, spec: SectionSpec) -> dict[str, Any]:
    return {"id": record.id, **{item.key: getattr(record, item.key) for item in spec.fields}}


def read_plan(session: Session, plan_id: str) -> StrategyDocument:
    """The whole plan: sections 1–7 frozen (closed year) or live, and its own rows."""
    plan = get_plan(session, plan_id)
    file = json.loads(plan.snapshot) if plan.closed_at and plan.snapshot else \
        client_sections(session, plan.client_id)
    names = dict(session.execute(select(Product.id, Product.name)).all())
    rows = [dict(_row_dict(row, ROWS), product_name=names.get(row.product_id or "", ""))
            for row in plan.rows]
    return StrategyDocument(
        plan_id=plan.id, client_id=plan.client_id, client_name=file["client"]["name"],
        year=plan.year, summary=plan.summary, closed_at=plan.closed_at, file=file, rows=rows,
        challenges=[_row_dict(item, CHALLENGES) for item in plan.challenges])
