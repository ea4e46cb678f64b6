"""No N+1 queries: refreshing the diary's week and the week plan runs the same number of
SQL statements whether the week holds a handful of records or many times more (counted
on the engine with SQLAlchemy's before_cursor_execute event)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from cmdesk.services import diary, plans
from cmdesk.services.catalogue import list_products
from tests.ui.conftest import PROFILE

MONDAY = date(2026, 11, 16)
WEEK = plans.week_of(MONDAY)


@contextmanager
def counted_statements(db) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_of(db, refresh: Callable[[], None], wait_ops) -> int:
    wait_ops()  # nothing else of the desk's is counted
    with counted_statements(db) as statements:
        refresh()
        wait_ops()
    return len(statements)


def add_visits(ui_db, client_ids: list[str], count: int) -> None:
    """`count` visits in the week, each with a report, two follow-ups and a contact met."""
    with ui_db.transaction(PROFILE.name) as session:
        for i in range(count):
            client_id = client_ids[i % len(client_ids)]
            diary.save_entry(session, diary.EntryDraft(
                fields={"entry_date": (MONDAY + timedelta(days=i % 7)).isoformat(),
                        "start_time": f"{8 + i % 10}:00", "kind": "visit", "client_id": client_id,
                        "content": f"第 {i} 次走访"},
                contacts_met=[{"name": "王五", "position": "财务总监"}],
                visit_report={"place": "客户办公室", "discussion": "代发工资"},
                follow_ups=[{"request": "开户"}, {"request": "网银"}]))


def add_plan_items(ui_db, client_ids: list[str], count: int) -> None:
    """`count` items in the week's plan, each for a client with two products to push."""
    with ui_db.transaction(PROFILE.name) as session:
        products = [product.id for product in list_products(session)[:2]]
        for i in range(count):
            plans.save_item(session, WEEK, {
                "client_id": client_ids[i % len(client_ids)], "purpose": "maintain",
                "planned_date": (MONDAY + timedelta(days=i % 5)).isoformat(),
                "expected_outcome": f"第 {i} 项", "products": products})


@pytest.fixture
def client_ids(make_client) -> list[str]:
    return [make_client(f"厦门第{i}贸易有限公司", tier="核心") for i in range(12)]


def test_the_diary_week_reads_in_a_constant_number_of_statements(qtbot, qdesk, ui_db, client_ids,
                                                                  wait_ops):
    from ui.diary.view import DiaryView

    view = DiaryView(qdesk)
    qtbot.addWidget(view)
    view.current_date = MONDAY
    add_visits(ui_db, client_ids, 3)
    few = statements_of(ui_db, view.refresh, wait_ops)
    assert len(view.shown_entry_ids()) == 3
    add_visits(ui_db, client_ids, 60)
    many = statements_of(ui_db, view.refresh, wait_ops)
    assert len(view.shown_entry_ids()) == 63
    assert many == few <= 5, (few, many)  # BEGIN, the rows in three, the month's review


def test_the_week_plan_reads_in_a_constant_number_of_statements(qtbot, qdesk, ui_db, client_ids,
                                                                 wait_ops):
    from ui.plans.week_page import WeekPlanPage

    page = WeekPlanPage(qdesk)
    qtbot.addWidget(page)
    page.week = WEEK
    add_plan_items(ui_db, client_ids[:3], 3)
    add_visits(ui_db, client_ids, 3)
    few = statements_of(ui_db, page.refresh, wait_ops)
    assert page.model.rowCount() == 3
    add_plan_items(ui_db, client_ids, 60)
    add_visits(ui_db, client_ids, 60)
    many = statements_of(ui_db, page.refresh, wait_ops)
    assert page.model.rowCount() == 63
    assert many == few, (few, many)
