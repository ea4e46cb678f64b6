"""Head office's database: SQLite in its data folder by default, or PostgreSQL by URL.

`open_hq(data_dir, url)` resolves the data folder (`--data-dir`, else
$CMDESK_HQ_DATA_DIR, else appdirs' folder for "cmdesk-hq"), makes the engine — SQLite
(the file owner-only, 0600) with the desk's pragmas and real transactions
(`cmdesk.storage.db.create_sqlite_engine`), or any
SQLAlchemy URL such as `postgresql+psycopg://user@host/db` — and creates whatever
tables are missing (`create_schema`). Sessions carry no change log: head office stores
the desks' records as they were sent.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import appdirs
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Engine, create_engine, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from cmdesk.hq.models import ClientCode, HqBase, travelling_metadata
from cmdesk.hq.team import record_client_codes
from cmdesk.models import Client
from cmdesk.storage.db import create_sqlite_engine

APP_NAME = "cmdesk-hq"
ENV_DATA_DIR = "CMDESK_HQ_DATA_DIR"
ENV_DB_URL = "CMDESK_HQ_DB"


def default_data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Head office's data folder (keys, default database), made owner-only."""
    root = Path(data_dir).expanduser() if data_dir else default_data_dir()
    root.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        root.chmod(0o700)
    return root


def _owner_only(path: Path) -> Path:
    """Create the SQLite file owner-only (0600) before SQLite opens it, and make an existing
    one so: it holds every desk's client data. SQLite gives its -wal and -shm files the
    database file's permissions."""
    if os.name == "posix":
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        path.chmod(0o600)
    return path


def make_engine(url: str | None, data_dir: Path) -> Engine:
    """The engine for `url`, or for the SQLite file `hq.sqlite3` in the data folder."""
    if not url:
        return create_sqlite_engine(_owner_only(data_dir / "hq.sqlite3"))
    if url.startswith("sqlite:///"):
        return create_sqlite_engine(_owner_only(Path(url.removeprefix("sqlite:///"))))
    return create_engine(url, hide_parameters=True)  # no client data in errors or logs


def create_schema(engine: Engine) -> None:
    """Create the travelling tables and head office's own tables that do not exist yet,
    add the travelling columns a newer desk schema brought to a table that exists, and
    record the clients' codes of a database made before hq_client_codes existed."""
    codes_are_new = not inspect(engine).has_table(ClientCode.__tablename__)
    metadata = travelling_metadata()
    metadata.create_all(engine)
    HqBase.metadata.create_all(engine)
    add_missing_columns(engine, metadata)
    relax_not_null_columns(engine, metadata)
    if codes_are_new:
        with Session(engine) as session, session.begin():
            record_client_codes(session, session.scalars(select(Client.id)))


def add_missing_columns(engine: Engine, metadata: Any) -> None:
    """ALTER TABLE … ADD COLUMN for each column of `metadata` its stored table lacks (a new
    column must be nullable or carry a server default, as the desk's migrations give it)."""
    inspector = inspect(engine)
    with engine.begin() as conn:
        operations = Operations(MigrationContext.configure(conn))
        for table in metadata.sorted_tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present:
                    operations.add_column(table.name, column._copy())


def relax_not_null_columns(engine: Engine, metadata: Any) -> None:
    """Let a stored NOT NULL column hold NULL where a newer desk schema made it nullable
    (follow_ups.client_id, desk migration 0010); SQLite rebuilds the table (batch mode)."""
    inspector = inspect(engine)
    relaxed: dict[str, list[Any]] = {}
    for table in metadata.sorted_tables:
        stored = {column["name"]: column for column in inspector.get_columns(table.name)}
        relaxed[table.name] = [column for column in table.columns
                               if column.nullable and column.name in stored
                               and not stored[column.name]["nullable"]]
    relaxed = {table_name: columns for table_name, columns in relaxed.items() if columns}
    if not relaxed:
        return
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        # SQLite rebuilds the table: other tables' keys must not be checked while it is
        # dropped and renamed (a pragma that only works outside a transaction)
        raw = conn.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                operations = Operations(MigrationContext.configure(conn))
                for table_name, columns in relaxed.items():
                    with operations.batch_alter_table(table_name) as batch:
                        for column in columns:
                            batch.alter_column(column.name, existing_type=column.type,
                                               nullable=True)
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


@dataclass
class HqDatabase:
    """Head office's open database and its data folder."""

    data_dir: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_hq(data_dir: str | os.PathLike[str] | None = None, url: str | None = None) -> HqDatabase:
    """Open head office's database (creating missing tables); `url` defaults to
    $CMDESK_HQ_DB, else the SQLite file in the data folder."""
    folder = resolve_data_dir(data_dir)
    engine = make_engine(url or os.environ.get(ENV_DB_URL), folder)
    create_schema(engine)
    return HqDatabase(data_dir=folder, engine=engine,
                      sessions=sessionmaker(engine, expire_on_commit=False))
