"""The desk's log files: rotating files in the data folder's logs/, never holding an
unmasked identifier.

`setup_logging(log_dir)` is called once by the composition root (cmdesk/__main__.py). It
puts one rotating file handler on the root logger, so whatever logs — cmdesk, SQLAlchemy
with its statement parameters, Qt messages routed to logging — goes through `MaskingFilter`,
which masks mobile numbers, ID numbers, credit codes and account numbers
(cmdesk.domain.identifiers.mask_free_text) in the message, its arguments, the traceback
and the stack of every record before it is written. Uncaught exceptions are logged too.
"""
from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FILE_NAME = "cmdesk.log"
MAX_LOG_BYTES = 1_048_576
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


class MaskingFilter(logging.Filter):
    """Rewrites every record so that what a handler writes has its identifiers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        # imported on the first record, not at start-up (python-stdnum is slow to import)
        from cmdesk.domain.identifiers import mask_free_text

        record.msg = mask_free_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_free_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_free_text(record.stack_info)
        return True


class _MaskingFileHandler(RotatingFileHandler):
    """The desk's own handler (recognised so that setting up twice adds nothing)."""


def _log_uncaught(kind: type[BaseException], error: BaseException,
                  trace: TracebackType | None) -> None:
    if not issubclass(kind, KeyboardInterrupt):
        log.critical("未处理的异常", exc_info=(kind, error, trace))
    sys.__excepthook__(kind, error, trace)


def setup_logging(log_dir: str | os.PathLike[str], level: int = logging.INFO) -> logging.Handler:
    """Log to `log_dir`/cmdesk.log (rotated at 1 MiB, 5 old files kept), masked; returns
    the handler (the same one if logging is already set up for that folder)."""
    path = Path(log_dir) / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, _MaskingFileHandler) and Path(handler.baseFilename) == path.resolve():
            return handler
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _MaskingFileHandler(path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS,
                                  encoding="utf-8")
    if os.name == "posix":
        path.chmod(0o600)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    sys.excepthook = _log_uncaught
    return handler


def stop_logging(handler: logging.Handler) -> None:
    """Detach and close a handler made by setup_logging."""
    logging.getLogger().removeHandler(handler)
    handler.close()
    if sys.excepthook is _log_uncaught:
        sys.excepthook = sys.__excepthook__
