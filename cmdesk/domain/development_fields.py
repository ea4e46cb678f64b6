"""The fields of a client development plan (客户发展计划) and its milestones, once: the
plan's and the milestones' statuses with their labels, and the FieldSpecs the development
service validates with and the client file's plan tab builds its form from.
"""
from __future__ import annotations

from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec


class DevelopmentPlanStatus(LabelledStrEnum):
    ACTIVE = "active", "进行中"
    WON = "won", "已达成"
    DROPPED = "dropped", "已放弃"


class DevelopmentMilestoneStatus(LabelledStrEnum):
    OPEN = "open", "未完成"
    DONE = "done", "已完成"
    MISSED = "missed", "已延误"


PLAN_STATUSES = DevelopmentPlanStatus.choices()
MILESTONE_STATUSES = DevelopmentMilestoneStatus.choices()
MAX_MILESTONES = 200

PLAN = SectionSpec("development_plan", "客户发展计划", (
    FieldSpec("target", "发展目标", "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("strategy", "营销策略", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("measures", "具体措施", "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("resource_departments", "需要的部门支持", max_length=500),
    FieldSpec("resource_people", "需要的人员", max_length=500),
    FieldSpec("pricing_approval", "定价审批", max_length=500),
    FieldSpec("status", "状态", "choice", required=True, choices=PLAN_STATUSES, in_list=True),
    FieldSpec("target_date", "目标日期", "date", in_list=True),
))

MILESTONES = SectionSpec("milestones", "里程碑", (
    FieldSpec("title", "里程碑", required=True, in_list=True),
    FieldSpec("due_date", "计划日期", "date", in_list=True),
    FieldSpec("status", "状态", "choice", required=True, choices=MILESTONE_STATUSES, in_list=True),
    FieldSpec("done_on", "完成日期", "date", in_list=True),
    FieldSpec("notes", "说明", "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
))
