"""The head-office command line `cmdesk-hq`.

    cmdesk-hq [--data-dir DIR] [--db URL] COMMAND …
        keys init | show | export -o FILE
        import FILE…                      desk packages, in any order
        status                            per manager: last package, gaps, conflicts;
                                          clients served together, 对等配置 exceptions
        urgent [--all]                    important changes desks reported upward at once
        acknowledge ID… [--by NAME]       head office's acknowledgement (总行确认)
        package acknowledgements --manager M -o FILE
        report --week 2026-W48 -o FILE.xlsx [--unmasked]
        ranking --year 2026 --quarter 1 -o FILE.xlsx   (quarter 0: the year)
        assess --manager M --year 2026 --quarter 1 (--review | --approve) --grade 称职
               --by NAME [--total N] [--stars N] [--opinion TEXT] -o FILE
        package catalogue --manager M --from FILE -o FILE
        package targets   --manager M --year 2027 --from FILE -o FILE
        package handover  --from A --to B (--client ID… | --all) -o FILE --release-output FILE
                          [--allow-below-grade]
        clients lead CODE MANAGER [--packages DIR]
                                          the lead manager (主办) of a client served together;
                                          with DIR, a 共同服务 package for each of its managers
        package shared   (--manager M -o FILE | --all -o DIR)
                                          共同服务: lead, co-servers, the lead's file and visits
        managers grade MANAGER GRADE      a manager's grade (职级)
        rules grade-floor TIER GRADE      对等配置: the lowest grade serving a client tier
        review MANAGER --month 2026-11 --opinion TEXT [--remark ENTRY_ID TEXT]… [--reviewer NAME]
        package review    --manager M --month 2026-11 -o FILE
        desks list | re-enrol MANAGER

The database is SQLite in the data folder unless `--db` (or $CMDESK_HQ_DB) names
another, e.g. postgresql+psycopg://user@host/cmdesk. Errors go to stderr in Chinese
with exit status 1 (bad input, a refused package) or 2 (the database cannot be opened).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any
from decimal import Decimal
from pathlib import Path

from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.i18n import language_from_environment, translate, use_language


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cmdesk-hq", description=translate("cmdesk 总行数据汇总工具"))
    parser.add_argument("--data-dir", help=translate("总行数据文件夹（密钥、默认数据库；也可用 CMDESK_HQ_DATA_DIR）"))
    parser.add_argument("--db", help=translate("数据库地址（默认数据文件夹中的 SQLite；"
                                     "PostgreSQL 如 postgresql+psycopg://用户@主机/库；也可用 CMDESK_HQ_DB）"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    keys = commands.add_parser("keys", help=translate("总行密钥")).add_subparsers(
        dest="keys_command", metavar="ACTION", required=True)
    keys.add_parser("init", help=translate("生成总行密钥（只需一次）")).set_defaults(handler=_keys_init, needs_db=False)
    keys.add_parser("show", help=translate("显示总行公钥指纹")).set_defaults(handler=_keys_show, needs_db=False)
    export = keys.add_parser("export", help=translate("写出各工作台安装用的总行公钥文件"))
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(handler=_keys_export, needs_db=False)

    imp = commands.add_parser("import", help=translate("导入客户经理的数据包（顺序不限）"))
    imp.add_argument("files", nargs="+", type=Path)
    imp.set_defaults(handler=_import)

    commands.add_parser("status", help=translate("各客户经理的数据包情况")).set_defaults(handler=_status)

    report = commands.add_parser("report", help=translate("团队周报（Excel）"))
    report.add_argument("--week", required=True, help=translate("ISO 周，如 2026-W48"))
    report.add_argument("-o", "--output", type=Path, required=True)
    report.add_argument("--unmasked", action="store_true",
                        help=translate("不隐去计划中的电话、证件号等个人信息（会记录在案）"))
    report.set_defaults(handler=_report)

    ranking = commands.add_parser("ranking", help=translate("客户经理考核排名（Excel）"))
    ranking.add_argument("--year", type=int, required=True)
    ranking.add_argument("--quarter", type=int, required=True, choices=(0, 1, 2, 3, 4),
                         help=translate("考核期：1–4 为季度，0 为全年"))
    ranking.add_argument("-o", "--output", type=Path, required=True)
    ranking.set_defaults(handler=_ranking)

    assess = commands.add_parser("assess", help=translate("复评或审定一位客户经理的考核表，写出发回工作台的数据包"))
    assess.add_argument("--manager", required=True, help=translate("客户经理工号或姓名"))
    assess.add_argument("--year", type=int, required=True)
    assess.add_argument("--quarter", type=int, required=True, choices=(0, 1, 2, 3, 4),
                        help=translate("考核期：1–4 为季度，0 为全年"))
    decision = assess.add_mutually_exclusive_group(required=True)
    decision.add_argument("--review", dest="status", action="store_const", const="reviewed",
                          help=translate("复评"))
    decision.add_argument("--approve", dest="status", action="store_const", const="approved",
                          help=translate("审定（工作台上的考核表随即不能再修改）"))
    assess.add_argument("--grade", required=True, help=translate("考核等次：优秀、称职、基本称职、不称职"))
    assess.add_argument("--total", type=Decimal, help=translate("复评分（默认为客户经理自评的综合考评分）"))
    assess.add_argument("--stars", type=int, help=translate("星级 0–5（默认为自评星级）"))
    assess.add_argument("--opinion", default="", help=translate("复评或审定意见"))
    assess.add_argument("--by", dest="reviewed_by", required=True, help=translate("审核人"))
    assess.add_argument("-o", "--output", type=Path, required=True)
    assess.set_defaults(handler=_assess)

    package = commands.add_parser("package", help=translate("写出发给工作台的数据包")).add_subparsers(
        dest="package_command", metavar="KIND", required=True)
    catalogue = package.add_parser("catalogue", help=translate("产品目录"))
    catalogue.add_argument("--manager", required=True, help=translate("客户经理工号或姓名"))
    catalogue.add_argument("--from", dest="source", type=Path, required=True,
                           help=translate("产品目录文件（.json 或 .xlsx）"))
    catalogue.add_argument("-o", "--output", type=Path, required=True)
    catalogue.set_defaults(handler=_package_catalogue)
    targets = package.add_parser("targets", help=translate("年度任务指标"))
    targets.add_argument("--manager", required=True, help=translate("客户经理工号或姓名"))
    targets.add_argument("--year", type=int, required=True)
    targets.add_argument("--from", dest="source", type=Path, required=True,
                         help=translate("任务指标文件（.json 或 .xlsx）"))
    targets.add_argument("-o", "--output", type=Path, required=True)
    targets.set_defaults(handler=_package_targets)
    rules_parser = package.add_parser("rules", help=translate("职级、对等配置和考核规则"))
    whom = rules_parser.add_mutually_exclusive_group(required=True)
    whom.add_argument("--manager", help=translate("客户经理工号或姓名"))
    whom.add_argument("--all", action="store_true", help=translate("给每位有工作台密钥的客户经理各写一个"))
    rules_parser.add_argument("-o", "--output", type=Path, required=True,
                              help=translate("数据包文件（--all 时为文件夹）"))
    rules_parser.set_defaults(handler=_package_rules)
    handover = package.add_parser("handover", help=translate("客户移交（移交手续）"))
    handover.add_argument("--from", dest="giver", required=True, help=translate("移出的客户经理"))
    handover.add_argument("--to", dest="taker", required=True, help=translate("接收的客户经理"))
    which = handover.add_mutually_exclusive_group(required=True)
    which.add_argument("--client", action="append", help=translate("客户 ID（可多次）"))
    which.add_argument("--all", action="store_true", help=translate("移交其全部客户"))
    handover.add_argument("-o", "--output", type=Path, required=True, help=translate("给接收方的数据包"))
    handover.add_argument("--release-output", type=Path, required=True, help=translate("给移出方的数据包"))
    handover.add_argument("--allow-below-grade", action="store_true",
                          help=translate("接收方职级低于对等配置要求时仍移交（列出例外）"))
    handover.set_defaults(handler=_package_handover)

    clients = commands.add_parser("clients", help=translate("共同服务的客户")).add_subparsers(
        dest="clients_command", metavar="ACTION", required=True)
    lead = clients.add_parser("lead", help=translate("指定共同服务客户的主办客户经理"))
    lead.add_argument("code", help=translate("客户的统一社会信用代码或身份证号"))
    lead.add_argument("manager", help=translate("主办客户经理的工号或姓名"))
    lead.add_argument("--packages", type=Path, metavar="DIR",
                      help=translate("同时为服务该客户的每位客户经理写出共同服务数据包，放入此文件夹"))
    lead.set_defaults(handler=_clients_lead)
    shared = package.add_parser("shared", help=translate("共同服务：主办、协办客户经理，主办的档案副本和走访摘要"))
    whom = shared.add_mutually_exclusive_group(required=True)
    whom.add_argument("--manager", help=translate("客户经理工号或姓名"))
    whom.add_argument("--all", action="store_true",
                      help=translate("为每位有共同服务客户的客户经理各写一个（-o 为文件夹）"))
    shared.add_argument("-o", "--output", type=Path, required=True)
    shared.set_defaults(handler=_package_shared)

    managers = commands.add_parser("managers", help=translate("客户经理")).add_subparsers(
        dest="managers_command", metavar="ACTION", required=True)
    grade = managers.add_parser("grade", help=translate("登记客户经理的职级"))
    grade.add_argument("manager", help=translate("客户经理工号或姓名"))
    grade.add_argument("grade", help=translate("助理客户经理、客户经理或高级客户经理"))
    grade.set_defaults(handler=_managers_grade)

    rules = commands.add_parser("rules", help=translate("总行规则")).add_subparsers(
        dest="rules_command", metavar="RULE", required=True)
    floor = rules.add_parser("grade-floor", help=translate("对等配置：某等级客户至少由哪一职级服务"))
    floor.add_argument("tier", help=translate("客户等级，如 核心"))
    floor.add_argument("grade", help=translate("最低职级，如 高级客户经理"))
    floor.set_defaults(handler=_rules_grade_floor)
    assessment_rules = rules.add_parser("assessment", help=translate("考核规则：显示；--from 文件 则先载入新的规则"))
    assessment_rules.add_argument("--from", dest="source", type=Path,
                                  help=translate("JSON 规则文件（格式见 docs/assessment.md）"))
    assessment_rules.set_defaults(handler=_rules_assessment)

    _add_review_commands(commands, package)
    _add_urgent_commands(commands, package)

    desks = commands.add_parser("desks", help=translate("工作台密钥登记")).add_subparsers(
        dest="desks_command", metavar="ACTION", required=True)
    desks.add_parser("list", help=translate("列出登记的工作台密钥")).set_defaults(handler=_desks_list)
    re_enrol = desks.add_parser("re-enrol", help=translate("重新登记：下一个数据包的密钥将被接受"))
    re_enrol.add_argument("manager", help=translate("客户经理工号或姓名"))
    re_enrol.set_defaults(handler=_desks_re_enrol)
    return parser


def _add_review_commands(commands: argparse._SubParsersAction,
                         package: argparse._SubParsersAction) -> None:
    review = commands.add_parser("review", help=translate("记录主管对客户经理一个月日志的审阅意见和批注"))
    review.add_argument("manager", help=translate("客户经理工号或姓名"))
    review.add_argument("--month", required=True, help=translate("审阅的月份，如 2026-11"))
    review.add_argument("--opinion", required=True, help=translate("对本月日志的审阅意见"))
    review.add_argument("--remark", nargs=2, action="append", default=[],
                        metavar=("ENTRY_ID", "TEXT"), help=translate("对一条日志的批注（可多次）"))
    review.add_argument("--reviewer", default="", help=translate("审阅人姓名（默认为当前系统用户）"))
    review.set_defaults(handler=_review)
    package_review = package.add_parser("review", help=translate("主管审阅（发回工作台）"))
    package_review.add_argument("--manager", required=True, help=translate("客户经理工号或姓名"))
    package_review.add_argument("--month", required=True, help=translate("审阅的月份，如 2026-11"))
    package_review.add_argument("-o", "--output", type=Path, required=True)
    package_review.set_defaults(handler=_package_review)


def _add_urgent_commands(commands: argparse._SubParsersAction,
                         package: argparse._SubParsersAction) -> None:
    urgent = commands.add_parser("urgent", help=translate("客户经理紧急上报的重要情况变动（预警信号、走访发现的变动）"))
    urgent.add_argument("--all", action="store_true", help=translate("也列出总行已确认的"))
    urgent.set_defaults(handler=_urgent)
    acknowledge = commands.add_parser("acknowledge", help=translate("确认收到紧急上报的重要情况变动"))
    acknowledge.add_argument("ids", nargs="+", metavar="ID", help=translate("cmdesk-hq urgent 列出的编号"))
    acknowledge.add_argument("--by", default="", help=translate("确认人姓名（默认为当前系统用户）"))
    acknowledge.set_defaults(handler=_acknowledge)
    package_acks = package.add_parser("acknowledgements", help=translate("总行确认（发回工作台）"))
    package_acks.add_argument("--manager", required=True, help=translate("客户经理工号或姓名"))
    package_acks.add_argument("-o", "--output", type=Path, required=True)
    package_acks.set_defaults(handler=_package_acknowledgements)


def _keys_dir(args: argparse.Namespace) -> Path:
    from cmdesk.hq.db import resolve_data_dir

    return resolve_data_dir(args.data_dir) / "keys"


def _keys_init(args: argparse.Namespace) -> int:
    from cmdesk.hq.keys import init_keys

    keys = init_keys(_keys_dir(args))
    print(translate("总行密钥已生成。公钥指纹：{public}").format(public=keys.public.fingerprint()))
    print(translate("请用 cmdesk-hq keys export -o 文件 写出公钥文件，交给各客户经理安装。"))
    return 0


def _keys_show(args: argparse.Namespace) -> int:
    from cmdesk.hq.keys import hq_keys

    print(translate("总行公钥指纹：{public}").format(public=hq_keys(_keys_dir(args)).public.fingerprint()))
    return 0


def _keys_export(args: argparse.Namespace) -> int:
    from cmdesk.hq.keys import export_public_key

    fingerprint = export_public_key(_keys_dir(args), args.output)
    print(translate("已写出总行公钥文件 {output}（指纹 {fingerprint}）").format(output=args.output, fingerprint=fingerprint))
    return 0


def _import(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.importer import Importer

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", flush=True)

    summary = Importer(hq).import_paths(args.files, progress)
    for line in summary.describe():
        print(line)
    return 1 if summary.needs_attention else 0


def _status(hq, _args: argparse.Namespace) -> int:
    from cmdesk.hq.status import managers_status, team_lines

    with hq.session() as session:
        found = managers_status(session)
        team = team_lines(session)
    if not found:
        print(translate("还没有导入任何数据包"))
    for status in found:
        print(status.describe())
    for line in team:
        print(line)
    return 0


def _urgent(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.urgent import urgent_changes

    with hq.session() as session:
        lines = urgent_changes(session, include_acknowledged=args.all)
    if not lines:
        print(translate("没有待确认的紧急上报"))
    for line in lines:
        print(line.describe())
    return 0


def _acknowledge(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.report import operator_name
    from cmdesk.hq.urgent import acknowledge

    with hq.transaction() as session:
        lines = acknowledge(session, args.ids, args.by or operator_name())
    for line in lines:
        print(line.describe())
    return 0


def _package_acknowledgements(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.urgent import acknowledgements_package

    written = _with_keys(hq, lambda session, keys: acknowledgements_package(
        session, keys, args.manager, args.output))
    print(written.describe())
    return 0


def _report(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.report import write_team_report

    with hq.transaction() as session:
        managers, lines = write_team_report(session, args.week, args.output, args.unmasked)
    shown = translate("（未隐去个人信息，已记录）") if args.unmasked else ""
    print(translate("已写出 {week} 团队周报 {output}{shown}：{managers} 位客户经理，周计划 {lines} 项").format(week=args.week, output=args.output, shown=shown, managers=managers, lines=lines))
    return 0


def _ranking(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.ranking import write_ranking

    with hq.session() as session:
        ranked = write_ranking(session, args.year, args.quarter, args.output)
    print(translate("已写出考核排名 {path}：{count} 位客户经理").format(path=args.output, count=ranked))
    return 0


def _assess(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.packages import ReviewDecision, assessment_review_package

    decision = ReviewDecision(status=args.status, grade=args.grade, opinion=args.opinion,
                              reviewed_by=args.reviewed_by, total=args.total, stars=args.stars)
    written = _with_keys(hq, lambda session, keys: assessment_review_package(
        session, keys, args.manager, args.year, args.quarter, decision, args.output))
    print(written.describe())
    return 0


def _with_keys(hq, build: Callable) -> object:
    from cmdesk.hq.keys import hq_keys

    keys = hq_keys(hq.keys_dir)
    with hq.transaction() as session:
        return build(session, keys)


def _package_catalogue(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.packages import catalogue_package

    written = _with_keys(hq, lambda session, keys: catalogue_package(
        session, keys, args.manager, args.source, args.output))
    print(written.describe())
    return 0


def _package_targets(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.packages import targets_package

    written = _with_keys(hq, lambda session, keys: targets_package(
        session, keys, args.manager, args.year, args.source, args.output))
    print(written.describe())
    return 0


def _one_or_every(hq, args: argparse.Namespace, one: Callable[..., Any],
                  every: Callable[..., list[Any]], none_written: str) -> int:
    """`package … --manager M -o FILE` writes one(session, keys, M, FILE); `--all -o DIR`
    every(session, keys, DIR), one file per manager concerned (`none_written` when none)."""
    if args.all:
        written = _with_keys(hq, lambda session, keys: every(session, keys, args.output))
        if not written:
            print(none_written)
    else:
        written = [_with_keys(hq, lambda session, keys: one(session, keys, args.manager,
                                                             args.output))]
    for package in written:
        print(package.describe())
    return 0


def _package_rules(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.packages import rules_package, rules_packages

    return _one_or_every(hq, args, rules_package, rules_packages,
                         translate("还没有任何客户经理的工作台密钥：没有写出数据包"))


def _package_handover(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.packages import handover_packages

    done = _with_keys(hq, lambda session, keys: handover_packages(
        session, keys, args.giver, args.taker, None if args.all else args.client,
        args.output, args.release_output, args.allow_below_grade))
    print(translate("移交 {clients} 户客户：").format(clients=done.clients))
    print(done.to_successor.describe())
    print(done.to_predecessor.describe())
    if done.below_grade:
        print(translate("注意：{count} 户客户低于对等配置的要求：").format(count=len(done.below_grade)))
        for exception in done.below_grade:
            print(exception.describe())
    return 0


def _clients_lead(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.shared import shared_packages
    from cmdesk.hq.team import set_lead

    def lead(session, keys) -> tuple:
        shared = set_lead(session, args.code, args.manager)
        written = (shared_packages(session, keys, args.packages,
                                   [manager_id for manager_id, _name in shared.managers])
                   if args.packages else [])
        return shared, written

    if args.packages:
        shared, written = _with_keys(hq, lead)
    else:
        with hq.transaction() as session:
            shared, written = lead(session, None)
    print(shared.describe())
    for package in written:
        print(package.describe())
    return 0


def _package_shared(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.shared import shared_package, shared_packages

    return _one_or_every(hq, args, shared_package, shared_packages,
                         translate("没有由两位以上客户经理共同服务的客户"))


def _managers_grade(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.team import set_grade

    with hq.transaction() as session:
        manager = set_grade(session, args.manager, args.grade)
    print(translate("已登记 {name}（{manager_id}）的职级：{grade}").format(
        name=manager.name or manager.id, manager_id=manager.id, grade=args.grade))
    return 0


def _rules_grade_floor(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.team import set_grade_floor

    with hq.transaction() as session:
        set_grade_floor(session, args.tier, args.grade)
    print(translate("对等配置：{tier} 客户由 {grade} 以上服务").format(
        tier=args.tier.strip(), grade=args.grade))
    return 0


def _rules_assessment(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.team import assessment_rules, set_assessment_rules

    if args.source is not None:
        try:
            data = json.loads(args.source.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CmdeskError(translate("无法读取考核规则文件 {path}：{exc}").format(
                path=args.source, exc=exc)) from None
        with hq.transaction() as session:
            set_assessment_rules(session, data)
        print(translate("已更新总行考核规则；用 cmdesk-hq package rules 下发给工作台"))
    with hq.session() as session:
        stored = assessment_rules(session)
    if stored is None:
        print(translate("总行还没有考核规则（工作台使用各自的规则）"))
    else:
        print(json.dumps(stored, ensure_ascii=False, indent=2))
    return 0


def _review(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.report import operator_name
    from cmdesk.hq.review import record_review

    with hq.transaction() as session:
        recorded = record_review(session, args.manager, args.month, args.opinion,
                                 [tuple(pair) for pair in args.remark],
                                 args.reviewer or operator_name())
    print(recorded.describe())
    return 0


def _package_review(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.review import review_package

    written = _with_keys(hq, lambda session, keys: review_package(
        session, keys, args.manager, args.month, args.output))
    print(written.describe())
    return 0


def _desks_list(hq, _args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from cmdesk.hq.models import DeskKey, Manager

    with hq.session() as session:
        rows = session.execute(select(DeskKey, Manager.name).join(
            Manager, Manager.id == DeskKey.manager_id).order_by(DeskKey.manager_id, DeskKey.id)).all()
    if not rows:
        print(translate("还没有登记任何工作台密钥"))
    for pin, name in rows:
        state = translate("已停用 {retired_at:%Y-%m-%d}").format(retired_at=pin.retired_at) if pin.retired_at else translate("当前")
        print(translate("{name}（{manager_id}）：{fingerprint}，登记于 {pinned_at:%Y-%m-%d}，{state}").format(name=name, manager_id=pin.manager_id, fingerprint=pin.fingerprint, pinned_at=pin.pinned_at, state=state))
    return 0


def _desks_re_enrol(hq, args: argparse.Namespace) -> int:
    from cmdesk.hq.importer import re_enrol

    with hq.transaction() as session:
        pin = re_enrol(session, args.manager)
    print(translate("已停用 {manager} 的密钥 {fingerprint}；其下一个数据包的新密钥将被登记").format(manager=args.manager, fingerprint=pin.fingerprint))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one command; returns the exit status."""
    from sqlalchemy.exc import SQLAlchemyError

    from cmdesk.hq.db import open_hq

    try:
        if not getattr(args, "needs_db", True):
            return args.handler(args)
        try:
            hq = open_hq(args.data_dir, args.db)
        except (SQLAlchemyError, OSError) as exc:
            print(translate("错误：无法打开总行数据库：{exc}").format(exc=exc), file=sys.stderr)
            return 2
        try:
            return args.handler(hq, args)
        finally:
            hq.close()
    except ValidationError as exc:
        for problem in exc.problems:
            print(translate("错误：{problem}").format(problem=problem.describe()), file=sys.stderr)
        return 1
    except CmdeskError as exc:
        print(translate("错误：{exc}").format(exc=exc), file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    use_language(language_from_environment())  # the locale's language; Chinese by default
    return run(build_parser().parse_args(argv))
