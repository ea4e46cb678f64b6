"""Commands of large-client projects and proposal packs:

    cmdesk projects list [--client ID] [--json]
    cmdesk report proposal PROPOSAL_ID [--version N] [--appendix] [--unmasked] -o FILE.pdf
    cmdesk report proposals PROPOSAL_ID... -o DIR_OR_FILE [--combined] [--appendix]
    cmdesk report project PROJECT_ID [--unmasked] -o FILE.pdf

A proposal prints as the client pack (what the client may see) or, with --appendix, as
the internal appendix for approval (内部资料: expected income, other banks, risk notes).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cmdesk.i18n import mark, translate

APPENDIX_HELP = mark("内部审批附件（内部资料：预计收益、他行情况、风险提示、审批记录），不交客户")


def add_commands(commands: Any, report: Any) -> None:
    projects = commands.add_parser("projects", help=translate("大型客户立项")).add_subparsers(
        dest="projects_command", metavar="ACTION", required=True)
    listing = projects.add_parser("list", help=translate("列出立项"))
    listing.add_argument("--client", help=translate("只列出这个客户（客户 ID）的立项"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_projects_list)

    proposal = report.add_parser("proposal", help=translate("一份交客户的服务方案资料，或其内部审批附件"))
    proposal.add_argument("proposal_id", help=translate("服务方案的编号"))
    proposal.add_argument("--version", type=int, help=translate("第几版（默认当前版本）"))
    proposal.add_argument("--appendix", action="store_true", help=translate(APPENDIX_HELP))
    proposal.add_argument("--unmasked", action="store_true",
                          help=translate("不隐去个人信息（会记入审计记录）"))
    proposal.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    proposal.set_defaults(handler=_report_proposal)

    batch = report.add_parser("proposals", help=translate("多份服务方案资料：每份一个文件，或合并为一个 PDF"))
    batch.add_argument("proposal_ids", nargs="+", metavar="PROPOSAL_ID")
    batch.add_argument("-o", "--output", type=Path, required=True,
                       help=translate("文件夹（每份一个文件）或 PDF 文件（--combined）"))
    batch.add_argument("--combined", action="store_true", help=translate("合并为一个带书签的 PDF"))
    batch.add_argument("--appendix", action="store_true", help=translate(APPENDIX_HELP))
    batch.set_defaults(handler=_report_proposals)

    project = report.add_parser("project", help=translate("立项建议书"))
    project.add_argument("project_id", help=translate("立项的编号"))
    project.add_argument("--unmasked", action="store_true",
                         help=translate("不隐去个人信息（会记入审计记录）"))
    project.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    project.set_defaults(handler=_report_project)


def _actor(desk: Any) -> str:
    from cmdesk.services.settings import get_profile

    with desk.db.session() as session:
        return get_profile(session).name


def _projects_list(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.domain.money import format_wan
    from cmdesk.services import projects

    with desk.db.session() as session:
        rows = projects.list_projects(session, args.client)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(translate("还没有立项。"))
        return 0
    for row in rows:
        scale = format_wan(row.expected_scale) or "—"
        print(translate("{id}  {status_label:<4}  {client}  {title}  组长：{value}  规模：{scale}").format(id=row.id, status_label=row.status_label, client=row.client, title=row.title, value=row.leader or '—', scale=scale))
    print(translate("共 {count} 个立项。").format(count=len(rows)))
    return 0


def _document(args: argparse.Namespace) -> tuple[Any, str]:
    """The document asked for and its name in the current language."""
    from cmdesk.reports.proposal_pack import PackDocument

    document = PackDocument.APPENDIX if args.appendix else PackDocument.CLIENT
    return document, translate(document.label)


def _report_proposal(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.reports import proposal_pack

    document, name = _document(args)
    path = proposal_pack.write_proposal_pack(desk.db, args.proposal_id, args.output,
                                             args.version, document=document,
                                             unmasked=args.unmasked, actor=_actor(desk))
    print(translate("已写出{document}：{path}").format(document=name, path=path))
    return 0


def _report_proposals(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.reports import proposal_pack

    document, name = _document(args)
    paths = proposal_pack.write_proposal_packs(
        desk.db, args.proposal_ids, args.output, args.combined, document=document,
        progress=lambda done, total: print(f"\r{done}/{total}", end="", file=sys.stderr))
    print(file=sys.stderr)
    if args.combined:
        print(translate("已写出 {count} 份{document}（合并）：{path}").format(
            count=len(set(args.proposal_ids)), document=name, path=paths[0]))
    else:
        print(translate("已写出 {count} 份{document}到 {output}").format(
            count=len(paths), document=name, output=args.output))
    return 0


def _report_project(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.reports import project_report

    path = project_report.write_project_report(desk.db, args.project_id, args.output,
                                               unmasked=args.unmasked, actor=_actor(desk))
    print(translate("已写出立项建议书：{path}").format(path=path))
    return 0
