"""Meetings' minutes travel to head office: a desk's minutes, reports and action items
(and the follow-up each item raised, a client's or an internal one) arrive equal record
by record, remembered as sent by that manager; a later edit and the deletion follow in
the next packages. A head office made before follow-ups could lack a client lets the
column go when it opens."""
from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import String, inspect, select

from cmdesk.hq.db import create_schema
from cmdesk.hq.importer import Importer
from cmdesk.hq.models import Origin
from cmdesk.hq.report import team_week
from cmdesk.services import clients as clients_svc
from cmdesk.services import meetings
from tests.hq.conftest import assert_hq_matches_desk, export, make_desk, table_rows


def test_minutes_reach_head_office_and_follow_their_changes(hq, tmp_path):
    desk = make_desk(tmp_path / "desk", hq, "王芳", "W001")
    with desk.db.transaction("王芳") as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        meeting_id = meetings.save_meeting(session, meetings.MeetingDraft(
            fields={"meeting_date": "2026-12-07", "title": "十二月例会", "chair": "王主任",
                    "attendees": "王主任、王芳"},
            reports=[{"speaker": "王芳", "text": "港务集团结算项目进入方案阶段"}],
            actions=[{"text": "落实结算方案报价", "owner": "王芳", "client_id": client_id,
                      "due_date": "2026-12-14"},
                     {"text": "整理年末营销清单", "owner": "王芳"}]))
    assert Importer(hq).import_paths([export(desk, tmp_path / "out1")]).applied == 1
    assert assert_hq_matches_desk(desk, hq) > 0
    actions = table_rows(hq.engine, "meeting_actions")
    assert sorted((row["text"], row["client_id"]) for row in actions.values()) == [
        ("整理年末营销清单", None), ("落实结算方案报价", client_id)]
    chased = table_rows(hq.engine, "follow_ups")
    assert sorted((row["request"], row["client_id"]) for row in chased.values()) == [
        ("整理年末营销清单", None), ("落实结算方案报价", client_id)]
    internal_id = next(key for key, row in chased.items() if row["client_id"] is None)
    with hq.session() as session:
        assert session.scalar(select(Origin.manager_id).where(
            Origin.entity == "meetings", Origin.entity_id == meeting_id)) == "W001"
        assert session.scalar(select(Origin.manager_id).where(
            Origin.entity == "follow_ups", Origin.entity_id == internal_id)) == "W001"
        # a later week of the team counts the internal follow-up with the client's (both open)
        managers, _lines = team_week(session, "2099-W02")
        assert [(row.manager_id, row.follow_ups_open) for row in managers] == [("W001", 2)]

    with desk.db.transaction("王芳") as session:
        meetings.save_meeting(session, meetings.MeetingDraft(fields={"decisions": "年末冲刺"}),
                              meeting_id)
    Importer(hq).import_paths([export(desk, tmp_path / "out2")])
    assert table_rows(hq.engine, "meetings")[meeting_id]["decisions"] == "年末冲刺"
    with desk.db.transaction("王芳") as session:
        meetings.delete_meeting(session, meeting_id)
    Importer(hq).import_paths([export(desk, tmp_path / "out3")])
    assert table_rows(hq.engine, "meetings")[meeting_id]["deleted_at"] is not None
    assert assert_hq_matches_desk(desk, hq) > 0
    desk.close()


def test_an_older_head_office_takes_follow_ups_without_a_client(hq):
    # GIVEN head office's follow_ups as it was made before desk schema 0010 (client required)
    with hq.engine.connect() as connection, connection.begin():
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("follow_ups") as batch:
            batch.alter_column("client_id", existing_type=String(36), nullable=False)
    assert not _client_id_nullable(hq.engine)
    # WHEN head office opens its database again THEN an internal follow-up fits
    create_schema(hq.engine)
    assert _client_id_nullable(hq.engine)


def _client_id_nullable(engine) -> bool:
    return next(column["nullable"] for column in inspect(engine).get_columns("follow_ups")
                if column["name"] == "client_id")
