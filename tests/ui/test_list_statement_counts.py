"""No N+1 queries: refreshing the client list or 今日 runs the same few SQL statements
whether the book holds 5 or 50 clients (each with a diary entry, a flagged visit report,
a follow-up due, a plan item for today and a loan maturing with its check due), counted
on the engine (`before_cursor_execute`)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event

from cmdesk.services import plans, risk
from cmdesk.services.clients import ClientDraft, save_client_file
from cmdesk.services.diary import EntryDraft, save_entry
from tests.ui.conftest import PROFILE

TODAY = date.today()
MOST_STATEMENTS = 15  # per refresh (BEGIN included), whatever the book holds
MOST_TODAY_STATEMENTS = 22  # 今日 reads more sections (risk watch, and 对等配置: its rules and its clients)


@contextmanager
def counted(engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_clients(db, first: int, last: int) -> None:
    """Clients first..last-1, each called on today with a flagged visit and a follow-up
    three days late, overdue for contact (created long ago, tier 核心), planned for today
    in this week's plan, with a loan maturing in 30 days whose first check is due."""
    with db.transaction(PROFILE.name) as session:
        for number in range(first, last):
            client_id = save_client_file(session, ClientDraft(
                fields={"kind": "company", "name": f"测试客户{number:03d}", "tier": "核心"},
                contacts=[{"name": f"联系人{number}", "phone": "13906001234",
                           "birthday": (TODAY + timedelta(days=1)).replace(year=1980).isoformat()}]))
            save_entry(session, EntryDraft(
                fields={"entry_date": TODAY.isoformat(), "start_time": "09:30", "kind": "visit",
                        "client_id": client_id, "content": "拜访"},
                visit_report={"important_changes": "法定代表人变更", "important_change_flag": True},
                follow_ups=[{"request": "提高网银限额", "department": "运营部",
                             "due_date": (TODAY - timedelta(days=3)).isoformat()}]))
            plans.save_item(session, plans.week_of(TODAY), {
                "client_id": client_id, "purpose": "maintain", "planned_date": TODAY})
            risk.save_loan(session, {
                "client_id": client_id, "contract_no": f"XM-{number:03d}", "product": "流动资金贷款",
                "amount": "500万", "balance": "300万",
                "start_date": (TODAY - timedelta(days=200)).isoformat(),
                "maturity_date": (TODAY + timedelta(days=30)).isoformat()})


def statements_per_refresh(db, refresh: Callable[[], None], wait_ops) -> int:
    with counted(db.engine) as statements:
        refresh()
        wait_ops()
    return len(statements)


def test_client_list_refresh_costs_the_same_few_statements_for_5_and_50_clients(
        window, ui_db, wait_ops):
    window.switch_to("clients")
    view = window.clients_view
    wait_ops()  # the (empty) book's search index is built
    add_clients(ui_db, 0, 5)
    with_5 = statements_per_refresh(ui_db, view.refresh_all, wait_ops)
    assert view.model.rowCount() == 5
    add_clients(ui_db, 5, 50)
    with_50 = statements_per_refresh(ui_db, view.refresh_all, wait_ops)
    assert view.model.rowCount() == 50
    assert with_5 == with_50 <= MOST_STATEMENTS
    # typing reads no rows at all: the list is searched in memory
    view.search.setText("测试客户04")
    assert statements_per_refresh(ui_db, view.refresh, wait_ops) == 2  # BEGIN, "anything new?"
    assert view.model.rowCount() == 10


def test_today_refresh_costs_the_same_few_statements_for_5_and_50_clients(
        window, ui_db, wait_ops, monkeypatch):
    view = window.today_view
    wait_ops()
    add_clients(ui_db, 0, 5)
    later = TODAY + timedelta(days=400)  # every client overdue for contact by then
    with_5 = statements_per_refresh(ui_db, lambda: view.refresh(later), wait_ops)
    assert len(view.data.contacts_due) == 5
    add_clients(ui_db, 5, 50)
    with_50 = statements_per_refresh(ui_db, lambda: view.refresh(later), wait_ops)
    assert view.data.totals["contacts_due"] == 50 and len(view.data.important_changes) == 50
    assert with_5 == with_50 <= MOST_TODAY_STATEMENTS
    with_today = statements_per_refresh(ui_db, view.refresh, wait_ops)
    assert len(view.data.entries) == len(view.data.follow_ups) == len(view.data.birthdays) == 50
    assert len(view.data.plan_items) == len(view.data.maturities) == len(view.data.loan_checks) == 50
    assert view.risk.maturities.list.topLevelItemCount() == 50
    assert with_today == with_50
