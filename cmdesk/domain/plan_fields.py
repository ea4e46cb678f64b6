"""The fields of the weekly and monthly plans (周计划/月计划), once: purposes, priorities,
statuses with their Chinese labels, and the FieldSpecs the plan service validates with
and the plan view builds its forms from.
"""
from __future__ import annotations

from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark, translate

PURPOSES = (
    ("maintain", mark("维护")),
    ("marketing", mark("营销")),
    ("post_loan", mark("贷后检查")),
    ("collection", mark("催收")),
    ("follow_up", mark("走访督办")),
    ("prospect", mark("拓展新客户")),
    ("internal", mark("内部事务")),
    ("other", mark("其他")),
)
PRIORITIES = (("high", mark("高")), ("normal", mark("中")), ("low", mark("低")))


class PlanItemStatus(LabelledStrEnum):
    PLANNED = "planned", mark("计划中")
    DONE = "done", mark("已完成")
    MOVED = "moved", mark("已顺延")
    DROPPED = "dropped", mark("已取消")

    @property
    def needs_reason(self) -> bool:
        """A moved or dropped item says why."""
        return self in (PlanItemStatus.MOVED, PlanItemStatus.DROPPED)

    @property
    def open(self) -> bool:
        """Still open at the end of its week: carried over to the next one."""
        return self is PlanItemStatus.PLANNED


STATUSES = PlanItemStatus.choices()
CARRIED_OVER_REASON = mark("未完成，顺延至下周")
MAX_ITEMS_PER_WEEK = 500
MAX_PRODUCTS_PER_ITEM = 20
MAX_MONTH_GOAL = 100_000

PLAN_ITEM = SectionSpec("plan_items", mark("周计划事项"), (
    FieldSpec("client_id", mark("客户"), "client_ref", in_list=True),
    FieldSpec("title", mark("事项"), max_length=200, in_list=True),
    FieldSpec("purpose", mark("目的"), "choice", required=True, choices=PURPOSES, in_list=True),
    FieldSpec("planned_date", mark("计划日期"), "date", in_list=True),
    FieldSpec("expected_outcome", mark("预期成果"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("priority", mark("优先级"), "choice", required=True, choices=PRIORITIES, in_list=True),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=STATUSES, in_list=True),
    FieldSpec("reason", mark("顺延/取消原因"), "longtext", max_length=LONG_TEXT_LIMIT),
))
PRODUCTS_LABEL = mark("推介产品")

WEEK_PLAN = SectionSpec("week_plans", mark("周计划"), (
    FieldSpec("notes", mark("本周重点"), "longtext", max_length=LONG_TEXT_LIMIT),
))

MONTH_PLAN = SectionSpec("month_plans", mark("月计划"), (
    FieldSpec("goal_new_clients", mark("新增客户目标"), "count"),
    FieldSpec("goal_visits", mark("走访目标"), "count"),
    FieldSpec("goal_products", mark("产品落地目标"), "count"),
    FieldSpec("goals_text", mark("本月目标"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("notes", mark("备注"), "longtext", max_length=LONG_TEXT_LIMIT),
))


def purpose_label(purpose: str) -> str:
    return translate(dict(PURPOSES).get(purpose, purpose))


def priority_label(priority: str) -> str:
    return translate(dict(PRIORITIES).get(priority, priority))


def status_label(status: str) -> str:
    return PlanItemStatus.label_of(status)
