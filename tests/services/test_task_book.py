"""The task book (工作任务书): targets, typed and computed actuals, progress vs the year."""
from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from cmdesk.commands import targets as target_commands
from cmdesk.domain import task_book as tb
from cmdesk.errors import ValidationError
from cmdesk.models import Client, ServiceStatus
from cmdesk.services import clients as clients_svc
from cmdesk.services import diary
from cmdesk.services import task_book as svc
from cmdesk.services.catalogue import list_products

ACTOR = "测试经理"


def _client(db, name, opened: datetime | None = None, services=None):
    with db.transaction(ACTOR) as session:
        client_id = clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "重点"}, services=services))
        if opened is not None:
            session.get(Client, client_id).created_at = opened
    return client_id


def _entry(db, client_id, day, kind="visit"):
    with db.transaction(ACTOR) as session:
        return diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": day, "kind": kind, "client_id": client_id, "content": "走访"}))


def test_elapsed_share_at_known_dates():
    assert tb.year_elapsed_share(2026, date(2026, 1, 1)) == Decimal("0.0027")
    assert tb.year_elapsed_share(2026, date(2026, 7, 2)) == (Decimal(183) / 365).quantize(Decimal("0.0001"))
    assert tb.year_elapsed_share(2024, date(2024, 12, 31)) == Decimal(1)  # leap year, day 366
    assert tb.year_elapsed_share(2026, date(2025, 12, 31)) == 0
    assert tb.year_elapsed_share(2025, date(2026, 3, 1)) == 1


def test_computed_actuals_come_from_client_files_and_the_diary(db):
    # GIVEN two clients opened in 2026 (March and May) and one in 2025
    march = _client(db, "厦门鹭易科技有限公司", datetime(2026, 3, 10, 2))
    _client(db, "福州恒达贸易有限公司", datetime(2026, 5, 3, 2))
    old = _client(db, "泉州宏远建材有限公司", datetime(2025, 6, 1, 2))
    # AND visits in 2026 (two in April, one in June), a call and a 2025 visit that do not count
    for day in ("2026-04-02", "2026-04-20", "2026-06-11"):
        _entry(db, march, day)
    _entry(db, march, "2026-04-03", kind="call")
    _entry(db, old, "2025-12-30")
    deleted = _entry(db, old, "2026-06-12")
    with db.transaction(ACTOR) as session:
        diary.delete_entry(session, deleted)
        for key in ("new_clients", "visits"):
            svc.set_target(session, 2026, key, "10")
    # WHEN the progress is read on 2026-07-02
    with db.session() as session:
        progress = svc.book_progress(session, 2026, date(2026, 7, 2))
    new_clients = progress.indicator("new_clients")
    visits = progress.indicator("visits")
    # THEN the desk counted them month by month
    assert new_clients.monthly == {3: 1, 5: 1} and new_clients.actual == 2
    assert visits.monthly == {4: 2, 6: 1} and visits.actual == 3
    assert new_clients.computed and visits.computed
    assert new_clients.done == Decimal("0.2000")
    # 20 % done at 50 % of the year: behind; 30 % likewise
    assert not new_clients.on_track and new_clients.status_label == "落后"
    assert progress.elapsed == tb.year_elapsed_share(2026, date(2026, 7, 2))


def test_products_landed_counts_services_adopted_during_the_year(db):
    with db.session() as session:
        products = list_products(session)
    # A service created already adopted, another adopted later by an edit
    client_id = _client(db, "厦门鹭易科技有限公司", services=[
        {"product_id": products[0].id, "adopted": True},
        {"product_id": products[1].id, "recommended": True},
    ])
    with db.transaction(ACTOR) as session:
        client = clients_svc.get_client(session, client_id)
        rows = [{"id": s.id, "product_id": s.product_id, "adopted": True} for s in client.services]
        clients_svc.save_client_file(session, clients_svc.ClientDraft(fields={}, services=rows),
                                     client_id)
        svc.set_target(session, date.today().year, "产品落地", "4")
    with db.session() as session:
        landed = svc.book_progress(session, date.today().year).indicator("products_landed")
        adopted = session.scalars(select(ServiceStatus).where(ServiceStatus.adopted.is_(True))).all()
    assert len(adopted) == 2
    assert landed.actual == 2
    assert landed.monthly == {date.today().month: 2}
    # Last year nothing landed: the history dates the adoption
    with db.transaction(ACTOR) as session:
        svc.set_target(session, date.today().year - 1, "products_landed", "4")
    with db.session() as session:
        assert svc.book_progress(session, date.today().year - 1).indicator("products_landed").actual == 0


def test_typed_actuals_flow_adds_up_and_level_takes_the_latest_month(db):
    with db.transaction(ACTOR) as session:
        svc.set_target(session, 2026, "中间业务收入", "120")
        svc.set_target(session, 2026, "loan_balance", "50,000")
        for month, value in ((1, "10"), (2, "15.5"), (3, "20")):
            svc.set_actual(session, 2026, "fee_income", month, value)
        svc.set_actual(session, 2026, "loan_balance", 2, "30000")
        svc.set_actual(session, 2026, "loan_balance", 3, "52000")
        svc.set_actual(session, 2026, "fee_income", 2, "")  # clears February
    with db.session() as session:
        progress = svc.book_progress(session, 2026, date(2026, 3, 31))
    fee = progress.indicator("fee_income")
    balance = progress.indicator("loan_balance")
    assert fee.monthly == {1: Decimal("10.00"), 3: Decimal("20.00")}
    assert fee.actual == Decimal("30.00") and fee.done == Decimal("0.2500")
    # a quarter done at 90/365 of the year: on track
    assert fee.on_track and fee.status_label == "进度正常"
    assert balance.actual == Decimal("52000.00") and balance.on_track
    assert balance.status_label == "已达标"
    assert [i.key for i in progress.indicators] == ["loan_balance", "fee_income"]  # standard order


def test_custom_indicator_and_clear_refusals(db):
    with db.transaction(ACTOR) as session:
        key = svc.set_target(session, 2026, "代发工资户数", "300", unit="户")
        svc.set_target(session, 2026, "visits", "200")
    assert key.startswith(tb.CUSTOM_PREFIX)
    with db.transaction(ACTOR) as session:
        svc.set_actual(session, 2026, "代发工资户数", 5, "120户")
    with db.session() as session:
        assert svc.book_progress(session, 2026, date(2026, 6, 1)).indicator(key).actual == 120
    bad_cases = [
        (lambda s: svc.set_actual(s, 2026, "visits", 3, "5"), "自动统计"),
        (lambda s: svc.set_actual(s, 2026, "fee_income", 3, "5"), "没有这个指标"),
        (lambda s: svc.set_actual(s, 2026, key, 13, "5"), "有效月份"),
        (lambda s: svc.set_actual(s, 2026, key, 3, "-1"), "负数"),
        (lambda s: svc.set_target(s, 2026, "loan_recovery_rate", "120"), "0 到 100"),
        (lambda s: svc.set_target(s, 2026, "deposit_new", "abc"), "不是数字"),
        (lambda s: svc.set_target(s, 1800, "deposit_new", "1"), "有效年度"),
    ]
    for action, message in bad_cases:
        with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
            action(session)
        assert message in str(caught.value)
    with db.session() as session:
        progress = svc.book_progress(session, 2026, date(2026, 6, 1))
        assert {i.key for i in progress.indicators} == {key, "visits"}
        assert svc.book_years(session) == [2026]


def test_several_months_are_checked_together(db):
    with db.transaction(ACTOR) as session:
        svc.set_target(session, 2026, "deposit_new", "100")
        svc.set_actuals(session, 2026, "deposit_new", {1: "10", 2: "12"})
    with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
        svc.set_actuals(session, 2026, "deposit_new", {1: "11", 3: "x", 14: "1"})
    assert "存款新增·3月实际" in str(caught.value) and "“14”不是有效月份" in str(caught.value)
    with db.session() as session:
        monthly = svc.book_progress(session, 2026).indicator("deposit_new").monthly
    assert monthly == {1: Decimal("10.00"), 2: Decimal("12.00")}  # nothing half-saved


def test_removing_an_indicator_tombstones_it(db):
    with db.transaction(ACTOR) as session:
        svc.set_target(session, 2026, "deposit_new", "100")
        svc.set_actual(session, 2026, "deposit_new", 1, "10")
        svc.remove_indicator(session, 2026, "deposit_new")
    with db.session() as session:
        assert svc.book_progress(session, 2026).indicators == []
        data = svc.progress_dict(svc.book_progress(session, 2026, date(2026, 6, 30)))
    assert data["year"] == 2026 and data["indicators"] == []


def _run(desk, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    reports = commands.add_parser("report").add_subparsers(dest="report_command")
    target_commands.add_commands(commands, reports)
    args = parser.parse_args(argv)
    return args.handler(desk, args)


def test_targets_commands_set_and_show(desk, capsys):
    assert _run(desk, "targets", "set", "中间业务收入", "--year", "2026", "--target", "120") == 0
    assert _run(desk, "targets", "set", "fee_income", "--year", "2026", "--month", "1", "--actual", "30") == 0
    assert _run(desk, "targets", "set", "fee_income", "--year", "2026", "--actual", "30") == 1
    capsys.readouterr()
    assert _run(desk, "targets", "show", "--year", "2026", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    (fee,) = data["indicators"]
    assert (fee["name"], fee["target"], fee["actual"], fee["done_percent"]) == ("中间业务收入", "120.00", "30.00", "25.0")
    assert _run(desk, "targets", "book", "--year", "2026", "--source", "supervisor", "--issued-by", "支行行长") == 0
    assert _run(desk, "targets", "show", "--year", "2026") == 0
    shown = capsys.readouterr().out
    assert "中间业务收入" in shown and "主管下达（支行行长）" in shown
    with pytest.raises(ValidationError, match="自动统计"):
        _run(desk, "targets", "set", "visits", "--year", "2026", "--target", "5", "--month", "2", "--actual", "1")

def test_a_custom_rate_is_a_level_and_the_manager_may_mark_any_custom_indicator(db):
    # GIVEN a custom 利息收回率 in % (a level by default), a custom count marked a level,
    # and a custom amount left a flow
    with db.transaction(ACTOR) as session:
        rate = svc.set_target(session, 2026, "利息收回率", "98", unit="%")
        accounts = svc.set_target(session, 2026, "有效客户数", "500", unit="户", measure=tb.LEVEL)
        payroll = svc.set_target(session, 2026, "代发工资额", "1000", unit="万元")
        svc.set_actuals(session, 2026, rate, {1: "98.5", 2: "98.7"})
        svc.set_actuals(session, 2026, accounts, {1: "420", 2: "450"})
        svc.set_actuals(session, 2026, payroll, {1: "100", 2: "150"})
    with db.session() as session:
        progress = svc.book_progress(session, 2026, date(2026, 2, 28))
    # THEN the rate is the latest month, never the sum 197.2, and is judged against its target
    assert progress.indicator(rate).measure == tb.LEVEL
    assert progress.indicator(rate).actual == Decimal("98.70")
    assert progress.indicator(rate).status_label == "已达标"
    assert progress.indicator(accounts).actual == Decimal("450.00")
    assert progress.indicator(accounts).status_label == "未达标"
    assert progress.indicator(payroll).measure == tb.FLOW
    assert progress.indicator(payroll).actual == Decimal("250.00")
    # WHEN the manager marks the amount a level after all
    with db.transaction(ACTOR) as session:
        svc.set_measure(session, 2026, payroll, tb.LEVEL)
    with db.session() as session:
        assert svc.book_progress(session, 2026, date(2026, 2, 28)).indicator(payroll).actual == 150


def test_a_standard_indicator_keeps_its_measure_and_a_bad_one_is_refused(db):
    with db.transaction(ACTOR) as session:
        svc.set_target(session, 2026, "loan_balance", "100")
        custom = svc.set_target(session, 2026, "代发户数", "10", unit="户")
    cases = [
        (lambda s: svc.set_measure(s, 2026, "loan_balance", tb.FLOW), "贷款余额·口径"),
        (lambda s: svc.set_measure(s, 2026, custom, "sum"), "应为累计值或时点值"),
        (lambda s: svc.set_target(s, 2026, "新指标", "1", measure="both"), "新指标·口径"),
    ]
    for action, message in cases:
        with pytest.raises(ValidationError) as caught, db.transaction(ACTOR) as session:
            action(session)
        assert message in str(caught.value)
    with db.session() as session:
        progress = svc.book_progress(session, 2026, date(2026, 6, 30))
    assert progress.indicator("loan_balance").measure == tb.LEVEL
    assert {i.name for i in progress.indicators} == {"贷款余额", "代发户数"}  # nothing half-saved


def test_over_the_target_never_says_on_pace():
    elapsed = Decimal("0.2500")
    assert tb.status_of(tb.FLOW, Decimal("1.3000"), elapsed) == "已完成全年"
    assert tb.status_of(tb.FLOW, Decimal("1.0000"), elapsed) == "已完成全年"
    assert tb.status_of(tb.FLOW, Decimal("0.3000"), elapsed) == "进度正常"
    assert tb.status_of(tb.FLOW, Decimal("0.2000"), elapsed) == "落后"
    assert tb.status_of(tb.LEVEL, Decimal("1.2000"), elapsed) == "已达标"
    assert tb.status_of(tb.LEVEL, Decimal("0.9900"), elapsed) == "未达标"
    assert tb.status_of(tb.LEVEL, None, elapsed) == "未设目标"


def test_flow_ahead_of_its_year_shows_done_for_the_year(db):
    with db.transaction(ACTOR) as session:
        svc.set_target(session, 2026, "deposit_new", "100")
        svc.set_actuals(session, 2026, "deposit_new", {1: "60", 2: "70"})
    with db.session() as session:
        item = svc.book_progress(session, 2026, date(2026, 2, 28)).indicator("deposit_new")
    assert item.done == Decimal("1.3000") and item.status_label == "已完成全年"
