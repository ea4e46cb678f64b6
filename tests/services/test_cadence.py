"""Contact cadence by tier: who is overdue or due for contact, and how the clock restarts."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from cmdesk.errors import ValidationError
from cmdesk.models import Client
from cmdesk.services import cadence, diary
from cmdesk.services.clients import ClientDraft, save_client_file, set_archived

TODAY = date(2026, 11, 20)


def add_client(db, name: str, tier: str, created: date, status: str = "active") -> str:
    """A client whose file was opened on `created`."""
    with db.transaction("测试经理") as session:
        client_id = save_client_file(session, ClientDraft(
            fields={"kind": "company", "name": name, "tier": tier, "status": status}))
    with db.transaction("测试经理") as session:
        session.get(Client, client_id).created_at = datetime.combine(created, datetime.min.time())
    return client_id


def log(db, client_id: str | None, day: date, kind: str = "visit") -> str:
    with db.transaction("测试经理") as session:
        return diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": day, "kind": kind, "client_id": client_id, "content": "联系"}))


def due_by_name(db, today: date = TODAY) -> dict[str, cadence.ContactDue]:
    with db.session() as session:
        return {item.client_name: item for item in cadence.contact_status(session, today)}


def test_a_contact_restarts_the_clock(db):
    client_id = add_client(db, "鹭易科技", "核心", date(2026, 1, 1))
    assert due_by_name(db)["鹭易科技"].days_overdue == (TODAY - date(2026, 1, 15)).days

    log(db, client_id, date(2026, 11, 15), "call")  # due 11-29: beyond the 7-day horizon
    assert "鹭易科技" not in due_by_name(db)

    log(db, client_id, date(2026, 11, 1), "post_loan")  # an older contact changes nothing
    assert "鹭易科技" not in due_by_name(db)
    item = due_by_name(db, date(2026, 11, 25))["鹭易科技"]
    assert (item.last_contact, item.due, item.days_overdue) == (
        date(2026, 11, 15), date(2026, 11, 29), -4)


def test_internal_work_and_deleted_entries_do_not_count_as_contact(db):
    client_id = add_client(db, "鹭易科技", "核心", date(2026, 1, 1))
    log(db, client_id, date(2026, 11, 19), "internal")
    log(db, client_id, date(2026, 11, 19), "training")
    visit = log(db, client_id, date(2026, 11, 18), "visit")
    with db.transaction("测试经理") as session:
        diary.delete_entry(session, visit)
    item = due_by_name(db)["鹭易科技"]
    assert item.last_contact is None and item.due == date(2026, 1, 15)


def test_never_contacted_clients_count_from_their_creation(db):
    add_client(db, "新开户", "一般", date(2026, 11, 1))  # due 2027-01-30
    add_client(db, "老客户", "一般", date(2026, 8, 20))  # due 2026-11-18
    add_client(db, "下周到期", "一般", date(2026, 8, 29))  # due 2026-11-27 = today + 7
    add_client(db, "今天到期", "一般", date(2026, 8, 22))  # due today
    found = due_by_name(db)
    assert set(found) == {"老客户", "下周到期", "今天到期"}
    assert (found["老客户"].last_contact, found["老客户"].days_overdue) == (None, 2)
    assert found["下周到期"].days_overdue == -7
    assert found["今天到期"].days_overdue == 0


def test_archived_lost_and_deleted_clients_are_left_out(db):
    add_client(db, "流失客户", "核心", date(2026, 1, 1), status="lost")
    archived = add_client(db, "归档客户", "核心", date(2026, 1, 1))
    add_client(db, "休眠客户", "核心", date(2026, 1, 1), status="dormant")
    with db.transaction("测试经理") as session:
        set_archived(session, archived, True)
    assert set(due_by_name(db)) == {"休眠客户"}


def test_sorted_by_tier_then_most_overdue_first(db):
    add_client(db, "一般甲", "一般", date(2025, 1, 1))
    add_client(db, "重点乙", "重点", date(2026, 10, 1))
    add_client(db, "核心丙", "核心", date(2026, 11, 1))
    add_client(db, "核心丁", "核心", date(2026, 6, 1))
    add_client(db, "重点戊", "重点", date(2026, 3, 1))
    with db.session() as session:
        names = [item.client_name for item in cadence.contact_status(session, TODAY)]
    assert names == ["核心丁", "核心丙", "重点戊", "重点乙", "一般甲"]


def test_editing_the_cadence_changes_the_list(db):
    client_id = add_client(db, "鹭易科技", "重点", date(2026, 1, 1))
    log(db, client_id, date(2026, 11, 1))  # 30 days: due 12-01, not yet listed
    assert "鹭易科技" not in due_by_name(db)
    with db.transaction() as session:
        cadence.save_cadence(session, {"核心": 7, "重点": 10, "一般": 60})
    with db.session() as session:
        assert cadence.get_cadence(session) == {"核心": 7, "重点": 10, "一般": 60}
    assert due_by_name(db)["鹭易科技"].due == date(2026, 11, 11)


def test_default_cadence_covers_every_tier(db):
    with db.session() as session:
        assert cadence.get_cadence(session) == {"核心": 14, "重点": 30, "一般": 90}


@pytest.mark.parametrize("days,tier", [
    ({"核心": 0, "重点": 30, "一般": 90}, "核心"),
    ({"核心": 14, "重点": 366, "一般": 90}, "重点"),
    ({"核心": 14, "重点": 30}, "一般"),
    ({"核心": 14, "重点": "两周", "一般": 90}, "重点"),
])
def test_bad_cadence_values_are_refused_naming_the_tier(db, days, tier):
    with pytest.raises(ValidationError) as info, db.transaction() as session:
        cadence.save_cadence(session, days)
    assert [p.field for p in info.value.problems] == [tier]
    assert tier in info.value.problems[0].message
    with db.session() as session:
        assert cadence.get_cadence(session) == {"核心": 14, "重点": 30, "一般": 90}
