"""Command-line access to the week plans: `cmdesk plans show` prints a week's plan (or its
data as JSON) and `cmdesk report week` writes the supervisor's weekly plan as PDF or
Excel, chosen by the output file's extension.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any
from cmdesk import clock
from cmdesk.i18n import translate



def add_commands(commands: Any, report: Any) -> None:
    plans_parser = commands.add_parser("plans", help=translate("周计划/月计划")).add_subparsers(
        dest="plans_command", metavar="ACTION", required=True)
    show = plans_parser.add_parser("show", help=translate("显示一周的计划与执行情况（默认本周）"))
    show.add_argument("--week", help=translate("哪一周，如 2026-W48（默认本周）"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_week)

    week = report.add_parser("week", help=translate("周工作计划（下周计划 + 上周执行情况），PDF 或 Excel"))
    week.add_argument("--week", help=translate("计划的周，如 2026-W48（默认下周）"))
    week.add_argument("-o", "--output", type=Path, required=True,
                      help=translate("输出文件：.pdf 或 .xlsx"))
    week.set_defaults(handler=write_week_report)


def show_week(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import plans
    from cmdesk.workdays import UNKNOWN_YEAR_NOTE

    week = plans.parse_week(args.week) if args.week else plans.week_of(clock.today())
    with desk.db.session() as session:
        view = plans.week_view(session, week)
    if args.json:
        print(json.dumps(plans.week_plan_dict(view), ensure_ascii=False, indent=2))
        return 0
    print(translate("{title}　工作日 {workday_count} 天").format(title=view.title, workday_count=view.workday_count))
    if not view.calendar_known:
        print(UNKNOWN_YEAR_NOTE)
    for day in view.days:
        if day.holiday or day.make_up:
            print(translate("  {day:%m-%d} {weekday_name}：{label}").format(day=day.day, weekday_name=day.weekday_name, label=day.label))
    if view.notes:
        print(translate("本周重点：{notes}").format(notes=view.notes))
    print(translate("【计划事项】{count} 项").format(count=len(view.items)))
    for item in view.items:
        extra = translate("（{reason}）").format(reason=item.reason) if item.reason else ""
        print(f"  {plans.day_label(view, item.planned_date)}  {item.subject}  {item.purpose_label}"
              f"  [{item.status_label}]{extra}")
    print(translate("【计划外联系】{count} 次").format(count=len(view.unplanned)))
    for contact in view.unplanned:
        print(f"  {contact.entry_date:%m-%d} {contact.client_name}  {contact.kind_label}")
    return 0


def write_week_report(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.errors import CmdeskError
    from cmdesk.reports.week_plan import write_week_plan
    from cmdesk.reports.week_plan_xlsx import write_week_workbook
    from cmdesk.services import plans

    week = plans.parse_week(args.week) if args.week else plans.default_report_week(clock.today())
    suffix = args.output.suffix.lower()
    writers = {".pdf": write_week_plan, ".xlsx": write_week_workbook}
    if suffix not in writers:
        raise CmdeskError(translate("不支持的文件类型“{suffix}”：请用 .pdf 或 .xlsx").format(
            suffix=suffix or translate("（无扩展名）")))
    path = writers[suffix](desk.db, week, args.output)
    print(translate("已写出 {plans} 周工作计划：{path}").format(plans=plans.week_title(week), path=path))
    return 0
