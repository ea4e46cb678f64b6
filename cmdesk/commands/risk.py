"""Commands of risk watch (客户监测, 贷后管理):

    cmdesk loans list [--client ID] [--due] [--json]
    cmdesk loans show CONTRACT_NO [--json]
    cmdesk loans import FILE [--dry-run]
    cmdesk loans template -o FILE.xlsx
    cmdesk risk signals [--client ID] [--open] [--json]
    cmdesk risk signal --client ID --type T --found-on D --source S --cause TEXT [...]
    cmdesk risk checks [--client ID] [--due] [--json]
    cmdesk risk report check CHECK_ID [--unmasked] -o FILE.pdf
    cmdesk risk report month [--month 2026-12] -o FILE.pdf|FILE.xlsx
    cmdesk risk report watch -o FILE.pdf|FILE.xlsx
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cmdesk.i18n import translate


def add_commands(commands: Any, report: Any) -> None:
    loans = commands.add_parser("loans", help=translate("贷款台账")).add_subparsers(
        dest="loans_command", metavar="ACTION", required=True)
    listing = loans.add_parser("list", help=translate("列出贷款"))
    listing.add_argument("--client", help=translate("只列出这个客户（客户 ID）的贷款"))
    listing.add_argument("--due", action="store_true", help=translate("只列出 90 天内到期（及已逾期）的贷款"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_loans_list)
    show = loans.add_parser("show", help=translate("一笔贷款的全部信息"))
    show.add_argument("contract_no", help=translate("合同编号"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_loans_show)
    importing = loans.add_parser("import", help=translate("从 Excel/CSV 导入贷款台账"))
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help=translate("只检查，不写入"))
    importing.set_defaults(handler=_loans_import)
    template = loans.add_parser("template", help=translate("写出空白导入模板"))
    template.add_argument("-o", "--output", type=Path, required=True)
    template.set_defaults(handler=_loans_template)

    risk = commands.add_parser("risk", help=translate("客户监测：预警信号、贷后检查、风险清单")).add_subparsers(
        dest="risk_command", metavar="ACTION", required=True)
    signals = risk.add_parser("signals", help=translate("列出预警信号"))
    signals.add_argument("--client", help=translate("只列出这个客户（客户 ID）的信号"))
    signals.add_argument("--open", action="store_true", help=translate("只列出未解除的信号"))
    signals.add_argument("--json", action="store_true")
    signals.set_defaults(handler=_risk_signals)
    signal = risk.add_parser("signal", help=translate("登记一条预警信号（客户会被标为关注）"))
    signal.add_argument("--client", required=True, help=translate("客户 ID"))
    signal.add_argument("--type", required=True, help=translate("信号类型，如 财务风险、涉诉涉执"))
    signal.add_argument("--found-on", required=True, help=translate("发现日期，如 2026-12-03"))
    signal.add_argument("--source", required=True, help=translate("信息来源，如 贷后检查、法院公告"))
    signal.add_argument("--cause", required=True, help=translate("风险成因"))
    signal.add_argument("--measures", default="", help=translate("防范措施"))
    signal.add_argument("--responsible", default="", help=translate("责任人"))
    signal.add_argument("--deadline", default="", help=translate("处置期限"))
    signal.set_defaults(handler=_risk_signal)
    checks = risk.add_parser("checks", help=translate("列出贷后检查报告，或应检查的客户（--due）"))
    checks.add_argument("--client", help=translate("只列出这个客户（客户 ID）的检查"))
    checks.add_argument("--due", action="store_true", help=translate("列出 14 天内应检查及已逾期的客户"))
    checks.add_argument("--json", action="store_true")
    checks.set_defaults(handler=_risk_checks)
    printouts = risk.add_parser("report", help=translate("打印贷后检查报告、月度检查清单、预警客户清单")) \
        .add_subparsers(dest="risk_report", metavar="WHAT", required=True)
    check = printouts.add_parser("check", help=translate("一份贷后检查报告（PDF）"))
    check.add_argument("check_id")
    check.add_argument("--unmasked", action="store_true", help=translate("不隐去个人信息（会记入审计记录）"))
    check.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    check.set_defaults(handler=_report_check)
    month = printouts.add_parser("month", help=translate("本月贷后检查清单（PDF 或 Excel）"))
    month.add_argument("--month", help=translate("月份，如 2026-12（默认本月）"))
    month.add_argument("-o", "--output", type=Path, required=True, help=translate(".pdf 或 .xlsx 文件"))
    month.set_defaults(handler=_report_month)
    watch = printouts.add_parser("watch", help=translate("预警客户清单（PDF 或 Excel）"))
    watch.add_argument("-o", "--output", type=Path, required=True, help=translate(".pdf 或 .xlsx 文件"))
    watch.set_defaults(handler=_report_watch)


def _actor(desk: Any) -> str:
    from cmdesk.services.settings import get_profile

    with desk.db.session() as session:
        return get_profile(session).name


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _loans_list(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk import clock
    from cmdesk.domain.money import format_money
    from cmdesk.services import risk

    with desk.db.session() as session:
        if args.due:
            lines = risk.maturities_due(session, clock.today())
            if args.client:
                lines = [line for line in lines if line.client_id == args.client]
            if args.json:
                _print_json([line.__dict__ for line in lines])
                return 0
            for line in lines:
                when = translate("已逾期 {value} 天").format(value=-line.days_left) if line.days_left < 0 else translate("{days_left} 天后").format(days_left=line.days_left)
                print(translate("{maturity_date}  {when:<10} {client_name}  {contract_no}  余额 {amount} {currency}").format(maturity_date=line.maturity_date, when=when, client_name=line.client_name, contract_no=line.contract_no, amount=format_money(line.balance), currency=line.currency))
            print(translate("共 {count} 笔贷款 90 天内到期或已逾期。").format(count=len(lines)))
            return 0
        loans = risk.list_loans(session, args.client)
    if args.json:
        _print_json([loan.as_json() for loan in loans])
        return 0
    if not loans:
        print(translate("台账中还没有贷款。"))
        return 0
    for loan in loans:
        print(translate("{contract_no}  {client_name}  {product}  余额 {amount} {currency}  到期 {maturity_date}  {classification}  {status_label}").format(contract_no=loan.contract_no, client_name=loan.client_name, product=loan.product, amount=format_money(loan.balance), currency=loan.currency, maturity_date=loan.maturity_date, classification=translate(loan.classification), status_label=loan.status_label))
    print(translate("共 {count} 笔贷款。").format(count=len(loans)))
    return 0


def _loans_show(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.domain import risk_fields as rf
    from cmdesk.services import risk

    with desk.db.session() as session:
        loan = risk.get_loan(session, risk.find_loan(session, args.contract_no))
    data = loan.as_json()
    if args.json:
        _print_json(data)
        return 0
    for spec in rf.LOAN.fields:
        if spec.key in ("client_id", "credit_line_id"):
            continue
        value = getattr(loan, spec.key)
        if spec.choices:
            value = rf.label_of(spec.choices, value)
        print(translate("{label}：{value}").format(label=spec.label, value='' if value is None else value))
    print(translate("客户：{client_name}").format(client_name=loan.client_name))
    return 0


def _loans_import(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import loan_import

    with desk.db.transaction(_actor(desk)) as session:
        report = loan_import.import_loans(session, args.file, dry_run=args.dry_run)
    for rejection in report.rejected:
        print(rejection.describe(), file=sys.stderr)
    verb = translate("可导入") if args.dry_run else translate("已导入")
    print(translate("{verb} {imported} 笔贷款，拒绝 {rejected_rows} 行。").format(verb=verb, imported=report.imported, rejected_rows=report.rejected_rows))
    return 1 if report.rejected else 0


def _loans_template(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import loan_import

    loan_import.write_template(args.output)
    print(translate("已写出模板：{output}").format(output=args.output))
    return 0


def _risk_signals(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import risk

    with desk.db.session() as session:
        signals = risk.list_signals(session, args.client, open_only=args.open)
    if args.json:
        _print_json([signal.__dict__ for signal in signals])
        return 0
    if not signals:
        print(translate("没有预警信号。"))
        return 0
    for s in signals:
        print(translate("{found_on}  {status_label}  {client_name}  {type_label}（{source_label}）  {cause}  责任人：{value}  期限：{value2}").format(found_on=s.found_on, status_label=s.status_label, client_name=s.client_name, type_label=s.type_label, source_label=s.source_label, cause=s.cause, value=s.responsible or '—', value2=s.deadline or '—'))
    print(translate("共 {count} 条预警信号。").format(count=len(signals)))
    return 0


def _risk_signal(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import risk

    fields = {"client_id": args.client, "signal_type": args.type, "found_on": args.found_on,
              "source": args.source, "cause": args.cause, "measures": args.measures,
              "responsible": args.responsible, "deadline": args.deadline}
    with desk.db.transaction(_actor(desk)) as session:
        signal_id = risk.save_signal(session, fields)
    print(translate("已登记预警信号 {signal_id}；客户已标为关注，下次导出时紧急上报。").format(signal_id=signal_id))
    return 0


def _risk_checks(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk import clock
    from cmdesk.services import risk

    with desk.db.session() as session:
        if args.due:
            due = risk.checks_due(session, clock.today())
            if args.client:
                due = [line for line in due if line.client_id == args.client]
            if args.json:
                _print_json([line.__dict__ for line in due])
                return 0
            for line in due:
                state = translate("逾期 {days_overdue} 天").format(days_overdue=line.days_overdue) if line.days_overdue > 0 else translate("待检查")
                print(translate("{due}  {state:<10} {client}  存续贷款 {loans} 笔  上次检查：{last_check}").format(
                    due=line.due, state=state, client=line.client_name, loans=line.loans,
                    last_check=line.last_check or translate("无")))
            print(translate("共 {count} 户应做贷后检查。").format(count=len(due)))
            return 0
        checks = risk.list_checks(session, args.client)
    if args.json:
        _print_json([check.__dict__ for check in checks])
        return 0
    for c in checks:
        print(translate("{id}  {check_date}  {client_name}  {mode_label}  {checker}、{second_checker}  建议分类：{proposed_class}").format(id=c.id, check_date=c.check_date, client_name=c.client_name, mode_label=c.mode_label, checker=c.checker, second_checker=c.second_checker, proposed_class=c.proposed_class))
    print(translate("共 {count} 份贷后检查报告。").format(count=len(checks)))
    return 0


def _report_check(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk import clock
    from cmdesk.reports import loan_check

    path = loan_check.write_check_report(desk.db, args.check_id, args.output, clock.today(),
                                         unmasked=args.unmasked, actor=_actor(desk))
    print(translate("已写出贷后检查报告：{path}").format(path=path))
    return 0


def _report_month(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk import clock
    from cmdesk.reports import risk_lists
    from cmdesk.services import plans

    month = plans.parse_month(args.month) if args.month else plans.month_of(clock.today())
    path = risk_lists.write_month_checks(desk.db, month, args.output, clock.today())
    print(translate("已写出 {month} 贷后检查清单：{path}").format(month=month, path=path))
    return 0


def _report_watch(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk import clock
    from cmdesk.reports import risk_lists

    path = risk_lists.write_watch_list(desk.db, args.output, clock.today())
    print(translate("已写出预警客户清单：{path}").format(path=path))
    return 0
