"""The fields of the weekly and monthly plans (周计划/月计划), once: purposes, priorities,
statuses with their Chinese labels, and the FieldSpecs the plan service validates with
and the plan view builds its forms from.
"""
from __future__ import annotations

from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec

PURPOSES = (
    ("maintain", "维护"),
    ("marketing", "营销"),
    ("post_loan", "贷后检查"),
    ("collection", "催收"),
    ("follow_up", "走访督办"),
    ("prospect", "拓展新客户"),
    ("internal", "内部事务"),
    ("other", "其他"),
)
PRIORITIES = (("high", "高"), ("normal", "中"), ("low", "低"))


class PlanItemStatus(LabelledStrEnum):
    PLANNED = "planned", "计划中"
    DONE = "done", "已完成"
    MOVED = "moved", "已顺延"
    DROPPED = "dropped", "已取消"

    @property
    def needs_reason(self) -> bool:
        """A moved or dropped item says why."""
        return self in STATUSES_NEEDING_REASON

    @property
    def open(self) -> bool:
        """Still open at the end of its week: carried over to the next one."""
        return self is PlanItemStatus.PLANNED


STATUSES = PlanItemStatus.choices()
STATUSES_NEEDING_REASON = frozenset({PlanItemStatus.MOVED, PlanItemStatus.DROPPED})
CARRIED_OVER_REASON = "未完成，顺延至下周"
MAX_ITEMS_PER_WEEK = 500
MAX_PRODUCTS_PER_ITEM = 20
MAX_MONTH_GOAL = 100_000

PLAN_ITEM = SectionSpec("plan_items", "周计划事项", (
    FieldSpec("client_id", "客户", "client_ref", in_list=True),
    FieldSpec("title", "事项", max_length=200, in_list=True),
    FieldSpec("purpose", "目的", "choice", required=True, choices=PURPOSES, in_list=True),
    FieldSpec("planned_date", "计划日期", "date", in_list=True),
    FieldSpec("expected_outcome", "预期成果", "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("priority", "优先级", "choice", required=True, choices=PRIORITIES, in_list=True),
    FieldSpec("status", "状态", "choice", required=True, choices=STATUSES, in_list=True),
    FieldSpec("reason", "顺延/取消原因", "longtext", max_length=LONG_TEXT_LIMIT),
))
PRODUCTS_LABEL = "推介产品"

WEEK_PLAN = SectionSpec("week_plans", "周计划", (
    FieldSpec("notes", "本周重点", "longtext", max_length=LONG_TEXT_LIMIT),
))

MONTH_PLAN = SectionSpec("month_plans", "月计划", (
    FieldSpec("goal_new_clients", "新增客户目标", "count"),
    FieldSpec("goal_visits", "走访目标", "count"),
    FieldSpec("goal_products", "产品落地目标", "count"),
    FieldSpec("goals_text", "本月目标", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("notes", "备注", "longtext", max_length=LONG_TEXT_LIMIT),
))


def purpose_label(purpose: str) -> str:
    return dict(PURPOSES).get(purpose, purpose)


def priority_label(priority: str) -> str:
    return dict(PRIORITIES).get(priority, priority)


def status_label(status: str) -> str:
    return PlanItemStatus.label_of(status)
