"""Client development plans (客户发展计划): what we want to win from a prospect or a
client, the strategy and measures, the resources needed, and dated milestones.

A plan is saved whole with its milestones, like a client file: every field checked
first (labels from the specs below), nothing written when anything is wrong; milestones
missing from a save are tombstoned.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.domain.client_fields import parse_section
from cmdesk.domain.development_fields import (
    MAX_MILESTONES,
    MILESTONES,
    NEW_PLAN_STATUS,
    PLAN,
    DevelopmentMilestoneStatus,
    DevelopmentPlanStatus,
)
from cmdesk.errors import FieldProblem, NotFoundError, ValidationError
from cmdesk.i18n import translate
from cmdesk.models import Client, DevelopmentMilestone, DevelopmentPlan, utcnow
from cmdesk.services.clients import ensure_not_released

@dataclass
class PlanDraft:
    """What the form wants a plan to be: its fields, and (None leaves them) its milestones,
    each a dict of fields with "id" for a stored one."""

    fields: dict[str, Any]
    milestones: list[dict[str, Any]] | None = None


def _live_client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted_at is not None:
        raise NotFoundError(translate("找不到客户 {client_id}").format(client_id=client_id))
    return client


def get_plan(session: Session, plan_id: str) -> DevelopmentPlan:
    plan = session.get(DevelopmentPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise NotFoundError(translate("找不到发展计划 {plan_id}").format(plan_id=plan_id))
    return plan


def save_plan(session: Session, client_id: str, draft: PlanDraft, plan_id: str | None = None) -> str:
    """Create (plan_id None) or update a client's development plan with its milestones.

    Raises ValidationError listing every problem; then nothing has been written."""
    _live_client(session, client_id)
    ensure_not_released(session, client_id, "development_plan")
    current = get_plan(session, plan_id) if plan_id else None
    if current is not None and current.client_id != client_id:
        raise NotFoundError(translate("发展计划 {plan_id} 不属于这个客户").format(plan_id=plan_id))
    problems: list[FieldProblem] = []
    values = parse_section(PLAN, {"status": NEW_PLAN_STATUS, **draft.fields} if current is None
                          else draft.fields, problems, creating=current is None)
    rows: list[dict[str, Any]] | None = None
    if draft.milestones is not None:
        rows = []
        if len(draft.milestones) > MAX_MILESTONES:
            problems.append(FieldProblem("milestones", translate("最多 {MAX_MILESTONES} 个").format(MAX_MILESTONES=MAX_MILESTONES), MILESTONES.key,
                                         None, MILESTONES.label))
        for i, raw in enumerate(draft.milestones[:MAX_MILESTONES]):
            parsed = parse_section(MILESTONES, {"status": DevelopmentMilestoneStatus.OPEN, **raw}, problems, row=i)
            row_id = raw.get("id")
            if row_id:
                stored = session.get(DevelopmentMilestone, row_id)
                if stored is None or stored.deleted_at is not None or stored.plan_id != plan_id:
                    problems.append(FieldProblem("id", translate("该行已不存在，请刷新后重试"), MILESTONES.key,
                                                 i, MILESTONES.label))
            rows.append(dict(parsed, id=row_id))
    if problems:
        raise ValidationError(problems)

    if current is None:
        plan = DevelopmentPlan(client_id=client_id, **values)
        session.add(plan)
    else:
        plan = current
        for key, value in values.items():
            setattr(plan, key, value)
    session.flush()
    if rows is not None:
        _apply_milestones(session, plan, rows)
    session.flush()
    return plan.id


def _apply_milestones(session: Session, plan: DevelopmentPlan, rows: list[dict[str, Any]]) -> None:
    existing = {m.id: m for m in session.scalars(select(DevelopmentMilestone).where(
        DevelopmentMilestone.plan_id == plan.id, DevelopmentMilestone.deleted_at.is_(None)))}
    kept = set()
    for row in rows:
        row = dict(row)
        row_id = row.pop("id", None)
        milestone = existing.get(row_id) if row_id else None
        if milestone is None:
            session.add(DevelopmentMilestone(plan_id=plan.id, **row))
        else:
            kept.add(row_id)
            for key, value in row.items():
                setattr(milestone, key, value)
    now = utcnow()
    for row_id, milestone in existing.items():
        if row_id not in kept:
            milestone.deleted_at = now


def delete_plan(session: Session, plan_id: str) -> None:
    """Tombstone a plan and its milestones; the history keeps them."""
    plan = get_plan(session, plan_id)
    now = utcnow()
    plan.deleted_at = now
    for milestone in plan.milestones:
        milestone.deleted_at = now
    session.flush()


def plans_of(session: Session, client_id: str) -> list[DevelopmentPlan]:
    """A client's development plans, active first, then newest first."""
    order = {status: i for i, status in enumerate(DevelopmentPlanStatus)}
    plans = list(session.scalars(select(DevelopmentPlan).where(
        DevelopmentPlan.client_id == client_id, DevelopmentPlan.deleted_at.is_(None))
        .order_by(DevelopmentPlan.created_at.desc())))
    return sorted(plans, key=lambda plan: order.get(plan.status, len(order)))


def plan_dict(plan: DevelopmentPlan) -> dict[str, Any]:
    """A plan as plain data: its fields, "id", and "milestones" (rows with "id")."""
    return {"id": plan.id, **{spec.key: getattr(plan, spec.key) for spec in PLAN.fields},
            "milestones": [{"id": m.id, **{spec.key: getattr(m, spec.key) for spec in MILESTONES.fields}}
                           for m in plan.milestones]}
