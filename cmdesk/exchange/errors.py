"""PackageError: why a package was refused, as a code (for tests and ledgers) and a
message in the manager's words."""
from __future__ import annotations

from cmdesk.errors import CmdeskError


class PackageError(CmdeskError):
    """A package was refused; nothing was changed. `code` says which check failed."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)
