"""`cmdesk targets show|set|book`: the yearly task book (工作任务书) — each indicator's
target, actual, share done against the share of the year gone by; typing a target or a
month's actual; recording who set the book (自行录入/主管下达/总行下发)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from cmdesk import clock
from cmdesk.i18n import translate



def _targets_show(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import task_book

    with desk.db.session() as session:
        progress = task_book.book_progress(session, args.year)
    if args.json:
        print(json.dumps(task_book.progress_dict(progress), ensure_ascii=False, indent=2))
        return 0
    elapsed = progress.elapsed * 100
    source = translate(dict(task_book.SOURCES).get(progress.source, progress.source))
    issued = translate("（{issued_by}）").format(issued_by=progress.issued_by) if progress.issued_by else ""
    print(translate("{year} 年工作任务书（截至 {as_of}，时间进度 {elapsed:.1f}%；{source}{issued}）").format(year=progress.year, as_of=progress.as_of, elapsed=elapsed, source=source, issued=issued))
    if not progress.indicators:
        print(translate("还没有任务书指标。用 cmdesk targets set 指标 --target 数值 设定目标。"))
        return 0
    for item in progress.indicators:
        done = "—" if item.done is None else f"{item.done * 100:.1f}%"
        how = translate("自动统计") if item.computed else translate("手工录入")
        print(translate("  {name:<8} 目标 {target:>12} {unit:<3} 实际 {actual:>12}  完成 {done:>7}  {status_label}（{how}）").format(name=item.name, target=item.target, unit=item.unit, actual=item.actual, done=done, status_label=item.status_label, how=how))
    return 0


def _targets_set(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import task_book
    from cmdesk.services.settings import get_profile

    if args.target is None and args.actual is None:
        print(translate("错误：请给出 --target，或 --month 与 --actual"), file=sys.stderr)
        return 1
    if args.actual is not None and args.month is None:
        print(translate("错误：录入实际值需要 --month（1–12）"), file=sys.stderr)
        return 1
    with desk.db.session() as session:
        actor = get_profile(session).name
    with desk.db.transaction(actor) as session:
        key = args.indicator
        if args.target is not None:
            key = task_book.set_target(session, args.year, args.indicator, args.target,
                                       name=args.name, unit=args.unit, measure=args.measure)
            print(translate("已设定 {year} 年 {value} 的目标：{target}").format(year=args.year, value=args.name or args.indicator, target=args.target))
        if args.actual is not None:
            task_book.set_actual(session, args.year, key, args.month, args.actual)
            print(translate("已录入 {year} 年 {month} 月 {indicator} 的实际值：{actual}").format(
                year=args.year, month=args.month, indicator=args.name or args.indicator,
                actual=args.actual or translate("（清除）")))
    return 0


def _targets_book(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import task_book
    from cmdesk.services.settings import get_profile

    with desk.db.session() as session:
        actor = get_profile(session).name
    with desk.db.transaction(actor) as session:
        task_book.save_book_header(session, args.year, source=args.source, issued_by=args.issued_by,
                                   notes=args.notes)
    print(translate("已记录 {year} 年任务书：{source}").format(year=args.year, source=translate(dict(task_book.SOURCES)[args.source]))
          + (translate("，下达人 {issued_by}").format(issued_by=args.issued_by) if args.issued_by else ""))
    return 0


def add_commands(commands: argparse._SubParsersAction, report: argparse._SubParsersAction) -> None:
    targets = commands.add_parser("targets", help=translate("工作任务书：年度指标的目标与完成进度")).add_subparsers(
        dest="targets_command", metavar="ACTION", required=True)
    show = targets.add_parser("show", help=translate("显示一年的指标、实际与进度"))
    show.add_argument("--year", type=int, default=clock.today().year, help=translate("年度（默认今年）"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_targets_show)
    put = targets.add_parser("set", help=translate("设定一个指标的目标，或录入某月的实际值"))
    put.add_argument("indicator", help=translate("指标名称或代码（如 存款新增、fee_income）；新名称即自定义指标"))
    put.add_argument("--year", type=int, default=clock.today().year, help=translate("年度（默认今年）"))
    put.add_argument("--target", help=translate("年度目标值"))
    put.add_argument("--month", help=translate("月份 1–12（录入实际值时）"))
    put.add_argument("--actual", help=translate("该月实际值（空字符串清除）"))
    put.add_argument("--name", help=translate("显示名称（自定义指标）"))
    put.add_argument("--unit", help=translate("单位（自定义指标，如 户、万元）"))
    put.add_argument("--measure", choices=("flow", "level"),
                     help=translate("口径（自定义指标）：flow 累计值，按月相加；level 时点值，取最近一月（单位为 % 时默认）"))
    book = targets.add_parser("book", help=translate("记录任务书的来源、下达人和备注"))
    book.add_argument("--year", type=int, default=clock.today().year, help=translate("年度（默认今年）"))
    book.add_argument("--source", required=True, choices=("typed", "supervisor", "head_office"),
                      help=translate("typed 自行录入、supervisor 主管下达、head_office 总行下发"))
    book.add_argument("--issued-by", default="", help=translate("下达人"))
    book.add_argument("--notes", default="", help=translate("备注"))
    book.set_defaults(handler=_targets_book)
    put.set_defaults(handler=_targets_set)
