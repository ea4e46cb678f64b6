"""Command line for keeping the data safe: backup, restore, check, password, a plain copy.

`cmdesk backup [-o FILE]`, `cmdesk restore FILE`, `cmdesk check` (full integrity_check),
`cmdesk password set|change`, `cmdesk export-plain -o FILE` (a decrypted copy of the
database for IT, never over an existing file, audited; docs/recovery.md). Passwords come from CMDESK_PASSWORD (the new one for a
change from CMDESK_NEW_PASSWORD) or from a prompt; without a terminal and without the
variable the command stops and says what it needs. `password_for` is also how `cmdesk.cli`
gets the password for every other command.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from cmdesk.i18n import translate

ENV_NEW_PASSWORD = "CMDESK_NEW_PASSWORD"


def _ask(prompt: str, why: str, variable: str = "CMDESK_PASSWORD") -> str:
    """A password typed at the terminal; without one, stop and say `why` and what to do."""
    from cmdesk.errors import PasswordRequiredError

    if not sys.stdin.isatty():
        raise PasswordRequiredError(translate("{why}：请设置环境变量 {variable}，或在终端里运行以便输入").format(why=why, variable=variable))
    return getpass.getpass(prompt)


def _ask_new(why: str, variable: str = "CMDESK_PASSWORD") -> str:
    """A new password: from `variable`, or typed twice after the warning about losing it."""
    from cmdesk.errors import CmdeskError
    from cmdesk.storage import encryption

    password = os.environ.get(variable)
    if not password:
        if sys.stdin.isatty():
            print(translate(encryption.LOST_PASSWORD_WARNING), file=sys.stderr)
        password = _ask(translate("设置新密码："), why, variable)
        if _ask(translate("再输入一次新密码："), why, variable) != password:
            raise CmdeskError(translate("两次输入的密码不一致，密码没有设置"))
    encryption.check_new_password(password)
    return password


def password_for(data_dir: str | None, no_encryption: bool | None) -> str | None:
    """The password to open the desk with: CMDESK_PASSWORD, a remembered key (None), a
    prompt for an encrypted desk, or a new password for a desk that is not encrypted yet
    (unless --no-encryption / CMDESK_NO_ENCRYPTION asks for none)."""
    from cmdesk.paths import DataPaths
    from cmdesk.storage import encryption

    from_environment = encryption.password_from_environment()
    if from_environment:
        return from_environment
    paths = DataPaths.resolve(data_dir)
    params = encryption.read_params(paths.key_file)
    if params is None:
        if no_encryption or encryption.no_encryption_requested():
            return None
        if paths.database.exists():
            return _ask_new(translate("这个工作台的数据还没有加密，需要设置密码加密它"
                            "（或明确使用 --no-encryption 不加密打开）"))
        return _ask_new(translate("新建工作台需要设置密码（只有明确使用 --no-encryption 时才不加密）"))
    if encryption.remembered_key(paths.root, params) is not None:
        return None
    return _ask(translate("工作台密码："), translate("这个工作台的数据已加密，需要密码"))


def _cmd_backup(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.storage.backup import make_backup

    info = make_backup(desk, "manual", output=args.output)
    print(translate("已备份（已通过完整性检查）：{path}").format(path=info.path))
    print(info.describe())
    for copy in info.copies:
        print(translate("另存一份：{copy}").format(copy=copy))
    return 0


def _cmd_restore(data_dir: str | None, args: argparse.Namespace) -> int:
    from cmdesk.storage import encryption
    from cmdesk.storage.recovery import restore_backup

    password = encryption.password_from_environment()
    if password is None and not encryption.is_plaintext(args.file):
        password = _ask(translate("备份的密码："), translate("这个备份已加密，需要备份时的密码"))
    result = restore_backup(data_dir, args.file, password)
    if result.safety_backup is not None:
        print(translate("恢复前的数据库已备份：{safety_backup}").format(safety_backup=result.safety_backup))
    print(translate("已从 {restored_from} 恢复：{clients} 个客户，{entries} 条日志").format(restored_from=result.restored_from, clients=result.clients, entries=result.entries))
    return 0


def _cmd_export_plain(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.storage.recovery import export_plain

    path = export_plain(desk, args.output)
    print(translate("已写出未加密的数据库副本：{path}").format(path=path))
    print(translate("这个文件没有加密，含全部客户数据：请只交给信息技术人员，用完立即删除。"), file=sys.stderr)
    return 0


def _cmd_check(desk: Any, _args: argparse.Namespace) -> int:
    from cmdesk.storage.backup import list_backups
    from cmdesk.storage.integrity import encryption_state, run_integrity_check

    report = run_integrity_check(desk)
    print(translate("数据库：{path}（{encryption_state}）").format(path=desk.db.path, encryption_state=encryption_state(desk.paths)))
    print(translate("启动时快速检查用时 {quick_check_seconds:.0f} 毫秒；完整检查用时 {seconds:.0f} 毫秒").format(quick_check_seconds=desk.quick_check_seconds * 1000, seconds=report.seconds * 1000))
    backups = list_backups(desk)
    print(translate("备份 {count} 份").format(count=len(backups)) + (translate("，最新：{backups}").format(backups=backups[0].describe()) if backups else ""))
    if report.ok:
        print(translate("完整性检查通过"))
        return 0
    for problem in report.problems[:20]:
        print(translate("问题：{problem}").format(problem=problem), file=sys.stderr)
    print(translate("完整性检查没有通过：请用 cmdesk restore 从最近的备份恢复"), file=sys.stderr)
    return 2


def _cmd_password(data_dir: str | None, args: argparse.Namespace) -> int:
    from cmdesk.errors import CmdeskError
    from cmdesk.paths import DataPaths
    from cmdesk.storage import encryption, password
    from cmdesk.storage.desk import open_desk

    encrypted = DataPaths.resolve(data_dir).key_file.exists()
    if args.password_command == "set":
        if encrypted:
            raise CmdeskError(translate("这个工作台已经设置了密码；要修改请用 cmdesk password change"))
        password.set_password(data_dir, _ask_new(translate("设置密码"))).close()
        print(translate("已设置密码，数据库和备份已加密"))
        return 0
    if not encrypted:
        raise CmdeskError(translate("这个工作台还没有设置密码；请用 cmdesk password set"))
    old = encryption.password_from_environment() or _ask(translate("当前密码："), translate("修改密码需要当前密码"))
    new = _ask_new(translate("修改密码需要新密码"), ENV_NEW_PASSWORD)
    desk = open_desk(data_dir, old)
    try:
        password.change_password(desk, old, new)
    finally:
        desk.close()
    print(translate("密码已修改（修改前已备份；之前的备份仍用旧密码打开）"))
    return 0


def add_commands(commands: Any, _report: Any) -> None:
    backup = commands.add_parser("backup", help=translate("备份数据库（用 SQLite 在线备份，检查后保存）"))
    backup.add_argument("-o", "--output", type=Path,
                        help=translate("备份到这个文件（默认：数据文件夹的 backups 里，并按规则精简旧备份）"))
    backup.set_defaults(handler=_cmd_backup)

    restore = commands.add_parser("restore", help=translate("从备份恢复（先备份当前数据库）"))
    restore.add_argument("file", type=Path, help=translate("备份文件"))
    restore.set_defaults(handler=_cmd_restore, open_desk=False)

    plain = commands.add_parser("export-plain",
                                help=translate("写出未加密的数据库副本，供信息技术人员恢复数据（记入审计）"))
    plain.add_argument("-o", "--output", type=Path, required=True,
                       help=translate("新文件（已存在的文件不会被覆盖）"))
    plain.set_defaults(handler=_cmd_export_plain)

    check = commands.add_parser("check", help=translate("完整检查数据库（integrity_check）"))
    check.set_defaults(handler=_cmd_check)

    password = commands.add_parser("password", help=translate("设置或修改密码（加密数据库）"))
    actions = password.add_subparsers(dest="password_command", metavar="ACTION", required=True)
    actions.add_parser("set", help=translate("为未加密的工作台设置密码并加密数据"))
    actions.add_parser("change", help=translate("修改密码（重新加密数据库）"))
    password.set_defaults(handler=_cmd_password, open_desk=False)
