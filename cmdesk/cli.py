"""The headless command line: every job the desk does, scriptable, without Qt.

Errors go to stderr in the manager's words with a non-zero exit status:
1 for bad input (validation, rejected rows), 2 for a database that cannot be opened or a
data folder another program holds (cmdesk/__main__.py turns every other failure into
words too). Each command holds the data folder's lock (cmdesk.storage.lock) and prints
with personal data masked unless `--unmasked` (every command has it; audited).
The parser is built without loading the database layer (`cmdesk gui` parses its
arguments here too and must start fast); `run` loads it for the headless commands.

Each feature may add its commands in a module of its own under `cmdesk/commands/`:
the module defines `add_commands(commands, report)`, adding sub-parsers to the top
level and to `cmdesk report`, and binds each to its handler with
`set_defaults(handler=fn)`. A handler takes (desk, args) and returns the exit status;
one bound with `set_defaults(open_desk=False)` takes (data_dir, args) instead and opens
what it needs itself (backup, restore, check). Modules are found by listing the package,
so adding a feature never edits this file.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmdesk import clock
from cmdesk.domain.profile import GRADES
from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.i18n import mark, translate

if TYPE_CHECKING:
    from cmdesk.storage.db import Database



def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(translate("“{text}”不是有效日期（格式 YYYY-MM-DD）").format(text=text)) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(translate("“{text}”不是正整数").format(text=text))
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cmdesk", description=translate("客户经理工作台 cmdesk"))
    parser.add_argument("--data-dir", help=translate("数据文件夹（默认按系统规范；也可用 CMDESK_DATA_DIR）"))
    parser.add_argument("--no-encryption", action="store_true",
                        help=translate("新建不加密的数据库（仅供测试、演示；同 CMDESK_NO_ENCRYPTION=1）；"
                             "默认加密，密码取自 CMDESK_PASSWORD 或提示输入"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help=translate("启动桌面程序（默认）"))
    gui.add_argument("--smoke", action="store_true",
                     help=translate("打开主窗口和每个视图一次，打印启动用时后退出"))

    demo = commands.add_parser("demo", help=translate("填入演示数据"))
    demo.add_argument("--clients", type=int, default=200, help=translate("客户数量（默认 200）"))
    demo.add_argument("--seed", type=int, default=1, help=translate("随机种子（同一种子生成同样的数据）"))
    demo.add_argument("--no-diary", action="store_true", help=translate("只生成客户档案，不生成工作日志"))

    clients = commands.add_parser("clients", help=translate("客户档案")).add_subparsers(
        dest="clients_command", metavar="ACTION", required=True)
    listing = clients.add_parser("list", help=translate("列出/搜索客户"))
    listing.add_argument("--search", default="", help=translate("名称、拼音或首字母、代码、联系人、电话"))
    listing.add_argument("--tier")
    listing.add_argument("--status")
    listing.add_argument("--all", action="store_true", help=translate("包括已归档客户"))
    listing.add_argument("--limit", type=int, default=1000)
    listing.add_argument("--json", action="store_true")
    show = clients.add_parser("show", help=translate("显示一个客户的完整档案"))
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    imp = clients.add_parser("import", help=translate("从 Excel(.xlsx) 或 CSV 导入客户"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help=translate("只检查，不写入"))
    clients.add_parser("check-grades", help=translate("对等配置：我的职级够不够服务各等级的客户"))
    shared = clients.add_parser("shared", help=translate("共同服务的客户：主办、协办，主办的档案副本和走访摘要"))
    shared.add_argument("code", nargs="?", help=translate("只显示这个统一社会信用代码或身份证号的客户"))
    shared.add_argument("--json", action="store_true")
    template = clients.add_parser("template", help=translate("写出空白导入模板"))
    template.add_argument("-o", "--output", type=Path, required=True)

    diary = commands.add_parser("diary", help=translate("工作日志")).add_subparsers(
        dest="diary_command", metavar="ACTION", required=True)
    diary_list = diary.add_parser("list", help=translate("列出一段时间的日志（默认最近 7 天）"))
    diary_list.add_argument("--from", dest="start", type=_iso_date, help=translate("起始日期 YYYY-MM-DD"))
    diary_list.add_argument("--to", dest="end", type=_iso_date, help=translate("截止日期 YYYY-MM-DD（默认今天）"))
    diary_list.add_argument("--client", help=translate("只列出这个客户（客户 ID）的日志"))
    diary_list.add_argument("--json", action="store_true")
    diary_import = diary.add_parser("import", help=translate("从 Excel(.xlsx) 或 CSV 导入日志"))
    diary_import.add_argument("file", type=Path)
    diary_import.add_argument("--dry-run", action="store_true", help=translate("只检查，不写入"))
    diary_search = diary.add_parser("search", help=translate("全文搜索日志和访客报告（人名、产品、客户名称…）"))
    diary_search.add_argument("query", nargs="+", help=translate("搜索词；多个词须同时出现"))
    diary_search.add_argument("--limit", type=int, default=50, help=translate("最多显示几条（默认 50）"))
    diary_search.add_argument("--json", action="store_true")

    followups = commands.add_parser("followups", help=translate("督办事项")).add_subparsers(
        dest="followups_command", metavar="ACTION", required=True)
    followups_list = followups.add_parser("list", help=translate("列出督办事项（逾期的在前）"))
    followups_list.add_argument("--status", help=translate("状态：待办、已转部门、已解决、已回复客户、无法办理"))
    followups_list.add_argument("--open", action="store_true", help=translate("只列出未办结的"))
    followups_list.add_argument("--json", action="store_true")

    today = commands.add_parser("today", help=translate("今日：日志、待联系客户、督办、重要变动、生日"))
    today.add_argument("--date", type=_iso_date, help=translate("看哪一天（默认今天）"))
    today.add_argument("--limit", type=_positive_int, default=None, metavar="N",
                       help=translate("每一栏最多列出几项（默认与今日页相同）"))
    today.add_argument("--json", action="store_true")

    report = commands.add_parser("report", help=translate("打印报告（PDF）")).add_subparsers(
        dest="report_command", metavar="ACTION", required=True)
    report_visit = report.add_parser("visit", help=translate("一份访客报告"))
    report_visit.add_argument("entry_id", help=translate("走访日志的编号"))
    report_visit.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    report_visit.add_argument("--unmasked", action="store_true",
                              help=translate("不隐去手机号、证件号等个人信息（仅限内部使用，记入历史）"))
    report_visits = report.add_parser("visits", help=translate("一段时间的全部访客报告（封面、目录）"))
    report_visits.add_argument("--from", dest="start", type=_iso_date, required=True)
    report_visits.add_argument("--to", dest="end", type=_iso_date, required=True)
    report_visits.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))

    profile = commands.add_parser("profile", help=translate("客户经理资料")).add_subparsers(
        dest="profile_command", metavar="ACTION", required=True)
    profile.add_parser("show")
    profile_set = profile.add_parser("set")
    profile_set.add_argument("--name")
    profile_set.add_argument("--employee-id")
    profile_set.add_argument("--grade", choices=GRADES)
    profile_set.add_argument("--branch")
    profile_set.add_argument("--supervisor")
    profile_set.add_argument("--phone", help=translate("业务电话（印在交客户的服务方案上）"))
    profile_set.add_argument("--email", help=translate("电子邮箱（印在交客户的服务方案上）"))

    for module in _feature_modules():
        module.add_commands(commands, report)
    _offer_unmasked(parser)
    return parser


UNMASKED_HELP = mark("显示完整的证件号、手机号等个人信息（仅限内部使用，记入审计）；默认隐去")


def _offer_unmasked(parser: argparse.ArgumentParser) -> None:
    """Give every command that has no --unmasked of its own the flag that shows personal
    data in full (its output is masked otherwise)."""
    subcommands = [action for action in parser._actions
                   if isinstance(action, argparse._SubParsersAction)]
    if not subcommands:
        if "--unmasked" not in parser._option_string_actions:
            parser.add_argument("--unmasked", action="store_true", help=translate(UNMASKED_HELP))
        return
    for action in subcommands:
        for name, child in action.choices.items():
            if name != "gui":  # the window masks on screen and has its own 显示 button
                _offer_unmasked(child)


def _feature_modules() -> list[Any]:
    import cmdesk.commands as package

    return [importlib.import_module(f"{package.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name)]


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _actor(db: Database) -> str:
    from cmdesk.services import settings as settings_service

    with db.session() as session:
        return settings_service.get_profile(session).name


def _cmd_demo(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.demo import generate_demo

    summary = generate_demo(db, clients=args.clients, seed=args.seed, diary=not args.no_diary,
                            progress=lambda done, total: print(f"\r{done}/{total}", end="",
                                                               file=sys.stderr))
    print(file=sys.stderr)
    print(translate("已生成演示数据：{clients} 个客户，{contacts} 位联系人，{entries} 条日志，{visit_reports} 份访客报告，{follow_ups} 个督办事项。").format(clients=summary.clients, contacts=summary.contacts, entries=summary.entries, visit_reports=summary.visit_reports, follow_ups=summary.follow_ups))
    return 0


def _cmd_clients(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.services import clients as client_service

    action = args.clients_command
    if action == "list":
        with db.session() as session:
            result = client_service.search_clients(
                session, args.search, tier=args.tier, status=args.status,
                include_archived=args.all, limit=args.limit)
        if args.json:
            _print_json([row._asdict() for row in result.rows])
        else:
            for row in result.rows:
                print(f"{row.id}  {translate(row.tier):<4} {row.name}  {row.contact} {row.phone_masked}")
            if result.limited:
                counted = translate("共 {total} 个").format(total=result.total) if result.total is not None else translate("结果更多")
                print(translate("仅显示前 {count} 个客户（{counted}，请细化搜索）").format(count=len(result.rows), counted=counted), file=sys.stderr)
            else:
                print(translate("共 {total} 个客户").format(total=result.total), file=sys.stderr)
        return 0
    if action == "show":
        with db.session() as session:
            client = client_service.get_client(session, args.id)
            data = client_service.client_file_dict(session, client)
            history = client_service.client_history(session, args.id)
        if args.json:
            data["history"] = [asdict(line) for line in history]
            _print_json(data)
        else:
            for key, value in data["client"].items():
                print(f"{key}: {value}")
            for key in client_service.CHILD_MODELS:
                print(translate("[{key}] {count} 行").format(key=key, count=len(data[key])))
            print(translate("[history] {count} 条").format(count=len(history)))
        return 0
    if action == "shared":
        return _clients_shared(db, args)
    if action == "check-grades":
        from cmdesk.services.grade_check import check_grades

        with db.session() as session:
            for line in check_grades(session).describe():
                print(line)
        return 0
    from cmdesk.services import client_import

    if action == "template":
        client_import.write_template(args.output)
        print(translate("已写出模板：{output}").format(output=args.output))
        return 0
    # import
    with db.transaction(_actor(db)) as session:
        report = client_import.import_clients(session, args.file, dry_run=args.dry_run)
    for rejection in report.rejected:
        print(rejection.describe(), file=sys.stderr)
    verb = translate("可导入") if args.dry_run else translate("已导入")
    print(translate("{verb} {imported} 个客户，拒绝 {count} 行。").format(verb=verb, imported=report.imported, count=len(report.rejected)))
    for notice in report.notices:
        print(notice)
    return 1 if report.rejected else 0


def _clients_shared(db: Database, args: argparse.Namespace) -> int:
    """共同服务: what head office last said of the clients served together."""
    from cmdesk.services import shared_clients as shared_service

    with db.session() as session:
        views = shared_service.shared_client_views(session, args.code)
    if args.json:
        _print_json([asdict(view) for view in views])
        return 0
    if not views:
        print(translate("总行没有告知与其他客户经理共同服务的客户") if args.code is None
              else translate("没有证件号为 {code} 的共同服务客户").format(code=args.code))
        return 0
    for view in views:
        servers = translate("、").join(shared_service.manager_label(*server) for server in view.servers)
        lead = shared_service.manager_label(view.lead_id, view.lead_name) if view.lead_id else translate("未定")
        print(translate("{client}（证件号 {code}）：{role}；主办：{lead}；共同服务：{servers}").format(
            client=view.own_name or view.client_name, code=view.code,
            role=shared_service.role_text(view), lead=lead, servers=servers))
        if view.has_copy:
            print("  " + translate("主办的档案（只读，总行 {as_of:%Y-%m-%d %H:%M} UTC）：{name} · {kind} · {tier} · {industry} · {address}").format(
                as_of=view.as_of, name=view.client_name, kind=view.kind, tier=view.tier,
                industry=view.industry, address=view.address))
            for contact in view.contacts:
                print("  " + translate("联系人：{name}（{position}） {phone}").format(
                    name=contact.name, position=contact.position, phone=contact.phone))
            for line in view.business_lines:
                print("  " + translate("主要业务：{nature}；现状：{state}；财务需求：{needs}").format(
                    nature=line.nature, state=line.current_state, needs=line.financing_needs))
            print("  " + translate("主办的走访摘要 {count} 条（新的在前）：").format(count=len(view.visits)))
            for visit in view.visits:
                print("    " + translate("{day} {kind} {met}：{content}；结果：{outcome}").format(
                    day=visit.entry_date.isoformat(), kind=visit.kind, met=visit.met,
                    content=visit.content, outcome=visit.outcome))
    return 0


def _cmd_profile(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.services import settings as settings_service

    if args.profile_command == "set":
        with db.transaction() as session:
            profile = settings_service.get_profile(session)
            for key in ("name", "employee_id", "grade", "branch", "supervisor", "phone", "email"):
                value = getattr(args, key)
                if value is not None:
                    setattr(profile, key, value)
            settings_service.save_profile(session, profile)
    with db.session() as session:
        _print_json(asdict(settings_service.get_profile(session)))
    return 0


def _clock(value: Any) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _one_line(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def _diary_list(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.domain.diary_fields import entry_kind_label
    from cmdesk.services import diary as diary_service

    end = args.end or clock.today()
    start = args.start or end - timedelta(days=6)
    with db.session() as session:
        views = diary_service.entries_between(session, start, end, client_id=args.client)
    rows = [{"id": v.entry.id, "date": v.entry.entry_date.isoformat(),
             "time": _clock(v.entry.start_time), "kind": v.entry.kind,
             "kind_label": entry_kind_label(v.entry.kind), "client_id": v.entry.client_id,
             "client": v.client_name, "contacts_met": [p["name"] for p in v.contacts_met],
             "content": v.entry.content, "outcome": v.entry.outcome,
             "next_step": v.entry.next_step, "duration_minutes": v.entry.duration_minutes,
             "has_visit_report": v.report is not None, "follow_ups": len(v.follow_ups)}
            for v in views]
    if args.json:
        _print_json(rows)
        return 0
    for row in rows:
        print(f"{row['date']} {row['time'] or '     '} {row['kind_label']:<4} {row['client'] or '—'}"
              f"  {_one_line(row['content'])}  [{row['id']}]")
    print(translate("{start} 至 {end} 共 {count} 条日志").format(start=start, end=end, count=len(rows)), file=sys.stderr)
    return 0


def _diary_import(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.services.diary_import import import_diary

    with db.transaction(_actor(db)) as session:
        report = import_diary(session, args.file, dry_run=args.dry_run)
    for rejection in report.rejected:
        print(rejection.describe(), file=sys.stderr)
    verb = translate("可导入") if args.dry_run else translate("已导入")
    print(translate("{verb} {imported} 条日志，拒绝 {rejected_rows} 行。").format(verb=verb, imported=report.imported, rejected_rows=report.rejected_rows))
    return 1 if report.rejected else 0


def _diary_search(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.domain.diary_fields import entry_kind_label
    from cmdesk.services.diary_search import search_diary

    with db.session() as session:
        hits = search_diary(session, " ".join(args.query), limit=args.limit)
    if args.json:
        _print_json([{"id": hit.id, "date": hit.date.isoformat(), "kind": hit.kind,
                      "kind_label": entry_kind_label(hit.kind), "client": hit.client,
                      "content": hit.content, "snippet": hit.snippet} for hit in hits])
        return 0
    for hit in hits:
        print(f"{hit.date} {entry_kind_label(hit.kind):<4} {hit.client or '—'}  {hit.snippet}"
              f"  [{hit.id}]")
    more = translate("（已达上限，可用 --limit 显示更多）") if len(hits) == args.limit else ""
    print(translate("找到 {count} 条日志{more}").format(count=len(hits), more=more), file=sys.stderr)
    return 0


DIARY_ACTIONS = {"list": _diary_list, "import": _diary_import, "search": _diary_search}


def _cmd_diary(db: Database, args: argparse.Namespace) -> int:
    return DIARY_ACTIONS[args.diary_command](db, args)


def _cmd_followups(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.domain.diary_fields import (
        FOLLOW_UP_STATUSES,
        FollowUpStatus,
        days_overdue,
        follow_up_client_label,
    )
    from cmdesk.errors import FieldProblem
    from cmdesk.services import diary as diary_service
    from cmdesk.services.clients import client_names

    labels = dict(FollowUpStatus.choices())
    # a status named by its key, its Chinese label or its label in the language shown
    status = {label: key for key, label in (*FOLLOW_UP_STATUSES, *labels.items())}.get(args.status, args.status)
    if status is not None and status not in labels:
        raise ValidationError([FieldProblem("status", translate("“{status}”不是督办状态（{statuses}）").format(
            status=args.status, statuses=translate("、").join(labels.values())), "follow_ups",
            label=translate("状态"))])
    today = clock.today()
    with db.session() as session:
        items = diary_service.follow_ups(session, status=status, open_only=args.open, today=today)
        names = client_names(session, {item.client_id for item in items if item.client_id})
    rows = [{"id": f.id, "client_id": f.client_id,
             "client": follow_up_client_label(names.get(f.client_id or ""), f.client_id),
             "entry_id": f.entry_id, "request": f.request, "department": f.department,
             "chaser": f.chaser, "due_date": f.due_date.isoformat() if f.due_date else None,
             "status": f.status, "status_label": labels.get(f.status, f.status),
             "overdue": days_overdue(f.status, f.due_date, today) > 0,
             "result": f.result,
             "told_client_on": f.told_client_on.isoformat() if f.told_client_on else None}
            for f in items]
    if args.json:
        _print_json(rows)
        return 0
    for row in rows:
        flag = translate("逾期") if row["overdue"] else "    "
        due = row["due_date"] or translate("无期限")
        print(f"{flag} {due:<10} {row['status_label']:<5} {row['client']}"
              f"  {_one_line(row['request'])}  [{row['id']}]")
    print(translate("共 {count} 项督办").format(count=len(rows)), file=sys.stderr)
    return 0


def _cmd_today(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.services.today import SECTION_LIMIT, today_view

    with db.session() as session:
        view = today_view(session, args.date or clock.today(),
                          per_section=args.limit or SECTION_LIMIT)
    if args.json:
        _print_json(asdict(view))
        return 0
    _print_today(view)
    return 0


def _print_today(view: Any) -> None:
    """今日 as text, each section followed by how many it left out."""

    def more(section: str, listed: Sequence[Any]) -> None:
        left = view.totals[section] - len(listed)
        if left > 0:
            print(translate("  …另有 {left} 项未列出（--limit 列出更多）").format(left=left))

    print(translate("今日 {today}").format(today=view.today))
    print(translate("【今日计划】{plan_items} 项").format(plan_items=view.totals['plan_items']))
    for item in view.plan_items:
        late = item.days_late(view.today)
        lateness = translate("（拖后 {days} 天）").format(days=late) if late else ""
        print(f"  [{'x' if item.done else ' '}] {item.subject}  {item.purpose_label}{lateness}")
    more("plan_items", view.plan_items)
    print(translate("【今日日志】{entries} 条").format(entries=view.totals['entries']))
    for entry in view.entries:
        print(f"  {_clock(entry.start_time) or '     '} {entry.kind_label} {entry.client_name}"
              f"  {_one_line(entry.content)}")
    more("entries", view.entries)
    print(translate("【待联系客户】{contacts_due} 个").format(contacts_due=view.totals['contacts_due']))
    for due in view.contacts_due:
        when = translate("逾期 {days_overdue} 天").format(days_overdue=due.days_overdue) if due.days_overdue > 0 else (
            translate("今天到期") if due.days_overdue == 0 else translate("{value} 天后到期").format(value=-due.days_overdue))
        last = due.last_contact.isoformat() if due.last_contact else translate("从未联系")
        print(translate("  {tier} {client_name}  上次联系 {last}，{when}").format(tier=translate(due.tier), client_name=due.client_name, last=last, when=when))
    more("contacts_due", view.contacts_due)
    print(translate("【本周督办】{follow_ups} 项").format(follow_ups=view.totals['follow_ups']))
    for item in view.follow_ups:
        when = translate("逾期 {days_overdue} 天").format(days_overdue=item.days_overdue) if item.days_overdue > 0 else translate("{due_date} 到期").format(due_date=item.due_date)
        print(translate("  {client_name}  {request}  {status_label}，{when}").format(client_name=item.client_name, request=_one_line(item.request), status_label=item.status_label, when=when))
    more("follow_ups", view.follow_ups)
    print(translate("【重要情况变动】{important_changes} 项").format(important_changes=view.totals['important_changes']))
    for change in view.important_changes:
        print(f"  {change.entry_date} {change.client_name}  {_one_line(change.important_changes)}"
              f"  {change.state.describe()}")
    more("important_changes", view.important_changes)
    print(translate("【本周生日】{birthdays} 位").format(birthdays=view.totals['birthdays']))
    for birthday in view.birthdays:
        print(translate("  {on:%m-%d} {contact_name}（{client_name} {position}）{age} 岁").format(on=birthday.on, contact_name=birthday.contact_name, client_name=birthday.client_name, position=birthday.position, age=birthday.age))
    more("birthdays", view.birthdays)
    print(translate("【90 天内到期贷款】{count} 笔").format(count=view.totals['maturities']))
    for loan in view.maturities:
        when = translate("已逾期 {value} 天").format(value=-loan.days_left) if loan.days_left < 0 else translate("{days_left} 天后到期").format(days_left=loan.days_left)
        print(f"  {loan.maturity_date} {loan.client_name}  {loan.contract_no}  {when}")
    more("maturities", view.maturities)
    print(translate("【贷后检查】{count} 户").format(count=view.totals['loan_checks']))
    for check in view.loan_checks:
        when = translate("逾期 {days_overdue} 天").format(days_overdue=check.days_overdue) if check.days_overdue > 0 else translate("{due} 到期").format(due=check.due)
        print(f"  {check.client_name}  {when}")
    more("loan_checks", view.loan_checks)
    if view.totals["grade_exceptions"]:
        print(translate("【对等配置例外】{count} 户（请向主管报告）").format(count=view.totals["grade_exceptions"]))
        for exception in view.grade_exceptions:
            print(f"  {exception.describe()}")
        more("grade_exceptions", view.grade_exceptions)


def _cmd_report(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.reports import visit_report

    if args.report_command == "visit":
        path = visit_report.write_visit_report(db, args.entry_id, args.output,
                                               unmasked=args.unmasked, actor=_actor(db))
        print(translate("已写出访客报告：{path}").format(path=path))
        return 0
    count = visit_report.write_visit_pack(
        db, args.start, args.end, args.output,
        progress=lambda done, total: print(f"\r{done}/{total}", end="", file=sys.stderr))
    print(file=sys.stderr)
    print(translate("已写出 {count} 份访客报告：{output}").format(count=count, output=args.output))
    return 0


HANDLERS = {"demo": _cmd_demo, "clients": _cmd_clients, "profile": _cmd_profile,
            "diary": _cmd_diary, "followups": _cmd_followups, "today": _cmd_today,
            "report": _cmd_report}


def run(args: argparse.Namespace) -> int:
    """Run one headless command; returns the exit status. The command holds the data
    folder's lock (cmdesk.storage.lock: the window or another command on the folder is
    waited for, then refused in words), and everything it prints has identifiers and
    phones masked unless --unmasked was given (which the audit trail records)."""
    from cmdesk.paths import DataPaths
    from cmdesk.storage.lock import DeskLock

    unmasked = bool(getattr(args, "unmasked", False))
    with _masked_output(unmasked):
        try:
            lock = DeskLock(DataPaths.resolve(args.data_dir).ensure().root).acquire()
        except CmdeskError as exc:  # another program has the folder
            print(translate("错误：{exc}").format(exc=exc), file=sys.stderr)
            return 2
        try:
            return _run_locked(args, unmasked)
        finally:
            lock.release()


def _command_words(args: argparse.Namespace) -> str:
    words = [args.command, *(str(value) for name, value in sorted(vars(args).items())
                             if name.endswith("_command") and value)]
    return " ".join(words)


def _run_locked(args: argparse.Namespace, unmasked: bool) -> int:
    from cmdesk.storage.desk import open_desk

    feature_handler = getattr(args, "handler", None)
    if feature_handler is not None and not getattr(args, "open_desk", True):
        return _reporting_errors(lambda: feature_handler(args.data_dir, args))
    from cmdesk.commands.safety import password_for

    try:
        no_encryption = args.no_encryption or None
        desk = open_desk(args.data_dir, password_for(args.data_dir, no_encryption),
                         no_encryption=no_encryption)
    except CmdeskError as exc:  # no or wrong password, damaged or missing file, newer schema
        print(translate("错误：{exc}").format(exc=exc), file=sys.stderr)
        return 2
    try:
        if unmasked:
            from cmdesk.storage import audit
            from cmdesk.storage.backup import record_desk_event

            record_desk_event(desk.db, audit.VIEW_UNMASKED,
                              translate("命令行显示未隐去的个人信息：cmdesk {args}").format(args=_command_words(args)))
        if feature_handler is not None:
            return _reporting_errors(lambda: feature_handler(desk, args))
        return _reporting_errors(lambda: HANDLERS[args.command](desk.db, args))
    finally:
        desk.close()


# Left as they are when output is masked, their digits being no account number: a record
# id (UUID) and a key fingerprint (8 groups of 4 hex digits, cmdesk.exchange.keys), which
# otherwise, when three groups happen to be all digits, read as a card number.
_KEPT_WHOLE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                         r"|(?<![0-9A-Za-z])(?:[0-9A-F]{4} ){7}[0-9A-F]{4}(?![0-9A-Za-z])")


def mask_output(text: str) -> str:
    """`text` with mobile numbers, ID numbers, credit codes and account numbers masked
    (cmdesk.domain.identifiers.mask_free_text), record ids and key fingerprints kept whole."""
    from cmdesk.domain.identifiers import mask_free_text

    pieces = []
    done = 0
    for match in _KEPT_WHOLE.finditer(text):
        pieces += [mask_free_text(text[done:match.start()]), match.group(0)]
        done = match.end()
    pieces.append(mask_free_text(text[done:]))
    return "".join(pieces)


class _MaskingStream:
    """A text stream that masks personal data in whatever is written through it."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(mask_output(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _masked_output(unmasked: bool) -> Iterator[None]:
    """stdout and stderr masked for the length of a command (unless `unmasked`)."""
    if unmasked:
        yield
        return
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _MaskingStream(sys.stdout), _MaskingStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _reporting_errors(command: Any) -> int:
    """Run a command; a refused input or a desk error is told in words, not a traceback."""
    try:
        return command()
    except ValidationError as exc:
        for problem in exc.problems:
            print(translate("错误：{problem}").format(problem=problem.describe()), file=sys.stderr)
        return 1
    except CmdeskError as exc:
        print(translate("错误：{exc}").format(exc=exc), file=sys.stderr)
        return 1
