"""The fields of a large-client project (大型客户立项): the project proposal (立项建议书),
its team roles, approval statuses and their legal moves, milestones and log, once, for
the service, the UI and the PDF.

A project goes draft 草稿 → submitted 待审批 → approved 已批准 / rejected 未批准; a
submitted proposal may be withdrawn to draft, a rejected one reworked as a draft; any
project but a closed one can be closed 已结束. The proposal's own text is fixed while
it waits for approval and after it is approved; the team, milestones and log are the
project's work and change until it is closed.
"""
from __future__ import annotations

from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark, translate

ROLES = (
    ("leader", mark("组长")),
    ("relationship", mark("关系经理")),
    ("product", mark("业务经理（方案设计）")),
    ("support", mark("辅助人员")),
)
ROLE_LABELS = dict(ROLES)


class ProjectStatus(LabelledStrEnum):
    DRAFT = "draft", mark("草稿")
    SUBMITTED = "submitted", mark("待审批")
    APPROVED = "approved", mark("已批准")
    REJECTED = "rejected", mark("未批准")
    CLOSED = "closed", mark("已结束")

    @property
    def next_statuses(self) -> tuple[ProjectStatus, ...]:
        """The statuses a project in this one may move to, in the order of their buttons."""
        return _NEXT_STATUSES[self]

    def can_move_to(self, target: str) -> bool:
        return target in _NEXT_STATUSES[self]

    @property
    def action_label(self) -> str:
        """What the button that moves a project to this status says."""
        return translate(_ACTION_LABELS[self])

    @property
    def ended(self) -> bool:
        """A closed project changes no more: neither its text nor its team, milestones or log."""
        return self is ProjectStatus.CLOSED

    @property
    def proposal_editable(self) -> bool:
        """The proposal text (opportunity, scale, strategy …) may be edited."""
        return self in (ProjectStatus.DRAFT, ProjectStatus.REJECTED)

    @property
    def is_decision(self) -> bool:
        """Moving here records who decided and when."""
        return self in (ProjectStatus.APPROVED, ProjectStatus.REJECTED)


class MilestoneStatus(LabelledStrEnum):
    OPEN = "open", mark("未完成")
    DONE = "done", mark("已完成")
    MISSED = "missed", mark("已逾期")


PROJECT_STATUSES = ProjectStatus.choices()
STATUS_LABELS = dict(PROJECT_STATUSES)

# from status -> the statuses it may move to (ask a member's next_statuses)
_NEXT_STATUSES: dict[ProjectStatus, tuple[ProjectStatus, ...]] = {
    ProjectStatus.DRAFT: (ProjectStatus.SUBMITTED, ProjectStatus.CLOSED),
    ProjectStatus.SUBMITTED: (ProjectStatus.APPROVED, ProjectStatus.REJECTED, ProjectStatus.DRAFT),
    ProjectStatus.APPROVED: (ProjectStatus.CLOSED,),
    ProjectStatus.REJECTED: (ProjectStatus.DRAFT, ProjectStatus.CLOSED),
    ProjectStatus.CLOSED: (),
}
# what the button that makes the move says, by the status it moves to (ask action_label)
_ACTION_LABELS = {
    ProjectStatus.SUBMITTED: mark("提交审批"),
    ProjectStatus.APPROVED: mark("批准立项"),
    ProjectStatus.REJECTED: mark("不予批准"),
    ProjectStatus.DRAFT: mark("退回修改"),
    ProjectStatus.CLOSED: mark("结束项目"),
}

MILESTONE_STATUSES = MilestoneStatus.choices()

MAX_MEMBERS = 50
MAX_MILESTONES = 200

PROJECT = SectionSpec("project", mark("立项建议书"), (
    FieldSpec("client_id", mark("客户"), "client_ref", required=True, in_list=True),
    FieldSpec("title", mark("项目名称"), required=True, in_list=True),
    FieldSpec("opportunity", mark("项目机会"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("expected_scale", mark("预计业务规模（元）"), "money", in_list=True),
    FieldSpec("expected_income", mark("预计年收益（元）"), "money", in_list=True),
    FieldSpec("competitors", mark("竞争对手"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("strategy", mark("营销策略"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("resources", mark("所需资源"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("risks", mark("风险及防范"), "longtext", max_length=LONG_TEXT_LIMIT),
))
# the fields of the proposal text, fixed unless ProjectStatus.proposal_editable
PROPOSAL_TEXT_FIELDS = frozenset(spec.key for spec in PROJECT.fields) - {"client_id"}

MEMBER = SectionSpec("members", mark("项目小组"), (
    FieldSpec("name", mark("姓名"), required=True, max_length=100, in_list=True),
    FieldSpec("role", mark("角色"), "choice", required=True, choices=ROLES, in_list=True),
    FieldSpec("department", mark("部门"), max_length=100, in_list=True),
    FieldSpec("phone", mark("电话"), "phone", in_list=True),
))

MILESTONE = SectionSpec("milestones", mark("里程碑"), (
    FieldSpec("title", mark("事项"), required=True, in_list=True),
    FieldSpec("due_date", mark("计划日期"), "date", in_list=True),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=MILESTONE_STATUSES,
              in_list=True),
    FieldSpec("done_on", mark("完成日期"), "date", in_list=True),
))

LOG = SectionSpec("logs", mark("项目日志"), (
    FieldSpec("log_date", mark("日期"), "date", required=True, in_list=True),
    FieldSpec("text", mark("内容"), "longtext", required=True, max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("author", mark("记录人"), max_length=100, in_list=True),
))


def status_label(status: str) -> str:
    return ProjectStatus.label_of(status)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
