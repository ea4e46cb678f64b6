"""Team meetings (工作例会): minutes saved whole and read back, every problem named in
Chinese with its field and row, every action item chased as a follow-up with its deadline
(the client's, or an internal one — 内部事项 — when it names none; updated while untouched,
withdrawn when the item goes), the list, and the records travelling to head office."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cmdesk.errors import ValidationError
from cmdesk.exchange.records import ENTITIES, ENTITY_LABELS
from cmdesk.models import FollowUp
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary as diary_svc
from cmdesk.services import meetings as svc

ACTOR = "测试经理"


def _client(db, name="厦门港务集团有限公司"):
    with db.transaction(ACTOR) as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "核心", "status": "prospect"}))


def _save(db, draft, meeting_id=None):
    with db.transaction(ACTOR) as session:
        return svc.save_meeting(session, draft, meeting_id)


def _draft(client_id=None, **fields):
    return svc.MeetingDraft(
        fields={"meeting_date": "2026-12-07", "title": "十二月第一周客户经理例会",
                "chair": "王主任", "attendees": "王主任、测试经理\n李梅",
                "decisions": "年末存款冲刺，每人每周拜访不少于 5 户", **fields},
        reports=[{"speaker": "测试经理", "text": "港务集团结算项目进入方案阶段"},
                 {"speaker": "李梅", "text": "两户贷款到期，已安排续贷"}],
        actions=[{"text": "落实港务集团结算方案报价", "owner": "测试经理",
                  "client_id": client_id, "due_date": "2026-12-14"},
                 {"text": "整理全行年末营销清单", "owner": "李梅"}])


def _follow_ups(db):
    with db.session() as session:
        return [(f.client_id, f.request, f.chaser, f.due_date, f.status)
                for f in session.scalars(select(FollowUp).where(FollowUp.deleted_at.is_(None)))]


def test_minutes_read_back_whole(db):
    client_id = _client(db)
    meeting_id = _save(db, _draft(client_id))
    with db.session() as session:
        view = svc.meeting_view(session, meeting_id)
    assert (view.meeting_date, view.title, view.chair) == (
        date(2026, 12, 7), "十二月第一周客户经理例会", "王主任")
    assert view.attendee_names() == ("王主任", "测试经理", "李梅")
    assert [(speaker, text) for _id, speaker, text in view.reports] == [
        ("测试经理", "港务集团结算项目进入方案阶段"), ("李梅", "两户贷款到期，已安排续贷")]
    first, second = view.actions
    assert (first.owner, first.client_name, first.due_date, first.follow_up_status) == (
        "测试经理", "厦门港务集团有限公司", date(2026, 12, 14), "待办")
    assert (second.owner, second.client_name, second.follow_up_status) == ("李梅", "", "待办")
    assert second.follow_up_id is not None


def test_every_action_item_becomes_a_follow_up_with_its_deadline(db):
    client_id = _client(db)
    _save(db, _draft(client_id))
    assert sorted(_follow_ups(db), key=lambda row: row[1]) == [
        (None, "整理全行年末营销清单", "李梅", None, "open"),
        (client_id, "落实港务集团结算方案报价", "测试经理", date(2026, 12, 14), "open")]
    with db.session() as session:
        rows = diary_svc.follow_up_rows(session, open_only=True, today=date(2026, 12, 15))
    assert [(row.client_id, row.client_name, row.request, row.days_overdue) for row in rows] == [
        (client_id, "厦门港务集团有限公司", "落实港务集团结算方案报价", 1),
        ("", "内部事项", "整理全行年末营销清单", 0)]


def test_editing_the_item_updates_an_untouched_follow_up_and_removing_withdraws_it(db):
    client_id = _client(db)
    meeting_id = _save(db, _draft(client_id))
    with db.session() as session:
        action = svc.meeting_view(session, meeting_id).actions[0]
    row = dict(action.as_row(), due_date="2026-12-18", text="报价并约见财务总监")
    _save(db, svc.MeetingDraft(fields={}, actions=[row]), meeting_id)
    assert _follow_ups(db) == [(client_id, "报价并约见财务总监", "测试经理",
                                date(2026, 12, 18), "open")]
    _save(db, svc.MeetingDraft(fields={}, actions=[dict(row, client_id="")]), meeting_id)
    assert _follow_ups(db) == [(None, "报价并约见财务总监", "测试经理", date(2026, 12, 18), "open")]
    _save(db, svc.MeetingDraft(fields={}, actions=[]), meeting_id)
    assert _follow_ups(db) == []


def test_a_follow_up_being_worked_keeps_its_course(db):
    client_id = _client(db)
    meeting_id = _save(db, _draft(client_id))
    with db.session() as session:
        action = svc.meeting_view(session, meeting_id).actions[0]
    with db.transaction(ACTOR) as session:
        diary_svc.update_follow_up(session, action.follow_up_id, {"status": "with_department"})
    _save(db, svc.MeetingDraft(fields={}, actions=[]), meeting_id)
    assert [row[-1] for row in _follow_ups(db)] == ["with_department"]


def test_problems_name_field_and_row_and_nothing_is_written(db):
    draft = svc.MeetingDraft(
        fields={"meeting_date": "2026-13-40", "title": "", "chair": "王主任", "attendees": "、 "},
        reports=[{"speaker": "", "text": "汇报"}],
        actions=[{"text": "事项", "owner": "李梅", "client_id": "no-such-client"}])
    with pytest.raises(ValidationError) as exc_info:
        _save(db, draft)
    described = {p.describe() for p in exc_info.value.problems}
    assert "会议主题：必须填写" in described
    assert "参会人员：请填写参会人员姓名" in described
    assert "第 1 行 汇报人：必须填写" in described
    assert "第 1 行 客户：找不到该客户" in described
    assert any(text.startswith("会议日期：") for text in described)
    with db.session() as session:
        assert svc.list_meetings(session) == []


def test_list_newest_first_with_counts_and_delete_withdraws_follow_ups(db):
    client_id = _client(db)
    older = _save(db, _draft(client_id, meeting_date="2026-11-30", title="十一月末例会"))
    newer = _save(db, _draft(None))
    with db.session() as session:
        rows = svc.list_meetings(session)
        assert [(r.id, r.attendees, r.reports, r.actions) for r in rows] == [
            (newer, 3, 2, 2), (older, 3, 2, 2)]
        assert [r.id for r in svc.list_meetings(session, since=date(2026, 12, 1))] == [newer]
    with db.transaction(ACTOR) as session:
        svc.delete_meeting(session, older)
    with db.session() as session:
        assert [r.id for r in svc.list_meetings(session)] == [newer]
    # only the newer meeting's items remain chased, both internal (it names no client)
    assert sorted((row[0], row[1]) for row in _follow_ups(db)) == [
        (None, "整理全行年末营销清单"), (None, "落实港务集团结算方案报价")]


def test_meetings_travel_to_head_office():
    for entity in ("meetings", "meeting_reports", "meeting_actions"):
        assert entity in ENTITIES and entity in ENTITY_LABELS
    order = list(ENTITIES)
    assert order.index("meetings") < order.index("meeting_actions")
    assert order.index("follow_ups") < order.index("meeting_actions")
