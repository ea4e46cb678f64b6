"""Commands of the team meetings' minutes (工作例会 会议纪要):

    cmdesk meetings list [--since DATE] [--until DATE] [--json]
    cmdesk meetings show MEETING_ID [--json]
    cmdesk meetings print MEETING_ID -o FILE.pdf
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from cmdesk.i18n import translate


def add_commands(commands: Any, report: Any) -> None:
    meetings = commands.add_parser("meetings", help=translate("工作例会纪要")).add_subparsers(
        dest="meetings_command", metavar="ACTION", required=True)
    listing = meetings.add_parser("list", help=translate("列出例会纪要（最近的在前）"))
    listing.add_argument("--since", type=date.fromisoformat, help=translate("从这天起（YYYY-MM-DD）"))
    listing.add_argument("--until", type=date.fromisoformat, help=translate("到这天止（YYYY-MM-DD）"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_meetings_list)

    show = meetings.add_parser("show", help=translate("显示一次例会的纪要"))
    show.add_argument("meeting_id", help=translate("例会纪要的编号"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_meetings_show)

    printing = meetings.add_parser("print", help=translate("打印例会纪要（PDF）"))
    printing.add_argument("meeting_id", help=translate("例会纪要的编号"))
    printing.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    printing.set_defaults(handler=_meetings_print)


def _meetings_list(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.i18n import translate
    from cmdesk.services import meetings

    with desk.db.session() as session:
        rows = meetings.list_meetings(session, args.since, args.until)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(translate("还没有例会纪要。"))
        return 0
    for row in rows:
        print(translate("{id}  {day}  {title}  主持：{chair}  参会 {attendees} 人  "
                        "汇报 {reports} 条  工作安排 {actions} 项").format(
            id=row.id, day=row.meeting_date.isoformat(), title=row.title, chair=row.chair,
            attendees=row.attendees, reports=row.reports, actions=row.actions))
    print(translate("共 {count} 次例会。").format(count=len(rows)))
    return 0


def _meetings_show(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.i18n import translate
    from cmdesk.services import meetings

    with desk.db.session() as session:
        view = meetings.meeting_view(session, args.meeting_id)
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(translate("{day}  {title}").format(day=view.meeting_date.isoformat(), title=view.title))
    print(translate("主持人：{chair}").format(chair=view.chair))
    print(translate("参会人员：{names}").format(names=translate("、").join(view.attendee_names())))
    print(translate("个人汇报："))
    for _id, speaker, text in view.reports:
        print(translate("  {speaker}：{text}").format(speaker=speaker, text=text))
    print(translate("会议决定：{text}").format(text=view.decisions or "—"))
    print(translate("工作安排："))
    for action in view.actions:
        print(translate("  {text}  承办：{owner}  客户：{client}  期限：{due}  督办：{status}").format(
            text=action.text, owner=action.owner, client=action.client_name or "—",
            due=action.due_date.isoformat() if action.due_date else "—",
            status=action.follow_up_status or "—"))
    return 0


def _meetings_print(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.i18n import translate
    from cmdesk.reports import meeting_minutes

    path = meeting_minutes.write_minutes(desk.db, args.meeting_id, args.output)
    print(translate("已写出例会纪要：{path}").format(path=path))
    return 0
