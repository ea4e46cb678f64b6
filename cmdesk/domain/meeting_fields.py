"""The fields of a team meeting's minutes (工作例会 会议纪要): the meeting itself, what each
attendee reported, and the action items, once, for the service, the UI, the CLI and the PDF.

The bank's rule: "定期组织客户经理召开工作例会…形成会议纪要备案". Every action item
becomes a follow-up (督办) with the item's deadline: the named client's, or an internal
one (内部事项) when it names no client.
"""
from __future__ import annotations

from cmdesk.domain.client_fields import LONG_TEXT_LIMIT, FieldSpec, SectionSpec
from cmdesk.i18n import mark

MAX_REPORTS = 100
MAX_ACTIONS = 100

MEETING = SectionSpec("meeting", mark("会议纪要"), (
    FieldSpec("meeting_date", mark("会议日期"), "date", required=True, in_list=True),
    FieldSpec("title", mark("会议主题"), required=True, in_list=True),
    FieldSpec("chair", mark("主持人"), required=True, max_length=100, in_list=True),
    FieldSpec("attendees", mark("参会人员"), "longtext", required=True, max_length=2000),
    FieldSpec("decisions", mark("会议决定"), "longtext", max_length=LONG_TEXT_LIMIT),
))

REPORT = SectionSpec("reports", mark("个人汇报"), (
    FieldSpec("speaker", mark("汇报人"), required=True, max_length=100, in_list=True),
    FieldSpec("text", mark("汇报内容"), "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
))

ACTION = SectionSpec("actions", mark("工作安排"), (
    FieldSpec("text", mark("事项"), "longtext", required=True, max_length=LONG_TEXT_LIMIT,
              in_list=True),
    FieldSpec("owner", mark("承办人"), required=True, max_length=100, in_list=True),
    FieldSpec("client_id", mark("客户"), "client_ref", in_list=True),
    FieldSpec("due_date", mark("完成期限"), "date", in_list=True),
))
