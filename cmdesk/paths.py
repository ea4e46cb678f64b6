"""Where the desk keeps its files: the data folder and the folders inside it.

The data folder comes from appdirs (per-user, per-OS) unless `--data-dir` or the
CMDESK_DATA_DIR environment variable names another one. Nothing is created at
import time; `DataPaths.ensure()` makes the folders with owner-only permissions.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import appdirs

APP_NAME = "cmdesk"
ENV_DATA_DIR = "CMDESK_DATA_DIR"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def default_data_dir() -> Path:
    """The per-user data folder: $CMDESK_DATA_DIR, else appdirs' user data dir."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataPaths:
    """The files and folders of one data folder."""

    root: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> "DataPaths":
        return cls(Path(data_dir).expanduser() if data_dir else default_data_dir())

    @property
    def database(self) -> Path:
        return self.root / "cmdesk.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def drafts(self) -> Path:
        return self.root / "drafts"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def key_file(self) -> Path:
        """Salt and KDF parameters of an encrypted desk (never the key; cmdesk.storage.encryption)."""
        return self.root / "cmdesk.key.json"

    @property
    def damaged(self) -> Path:
        """Copies of a database that failed its integrity check (cmdesk.storage.integrity)."""
        return self.root / "damaged"

    @property
    def preferences(self) -> Path:
        """The desk's own preferences read before the database opens (the interface language)."""
        return self.root / "preferences.json"

    @property
    def exchange_keys(self) -> Path:
        """The desk's private keys for the head-office exchange (made on first use)."""
        return self.root / "keys"

    def ensure(self) -> "DataPaths":
        for folder in (self.root, self.backups, self.drafts, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                folder.chmod(0o700)
        return self
