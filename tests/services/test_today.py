"""The Today view's data: each list with its boundary dates, and marking a change reported."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from cmdesk.errors import NotFoundError
from cmdesk.models import Client
from cmdesk.services import diary, today
from cmdesk.services.clients import ClientDraft, save_client_file

TODAY = date(2026, 11, 20)


def add_client(db, name: str, tier: str = "核心", created: date = TODAY,
               contacts: list[dict] | None = None) -> str:
    with db.transaction("测试经理") as session:
        client_id = save_client_file(session, ClientDraft(
            fields={"kind": "company", "name": name, "tier": tier, "status": "active"},
            contacts=contacts))
    with db.transaction("测试经理") as session:
        session.get(Client, client_id).created_at = datetime.combine(created, time())
    return client_id


def save(db, draft: diary.EntryDraft, entry_id: str | None = None) -> str:
    with db.transaction("测试经理") as session:
        return diary.save_entry(session, draft, entry_id)


def view_of(db, day: date = TODAY) -> today.TodayView:
    with db.session() as session:
        return today.today_view(session, day)


def test_todays_entries_only_in_time_order(db):
    client_id = add_client(db, "鹭易科技")
    later = save(db, diary.EntryDraft(fields={"entry_date": TODAY, "start_time": "15:00",
                                              "kind": "call", "client_id": client_id,
                                              "content": "电话确认"}))
    earlier = save(db, diary.EntryDraft(fields={"entry_date": TODAY, "start_time": "09:00",
                                                "kind": "internal", "content": "晨会"}))
    save(db, diary.EntryDraft(fields={"entry_date": date(2026, 11, 19), "kind": "internal",
                                      "content": "昨天"}))
    lines = view_of(db).entries
    assert [(line.entry_id, line.kind_label, line.client_id, line.client_name) for line in lines] == [
        (earlier, "内部事务", None, ""), (later, "电话", client_id, "鹭易科技")]
    assert view_of(db).plan_items == ()


def test_contacts_due_include_one_due_exactly_today(db):
    due_today = add_client(db, "今天到期", created=date(2026, 11, 6))  # 核心: 14 days
    add_client(db, "明年到期", tier="一般", created=TODAY)
    lines = view_of(db).contacts_due
    assert [(line.client_id, line.days_overdue) for line in lines] == [(due_today, 0)]


def test_follow_ups_overdue_or_due_this_week(db):
    client_id = add_client(db, "鹭易科技")
    rows = [{"request": "逾期", "due_date": "2026-11-19"},
            {"request": "今天", "due_date": "2026-11-20"},
            {"request": "周末", "due_date": "2026-11-26"},  # today + 6
            {"request": "下周", "due_date": "2026-11-27"},  # today + 7
            {"request": "无期限"},
            {"request": "已回复", "due_date": "2026-11-18", "status": "told_client"},
            {"request": "已转部门", "due_date": "2026-11-25", "status": "with_department"}]
    entry_id = save(db, diary.EntryDraft(
        fields={"entry_date": "2026-11-10", "kind": "visit", "client_id": client_id},
        follow_ups=rows))
    lines = view_of(db).follow_ups
    assert [(line.request, line.days_overdue) for line in lines] == [
        ("逾期", 1), ("今天", 0), ("已转部门", -5), ("周末", -6)]
    assert {(line.entry_id, line.client_id, line.client_name) for line in lines} == {
        (entry_id, client_id, "鹭易科技")}
    assert lines[2].status_label == "已转部门"


def test_important_changes_until_marked_reported(db):
    client_id = add_client(db, "鹭易科技")

    def visit(day: str, flag: bool) -> str:
        return save(db, diary.EntryDraft(
            fields={"entry_date": day, "kind": "visit", "client_id": client_id},
            visit_report={"important_changes": f"{day} 更换法定代表人",
                          "important_change_flag": flag}))

    flagged = visit("2026-11-18", True)
    visit("2026-11-19", False)
    deleted = visit("2026-11-17", True)
    with db.transaction("测试经理") as session:
        diary.delete_entry(session, deleted)
    lines = view_of(db).important_changes
    assert [(line.entry_id, line.client_id, line.client_name, line.entry_date,
             line.important_changes) for line in lines] == [
        (flagged, client_id, "鹭易科技", date(2026, 11, 18), "2026-11-18 更换法定代表人")]

    with db.transaction("测试经理") as session:
        today.mark_change_reported(session, lines[0].report_id)
    assert view_of(db).important_changes == ()
    with db.session() as session:
        report = diary.get_entry(session, flagged).report
    assert report.reported_at is not None and report.important_change_flag
    with pytest.raises(NotFoundError), db.transaction() as session:
        today.mark_change_reported(session, "no-such-report")


def birthday_names(db, day: date) -> list[tuple[str, date]]:
    return [(line.contact_name, line.on) for line in view_of(db, day).birthdays]


def test_birthdays_over_new_year_for_the_top_two_tiers(db):
    add_client(db, "鹭易科技", "核心", contacts=[
        {"name": "年末", "birthday": "1970-12-31"}, {"name": "元旦后", "birthday": "1980-01-03"},
        {"name": "太晚", "birthday": "1980-01-04"}, {"name": "昨天", "birthday": "1975-12-27"},
        {"name": "没填"}])
    add_client(db, "海沧物流", "重点", contacts=[{"name": "重点联系人", "birthday": "1990-12-28"}])
    add_client(db, "集美贸易", "一般", contacts=[{"name": "一般联系人", "birthday": "1990-12-29"}])
    lines = view_of(db, date(2026, 12, 28)).birthdays
    assert [(line.contact_name, line.on, line.age, line.client_name) for line in lines] == [
        ("重点联系人", date(2026, 12, 28), 36, "海沧物流"),
        ("年末", date(2026, 12, 31), 56, "鹭易科技"),
        ("元旦后", date(2027, 1, 3), 47, "鹭易科技")]
    assert all(line.contact_id and line.client_id for line in lines)


def test_29_february_birthdays(db):
    add_client(db, "鹭易科技", contacts=[{"name": "闰日", "birthday": "1988-02-29"}])
    assert birthday_names(db, date(2027, 2, 25)) == [("闰日", date(2027, 2, 28))]
    assert birthday_names(db, date(2027, 3, 1)) == []
    assert birthday_names(db, date(2028, 2, 29)) == [("闰日", date(2028, 2, 29))]
    assert birthday_names(db, date(2028, 2, 22)) == []


def plan_item(db, fields: dict) -> str:
    from cmdesk.services import plans

    with db.transaction("测试经理") as session:
        return plans.save_item(session, plans.week_of(TODAY), {"purpose": "maintain", **fields})


def test_todays_plan_holds_today_undated_and_late_open_items(db):
    # GIVEN this week's plan (20 November 2026 is a Friday): items for today, for no day,
    # for Monday (open, and done), for next Monday's week, and one dropped
    client_id = add_client(db, "鹭易科技")
    for_today = plan_item(db, {"client_id": client_id, "planned_date": TODAY, "priority": "low"})
    urgent = plan_item(db, {"title": "准备季度汇报", "planned_date": TODAY, "priority": "high"})
    undated = plan_item(db, {"title": "整理档案"})
    late = plan_item(db, {"title": "周一的走访", "planned_date": date(2026, 11, 16)})
    plan_item(db, {"title": "周一已完成", "planned_date": date(2026, 11, 16), "status": "done"})
    plan_item(db, {"title": "取消的", "planned_date": TODAY, "status": "dropped", "reason": "客户出差"})
    done_today = plan_item(db, {"title": "今天已完成", "planned_date": TODAY, "status": "done"})
    # THEN late first, then today's by priority, then the undated; done ones stay, ticked
    view = view_of(db)
    assert [line.item_id for line in view.plan_items] == [late, urgent, done_today, for_today, undated]
    assert view.totals["plan_items"] == 5
    first = view.plan_items[3]
    assert (first.subject, first.purpose_label, first.priority_label, first.done) == (
        "鹭易科技", "维护", "低", False)
    assert view.plan_items[0].days_late(TODAY) == 4 and view.plan_items[2].done
    # a page of two: the first two lines, the total still counted
    with db.session() as session:
        paged = today.today_view(session, TODAY, {"plan_items": 2})
    assert len(paged.plan_items) == 2 and paged.not_shown("plan_items") == 3
    # next week has a plan of its own: nothing of this week shows then
    assert view_of(db, date(2026, 11, 23)).plan_items == ()
