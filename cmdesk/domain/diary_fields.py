"""The fields of the diary (日志), visit reports (访客报告) and follow-ups (督办), once.

Kinds, statuses and the default contact cadence per tier (定期联系制度) live here, with
the FieldSpecs the services validate with and the UI builds its forms from.
"""
from __future__ import annotations

from datetime import date

from cmdesk.domain.choices import LabelledStrEnum
from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark, translate


class EntryKind(LabelledStrEnum):
    VISIT = "visit", mark("走访")
    CALL = "call", mark("电话")
    MEETING = "meeting", mark("会议")
    INTERNAL = "internal", mark("内部事务")
    POST_LOAN = "post_loan", mark("贷后检查")
    TRAINING = "training", mark("培训")
    OTHER = "other", mark("其他")

    @property
    def is_contact(self) -> bool:
        """Contact with the client: it resets the cadence clock and needs a client."""
        return self in CONTACT_KINDS

    @property
    def has_visit_report(self) -> bool:
        """Only a visit has a visit report (访客报告)."""
        return self is EntryKind.VISIT


class FollowUpStatus(LabelledStrEnum):
    OPEN = "open", mark("待办")
    WITH_DEPARTMENT = "with_department", mark("已转部门")
    RESOLVED = "resolved", mark("已解决")
    TOLD_CLIENT = "told_client", mark("已回复客户")
    CANNOT = "cannot", mark("无法办理")

    @property
    def closed(self) -> bool:
        """Settled with the client: no longer chased, never overdue, no longer editable."""
        return self in CLOSED_STATUSES


ENTRY_KINDS = EntryKind.choices()
CONTACT_KINDS = frozenset({EntryKind.VISIT, EntryKind.CALL, EntryKind.MEETING, EntryKind.POST_LOAN})
FOLLOW_UP_STATUSES = FollowUpStatus.choices()
CLOSED_STATUSES = frozenset({FollowUpStatus.TOLD_CLIENT, FollowUpStatus.CANNOT})

# Days between contacts, per tier (editable in settings).
# the people one diary entry or visit report may name (contacts met, client participants)
MAX_CONTACTS_MET = 50

DEFAULT_CADENCE_DAYS = {"核心": 14, "重点": 30, "一般": 90}

ENTRY = SectionSpec("diary", mark("工作日志"), (
    FieldSpec("entry_date", mark("日期"), "date", required=True, in_list=True),
    FieldSpec("start_time", mark("时间"), "time", in_list=True),
    FieldSpec("kind", mark("类型"), "choice", required=True, choices=ENTRY_KINDS, in_list=True),
    FieldSpec("client_id", mark("客户"), "client_ref", in_list=True),
    FieldSpec("content", mark("内容"), "longtext", max_length=LONG_TEXT_LIMIT, in_list=True),
    FieldSpec("outcome", mark("结果"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("next_step", mark("下一步"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("duration_minutes", mark("时长（分钟）"), "minutes"),
))

VISIT_REPORT = SectionSpec("visit_report", mark("访客报告"), (
    FieldSpec("place", mark("地点")),
    FieldSpec("our_participants", mark("我方人员"), max_length=500),
    FieldSpec("purpose", mark("拜访目的"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("discussion", mark("洽谈内容"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("needs_found", mark("发现的客户需求"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("client_reaction", mark("客户反应"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("important_changes", mark("重要情况变动"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("important_change_flag", mark("需向主管报告"), "bool"),
    FieldSpec("service_view", mark("客户对我行服务的评价"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("next_visit_date", mark("下次拜访日期"), "date"),
))

FOLLOW_UP = SectionSpec("follow_ups", mark("督办事项"), (
    FieldSpec("request", mark("客户提出的问题"), "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("department", mark("责任部门"), max_length=100, in_list=True),
    FieldSpec("chaser", mark("督办人"), max_length=100, in_list=True),
    FieldSpec("due_date", mark("期限"), "date", in_list=True),
    FieldSpec("status", mark("状态"), "choice", required=True, choices=FOLLOW_UP_STATUSES, in_list=True),
    FieldSpec("result", mark("办理结果"), "longtext", max_length=LONG_TEXT_LIMIT),
    FieldSpec("told_client_on", mark("回复客户日期"), "date"),
))


# What a follow-up without a client (a meeting's internal action item) shows where a
# client's name would stand.
INTERNAL_ITEM = mark("内部事项")


def follow_up_client_label(client_name: str | None, client_id: str | None) -> str:
    """The client's name, or 内部事项 for a follow-up that belongs to no client."""
    return (client_name or "") if client_id else translate(INTERNAL_ITEM)


def entry_kind_label(kind: str) -> str:
    return EntryKind.label_of(kind)


def days_overdue(status: str, due_date: date | None, today: date) -> int:
    """Days an open follow-up is past its deadline; 0 when closed, undated or not yet due."""
    if FollowUpStatus(status).closed or due_date is None:
        return 0
    return max((today - due_date).days, 0)
