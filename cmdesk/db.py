"""Opening the desk's SQLite database safely: version check, backup, upgrade, pragmas.

`open_database(path)` is the only way in:
1. a file written by a newer cmdesk is refused before anything touches it (the file
   stays byte-identical);
2. an older schema is backed up with SQLite's online backup API, then upgraded by
   Alembic; a new file is created with owner-only permissions;
3. every connection gets foreign_keys=ON, journal_mode=WAL, synchronous=FULL and a
   busy timeout, and real transactions (SQLAlchemy's pysqlite BEGIN recipe), so a
   multi-statement save is atomic.
Alembic is loaded only when the schema must change: a file already at SCHEMA_REVISION
opens without it, which keeps the desk's start-up fast.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cmdesk import change_log
from cmdesk.errors import DatabaseOpenError, SchemaTooNewError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision: what this build writes (a test checks it against Alembic).
SCHEMA_REVISION = "0004"
BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536  # page cache per connection (64 MiB): keeps large books fast


# Tables made in plain SQL by migrations, not mapped by the models (the diary's FTS5
# index): Alembic's autogenerate must leave them alone.
UNMAPPED_TABLES = ("diary_search", "diary_fts")


def migrated_object(_object: Any, name: str | None, type_: str, _reflected: bool,
                    _compare_to: Any) -> bool:
    """Alembic's include_object: compare everything but the unmapped tables."""
    return not (type_ == "table" and name is not None and name.startswith(UNMAPPED_TABLES))


def _alembic_config(connection: Any | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def schema_head() -> str:
    """The newest schema revision among the migrations (Alembic's view of SCHEMA_REVISION)."""
    return _script().get_current_head()


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def stored_revision(path: Path) -> str | None:
    """The schema revision recorded in a database file, read without writing to it."""
    uri = f"file:{path}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"无法打开数据库文件 {path}：{exc}") from exc
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"{path} 不是 cmdesk 数据库或文件已损坏：{exc}") from exc
    finally:
        conn.close()


def backup_database(source: Path, target: Path) -> Path:
    """Copy a (possibly live) database with SQLite's online backup API; atomic under target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if os.name == "posix":
        partial.chmod(0o600)
    os.replace(partial, target)
    return target


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide where transactions begin (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path) -> Engine:
    """An engine over one SQLite file with the desk's pragmas and real transactions."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Database:
    """An open desk database: the engine and the session factory bound to it."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    upgraded_from: str | None = None
    backup_path: Path | None = None

    def session(self, actor: str = "") -> Session:
        session = self.sessions()
        session.info[change_log.ACTOR_KEY] = actor
        return session

    @contextmanager
    def transaction(self, actor: str = "") -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self.session(actor) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _create_empty(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def open_database(path: Path, backup_dir: Path | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at `path`."""
    path = Path(path)
    upgraded_from = None
    backup_path = None
    needs_upgrade = True
    if path.exists() and path.stat().st_size > 0:
        stored = stored_revision(path)
        needs_upgrade = stored != SCHEMA_REVISION
        if needs_upgrade and stored is not None and stored not in {
                rev.revision for rev in _script().walk_revisions()}:
            raise SchemaTooNewError(
                f"这个数据库由更新版本的 cmdesk 写入（数据库版本 {stored}，"
                f"本程序只支持到 {SCHEMA_REVISION}）。请升级 cmdesk 后再打开；文件没有被改动：{path}")
        if needs_upgrade:
            upgraded_from = stored or "empty"
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_path = backup_database(
                path, (backup_dir or path.parent / "backups")
                / f"before-upgrade-{upgraded_from}-{stamp}.sqlite3")
    elif not path.exists():
        _create_empty(path)
    engine = create_sqlite_engine(path)
    if needs_upgrade:
        try:
            _upgrade(engine)
        except Exception:
            engine.dispose()
            raise
    factory = sessionmaker(engine, expire_on_commit=False)
    change_log.install(factory)
    return Database(path=path, engine=engine, sessions=factory,
                    upgraded_from=upgraded_from, backup_path=backup_path)
