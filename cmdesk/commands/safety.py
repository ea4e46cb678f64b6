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

ENV_NEW_PASSWORD = "CMDESK_NEW_PASSWORD"


def _ask(prompt: str, why: str, variable: str = "CMDESK_PASSWORD") -> str:
    """A password typed at the terminal; without one, stop and say `why` and what to do."""
    from cmdesk.errors import PasswordRequiredError

    if not sys.stdin.isatty():
        raise PasswordRequiredError(f"{why}：请设置环境变量 {variable}，或在终端里运行以便输入")
    return getpass.getpass(prompt)


def _ask_new(why: str, variable: str = "CMDESK_PASSWORD") -> str:
    """A new password: from `variable`, or typed twice after the warning about losing it."""
    from cmdesk.errors import CmdeskError
    from cmdesk.storage import encryption

    password = os.environ.get(variable)
    if not password:
        if sys.stdin.isatty():
            print(encryption.LOST_PASSWORD_WARNING, file=sys.stderr)
        password = _ask("设置新密码：", why, variable)
        if _ask("再输入一次新密码：", why, variable) != password:
            raise CmdeskError("两次输入的密码不一致，密码没有设置")
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
            return _ask_new("这个工作台的数据还没有加密，需要设置密码加密它"
                            "（或明确使用 --no-encryption 不加密打开）")
        return _ask_new("新建工作台需要设置密码（只有明确使用 --no-encryption 时才不加密）")
    if encryption.remembered_key(paths.root, params) is not None:
        return None
    return _ask("工作台密码：", "这个工作台的数据已加密，需要密码")


def _cmd_backup(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.storage.backup import make_backup

    info = make_backup(desk, "manual", output=args.output)
    print(f"已备份（已通过完整性检查）：{info.path}")
    print(info.describe())
    for copy in info.copies:
        print(f"另存一份：{copy}")
    return 0


def _cmd_restore(data_dir: str | None, args: argparse.Namespace) -> int:
    from cmdesk.storage import encryption
    from cmdesk.storage.recovery import restore_backup

    password = encryption.password_from_environment()
    if password is None and not encryption.is_plaintext(args.file):
        password = _ask("备份的密码：", "这个备份已加密，需要备份时的密码")
    result = restore_backup(data_dir, args.file, password)
    if result.safety_backup is not None:
        print(f"恢复前的数据库已备份：{result.safety_backup}")
    print(f"已从 {result.restored_from} 恢复：{result.clients} 个客户，{result.entries} 条日志")
    return 0


def _cmd_export_plain(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.storage.recovery import export_plain

    path = export_plain(desk, args.output)
    print(f"已写出未加密的数据库副本：{path}")
    print("这个文件没有加密，含全部客户数据：请只交给信息技术人员，用完立即删除。", file=sys.stderr)
    return 0


def _cmd_check(desk: Any, _args: argparse.Namespace) -> int:
    from cmdesk.storage.backup import list_backups
    from cmdesk.storage.integrity import encryption_state, run_integrity_check

    report = run_integrity_check(desk)
    print(f"数据库：{desk.db.path}（{encryption_state(desk.paths)}）")
    print(f"启动时快速检查用时 {desk.quick_check_seconds * 1000:.0f} 毫秒；"
          f"完整检查用时 {report.seconds * 1000:.0f} 毫秒")
    backups = list_backups(desk)
    print(f"备份 {len(backups)} 份" + (f"，最新：{backups[0].describe()}" if backups else ""))
    if report.ok:
        print("完整性检查通过")
        return 0
    for problem in report.problems[:20]:
        print(f"问题：{problem}", file=sys.stderr)
    print("完整性检查没有通过：请用 cmdesk restore 从最近的备份恢复", file=sys.stderr)
    return 2


def _cmd_password(data_dir: str | None, args: argparse.Namespace) -> int:
    from cmdesk.errors import CmdeskError
    from cmdesk.paths import DataPaths
    from cmdesk.storage import encryption, password
    from cmdesk.storage.desk import open_desk

    encrypted = DataPaths.resolve(data_dir).key_file.exists()
    if args.password_command == "set":
        if encrypted:
            raise CmdeskError("这个工作台已经设置了密码；要修改请用 cmdesk password change")
        password.set_password(data_dir, _ask_new("设置密码")).close()
        print("已设置密码，数据库和备份已加密")
        return 0
    if not encrypted:
        raise CmdeskError("这个工作台还没有设置密码；请用 cmdesk password set")
    old = encryption.password_from_environment() or _ask("当前密码：", "修改密码需要当前密码")
    new = _ask_new("修改密码需要新密码", ENV_NEW_PASSWORD)
    desk = open_desk(data_dir, old)
    try:
        password.change_password(desk, old, new)
    finally:
        desk.close()
    print("密码已修改（修改前已备份；之前的备份仍用旧密码打开）")
    return 0


def add_commands(commands: Any, _report: Any) -> None:
    backup = commands.add_parser("backup", help="备份数据库（用 SQLite 在线备份，检查后保存）")
    backup.add_argument("-o", "--output", type=Path,
                        help="备份到这个文件（默认：数据文件夹的 backups 里，并按规则精简旧备份）")
    backup.set_defaults(handler=_cmd_backup)

    restore = commands.add_parser("restore", help="从备份恢复（先备份当前数据库）")
    restore.add_argument("file", type=Path, help="备份文件")
    restore.set_defaults(handler=_cmd_restore, open_desk=False)

    plain = commands.add_parser("export-plain",
                                help="写出未加密的数据库副本，供信息技术人员恢复数据（记入审计）")
    plain.add_argument("-o", "--output", type=Path, required=True,
                       help="新文件（已存在的文件不会被覆盖）")
    plain.set_defaults(handler=_cmd_export_plain)

    check = commands.add_parser("check", help="完整检查数据库（integrity_check）")
    check.set_defaults(handler=_cmd_check)

    password = commands.add_parser("password", help="设置或修改密码（加密数据库）")
    actions = password.add_subparsers(dest="password_command", metavar="ACTION", required=True)
    actions.add_parser("set", help="为未加密的工作台设置密码并加密数据")
    actions.add_parser("change", help="修改密码（重新加密数据库）")
    password.set_defaults(handler=_cmd_password, open_desk=False)
