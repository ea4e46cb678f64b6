"""Opening the desk's SQLite database safely: version check, backup, upgrade, pragmas, key.

`open_database(path, key=...)` is the only way in:
1. a file written by a newer cmdesk is refused before anything touches it (the file
   stays byte-identical);
2. an older schema is backed up with SQLite's online backup API, then upgraded by
   Alembic; a new file is created with owner-only permissions;
3. every connection gets foreign_keys=ON, journal_mode=WAL, synchronous=FULL,
   temp_store=MEMORY and a busy timeout, and real transactions (SQLAlchemy's pysqlite
   BEGIN recipe), so a multi-statement save is atomic.
With a key (32 raw bytes, see cmdesk.storage.encryption) every connection is a SQLCipher one
(`sqlcipher3`) opened with `PRAGMA key` first: the file, its WAL and its backups are
encrypted; without a key the standard `sqlite3` module is used.
Alembic is loaded only when the schema must change: a file already at SCHEMA_REVISION
opens without it, which keeps the desk's start-up fast.

The low-level file jobs live here too, for the backup and integrity modules:
`connect` and `stored_revision` (from cmdesk.storage.sqlite_file: one DB-API connection,
keyed, optionally read-only; the schema revision a file records), `backup_database`
(online backup API into a temp name, integrity_check, fsync, rename) and
`export_database` (sqlcipher_export into a new file under another key, or none).
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cmdesk import clock
from cmdesk.errors import DatabaseCorruptError, DatabaseOpenError, SchemaTooNewError
from cmdesk.files import _sync_folder as sync_folder
from cmdesk.i18n import translate
from cmdesk.storage import audit_anchor, change_log
from cmdesk.storage.audit import ACTOR_KEY
from cmdesk.storage.encryption import key_pragma, rekey_pragma
from cmdesk.storage.sqlite_file import SCHEMA_REVISION, apply_key, connect, dbapi, stored_revision

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
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
    """Run the migrations in one transaction, as SQLite asks for a table rebuilt by batch
    mode: foreign keys off while tables are copied and renamed (a pragma that only works
    outside a transaction), every key checked before the commit."""
    from alembic import command

    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(_alembic_config(connection), "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseOpenError(translate(
                        "数据库升级后外键检查未通过（表 {table}），未作任何改动").format(
                        table=translate("、").join(sorted({row[0] for row in broken}))))
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def database_errors() -> tuple[type[Exception], ...]:
    """The "cannot read this file" errors of both DB-API modules (they share no base)."""
    from sqlcipher3 import dbapi2

    return (sqlite3.DatabaseError, dbapi2.DatabaseError)


def integrity_problems(connection: Any, quick: bool = False) -> list[str]:
    """What SQLite's integrity check finds wrong ([] when the file is sound); a file that
    cannot even be read counts as one problem, in words. Foreign keys are checked only in a
    file whose pages are sound: on damaged pages the check can fail outright."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
        if not quick and rows == ["ok"]:
            rows += [translate("外键错误：表 {row} 第 {row2} 行").format(row=row[0], row2=row[1]) for row in
                     connection.execute("PRAGMA foreign_key_check").fetchall()]
    except database_errors() as exc:
        return [translate("文件无法读取：{exc}").format(exc=exc)]
    return [] if rows == ["ok"] else [row for row in rows if row != "ok"]


def file_problems(path: Path, key: bytes | None, quick: bool) -> list[str]:
    """What the (quick or full) check finds wrong in a file, read-only; [] when sound."""
    try:
        connection = connect(path, key, read_only=True)
    except DatabaseOpenError as exc:
        return [str(exc)]
    try:
        return integrity_problems(connection, quick=quick)
    finally:
        connection.close()


def known_revision(revision: str | None) -> bool:
    """True when this build can open (and if needed upgrade) a file at `revision`."""
    return revision is None or revision == SCHEMA_REVISION or revision in {
        rev.revision for rev in _script().walk_revisions()}


def sync_file(path: Path) -> None:
    """Flush a finished file to the disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish_copy(partial: Path, target: Path, key: bytes | None) -> Path:
    """Check a freshly written copy, make it durable and owner-only, rename it into place;
    a copy that fails its check is removed and never replaces anything."""
    try:
        problems = file_problems(partial, key, quick=False)
        if problems:
            raise DatabaseCorruptError(
                translate("副本没有通过完整性检查，未保存：{problems}").format(
                    problems=translate("；").join(problems[:3])))
        if os.name == "posix":
            partial.chmod(0o600)
        sync_file(partial)
        os.replace(partial, target)
    except BaseException:  # a failed check, a full disk: no half copy stays behind
        partial.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)
    return target


def _partial_name(target: Path) -> Path:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    return partial


def backup_database(source: Path, target: Path, key: bytes | None = None) -> Path:
    """Copy a (possibly live) database with SQLite's online backup API, encrypted with the
    same key; the copy passes integrity_check before it is renamed (atomically) to target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial_name(target)
    src = connect(source, key, read_only=True)
    try:
        dst = connect(partial, key)
        try:
            src.backup(dst)
            # a backup is one self-contained file: no WAL beside it, even when opened
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except dbapi(key).Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseOpenError(translate("无法备份数据库 {source}：{exc}").format(source=source, exc=exc)) from exc
    finally:
        src.close()
    return _finish_copy(partial, target, key)


def export_database(source: Path, source_key: bytes | None, target: Path,
                    target_key: bytes | None) -> Path:
    """Write a copy of a closed database under another key (or none) with sqlcipher_export:
    encrypting an earlier version's file, restoring a backup made under another password.
    The copy passes integrity_check before it is renamed (atomically) to target."""
    from sqlcipher3 import dbapi2

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial_name(target)
    src = dbapi2.connect(f"file:{source}?mode=ro", uri=True, isolation_level=None)
    try:
        src.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            src.execute(key_pragma(source_key))
        attach_key = f"x'{target_key.hex()}'" if target_key is not None else ""
        src.execute(f"ATTACH DATABASE ? AS exported KEY \"{attach_key}\"", (str(partial),))
        src.execute("SELECT sqlcipher_export('exported')")
        src.execute("PRAGMA exported.journal_mode = DELETE")
        src.execute("DETACH DATABASE exported")
    except dbapi2.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseOpenError(translate("无法转存数据库 {source}：{exc}").format(source=source, exc=exc)) from exc
    finally:
        src.close()
    return _finish_copy(partial, target, target_key)


def settle(path: Path, key: bytes | None = None) -> None:
    """Fold the write-ahead log into a closed database and remove it, so the main file
    alone holds everything (before it is swapped out or converted)."""
    conn = connect(path, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide where transactions begin (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA temp_store = MEMORY")  # no temp files holding client data
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine over one SQLite file with the desk's pragmas and real transactions;
    with a key, a SQLCipher engine whose every connection is keyed before anything else."""
    # hide_parameters: a failing statement's values (names, ID numbers, phones) never
    # reach an error message, a log or stderr
    engine = create_engine(f"sqlite:///{path}", module=dbapi(key), hide_parameters=True)
    if key is not None:
        event.listen(engine, "connect", lambda conn, _record: apply_key(conn, key), insert=True)
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
    key: bytes | None = field(default=None, repr=False)  # SQLCipher key; None: unencrypted

    def session(self, actor: str = "") -> Session:
        session = self.sessions()
        session.info[ACTOR_KEY] = actor
        return session

    @contextmanager
    def transaction(self, actor: str = "") -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self.session(actor) as session, session.begin():
            yield session

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the file under `new_key` (PRAGMA rekey, one transaction) and reopen
        every connection with it; the caller has made a backup first."""
        self.engine.dispose()
        connection = connect(self.path, self.key)
        try:
            connection.execute(rekey_pragma(new_key))
        finally:
            connection.close()
        self.key = new_key
        self.engine = create_sqlite_engine(self.path, new_key)
        self.sessions.configure(bind=self.engine)

    def close(self) -> None:
        self.engine.dispose()


def _create_empty(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def open_database(path: Path, backup_dir: Path | None = None,
                  key: bytes | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at `path`, keyed with `key`."""
    path = Path(path)
    upgraded_from = None
    backup_path = None
    needs_upgrade = True
    if path.exists() and path.stat().st_size > 0:
        stored = stored_revision(path, key)
        needs_upgrade = stored != SCHEMA_REVISION
        if needs_upgrade and not known_revision(stored):
            raise SchemaTooNewError(
                translate("这个数据库由更新版本的 cmdesk 写入（数据库版本 {stored}，本程序只支持到 {SCHEMA_REVISION}）。请升级 cmdesk 后再打开；文件没有被改动：{path}").format(stored=stored, SCHEMA_REVISION=SCHEMA_REVISION, path=path))
        if needs_upgrade:
            upgraded_from = stored or "empty"
            stamp = clock.now().strftime("%Y%m%d-%H%M%S")
            backup_path = backup_database(
                path, (backup_dir or path.parent / "backups")
                / f"before-upgrade-{upgraded_from}-{stamp}.sqlite3", key)
    elif not path.exists():
        _create_empty(path)
    engine = create_sqlite_engine(path, key)
    if needs_upgrade:
        try:
            _upgrade(engine)
        except Exception:
            engine.dispose()
            raise
    factory = sessionmaker(engine, expire_on_commit=False,
                           info={audit_anchor.PATH_KEY: audit_anchor.anchor_path(path)})
    change_log.install(factory)
    return Database(path=path, engine=engine, sessions=factory,
                    upgraded_from=upgraded_from, backup_path=backup_path, key=key)
