"""Commands of proposals and the product catalogue:

    cmdesk proposals list [--client ID] [--status STATUS] [--json]
    cmdesk proposals threshold [AMOUNT]   (the approval amount: show, or set)
    cmdesk catalogue show [--all] [--json]
    cmdesk catalogue replace FILE [--dry-run]
    cmdesk catalogue template -o FILE (.xlsx to fill in, or .json)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cmdesk.i18n import translate

STATUS_CHOICES = ("draft", "submitted", "approved", "rejected", "presented", "accepted", "declined")


def add_commands(commands: Any, report: Any) -> None:
    proposals = commands.add_parser("proposals", help=translate("服务方案")).add_subparsers(
        dest="proposals_command", metavar="ACTION", required=True)
    listing = proposals.add_parser("list", help=translate("列出服务方案"))
    listing.add_argument("--client", help=translate("只列出这个客户（客户 ID）的方案"))
    listing.add_argument("--status", choices=STATUS_CHOICES, help=translate("只列出这个状态的方案"))
    listing.add_argument("--json", action="store_true",
                         help=translate("输出 JSON 数组（id、client、title、status、version …）"))
    listing.set_defaults(handler=_proposals_list)
    threshold = proposals.add_parser("threshold", help=translate("查看或设置方案审批金额（超过须先审批）"))
    threshold.add_argument("amount", nargs="?", help=translate("新的审批金额，如 500万；不填则显示当前值"))
    threshold.set_defaults(handler=_proposals_threshold)

    catalogue = commands.add_parser("catalogue", help=translate("产品目录")).add_subparsers(
        dest="catalogue_command", metavar="ACTION", required=True)
    show = catalogue.add_parser("show", help=translate("列出产品目录"))
    show.add_argument("--all", action="store_true", help=translate("包括已停用的产品"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_catalogue_show)
    replace = catalogue.add_parser("replace", help=translate("用文件（.json 或 .xlsx）替换产品目录"))
    replace.add_argument("file", type=Path)
    replace.add_argument("--dry-run", action="store_true", help=translate("只检查并报告变化，不写入"))
    replace.set_defaults(handler=_catalogue_replace)
    template = catalogue.add_parser("template", help=translate("导出产品目录模板（含当前产品）"))
    template.add_argument("-o", "--output", type=Path, required=True, help=translate(".xlsx 或 .json 文件"))
    template.set_defaults(handler=_catalogue_template)


def _actor(desk: Any) -> str:
    from cmdesk.services.settings import get_profile

    with desk.db.session() as session:
        return get_profile(session).name


def _proposals_list(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.domain.money import format_money
    from cmdesk.services import proposals

    with desk.db.session() as session:
        rows = proposals.list_proposals(session, client_id=args.client, status=args.status)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(translate("还没有服务方案。"))
        return 0
    for row in rows:
        print(translate("{id}  {status_label}  v{version}  {client_name}  {title}  金额 {amount} 元  预计年收益 {amount2} 元").format(id=row.id, status_label=row.status_label, version=row.version, client_name=row.client_name, title=row.title, amount=format_money(row.total_amount), amount2=format_money(row.total_income)))
    print(translate("共 {count} 个服务方案。").format(count=len(rows)))
    return 0


def _proposals_threshold(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.domain.money import format_money
    from cmdesk.services import proposals

    if args.amount is None:
        with desk.db.session() as session:
            amount = proposals.approval_threshold(session)
        print(translate("方案审批金额：{amount} 元（金额合计超过此数的方案须先审批）").format(amount=format_money(amount)))
        return 0
    with desk.db.transaction(_actor(desk)) as session:
        amount = proposals.set_approval_threshold(session, args.amount)
    print(translate("方案审批金额已设为 {amount} 元").format(amount=format_money(amount)))
    return 0


def _catalogue_show(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import catalogue

    with desk.db.session() as session:
        products = catalogue.list_products(session, active_only=not args.all)
        if args.json:
            print(json.dumps([catalogue.product_row(p) for p in products], ensure_ascii=False, indent=2))
            return 0
        for product in products:
            risk = f"  {product.risk_level}" if product.risk_level else ""
            state = "" if product.active else translate("  （已停用）")
            print(f"{product.code:<12} {product.name}  {product.category}{risk}{state}")
    print(translate("共 {count} 个产品。").format(count=len(products)))
    return 0


def _catalogue_replace(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import catalogue

    rows = catalogue.read_catalogue_file(args.file)
    if args.dry_run:
        with desk.db.session() as session:
            change = catalogue.replace_catalogue(session, rows)
            session.rollback()
    else:
        with desk.db.transaction(_actor(desk)) as session:
            change = catalogue.replace_catalogue(session, rows)
    prefix = translate("检查通过，未写入（--dry-run）：将") if args.dry_run else translate("产品目录已替换：")
    print(prefix + change.summary())
    if change.deactivated:
        print(translate("停用：") + translate("、").join(change.deactivated))
    return 0


def _catalogue_template(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.files import atomic_write
    from cmdesk.services import catalogue

    with desk.db.session() as session:
        products = catalogue.list_products(session)
        suffix = args.output.suffix.lower()
        if suffix == ".json":
            data = catalogue.write_catalogue_json(products)
        elif suffix == ".xlsx":
            data = catalogue.write_catalogue_xlsx(products)
        else:
            print(translate("错误：模板文件应为 .xlsx 或 .json"), file=sys.stderr)
            return 1
    atomic_write(args.output, lambda handle: handle.write(data))
    print(translate("已导出产品目录模板：{output}（{count} 个产品）").format(output=args.output, count=len(products)))
    return 0
