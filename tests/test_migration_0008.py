"""Migration 0008 (meetings, project approvals): a desk of schema 0005 with a project
decided before approvals were recorded upgrades without loss — the decider and time kept,
the approval's new fields empty — and takes minutes at once; 0008 also goes back down."""
from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import create_engine

from cmdesk.models import utcnow
from cmdesk.services import clients as clients_svc
from cmdesk.services import meetings, projects
from cmdesk.storage import db as db_module
from cmdesk.storage.db import open_database

ACTOR = "测试经理"


def test_a_desk_of_schema_0005_upgrades_keeping_its_decided_projects(tmp_path):
    # GIVEN a desk with a project approved (the old way: decided_by / decided_at only) …
    path = tmp_path / "desk.sqlite3"
    opened = open_database(path)
    with opened.transaction(ACTOR) as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={
            "kind": "company", "name": "厦门港务集团有限公司", "tier": "核心", "status": "active"}))
        project_id = projects.save_project(session, projects.ProjectDraft(
            fields={"client_id": client_id, "title": "结算项目"},
            members=[{"name": "张立", "role": "leader"}]))
        project = projects.get_project(session, project_id)
        project.status, project.decided_by = "approved", "审批主管"
        project.decided_at = utcnow()
    opened.close()
    # … taken back to schema 0005 (a plain connection: SQLite rebuilds tables without a
    # column with foreign keys off, as a downgrade is never run on a desk)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(db_module._alembic_config(connection), "0005")
    engine.dispose()
    assert db_module.stored_revision(path) == "0005"

    # WHEN it is opened by this build THEN it is upgraded, nothing lost
    upgraded = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert upgraded.upgraded_from == "0005"
        with upgraded.session() as session:
            project = projects.get_project(session, project_id)
            assert (project.status, project.decided_by) == ("approved", "审批主管")
            assert (project.approver_position, project.decided_on, project.approval_no) == (
                "", None, "")
        with upgraded.transaction(ACTOR) as session:
            meeting_id = meetings.save_meeting(session, meetings.MeetingDraft(fields={
                "meeting_date": "2026-12-07", "title": "十二月例会", "chair": "王主任",
                "attendees": "王主任、测试经理"}))
        with upgraded.session() as session:
            assert meetings.meeting_view(session, meeting_id).meeting_date == date(2026, 12, 7)
    finally:
        upgraded.close()
    assert db_module.stored_revision(path) == db_module.SCHEMA_REVISION
