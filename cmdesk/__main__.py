"""The composition root: `cmdesk` on the command line.

`cmdesk [--data-dir DIR] [--no-encryption] [gui [--smoke]]` starts the desk; the Qt user interface is
imported here, lazily, for the gui command only. Every other command goes to
cmdesk.cli and never loads Qt. Every command logs to the data folder's masked,
rotating log files (cmdesk.logs).

No command ends in a traceback: a read-only folder, an immutable file, a full disk or a
database error is told in one sentence (cmdesk.storage.failures) with exit status
2; anything unexpected is logged (masked) and told with exit status 3. Commands speak the
language of the locale (LANGUAGE, LC_ALL, LANG: cmdesk.i18n); Chinese by default.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from cmdesk.i18n import language_from_environment, translate, use_language

UNEXPECTED_STATUS = 3
FAILED_STATUS = 2


def _start_logging(data_dir: str | None) -> None:
    """Masked, rotating log files in the data folder's logs/ (cmdesk.logs), for every command."""
    from cmdesk.logs import setup_logging
    from cmdesk.paths import DataPaths

    setup_logging(DataPaths.resolve(data_dir).ensure().logs)


def guarded(command: Callable[[], int]) -> int:
    """Run `command`; any error that escapes it becomes a message on stderr and an exit
    status, never a traceback (and never a statement's values: see cmdesk.storage.failures)."""
    try:
        return command()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # the last line of defence: every error is told in words
        from cmdesk.errors import CmdeskError
        from cmdesk.storage.failures import explain

        if isinstance(error, CmdeskError):
            print(translate("错误：{error}").format(error=error), file=sys.stderr)
            return FAILED_STATUS
        message = explain(error)
        log = logging.getLogger("cmdesk")
        # only into the desk's own (masked) log file: logging's last-resort handler would
        # print the traceback on stderr
        logged = bool(logging.getLogger().handlers)
        if message is not None:
            if logged:
                log.error("command failed: %s", message)
            print(translate("错误：{message}").format(message=message), file=sys.stderr)
            return FAILED_STATUS
        if logged:
            log.exception("unexpected error")
        print(translate("错误：程序遇到意外问题（{kind}），操作没有完成；详情已记入数据文件夹 logs/ 里的日志").format(kind=type(error).__name__), file=sys.stderr)
        return UNEXPECTED_STATUS


def main(argv: list[str] | None = None) -> None:
    from cmdesk import cli

    use_language(language_from_environment())  # the window may choose another (设置)
    args = cli.build_parser().parse_args(sys.argv[1:] if argv is None else argv)

    def command() -> int:
        _start_logging(args.data_dir)
        if args.command in (None, "gui"):
            from ui.app import run_gui  # the one place the core reaches the UI

            return run_gui(data_dir=args.data_dir, smoke=getattr(args, "smoke", False),
                           no_encryption=args.no_encryption or None)
        return cli.run(args)

    sys.exit(guarded(command))


if __name__ == "__main__":
    main()
