"""The headless command line: every job the desk does, scriptable, without Qt.

Errors go to stderr in the manager's words with a non-zero exit status:
1 for bad input (validation, rejected rows), 2 for a database that cannot be opened.
The parser is built without loading the database layer (`cmdesk gui` parses its
arguments here too and must start fast); `run` loads it for the headless commands.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmdesk.domain.profile import GRADES
from cmdesk.errors import CmdeskError, DatabaseOpenError, SchemaTooNewError, ValidationError

if TYPE_CHECKING:
    from cmdesk.db import Database



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cmdesk", description="客户经理工作台 cmdesk")
    parser.add_argument("--data-dir", help="数据文件夹（默认按系统规范；也可用 CMDESK_DATA_DIR）")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="启动桌面程序（默认）")
    gui.add_argument("--smoke", action="store_true",
                     help="打开主窗口和每个视图一次，打印启动用时后退出")

    demo = commands.add_parser("demo", help="填入演示数据")
    demo.add_argument("--clients", type=int, default=200, help="客户数量（默认 200）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成同样的数据）")

    clients = commands.add_parser("clients", help="客户档案").add_subparsers(
        dest="clients_command", metavar="ACTION", required=True)
    listing = clients.add_parser("list", help="列出/搜索客户")
    listing.add_argument("--search", default="", help="名称、拼音或首字母、代码、联系人、电话")
    listing.add_argument("--tier")
    listing.add_argument("--status")
    listing.add_argument("--all", action="store_true", help="包括已归档客户")
    listing.add_argument("--limit", type=int, default=1000)
    listing.add_argument("--json", action="store_true")
    show = clients.add_parser("show", help="显示一个客户的完整档案")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    imp = clients.add_parser("import", help="从 Excel(.xlsx) 或 CSV 导入客户")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    template = clients.add_parser("template", help="写出空白导入模板")
    template.add_argument("-o", "--output", type=Path, required=True)

    profile = commands.add_parser("profile", help="客户经理资料").add_subparsers(
        dest="profile_command", metavar="ACTION", required=True)
    profile.add_parser("show")
    profile_set = profile.add_parser("set")
    profile_set.add_argument("--name")
    profile_set.add_argument("--employee-id")
    profile_set.add_argument("--grade", choices=GRADES)
    profile_set.add_argument("--branch")
    profile_set.add_argument("--supervisor")
    return parser


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _actor(db: Database) -> str:
    from cmdesk.services import settings as settings_service

    with db.session() as session:
        return settings_service.get_profile(session).name


def _cmd_demo(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.demo import generate_demo

    summary = generate_demo(db, clients=args.clients, seed=args.seed,
                            progress=lambda done, total: print(f"\r{done}/{total}", end="",
                                                               file=sys.stderr))
    print(file=sys.stderr)
    print(f"已生成演示数据：{summary.clients} 个客户，{summary.contacts} 位联系人。")
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
                print(f"{row.id}  {row.tier:<4} {row.name}  {row.contact} {row.phone_masked}")
            if result.limited:
                counted = f"共 {result.total} 个" if result.total is not None else "结果更多"
                print(f"仅显示前 {len(result.rows)} 个客户（{counted}，请细化搜索）", file=sys.stderr)
            else:
                print(f"共 {result.total} 个客户", file=sys.stderr)
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
                print(f"[{key}] {len(data[key])} 行")
            print(f"[history] {len(history)} 条")
        return 0
    from cmdesk.services import client_import

    if action == "template":
        client_import.write_template(args.output)
        print(f"已写出模板：{args.output}")
        return 0
    # import
    with db.transaction(_actor(db)) as session:
        report = client_import.import_clients(session, args.file, dry_run=args.dry_run)
    for rejection in report.rejected:
        print(rejection.describe(), file=sys.stderr)
    verb = "可导入" if args.dry_run else "已导入"
    print(f"{verb} {report.imported} 个客户，拒绝 {len(report.rejected)} 行。")
    return 1 if report.rejected else 0


def _cmd_profile(db: Database, args: argparse.Namespace) -> int:
    from cmdesk.services import settings as settings_service

    if args.profile_command == "set":
        with db.transaction() as session:
            profile = settings_service.get_profile(session)
            for key in ("name", "employee_id", "grade", "branch", "supervisor"):
                value = getattr(args, key)
                if value is not None:
                    setattr(profile, key, value)
            settings_service.save_profile(session, profile)
    with db.session() as session:
        _print_json(asdict(settings_service.get_profile(session)))
    return 0


HANDLERS = {"demo": _cmd_demo, "clients": _cmd_clients, "profile": _cmd_profile}


def run(args: argparse.Namespace) -> int:
    """Run one headless command; returns the exit status."""
    from cmdesk.desk import open_desk

    try:
        db = open_desk(args.data_dir).db
    except (SchemaTooNewError, DatabaseOpenError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    try:
        return HANDLERS[args.command](db, args)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"错误：{problem.describe()}", file=sys.stderr)
        return 1
    except CmdeskError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
