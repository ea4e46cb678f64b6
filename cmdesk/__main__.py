"""The composition root: `cmdesk` on the command line.

`cmdesk [--data-dir DIR] [--no-encryption] [gui [--smoke]]` starts the desk; the Qt user interface is
imported here, lazily, for the gui command only. Every other command goes to
cmdesk.cli and never loads Qt. Every command logs to the data folder's masked,
rotating log files (cmdesk.logs).
"""
from __future__ import annotations

import sys


def _start_logging(data_dir: str | None) -> None:
    """Masked, rotating log files in the data folder's logs/ (cmdesk.logs), for every command."""
    from cmdesk.logs import setup_logging
    from cmdesk.paths import DataPaths

    setup_logging(DataPaths.resolve(data_dir).ensure().logs)


def main(argv: list[str] | None = None) -> None:
    from cmdesk import cli

    args = cli.build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    _start_logging(args.data_dir)
    if args.command in (None, "gui"):
        from ui.app import run_gui  # the one place the core reaches the UI

        sys.exit(run_gui(data_dir=args.data_dir, smoke=getattr(args, "smoke", False),
                         no_encryption=args.no_encryption or None))
    sys.exit(cli.run(args))


if __name__ == "__main__":
    main()
