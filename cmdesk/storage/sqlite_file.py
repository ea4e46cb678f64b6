"""A desk database file at the DB-API level, without the database layer (SQLAlchemy).

`connect(path, key)` opens one keyed (SQLCipher, `sqlcipher3`) or plain (`sqlite3`)
connection; `stored_revision` reads the schema revision a file records; SCHEMA_REVISION is
what this build writes. cmdesk.storage.db builds its engine on these, and the desk's start
(cmdesk.storage.first_look) reads through them before SQLAlchemy has even loaded.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from cmdesk.errors import DatabaseOpenError
from cmdesk.i18n import translate
from cmdesk.storage.encryption import key_pragma

# The newest migration's revision: what this build writes (a test checks it against Alembic).
SCHEMA_REVISION = "0010"


def dbapi(key: bytes | None) -> Any:
    """The DB-API module for a file: SQLCipher's when there is a key, else the standard one."""
    if key is None:
        return sqlite3
    from sqlcipher3 import dbapi2

    return dbapi2


def apply_key(connection: Any, key: bytes | None) -> None:
    """Key a fresh SQLCipher connection (nothing for a plain file)."""
    if key is None:
        return
    connection.execute("PRAGMA cipher_log_level = NONE")  # no decrypt noise on stderr
    connection.execute(key_pragma(key))


def connect(path: Path, key: bytes | None = None, read_only: bool = False) -> Any:
    """One DB-API connection to `path` (keyed when `key` is given); read-only never
    writes to the file. Autocommit: the caller issues BEGIN when it needs one."""
    module = dbapi(key)
    target = f"file:{Path(path)}?mode=ro" if read_only else str(path)
    try:
        connection = module.connect(target, uri=read_only, isolation_level=None)
    except module.Error as exc:
        raise DatabaseOpenError(translate("无法打开数据库文件 {path}：{exc}").format(path=path, exc=exc)) from exc
    apply_key(connection, key)
    return connection


def stored_revision(path: Path, key: bytes | None = None) -> str | None:
    """The schema revision recorded in a database file, read without writing to it."""
    conn = connect(path, key, read_only=True)
    module = dbapi(key)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except module.DatabaseError as exc:
        raise DatabaseOpenError(translate("{path} 不是 cmdesk 数据库或文件已损坏：{exc}").format(path=path, exc=exc)) from exc
    finally:
        conn.close()
