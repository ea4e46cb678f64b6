"""`cmdesk report strategy CLIENT_ID [--year Y] -o FILE.pdf`: print a key client's
relationship strategy plan (客户关系战略计划书) of a year."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from cmdesk import clock
from cmdesk.i18n import translate



def _report_strategy(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.reports import strategy_plan
    from cmdesk.services.settings import get_profile

    with desk.db.session() as session:
        actor = get_profile(session).name
    plan_id = strategy_plan.plan_id_for(desk.db, args.client_id, args.year)
    path = strategy_plan.write_strategy_plan(desk.db, plan_id, args.output, unmasked=args.unmasked,
                                             actor=actor)
    print(translate("已写出 {year} 年度客户关系战略计划书：{path}").format(year=args.year, path=path))
    return 0


def add_commands(commands: argparse._SubParsersAction, report: argparse._SubParsersAction) -> None:
    parser = report.add_parser("strategy", help=translate("一个客户的客户关系战略计划书"))
    parser.add_argument("client_id", metavar="CLIENT_ID", help=translate("客户编号"))
    parser.add_argument("--year", type=int, default=clock.today().year, help=translate("计划年度（默认今年）"))
    parser.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    parser.add_argument("--unmasked", action="store_true",
                        help=translate("不隐去手机号、证件号（仅限内部使用，会记入档案历史）"))
    parser.set_defaults(handler=_report_strategy)
