"""The diary: entries with visit reports and follow-ups, saved whole, edits kept."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from cmdesk.errors import ValidationError
from cmdesk.models import DiaryEntry, FollowUp, VisitReport
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary
from cmdesk.services.catalogue import list_products


@pytest.fixture
def client_id(db):
    with db.transaction("测试经理") as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"},
            contacts=[{"name": "王五", "position": "财务总监"}]))


def _save(db, draft, entry_id=None):
    with db.transaction("测试经理") as session:
        return diary.save_entry(session, draft, entry_id)


def _visit(client, **fields):
    return diary.EntryDraft(fields={"entry_date": "2026-11-20", "start_time": "9:30", "kind": "visit",
                                    "client_id": client, "content": "讨论代发工资", **fields})


def test_visit_with_report_and_follow_ups_is_saved_whole(db, client_id):
    with db.session() as session:
        contact = clients_svc.get_client(session, client_id).contacts[0]
        product = list_products(session)[0]
    draft = _visit(client_id, duration_minutes="45")
    draft.contacts_met = [{"id": contact.id, "name": contact.name, "position": contact.position}]
    draft.visit_report = {"place": "客户办公室", "discussion": "代发工资迁移", "important_changes": "更换法人",
                          "important_change_flag": True, "next_visit_date": "2026-12-01",
                          "client_participants": [{"name": "王五", "position": "财务总监"}],
                          "products_recommended": [product.id]}
    draft.follow_ups = [{"request": "开通网银", "department": "电子银行部", "due_date": "2026-11-25"}]
    entry_id = _save(db, draft)
    with db.session() as session:
        view = diary.get_entry(session, entry_id)
    assert view.entry.start_time == time(9, 30) and view.entry.duration_minutes == 45
    assert view.client_name == "厦门鹭易科技有限公司"
    assert view.contacts_met[0]["name"] == "王五"
    assert view.report.important_change_flag and view.report.next_visit_date == date(2026, 12, 1)
    assert view.client_participants == [{"name": "王五", "position": "财务总监"}]
    assert [p.id for p in view.products_recommended] == [product.id]
    assert [(f.request, f.status, f.client_id) for f in view.follow_ups] == [
        ("开通网银", "open", client_id)]


@pytest.mark.parametrize("fields,report,where", [
    ({"client_id": None}, None, ("diary", "client_id")),
    ({"start_time": "25:99"}, None, ("diary", "start_time")),
    ({"entry_date": "2026-02-30"}, None, ("diary", "entry_date")),
    ({"kind": "call"}, {"place": "电话"}, ("visit_report", "kind")),
    ({"duration_minutes": "-5"}, None, ("diary", "duration_minutes")),
])
def test_bad_entries_are_refused_and_nothing_is_written(db, client_id, fields, report, where):
    draft = _visit(fields.pop("client_id", client_id), **fields)
    draft.visit_report = report
    draft.follow_ups = [{"request": "开通网银"}]
    with pytest.raises(ValidationError) as info:
        _save(db, draft)
    assert where in {(p.section, p.field) for p in info.value.problems}
    with db.session() as session:
        for model in (DiaryEntry, VisitReport, FollowUp):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_internal_work_needs_no_client_and_edits_are_kept(db):
    entry_id = _save(db, diary.EntryDraft(fields={"entry_date": "2026-11-20", "kind": "internal",
                                                  "content": "部门例会"}))
    _save(db, diary.EntryDraft(fields={"content": "部门例会：季度考核"}), entry_id)
    with db.session() as session:
        history = diary.entry_history(session, entry_id)
    assert [(h.action, h.field) for h in history] == [("create", ""), ("update", "content")]
    assert (history[1].old_value, history[1].new_value, history[1].actor) == (
        "部门例会", "部门例会：季度考核", "测试经理")


def test_delete_leaves_a_tombstone_and_a_history_line(db, client_id):
    draft = _visit(client_id)
    draft.visit_report = {"place": "客户办公室"}
    draft.follow_ups = [{"request": "误记的事项"}]
    entry_id = _save(db, draft)
    with db.transaction("测试经理") as session:
        diary.delete_entry(session, entry_id)
    with db.session() as session:
        assert session.get(DiaryEntry, entry_id).deleted_at is not None
        assert diary.entries_between(session, date(2026, 11, 1), date(2026, 11, 30)) == []
        assert diary.entry_history(session, entry_id)[-1].action == "delete"
        assert session.scalars(select(VisitReport)).one().deleted_at is not None
        assert diary.follow_ups(session) == []


def test_closing_a_follow_up_records_who_and_when(db, client_id):
    draft = _visit(client_id)
    draft.follow_ups = [{"request": "降低手续费"}]
    entry_id = _save(db, draft)
    with db.session() as session:
        follow_id = diary.get_entry(session, entry_id).follow_ups[0].id
    with db.transaction("测试经理") as session:
        diary.update_follow_up(session, follow_id, {"status": "told_client", "result": "已按优惠价执行",
                                                    "told_client_on": "2026-11-22"})
    with db.session() as session:
        closed = session.get(FollowUp, follow_id)
    assert closed.closed_by == "测试经理" and closed.closed_at is not None
    assert closed.told_client_on == date(2026, 11, 22)


def test_follow_up_list_puts_overdue_first(db, client_id):
    today = date(2026, 11, 22)
    draft = _visit(client_id)
    draft.follow_ups = [{"request": "以后", "due_date": str(today + timedelta(days=5))},
                        {"request": "逾期", "due_date": str(today - timedelta(days=2))},
                        {"request": "无期限"}]
    _save(db, draft)
    with db.session() as session:
        ordered = [f.request for f in diary.follow_ups(session, open_only=True, today=today)]
    assert ordered == ["逾期", "以后", "无期限"]


def test_day_week_timeline_and_last_kind(db, client_id):
    _save(db, _visit(client_id, entry_date="2026-11-16", start_time="15:00"))
    _save(db, _visit(client_id, entry_date="2026-11-16", start_time="08:00", kind="call"))
    _save(db, _visit(client_id, entry_date="2026-11-23"))
    with db.session() as session:
        week = diary.entries_between(session, date(2026, 11, 16), date(2026, 11, 22))
        timeline = diary.client_timeline(session, client_id)
        assert diary.last_entry_kind(session) == "visit"
    assert [(v.entry.entry_date.day, v.entry.kind) for v in week] == [(16, "call"), (16, "visit")]
    assert [row.entry_date.day for row in timeline] == [23, 16, 16]
    assert [row.kind for row in timeline] == ["visit", "visit", "call"]  # newest first


def test_entry_rows_carry_the_client_contacts_report_and_follow_ups(db, client_id):
    draft = _visit(client_id, entry_date="2026-11-18", start_time="09:30")
    draft.contacts_met = [{"name": "王五", "position": "财务总监"}, {"name": "赵六"}]
    draft.visit_report = {"place": "客户办公室", "discussion": "代发工资迁移"}
    draft.follow_ups = [{"request": "开户"}, {"request": "代发"}]
    visit_id = _save(db, draft)
    _save(db, diary.EntryDraft(fields={"entry_date": "2026-11-18", "start_time": "14:00",
                                       "kind": "internal", "content": "部门例会"}))
    with db.session() as session:
        rows = diary.entry_rows_between(session, date(2026, 11, 16), date(2026, 11, 22))
    assert [row.kind for row in rows] == ["visit", "internal"]
    visit, internal = rows
    assert (visit.id, visit.client_id, visit.time_text) == (visit_id, client_id, "09:30")
    assert (visit.client_name, visit.contacts) == ("厦门鹭易科技有限公司", "王五、赵六")
    assert (visit.has_report, visit.follow_up_count, visit.content) == (True, 2, "讨论代发工资")
    assert (internal.client_name, internal.follow_up_count, internal.has_report) == ("", 0, False)
