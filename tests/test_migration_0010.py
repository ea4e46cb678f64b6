"""Migration 0010 (follow-ups without a client): a desk of schema 0009 keeps its follow-ups
and their clients, then takes a meeting's internal action item as a follow-up; head office's
copy of follow_ups lets go of NOT NULL on client_id the same way, keeping its rows."""
from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import create_engine, insert, inspect, select, text

from cmdesk.hq.db import create_schema, make_engine
from cmdesk.hq.models import travelling_metadata
from cmdesk.models import FollowUp
from cmdesk.services import clients as clients_svc
from cmdesk.services import meetings
from cmdesk.storage import db as db_module
from cmdesk.storage.db import open_database

ACTOR = "测试经理"
ACTIONS = [{"text": "落实结算方案报价", "owner": ACTOR, "client_id": None}]


def _client_id_nullable(engine) -> bool:
    return next(column["nullable"] for column in inspect(engine).get_columns("follow_ups")
                if column["name"] == "client_id")


def test_a_desk_of_schema_0009_upgrades_and_takes_internal_follow_ups(tmp_path):
    # GIVEN a desk with a client's follow-up, taken back to schema 0009
    path = tmp_path / "desk.sqlite3"
    opened = open_database(path)
    with opened.transaction(ACTOR) as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        meetings.save_meeting(session, meetings.MeetingDraft(
            fields={"meeting_date": "2026-12-07", "title": "十二月例会", "chair": "王主任",
                    "attendees": "王主任"},
            actions=[dict(ACTIONS[0], client_id=client_id)]))
    opened.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(db_module._alembic_config(connection), "0009")
    assert not _client_id_nullable(engine)
    engine.dispose()

    # WHEN this build opens it THEN the follow-up keeps its client and one without is taken
    upgraded = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert upgraded.upgraded_from == "0009"
        with upgraded.transaction(ACTOR) as session:
            meetings.save_meeting(session, meetings.MeetingDraft(
                fields={"meeting_date": "2026-12-14", "title": "十二月第二次例会",
                        "chair": "王主任", "attendees": "王主任"}, actions=ACTIONS))
        with upgraded.session() as session:
            assert {f.client_id for f in session.scalars(select(FollowUp))} == {None, client_id}
    finally:
        upgraded.close()
    assert db_module.stored_revision(path) == db_module.SCHEMA_REVISION


def test_head_office_lets_follow_ups_go_without_a_client(tmp_path):
    # GIVEN a head office made when follow_ups.client_id was NOT NULL, with a follow-up
    # that a meeting's action item points at
    engine = make_engine(None, tmp_path)
    old = travelling_metadata()
    old.tables["follow_ups"].c.client_id.nullable = False
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(old.tables["clients"]).values(
            id="c", kind="company", name="港务", name_pinyin="gw"))
        conn.execute(insert(old.tables["follow_ups"]).values(id="f", client_id="c", request="报价"))
        conn.execute(insert(old.tables["meetings"]).values(
            id="m", meeting_date=date(2026, 12, 7), title="例会", chair="王主任", attendees="王主任"))
        conn.execute(insert(old.tables["meeting_actions"]).values(
            id="a", meeting_id="m", text="报价", owner="王芳", follow_up_id="f"))
    assert not _client_id_nullable(engine)
    # WHEN head office opens it with this build
    create_schema(engine)
    # THEN client_id may be empty and the row is kept
    assert _client_id_nullable(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT client_id FROM follow_ups")).scalar_one() == "c"
        conn.execute(insert(travelling_metadata().tables["follow_ups"]).values(
            id="g", client_id=None, request="清单"))
    engine.dispose()
