"""Command-line access to the month's 《客户经理日志》 for the supervisor's check:

    cmdesk report month [--month 2026-11] -o FILE.pdf
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cmdesk import clock
from cmdesk.i18n import translate


def add_commands(commands: Any, report: Any) -> None:
    month = report.add_parser("month", help=translate("一个月的客户经理日志（含本月统计、逾期联系、未结督办、主管审阅）"))
    month.add_argument("--month", help=translate("哪个月，如 2026-11（默认本月）"))
    month.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    month.set_defaults(handler=_report_month)


def _report_month(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.reports.month_diary import write_month_diary
    from cmdesk.services.plans import month_of

    today = clock.today()
    path = write_month_diary(desk.db, args.month or month_of(today), args.output, today)
    print(translate("已写出客户经理日志：{path}").format(path=path))
    return 0
