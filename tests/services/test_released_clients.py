"""A client released to another manager by a handover (移交) stays visible on this desk but
is read-only: every service that changes the client's file, diary, plans, proposals or
projects refuses in words, and nothing is written."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from cmdesk.errors import ValidationError
from cmdesk.models import Client, DiaryEntry, FileHistory
from cmdesk.services import clients as clients_svc
from cmdesk.services import development, diary, projects, proposals, strategy

ACTOR = "测试经理"
MESSAGE = "该客户已于 2026-11-21 移交给 李明，本机档案只读"


def _client(db, name: str) -> str:
    with db.transaction(ACTOR) as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "核心", "status": "active"}))


def _release(db, client_id: str) -> None:
    with db.transaction(ACTOR) as session:
        client = session.get(Client, client_id)
        client.released_at = datetime(2026, 11, 21, 4, 0)
        client.released_to = "李明"


def _history_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(FileHistory))


def _refused(db, write) -> ValidationError:
    before = _history_count(db)
    with pytest.raises(ValidationError) as refused:
        with db.transaction(ACTOR) as session:
            write(session)
    assert [p.message for p in refused.value.problems] == [MESSAGE]
    assert refused.value.problems[0].field == "client_id"
    assert _history_count(db) == before  # nothing written
    return refused.value


@pytest.fixture
def released(db) -> str:
    client_id = _client(db, "厦门港务集团有限公司")
    with db.transaction(ACTOR) as session:
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": "2026-11-20", "kind": "call", "client_id": client_id,
            "summary": "电话了解结算需求"}))
    _release(db, client_id)
    return client_id


def test_the_client_file_cannot_be_saved_or_archived(db, released):
    error = _refused(db, lambda s: clients_svc.save_client_file(s, clients_svc.ClientDraft(
        fields={"kind": "company", "name": "改了名字", "tier": "核心"}), released))
    assert MESSAGE in str(error)
    _refused(db, lambda s: clients_svc.set_archived(s, released, True))
    with db.session() as session:
        client = clients_svc.get_client(session, released)  # still visible
        assert client.name == "厦门港务集团有限公司" and client.archived_at is None
        assert clients_svc.released_message(client) == MESSAGE


def test_diary_entries_of_the_client_are_refused(db, released):
    new = diary.EntryDraft(fields={"entry_date": "2026-11-22", "kind": "visit",
                                   "client_id": released, "summary": "走访"})
    problem = _refused(db, lambda s: diary.save_entry(s, new)).problems[0]
    assert problem.section == "diary" and problem.label == "客户"
    with db.session() as session:
        entry_id = session.scalars(select(DiaryEntry.id)
                                   .where(DiaryEntry.client_id == released)).one()
    edit = diary.EntryDraft(fields={"summary": "改写旧日志"})
    _refused(db, lambda s: diary.save_entry(s, edit, entry_id))
    # an entry of another client still saves, and may not be moved onto the released one
    other = _client(db, "福建鹭岛建材股份有限公司")
    with db.transaction(ACTOR) as session:
        other_entry = diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": "2026-11-22", "kind": "call", "client_id": other, "summary": "电话"}))
    _refused(db, lambda s: diary.save_entry(
        s, diary.EntryDraft(fields={"client_id": released}), other_entry))


def test_plans_proposals_and_projects_of_the_client_are_refused(db, released):
    _refused(db, lambda s: development.save_plan(
        s, released, development.PlanDraft(fields={"target": "拿下代发工资"})))
    _refused(db, lambda s: strategy.save_plan(s, released, strategy.StrategyDraft(
        fields={"year": "2026"})))
    draft = proposals.ProposalDraft({"title": "综合金融服务方案", "proposal_date": "2026-11-20"}, [])
    _refused(db, lambda s: proposals.create_proposal(s, released, draft))
    _refused(db, lambda s: projects.save_project(s, projects.ProjectDraft(
        fields={"client_id": released, "title": "港口结算项目"})))


def test_a_proposal_made_before_the_release_is_frozen(db):
    client_id = _client(db, "厦门鹭易科技有限公司")
    draft = proposals.ProposalDraft({"title": "综合金融服务方案", "proposal_date": "2026-11-20"}, [])
    with db.transaction(ACTOR) as session:
        proposal_id = proposals.create_proposal(session, client_id, draft).proposal_id
    _release(db, client_id)
    _refused(db, lambda s: proposals.save_draft(s, proposal_id, draft))
    _refused(db, lambda s: proposals.new_version(s, proposal_id))


def test_other_clients_are_not_affected(db, released):
    other = _client(db, "陈晓梅")
    with db.transaction(ACTOR) as session:
        clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": "陈晓梅", "tier": "一般"}), other)
        clients_svc.set_archived(session, other, True)
        assert clients_svc.released_message(session.get(Client, other)) is None
