"""Migration 0009 (shared clients): a desk of schema 0008 upgrades without loss and keeps
head office's 共同服务 word at once; 0009 also goes back down, leaving the client files."""
from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import create_engine, inspect

from cmdesk.services import clients as clients_svc
from cmdesk.services.shared_clients import CO_SERVER, apply_shared, shared_client_of
from cmdesk.storage import db as db_module
from cmdesk.storage.db import open_database

ACTOR = "测试经理"
CODE = "91310115630123450N"


def _downgrade(path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(db_module._alembic_config(connection), revision)
    engine.dispose()


def test_a_desk_of_schema_0008_upgrades_and_keeps_shared_clients(tmp_path):
    # GIVEN a desk with a client file, taken back to schema 0008
    path = tmp_path / "desk.sqlite3"
    opened = open_database(path)
    with opened.transaction(ACTOR) as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "credit_code": CODE}))
    opened.close()
    _downgrade(path, "0008")
    engine = create_engine(f"sqlite:///{path}")
    assert "shared_clients" not in inspect(engine).get_table_names()
    engine.dispose()

    # WHEN this build opens it THEN it is upgraded and takes head office's word
    upgraded = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert upgraded.upgraded_from == "0008"
        now = datetime(2026, 12, 3, 2, 0)
        with upgraded.transaction(ACTOR) as session:
            apply_shared(session, {"shared_clients": [{
                "id": "0b7c4f1e-6a55-4f7e-9a4c-1f2e3d4c5b6a", "created_at": now, "updated_at": now,
                "revision": 1, "manager_id": "T001", "code": CODE, "lead_id": "W001",
                "lead_name": "王芳", "servers": "[]", "client_name": "厦门港务集团", "as_of": now}]})
        with upgraded.session() as session:
            view = shared_client_of(session, client_id)
            assert (view.role, view.own_name) == (CO_SERVER, "厦门港务集团有限公司")
    finally:
        upgraded.close()
    assert db_module.stored_revision(path) == db_module.SCHEMA_REVISION

    # AND 0009 goes back down, the client file kept
    _downgrade(path, "0008")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert "shared_clients" not in inspect(connection).get_table_names()
        assert connection.exec_driver_sql("SELECT name FROM clients").scalar() == "厦门港务集团有限公司"
    engine.dispose()
