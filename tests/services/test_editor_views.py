"""The frozen views the big editors read (services return them instead of ORM rows):
plain values that outlive the session, and the rules the editors show (editable, moves,
new version, a closed project) answered by the services, not decided in the interface."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from cmdesk.domain import proposal_fields as pf
from cmdesk.services import catalogue, diary, projects
from cmdesk.services import clients as cs
from cmdesk.services import proposals as ps


def has_orm_rows(value, depth: int = 0) -> bool:
    if hasattr(value, "_sa_instance_state"):
        return True
    if depth > 3 or isinstance(value, (str, bytes)):
        return False
    if isinstance(value, dict):
        return any(has_orm_rows(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_orm_rows(v, depth + 1) for v in value)
    if dataclasses.is_dataclass(value):
        return any(has_orm_rows(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return False


@pytest.fixture
def client_id(db) -> str:
    with db.transaction("张明") as session:
        return cs.save_client_file(session, cs.ClientDraft(
            fields={"kind": "company", "name": "厦门海辰贸易有限公司", "tier": "核心"},
            contacts=[{"name": "王五", "position": "财务总监"}],
            value_items=[{"year": 2025, "category": "fee", "amount": "1000"}]))


def loan_id(db) -> str:
    with db.session() as session:
        return next(p.id for p in catalogue.product_views(session) if p.code == "LN-WC")


def test_client_file_view_is_plain_and_names_a_handover(db, client_id):
    with db.session() as session:
        view = cs.client_file_view(session, client_id)
    assert not has_orm_rows(view)
    assert view.data["client"]["name"] == "厦门海辰贸易有限公司"
    assert view.summaries[2025].total == Decimal("1000.00") and view.released_to is None
    with db.transaction("张明") as session:
        client = cs.get_client(session, client_id)
        client.released_at, client.released_to = client.created_at, "李明"
    with db.session() as session:
        released = cs.client_file_view(session, client_id)
        assert [c.name for c in cs.contact_choices(session, client_id)] == ["王五"]
        assert cs.contact_choices(session, "no-such-client") == ()
    assert released.released_to == "李明" and "李明" in released.released_message


def test_entry_form_view_is_plain(db, client_id):
    with db.transaction("张明") as session:
        entry_id = diary.save_entry(session, diary.EntryDraft(
            fields={"entry_date": "2026-11-20", "start_time": "09:30", "kind": "visit",
                    "client_id": client_id, "content": "走访"},
            visit_report={"place": "客户办公室"},
            follow_ups=[{"request": "开立代发账户", "department": "公司业务部"}]))
    with db.session() as session:
        view = diary.entry_form_view(session, entry_id)
    assert not has_orm_rows(view)
    assert view.fields["start_time"] == "09:30" and view.report["place"] == "客户办公室"
    assert [f["request"] for f in view.follow_ups] == ["开立代发账户"]
    assert [c.name for c in view.client_contacts] == ["王五"]
    assert view.history and view.client_name == "厦门海辰贸易有限公司"


def test_proposal_editor_view_carries_the_rules(db, client_id):
    with db.transaction("张明") as session:
        proposal_id = ps.create_proposal(session, client_id, ps.ProposalDraft(
            {"title": "流贷方案", "proposal_date": "2026-11-20"},
            [{"product_id": loan_id(db), "amount": "800万"}])).proposal_id
    with db.session() as session:
        draft = ps.proposal_editor_view(session, proposal_id)
    assert not has_orm_rows(draft)
    assert draft.editable and draft.can_new_version
    assert "submitted" in draft.moves and "presented" not in draft.moves  # above the threshold
    with db.transaction("张明") as session:
        ps.change_status(session, proposal_id, "submitted")
    with db.session() as session:
        submitted = ps.proposal_editor_view(session, proposal_id)
    assert not submitted.editable and not submitted.can_new_version
    assert submitted.moves == frozenset(pf.TRANSITIONS["submitted"])


def test_project_editor_view_says_when_it_is_closed(db, client_id):
    with db.transaction("张明") as session:
        project_id = projects.save_project(session, projects.ProjectDraft(
            fields={"client_id": client_id, "title": "集团现金管理项目"},
            members=[{"name": "陈建国", "role": "leader"}]))
    with db.session() as session:
        view = projects.project_editor_view(session, project_id)
        choices = projects.link_choices(session, client_id, project_id)
    assert not has_orm_rows(view) and not has_orm_rows(choices)
    assert view.accepts_changes and [m["name"] for m in view.members] == ["陈建国"]
    with db.transaction("张明") as session:
        projects.change_status(session, project_id, "closed")
    with db.session() as session:
        assert not projects.project_editor_view(session, project_id).accepts_changes
