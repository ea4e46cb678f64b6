"""Week and month plans: items saved whole, plan vs actual from the diary, carry-over,
suggestions from the contact cadence, and the item form under random input."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdesk.errors import CmdeskError, NotFoundError, ValidationError
from cmdesk.models import Client, PlanItem
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary, plans
from cmdesk.services.catalogue import list_products
from tests.helpers import stored_text

WEEK = "2026-W48"  # Monday 23 November 2026 to Sunday 29 November
MONDAY = date(2026, 11, 23)
ACTOR = "测试经理"


def _client(db, name: str, tier: str = "核心", created: datetime | None = None) -> str:
    with db.transaction(ACTOR) as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": tier}))
        if created is not None:
            session.get(Client, client_id).created_at = created
        return client_id


CREATED = datetime(2026, 11, 2, 9)  # the fixtures' clients are new clients of November 2026


@pytest.fixture
def client_a(db):
    return _client(db, "厦门鹭易科技有限公司", created=CREATED)


@pytest.fixture
def client_b(db):
    return _client(db, "福州恒达贸易有限公司", "重点", created=CREATED)


def _item(db, week: str = WEEK, **fields) -> str:
    with db.transaction(ACTOR) as session:
        return plans.save_item(session, week, {"purpose": "maintain", **fields})


def _log(db, client_id: str, day: date, kind: str = "visit") -> str:
    with db.transaction(ACTOR) as session:
        return diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": day, "kind": kind, "client_id": client_id, "content": "回访"}))


def _view(db, week: str = WEEK) -> plans.WeekView:
    with db.session() as session:
        return plans.week_view(session, week)


def test_week_parsing_and_bounds():
    assert plans.parse_week("2026w48") == WEEK
    assert plans.parse_week("２０２６-W8") == "2026-W08"
    assert plans.week_bounds(WEEK) == (MONDAY, date(2026, 11, 29))
    assert plans.week_of(date(2026, 1, 1)) == "2026-W01"
    assert plans.week_bounds("2026-W01")[0] == date(2025, 12, 29)
    assert plans.shift_week("2026-W53", 1) == "2027-W01"
    assert "11月23日—11月29日" in plans.week_title(WEEK)
    for bad in ("2026-W54", "2025-W53", "W48", "2026-11", ""):
        with pytest.raises(CmdeskError):
            plans.parse_week(bad)


def test_item_is_saved_and_read_back_with_labels(db, client_a):
    with db.session() as session:
        product = list_products(session)[0]
    item_id = _item(db, client_id=client_a, planned_date="2026-11-24", priority="高",
                    products=[product.id], expected_outcome="落地代发工资")
    view = _view(db)
    assert [i.item_id for i in view.items] == [item_id]
    line = view.items[0]
    assert (line.client_name, line.purpose_label, line.priority, line.status_label) == (
        "厦门鹭易科技有限公司", "维护", "high", "计划中")
    assert line.planned_date == date(2026, 11, 24)
    assert line.product_names == (product.name,)
    data = plans.week_plan_dict(view)
    assert data["items"][0]["products"] == [product.name]
    assert data["counts"]["planned"] == 1


def test_invalid_item_names_every_field_and_writes_nothing(db):
    with pytest.raises(ValidationError) as caught:
        _item(db, client_id="no-such-client", planned_date="2026-12-05", purpose="喝茶",
              status="dropped", products=["nope"])
    labels = {p.label for p in caught.value.problems}
    assert {"客户", "计划日期", "目的", "顺延/取消原因", "推介产品"} <= labels
    assert "不在本周" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        _item(db)
    assert "请选择客户或填写事项" in str(caught.value)
    with db.session() as session:
        assert plans.get_week_plan(session, WEEK) is None


def test_internal_item_needs_only_a_title(db):
    _item(db, title="部门例会", purpose="internal")
    assert _view(db).items[0].subject == "部门例会"


def test_diary_entry_completes_the_matching_item(db, client_a, client_b):
    item_a = _item(db, client_id=client_a, planned_date="2026-11-24")
    _item(db, client_id=client_b, planned_date="2026-11-25")
    entry_id = _log(db, client_a, date(2026, 11, 26))
    view = _view(db)
    done = {i.item_id: i for i in view.items}[item_a]
    assert (done.status, done.entry_id, done.entry_date) == ("done", entry_id, date(2026, 11, 26))
    assert view.counts == {"done": 1, "planned": 1}
    assert view.unplanned == []


def test_contact_in_another_week_or_internal_work_does_not_complete(db, client_a):
    _item(db, client_id=client_a)
    _log(db, client_a, MONDAY - timedelta(days=1))
    with db.transaction(ACTOR) as session:
        diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": MONDAY, "kind": "internal", "client_id": client_a, "content": "整理材料"}))
    assert _view(db).counts == {"planned": 1}


def test_deleting_or_moving_the_entry_gives_the_item_back(db, client_a):
    item_id = _item(db, client_id=client_a)
    entry_id = _log(db, client_a, MONDAY)
    with db.transaction(ACTOR) as session:
        diary.save_entry(session, diary.EntryDraft(fields={"entry_date": MONDAY + timedelta(days=7)}),
                         entry_id)
    assert _view(db).items[0].status == "planned"
    with db.transaction(ACTOR) as session:
        diary.save_entry(session, diary.EntryDraft(fields={"entry_date": MONDAY}), entry_id)
    assert _view(db).items[0].entry_id == entry_id
    with db.transaction(ACTOR) as session:
        diary.delete_entry(session, entry_id)
    line = _view(db).items[0]
    assert (line.item_id, line.status, line.entry_id) == (item_id, "planned", None)


def test_unplanned_contact_is_listed(db, client_a, client_b):
    _item(db, client_id=client_a)
    entry_id = _log(db, client_b, MONDAY + timedelta(days=2), kind="call")
    unplanned = _view(db).unplanned
    assert [(u.entry_id, u.client_name, u.kind_label) for u in unplanned] == [
        (entry_id, "福州恒达贸易有限公司", "电话")]


def test_carry_over_moves_unfinished_items_to_next_week(db, client_a, client_b):
    done_item = _item(db, client_id=client_a, planned_date="2026-11-23")
    _log(db, client_a, MONDAY)
    open_item = _item(db, client_id=client_b, planned_date="2026-11-27", priority="high",
                      expected_outcome="签约")
    with db.transaction(ACTOR) as session:
        new_ids = plans.carry_over(session, WEEK)
    assert len(new_ids) == 1
    this_week = {i.item_id: i for i in _view(db).items}
    assert this_week[done_item].status == "done"
    assert (this_week[open_item].status, this_week[open_item].reason) == ("moved", "未完成，顺延至下周")
    next_week = _view(db, "2026-W49").items
    assert [(i.item_id, i.carried_from_id, i.client_id, i.status, i.priority, i.expected_outcome,
             i.planned_date) for i in next_week] == [
        (new_ids[0], open_item, client_b, "planned", "high", "签约", date(2026, 12, 4))]
    with db.transaction(ACTOR) as session:
        assert plans.carry_over(session, WEEK) == []


def test_carry_over_does_not_plan_a_client_twice(db, client_a):
    carried = _item(db, client_id=client_a)
    already = _item(db, "2026-W49", client_id=client_a, planned_date="2026-12-01")
    with db.transaction(ACTOR) as session:
        assert plans.carry_over(session, WEEK) == [already]
    next_week = _view(db, "2026-W49").items
    assert [(i.item_id, i.carried_from_id) for i in next_week] == [(already, carried)]
    assert _view(db).items[0].status == "moved"


def test_carry_over_lands_on_a_working_day_after_a_holiday(db, client_a):
    # 2025-W52 Monday 22 Dec → next week's Monday-Wednesday are working days, Thursday is 元旦
    _item(db, "2025-W52", client_id=client_a, planned_date="2025-12-25")
    with db.transaction(ACTOR) as session:
        plans.carry_over(session, "2025-W52")
    assert _view(db, "2026-W01").items[0].planned_date == date(2026, 1, 4)  # 调休上班 (Sunday)


def test_suggestions_are_overdue_clients_not_yet_planned(db):
    long_ago = datetime(2026, 1, 5, 9, 0)
    overdue = _client(db, "泉州瑞祥物流有限公司", "核心", created=long_ago)
    planned = _client(db, "漳州嘉禾食品有限公司", "核心", created=long_ago)
    recent = _client(db, "杭州云帆电子有限公司", "一般", created=datetime(2026, 11, 1))
    _log(db, recent, date(2026, 11, 2), kind="call")
    _item(db, client_id=planned)
    with db.session() as session:
        suggested = plans.suggestions(session, WEEK)
    ids = [s.client_id for s in suggested]
    assert overdue in ids and planned not in ids and recent not in ids
    due = suggested[ids.index(overdue)]
    assert due.days_overdue > 0
    with db.transaction(ACTOR) as session:
        item_id = plans.add_suggestion(session, WEEK, due, today=date(2026, 11, 20))
    line = {i.item_id: i for i in _view(db).items}[item_id]
    assert (line.client_id, line.priority, line.planned_date) == (overdue, "high", MONDAY)


def test_save_week_items_replaces_the_table_whole(db, client_a, client_b):
    keep = _item(db, client_id=client_a)
    drop = _item(db, client_id=client_b)
    with db.transaction(ACTOR) as session:
        plans.save_week_items(session, WEEK, [
            {"id": keep, "status": "dropped", "reason": "客户出差"},
            {"title": "整理授信材料", "purpose": "internal"}], notes="本周重点：授信续作")
    view = _view(db)
    assert [(i.subject, i.status) for i in view.items] == [
        ("厦门鹭易科技有限公司", "dropped"), ("整理授信材料", "planned")]
    assert drop not in {i.item_id for i in view.items}
    assert view.notes == "本周重点：授信续作"
    with db.session() as session:
        assert session.get(PlanItem, drop).deleted_at is not None
    with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
        plans.save_week_items(session, WEEK, [{"id": keep}, {"purpose": "maintain"}])
    assert caught.value.problems[0].row == 1
    assert "第 2 行" in str(caught.value)


def test_editing_an_item_of_another_week_is_refused(db, client_a):
    item_id = _item(db, client_id=client_a)
    with pytest.raises(NotFoundError), db.transaction(ACTOR) as session:
        plans.save_item(session, "2026-W49", {"title": "x"}, item_id)


def test_month_plan_goals_and_week_summary(db, client_a, client_b):
    with db.transaction(ACTOR) as session:
        plans.save_month_plan(session, "2026-11", {"goal_new_clients": "3", "goal_visits": "20",
                                                   "goal_products": 5, "goals_text": "代发工资落地"})
    _item(db, client_id=client_a)
    _log(db, client_a, MONDAY)
    _log(db, client_b, MONDAY, kind="call")
    with db.session() as session:
        month = plans.month_view(session, "2026-11")
    assert (month.goal_new_clients, month.goal_visits, month.goal_products) == (3, 20, 5)
    assert month.visits == 1 and month.new_clients == 2
    assert [w.week for w in month.weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert (month.weeks[-1].planned, month.weeks[-1].done, month.weeks[-1].unplanned) == (1, 1, 1)
    assert month.workday_count == 21
    with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
        plans.save_month_plan(session, "2026-11", {"goal_visits": "-1", "goal_products": "很多"})
    assert {p.label for p in caught.value.problems} == {"走访目标", "产品落地目标"}
    assert plans.weeks_of_month("2026-01")[0] == "2026-W01"


text_input = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="客户维护营销😀\x00\x07\u202e\n\t ", max_size=50),
    st.just("长" * 100_000),
)
date_input = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                       st.dates(MONDAY, MONDAY + timedelta(days=6)), st.text(max_size=20))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text_input, outcome=text_input, reason=text_input, planned=date_input,
       purpose=st.sampled_from(["maintain", "营销", "催收", "", "☃"]),
       priority=st.sampled_from(["high", "中", "low", "urgent"]),
       status=st.sampled_from(["planned", "done", "moved", "已取消", "lost"]))
def test_item_form_saves_and_reads_back_or_names_the_field(db, title, outcome, reason, planned,
                                                           purpose, priority, status):
    fields = {"title": title, "expected_outcome": outcome, "reason": reason, "planned_date": planned,
              "purpose": purpose, "priority": priority, "status": status}
    try:
        with db.transaction(ACTOR) as session:
            item_id = plans.save_item(session, WEEK, fields)
    except ValidationError as exc:
        labels = {spec.label for spec in plans.pf.PLAN_ITEM.fields}
        assert exc.problems and all(p.label in labels for p in exc.problems)
        return
    with db.session() as session:
        item = session.get(PlanItem, item_id)
        assert item.title == stored_text(title)
        assert item.expected_outcome == stored_text(outcome, long=True)
        assert item.reason == stored_text(reason, long=True)
        assert plans.pf.status_label(item.status) in dict(plans.pf.STATUSES).values()
        assert item.planned_date is None or MONDAY <= item.planned_date <= MONDAY + timedelta(days=6)


def test_products_landed_counts_services_switched_to_adopted(db, client_a):
    with db.session() as session:
        product = list_products(session)[0]
    with db.transaction(ACTOR) as session:
        clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={}, services=[{"product_id": product.id, "recommended": True}]), client_a)
    with db.session() as session:
        service_id = clients_svc.get_client(session, client_a).services[0].id
    with db.transaction(ACTOR) as session:
        clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={}, services=[
            {"id": service_id, "product_id": product.id, "recommended": True, "adopted": True}]),
            client_a)
    with db.session() as session:
        assert plans.month_view(session, plans.month_of(date.today())).products_landed == 1


def test_demo_fills_past_this_and_next_weeks_and_months(db):
    from cmdesk.demo import generate_demo
    from cmdesk.models import DiaryEntry, MonthPlan

    today = date(2026, 11, 20)
    generate_demo(db, clients=30, seed=2, today=today)
    this_week = plans.week_of(today)
    with db.session() as session:
        past = plans.week_view(session, plans.shift_week(this_week, -2))
        assert past.counts["done"] and past.unplanned
        assert not past.counts["planned"]  # a past week is settled: done, moved or dropped
        for item in past.items:
            if item.entry_id:
                entry = session.get(DiaryEntry, item.entry_id)
                assert entry.client_id == item.client_id
                assert plans.week_of(entry.entry_date) == past.week
        moved = [i for i in past.items if i.status == "moved"]
        following = plans.week_view(session, plans.shift_week(this_week, -1))
        assert {i.carried_from_id for i in following.items} >= {i.item_id for i in moved}
        upcoming = plans.week_view(session, plans.shift_week(this_week, 1))
        assert len(upcoming.items) >= 2 and all(i.status == "planned" for i in upcoming.items)
        assert session.query(MonthPlan).count() == 4
