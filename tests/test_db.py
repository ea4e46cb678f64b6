"""The database layer: pragmas, permissions, atomic saves, schema upgrade and refusal."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from cmdesk.errors import DatabaseOpenError, SchemaTooNewError
from cmdesk.models import Client, Contact
from cmdesk.storage import db as db_module
from cmdesk.storage.db import open_database, schema_head, stored_revision

DATA = Path(__file__).parent / "data"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_connection_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_database_file_is_owner_only(desk):
    mode = stat.S_IMODE(desk.paths.database.stat().st_mode)
    assert mode & 0o077 == 0
    assert stat.S_IMODE(desk.paths.root.stat().st_mode) & 0o077 == 0


def test_multi_statement_save_is_atomic(db):
    # GIVEN a save that writes a client and then fails on a bad foreign key
    with pytest.raises(IntegrityError):
        with db.transaction() as session:
            session.add(Client(id="c1", kind="company", name="甲公司"))
            session.flush()
            session.add(Contact(client_id="no-such-client", name="张三"))
            session.flush()
    # THEN nothing of it is there, not even the first statement or its change log
    with db.session() as session:
        assert session.get(Client, "c1") is None
        assert session.execute(text("SELECT count(*) FROM outbox WHERE entity_id='c1'")).scalar() == 0


def test_new_database_is_at_head(desk):
    assert stored_revision(desk.paths.database) == schema_head()


def test_schema_revision_constant_is_alembics_head():
    # a new migration must also move SCHEMA_REVISION, or files would not be upgraded
    assert db_module.SCHEMA_REVISION == schema_head()


def test_newer_schema_is_refused_and_left_byte_identical(tmp_path):
    path = tmp_path / "future.sqlite3"
    opened = open_database(path)
    opened.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _digest(path)
    with pytest.raises(SchemaTooNewError) as info:
        open_database(path)
    assert "更新版本" in str(info.value)
    assert _digest(path) == before


def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    before = _digest(path)
    with pytest.raises(DatabaseOpenError):
        open_database(path)
    assert _digest(path) == before


def test_first_schema_file_opens_without_loss(tmp_path):
    # A database written by the first released schema (kept in tests/data) opens with its data.
    path = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "schema-0001.sqlite3", path)
    opened = open_database(path, backup_dir=tmp_path / "backups")
    with opened.session() as session:
        names = sorted(c.name for c in session.query(Client))
        history = session.execute(text("SELECT count(*) FROM file_history")).scalar()
        contacts = [c.name for c in session.query(Contact)]
    opened.close()
    assert names == ["厦门鹭易科技有限公司", "张伟"]
    assert contacts == ["李娜"] and history >= 3
    assert opened.upgraded_from == "0001"
    assert stored_revision(opened.backup_path) == "0001"
    assert stored_revision(path) == db_module.SCHEMA_REVISION


NEXT_MIGRATION = '''"""test-only: a later schema adds a column"""
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("test_added", sa.String(20), nullable=True))


def downgrade():
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("test_added")
'''


def test_older_schema_is_backed_up_then_upgraded(tmp_path, monkeypatch):
    # GIVEN a database at today's head with a client in it
    path = tmp_path / "desk.sqlite3"
    opened = open_database(path)
    with opened.transaction() as session:
        session.add(Client(kind="company", name="老客户有限公司"))
    opened.close()
    old_digest = _digest(path)
    # AND a newer build of cmdesk whose migrations have one more step
    migrations = tmp_path / "migrations"
    shutil.copytree(db_module.MIGRATIONS_DIR, migrations,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9001_test.py").write_text(
        NEXT_MIGRATION.format(head=schema_head()), encoding="utf-8")
    monkeypatch.setattr(db_module, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(db_module, "SCHEMA_REVISION", "9001")
    # WHEN it opens the file
    upgraded = open_database(path, backup_dir=tmp_path / "backups")
    # THEN the old file was backed up (a readable copy of the old schema) and upgraded in place
    assert upgraded.upgraded_from is not None and upgraded.backup_path is not None
    assert stored_revision(upgraded.backup_path) != "9001"
    with sqlite3.connect(upgraded.backup_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM clients").fetchall() == [("老客户有限公司",)]
    with upgraded.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name, test_added FROM clients").all() == [
            ("老客户有限公司", None)]
    upgraded.close()
    assert stored_revision(path) == "9001"
    assert _digest(path) != old_digest


def test_models_and_migrations_agree(desk):
    # a model changed without a migration (or the reverse) would show up here
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from cmdesk.models import Base

    with desk.db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": db_module.migrated_object})
        assert compare_metadata(context, Base.metadata) == []


def test_a_failing_statement_never_carries_its_values(db, tmp_path):
    # GIVEN a save that breaks a constraint with an ID number and a phone in its values
    canary_id, canary_phone = "110105194912310021", "13912345678"
    with db.transaction() as session:
        client = Client(kind="person", name="王小明", id_number=canary_id)
        session.add(client)
    with pytest.raises(IntegrityError) as failed, db.transaction() as session:
        session.add(Client(id=client.id, kind="person", name=canary_phone, id_number=canary_id))
    # THEN the error (what a log or a traceback would show) holds neither
    assert canary_id not in str(failed.value) and canary_phone not in str(failed.value)
    assert "hidden" in str(failed.value)


def test_head_office_engines_hide_statement_values_too(tmp_path):
    from cmdesk.hq.db import make_engine

    for url in (None, "postgresql+psycopg://hq@localhost/hq"):
        engine = make_engine(url, tmp_path)
        try:
            assert engine.hide_parameters
        finally:
            engine.dispose()


def test_assessment_migration_marks_rates_as_levels(tmp_path):
    # GIVEN a desk file at 0005 with a standard level, a custom rate and a custom count
    from alembic import command

    from cmdesk.storage.db import _alembic_config, create_sqlite_engine

    path = tmp_path / "at-0005.sqlite3"
    engine = create_sqlite_engine(path)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0005")
        connection.exec_driver_sql(
            "INSERT INTO task_books (id, year, source, issued_by, notes, created_at, updated_at, "
            "revision) VALUES ('b', 2026, 'typed', '', '', '2026-01-01', '2026-01-01', 1)")
        for key, unit in (("loan_balance", "万元"), ("custom_rate0001", "%"), ("custom_count01", "户")):
            connection.exec_driver_sql(
                "INSERT INTO task_indicators (id, book_id, key, name, unit, target, computed, "
                "sort_order, created_at, updated_at, revision) VALUES "
                f"('{key}', 'b', '{key}', '{key}', '{unit}', 1, 0, 0, '2026-01-01', '2026-01-01', 1)")
    engine.dispose()
    # WHEN it opens with this version
    opened = open_database(path, backup_dir=tmp_path / "backups")
    with opened.engine.connect() as conn:
        measures = dict(conn.exec_driver_sql("SELECT key, measure FROM task_indicators").all())
    opened.close()
    # THEN the standard level and the rate are levels, the count stays a flow
    assert measures == {"loan_balance": "level", "custom_rate0001": "level", "custom_count01": "flow"}
