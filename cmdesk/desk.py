"""Opening a desk: its data folder, its database, and what a desk has from the first start.

Used by the command line and the UI alike, so both start the same way: folders with
owner-only permissions, the database checked/backed up/upgraded, a desk id, and the
default product catalogue when the desk has none.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import func, select

from cmdesk.db import Database, open_database
from cmdesk.models import Product
from cmdesk.paths import DataPaths
from cmdesk.services.catalogue import load_default_catalogue
from cmdesk.services.settings import desk_id


@dataclass
class Desk:
    paths: DataPaths
    db: Database

    def close(self) -> None:
        self.db.close()


def open_desk(data_dir: str | os.PathLike[str] | None = None) -> Desk:
    """Open the desk in `data_dir` (default: the per-user data folder)."""
    paths = DataPaths.resolve(data_dir).ensure()
    db = open_database(paths.database, paths.backups)
    with db.transaction() as session:
        desk_id(session)
        if not session.scalar(select(func.count()).select_from(Product)):
            load_default_catalogue(session)
    return Desk(paths=paths, db=db)
