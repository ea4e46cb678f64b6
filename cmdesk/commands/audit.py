"""`cmdesk audit verify` and `cmdesk audit show`: the hash-chained audit trail from the
command line (cmdesk.storage.audit). verify exits 0 when the chain is whole, 3 when it is broken,
naming the first broken line.
"""
from __future__ import annotations

import argparse
from typing import Any

from cmdesk.i18n import translate

BROKEN_CHAIN_EXIT = 3


def _verify(desk: Any, _args: argparse.Namespace) -> int:
    from cmdesk.storage.audit import verify_chain

    with desk.db.session() as session:
        result = verify_chain(session)
    if result.ok:
        print(translate("{reason}：已核对 {lines_checked} 行").format(reason=result.reason, lines_checked=result.lines_checked))
        return 0
    where = translate("（第一处断裂：第 {first_broken_seq} 行）").format(first_broken_seq=result.first_broken_seq) if result.first_broken_seq else ""
    print(translate("审计链被破坏{where}：{reason}。已核对完好的行：{lines_checked}").format(where=where, reason=result.reason, lines_checked=result.lines_checked))
    return BROKEN_CHAIN_EXIT


def _show(desk: Any, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from cmdesk.domain.identifiers import mask_free_text
    from cmdesk.exchange.records import entity_label
    from cmdesk.models import FileHistory
    from cmdesk.services.file_history import field_label
    from cmdesk.storage.audit import ACTION_LABELS

    with desk.db.session() as session:
        lines = list(session.scalars(
            select(FileHistory).where(FileHistory.seq.is_not(None))
            .order_by(FileHistory.seq.desc()).limit(args.limit)))
    if not lines:
        print(translate("审计记录为空"))
        return 0
    for line in reversed(lines):
        change = ""
        if line.field:
            old, new = (mask_free_text(v or "") for v in (line.old_value, line.new_value))
            change = translate("  {field}：{old} → {new}").format(
                field=field_label(line.entity, line.field), old=old or translate("（空）"),
                new=new or translate("（空）"))
        action = translate(ACTION_LABELS.get(line.action, line.action))
        what = translate("工作台") if line.entity == "desk" else entity_label(line.entity)
        print(f"{line.seq:>7}  {line.at:%Y-%m-%d %H:%M:%S}  {line.actor or '-'}  "
              f"{action}  {what}  {mask_free_text(line.summary)}{change}")
    return 0


def add_commands(commands: Any, _report: Any) -> None:
    audit = commands.add_parser("audit", help=translate("审计记录（防篡改链）")).add_subparsers(
        dest="audit_command", metavar="ACTION", required=True)
    verify = audit.add_parser("verify", help=translate("核对审计链，指出第一处被改动或删除的记录"))
    verify.set_defaults(handler=_verify)
    show = audit.add_parser("show", help=translate("列出最近的审计记录（个人信息已隐去）"))
    show.add_argument("--limit", type=int, default=50, help=translate("显示最近多少行（默认 50）"))
    show.set_defaults(handler=_show)
