"""Typed errors the core raises; the UI and the command line turn them into messages.

Nothing in cmdesk/ shows a dialog. A ValidationError names every field that is
wrong (section, row and field key) with a message a manager understands.
"""
from __future__ import annotations

from dataclasses import dataclass


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
            where = f"第 {self.row + 1} 行 {where}"
        return f"{where}：{self.message}"


class ValidationError(CmdeskError):
    """Input that cannot be saved; carries every problem found, nothing was written."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = list(problems)
        super().__init__("；".join(p.describe() for p in self.problems))


class NotFoundError(CmdeskError):
    """A record asked for by id does not exist (or was deleted)."""


class SchemaTooNewError(CmdeskError):
    """The database was written by a newer cmdesk; it is left untouched."""


class DatabaseOpenError(CmdeskError):
    """The database file cannot be opened (not a database, unreadable, locked)."""


class ImportFileError(CmdeskError):
    """A whole file cannot be read (unknown format, missing required headers, bad encoding)."""


class Cancelled(CmdeskError):
    """A long job (a PDF pack, an export) was stopped by the manager; nothing was written."""
