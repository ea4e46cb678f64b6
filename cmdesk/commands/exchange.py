"""Data exchange with head office from the command line:

    cmdesk export [--full] [-o FILE|FOLDER] [--resend N]   the package for head office
    cmdesk import FILE [--preview]                         a package from head office
    cmdesk keys show                                       this desk's key fingerprint
    cmdesk keys install-hq FILE                            head office's public key file

See cmdesk.exchange.desk; refusals are told in words with exit status 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cmdesk.i18n import translate


def _actor(desk: Any) -> str:
    from cmdesk.services.settings import get_profile

    with desk.db.session() as session:
        return get_profile(session).name


def _progress(done: int, total: int) -> None:
    print(translate("\r正在读取数据 {done}/{total}").format(done=done, total=total), end="" if done < total else "\n", file=sys.stderr)


def _export(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.exchange.desk import export_changes
    from cmdesk.exchange.records import entity_label

    result = export_changes(desk, args.output or Path.cwd(), full=args.full, resend=args.resend,
                            progress=_progress, actor=_actor(desk))
    what = translate("重发") if result.resent else (translate("全量导出") if result.full else translate("导出"))
    print(translate("已{what}第 {sequence} 号数据包：{path}（{size:,} 字节，{records} 条记录）").format(what=what, sequence=result.sequence, path=result.path, size=result.size, records=result.records))
    for entity, count in result.counts.items():
        print(translate("  {entity_label}：{count}").format(entity_label=entity_label(entity), count=count))
    return 0


def _import(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.exchange.desk import import_package

    result = import_package(desk, args.file, preview=args.preview, actor=_actor(desk))
    for line in result.preview.lines():
        print(line)
    if result.result == "preview":
        print(translate("（仅预览，未改动任何数据；去掉 --preview 即导入）"))
    else:
        print(result.message)
    return 0


def _keys_show(desk: Any, _args: argparse.Namespace) -> int:
    from cmdesk.exchange.desk import desk_keys, hq_public_keys

    print(translate("本机公钥指纹：{public}").format(public=desk_keys(desk).public.fingerprint()))
    with desk.db.session() as session:
        hq = hq_public_keys(session)
    print(translate("总行公钥指纹：{fingerprint}").format(
        fingerprint=hq.fingerprint() if hq else translate("尚未安装（cmdesk keys install-hq 文件）")))
    return 0


def _keys_install(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.errors import CmdeskError
    from cmdesk.exchange.desk import install_hq_key

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CmdeskError(translate("无法读取文件 {file}：{value}").format(file=args.file, value=exc.strerror or exc)) from exc
    public = install_hq_key(desk, data, actor=_actor(desk))
    print(translate("已安装总行公钥，指纹：{public}").format(public=public.fingerprint()))
    print(translate("请与总行核对这串指纹（电话或当面），一致才可使用。"))
    return 0


def add_commands(commands: Any, _report: Any) -> None:
    export = commands.add_parser("export", help=translate("导出给总行的数据包（加密、签名）"))
    export.add_argument("--full", action="store_true", help=translate("全量导出（默认只导出上次以来的变更）"))
    export.add_argument("-o", "--output", type=Path,
                        help=translate("数据包文件，或放数据包的文件夹（如 U 盘）；默认当前文件夹"))
    export.add_argument("--resend", type=int, metavar="N", help=translate("重新写出第 N 号数据包（丢失时）"))
    export.set_defaults(handler=_export)
    imp = commands.add_parser("import", help=translate("导入总行发来的数据包（产品目录、任务指标、客户移交、主管审阅、总行确认、考核审定、共同服务、总行规则）"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--preview", action="store_true", help=translate("只列出将改动的内容，不导入"))
    imp.set_defaults(handler=_import)
    keys = commands.add_parser("keys", help=translate("数据交换密钥")).add_subparsers(
        dest="keys_command", metavar="ACTION", required=True)
    keys.add_parser("show", help=translate("显示本机公钥指纹")).set_defaults(handler=_keys_show)
    install = keys.add_parser("install-hq", help=translate("安装总行公钥文件（初次设置时一次）"))
    install.add_argument("file", type=Path)
    install.set_defaults(handler=_keys_install)
