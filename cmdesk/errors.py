"""Typed errors the core raises; the UI and the command line turn them into messages.

Nothing in cmdesk/ shows a dialog. A ValidationError names every field that is
wrong (section, row and field key) with a message a manager understands.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cmdesk.i18n import translate


class CmdeskError(Exception):
    """Base of every error the core raises on purpose."""


@dataclass(frozen=True)
class FieldProblem:
    """One wrong field: where it is and what is wrong, in the manager's words."""

    field: str
    message: str
    section: str = "client"
    row: int | None = None
    label: str = ""

    def describe(self) -> str:
        where = self.label or self.field
        if self.row is not None:
            where = translate("第 {row} 行 {where}").format(row=self.row + 1, where=where)
        return translate("{where}：{message}").format(where=where, message=self.message)


class ValidationError(CmdeskError):
    """Input that cannot be saved; carries every problem found, nothing was written."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = list(problems)
        super().__init__(translate("；").join(p.describe() for p in self.problems))


class NotFoundError(CmdeskError):
    """A record asked for by id does not exist (or was deleted)."""


class SchemaTooNewError(CmdeskError):
    """The database was written by a newer cmdesk; it is left untouched."""


class DatabaseOpenError(CmdeskError):
    """The database file cannot be opened (not a database, unreadable, locked)."""


class PasswordRequiredError(DatabaseOpenError):
    """The desk is encrypted (or about to be created) and no password was given."""


class WrongPasswordError(DatabaseOpenError):
    """The password given does not open this desk's database (or backup)."""


class DatabaseCorruptError(DatabaseOpenError):
    """The integrity check failed at open; nothing was written to the damaged file.

    Carries what the manager needs to decide: where the copy of the damaged file was
    kept, the newest backup that passes its check (or None), and what would be lost by
    going back to it (a short description in words)."""

    def __init__(self, message: str, damaged_copy: Path | None = None,
                 newest_good_backup: Path | None = None, would_be_lost: str = ""):
        self.damaged_copy = damaged_copy
        self.newest_good_backup = newest_good_backup
        self.would_be_lost = would_be_lost
        super().__init__(message)


class DeskFileMissingError(DatabaseCorruptError):
    """A file the desk needs is missing or empty — the database beside backups or a key
    file, the write-ahead log holding committed changes, the key file of an encrypted
    database. Nothing was created in its place; like DatabaseCorruptError it carries the
    newest backup to go back to."""


class DeskBusyError(DatabaseOpenError):
    """Another program (the desk's window, another command) has this data folder open;
    the lock file in the folder says so. Nothing was read or written."""


class ImportFileError(CmdeskError):
    """A whole file cannot be read (unknown format, missing required headers, bad encoding)."""


class Cancelled(CmdeskError):
    """A long job (a PDF pack, an export) was stopped by the manager; nothing was written."""
