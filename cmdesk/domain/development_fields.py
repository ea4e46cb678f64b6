"""The fields of a client development plan (客户发展计划) and its milestones, once: the
plan's and the milestones' statuses with their labels, and the FieldSpecs the development
service validates with and the client file's plan tab builds its form from.
"""
from __future__ import annotations

from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark


class DevelopmentPlanStatus(LabelledStrEnum):
    ACTIVE = "active", mark("进行中")
    WON = "won", mark("已达成")
    DROPPED = "dropped", mark("已放弃")


class DevelopmentMilestoneStatus(LabelledStrEnum):
    OPEN = "open", mark("未完成")
    DONE = "done", mark("已完成")
    MISSED = "missed", mark("已延误")


# the status a new plan starts in when its form leaves the status out
NEW_PLAN_STATUS = DevelopmentPlanStatus.ACTIVE
PLAN_STATUSES = DevelopmentPlanStatus.choices()
MILESTONE_STATUSES = DevelopmentMilestoneStatus.choices()
MAX_MILESTONES = 200

PLAN = SectionSpec("development_plan", mark("客户发展计划"), (
    FieldSpec("target", mark("发展目标"), "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("strategy", mark("营销策略"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("measures", mark("具体措施"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("resource_departments", mark("需要的部门支持"), max_length=500),
    FieldSpec("resource_people", mark("需要的人员"), max_length=500),
    FieldSpec("pricing_approval", mark("定价审批"), max_length=500),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=PLAN_STATUSES, in_list=True),
    FieldSpec("target_date", mark("目标日期"), "date", in_list=True),
))

MILESTONES = SectionSpec("milestones", mark("里程碑"), (
    FieldSpec("title", mark("里程碑"), required=True, in_list=True),
    FieldSpec("due_date", mark("计划日期"), "date", in_list=True),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=MILESTONE_STATUSES, in_list=True),
    FieldSpec("done_on", mark("完成日期"), "date", in_list=True),
    FieldSpec("notes", mark("说明"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
))
