"""Risk watch: the loan ledger and credit lines validated whole, check reports signed by
two people and linked to a 贷后检查 diary entry, warning signals that tag the client 关注
and wait to be reported upward, and the calendar (maturities 90/60/30 ahead, checks due)
on 今日, in the week plan's suggestions, in the client file and the supervisor's lists."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from cmdesk.domain.risk_fields import LoanClass
from cmdesk.errors import ValidationError
from cmdesk.models import Client, DiaryEntry, FileHistory, Loan, OutboxEntry
from cmdesk.services import clients as clients_svc
from cmdesk.services import plans
from cmdesk.services import risk
from cmdesk.services import today as today_svc

ACTOR = "测试经理"
TODAY = date(2026, 12, 3)


def make_client(db, name="厦门港务集团有限公司"):
    with db.transaction(ACTOR) as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "核心", "status": "active"}))


def loan_fields(client_id, **changes):
    fields = {"client_id": client_id, "contract_no": "XM2026-0001", "product": "流动资金贷款",
              "amount": "500万", "balance": "3,000,000", "start_date": "2026-06-10",
              "maturity_date": "2027-01-20", "rate": "3.45", "guarantee_kind": "抵押",
              "collateral": "厂房抵押", "classification": "正常", "check_frequency": "每季"}
    fields.update(changes)
    return fields


def save_loan(db, fields, loan_id=None):
    with db.transaction(ACTOR) as session:
        return risk.save_loan(session, fields, loan_id)


def check_fields(client_id, **changes):
    fields = {"client_id": client_id, "check_date": "2026-11-20", "mode": "现场检查",
              "checker": "张明", "second_checker": "李华", "use_of_funds": "用于采购原材料，与合同一致",
              "operations": "开工正常", "finances": "营收同比增长 8%", "conclusion": "经营正常，按期付息",
              "proposed_class": "正常"}
    fields.update(changes)
    return fields


def test_a_loan_is_saved_with_decimal_money_and_its_labels(db):
    client_id = make_client(db)
    loan_id = save_loan(db, loan_fields(client_id))
    with db.session() as session:
        line = risk.get_loan(session, loan_id)
    assert line.amount == Decimal("5000000.00") and line.balance == Decimal("3000000.00")
    assert line.guarantee_kind == "mortgage" and line.guarantee_label == "抵押"
    assert line.check_frequency == "quarterly" and line.classification == LoanClass.NORMAL
    assert line.rate == Decimal("3.4500") and line.currency == "CNY"


def test_a_wrong_loan_names_every_problem_and_writes_nothing(db):
    client_id = make_client(db)
    with pytest.raises(ValidationError) as caught:
        save_loan(db, loan_fields(client_id, contract_no="", balance="600万",
                                  maturity_date="2026-01-01", classification="很好"))
    labels = {p.label for p in caught.value.problems}
    assert {"合同编号", "贷款余额（元）", "到期日", "五级分类"} <= labels
    with db.session() as session:
        assert session.scalar(select(Loan.id)) is None


def test_a_contract_number_is_in_the_ledger_once(db):
    client_id = make_client(db)
    save_loan(db, loan_fields(client_id))
    with pytest.raises(ValidationError, match="XM2026-0001 已在台账中"):
        save_loan(db, loan_fields(client_id))


def test_a_loan_may_only_draw_on_its_own_clients_credit_line(db):
    client_id, other_id = make_client(db), make_client(db, "厦门航空有限公司")
    with db.transaction(ACTOR) as session:
        line_id = risk.save_credit_line(session, {
            "client_id": other_id, "line_no": "SX-01", "amount": "1000万",
            "expiry_date": "2027-06-30"})
    with pytest.raises(ValidationError, match="不是该客户的授信"):
        save_loan(db, loan_fields(client_id, credit_line_id=line_id))
    save_loan(db, loan_fields(other_id, credit_line_id=line_id))
    with db.session() as session:
        [line] = risk.list_credit_lines(session, other_id)
    assert line.used == Decimal("3000000.00") and line.amount == Decimal("10000000.00")
    with db.transaction(ACTOR) as session, pytest.raises(ValidationError, match="存续贷款"):
        risk.delete_credit_line(session, line_id)


def test_a_check_needs_two_different_checkers(db):
    client_id = make_client(db)
    with db.transaction(ACTOR) as session, pytest.raises(ValidationError) as caught:
        risk.save_check(session, check_fields(client_id, second_checker="张明"))
    assert caught.value.problems[0].label == "第二检查人（双人检查）"


def test_a_check_writes_its_post_loan_diary_entry_once(db):
    client_id = make_client(db)
    with db.transaction(ACTOR) as session:
        check_id = risk.save_check(session, check_fields(client_id))
    with db.session() as session:
        check = risk.get_check(session, check_id)
        entry = session.get(DiaryEntry, check.entry_id)
        assert (entry.kind, entry.client_id, entry.entry_date) == ("post_loan", client_id,
                                                                   date(2026, 11, 20))
        assert "经营正常" in entry.content and "张明、李华" in entry.content
        assert risk.check_for_entry(session, entry.id) == check_id
    with db.transaction(ACTOR) as session:
        risk.save_check(session, {"conclusion": "出现回款放缓", "proposed_class": "关注"}, check_id)
    with db.session() as session:
        assert risk.get_check(session, check_id).entry_id == check.entry_id
        assert "经营正常" in session.get(DiaryEntry, check.entry_id).content  # not rewritten
    with db.transaction(ACTOR) as session:
        risk.delete_check(session, check_id)
    with db.session() as session:
        assert session.get(DiaryEntry, check.entry_id).deleted_at is None  # the diary keeps it
        assert risk.list_checks(session, client_id) == []


def test_a_new_signal_tags_the_client_and_waits_to_be_reported(db, time_machine):
    time_machine.move_to("2026-12-05 10:00", tick=False)
    client_id = make_client(db)
    with db.transaction(ACTOR) as session:
        signal_id = risk.save_signal(session, {
            "client_id": client_id, "signal_type": "涉诉涉执", "found_on": "2026-12-01",
            "source": "法院公告", "cause": "被供应商起诉，涉案 200 万元", "measures": "追加保证人",
            "responsible": "张明", "deadline": "2026-12-31"})
    with db.session() as session:
        assert "关注" in session.get(Client, client_id).tags.split(",")
        assert risk.unreported_signal_ids(session) == [signal_id]
        tag_change = session.scalar(select(FileHistory).where(
            FileHistory.entity == "clients", FileHistory.field == "tags"))
        assert tag_change.new_value == "关注"
        [watched] = risk.watch_list(session)
        assert watched.client_id == client_id and watched.open_signals == 1
        assert watched.latest_signal == "涉诉涉执（2026-12-01）"
    with db.transaction(ACTOR) as session:
        risk.mark_signals_reported(session, [signal_id], datetime(2026, 12, 2, 9))
        risk.save_signal(session, {"status": "已解除"}, signal_id)
    with db.session() as session:
        assert risk.unreported_signal_ids(session) == []
        signal = risk.get_signal(session, signal_id)
        assert signal.closed_on == date(2026, 12, 5) and not signal.is_open
        assert risk.watch_list(session) == []
        assert risk.client_risk(session, client_id, TODAY).watched  # the tag stays until removed


def test_a_signal_deadline_cannot_precede_its_finding(db):
    client_id = make_client(db)
    with db.transaction(ACTOR) as session, pytest.raises(ValidationError, match="处置期限"):
        risk.save_signal(session, {"client_id": client_id, "signal_type": "finance",
                                   "found_on": "2026-12-01", "source": "check", "cause": "亏损",
                                   "deadline": "2026-11-01"})


def test_every_change_goes_to_the_outbox(db):
    client_id = make_client(db)
    loan_id = save_loan(db, loan_fields(client_id))
    save_loan(db, {"balance": "200万"}, loan_id)
    with db.session() as session:
        revisions = session.scalars(select(OutboxEntry.revision).where(
            OutboxEntry.entity == "loans", OutboxEntry.entity_id == loan_id)).all()
    assert revisions == [1, 2]


def test_maturities_reach_their_90_60_30_marks(db):
    client_id = make_client(db)
    for number, maturity in enumerate(("2026-12-20", "2027-01-20", "2027-02-25", "2027-05-01",
                                       "2026-11-30")):
        save_loan(db, loan_fields(client_id, contract_no=f"C{number}", maturity_date=maturity))
    with db.session() as session:
        lines = risk.maturities_due(session, TODAY)
        limited = risk.maturities_due(session, TODAY, limit=2)
    assert [(line.contract_no, line.days_left, line.mark) for line in lines] == [
        ("C4", -3, 0), ("C0", 17, 30), ("C1", 48, 60), ("C2", 84, 90)]
    assert [line.contract_no for line in limited] == ["C4", "C0"]


def test_the_next_check_follows_the_last_check_and_the_frequency(db):
    client_id = make_client(db)
    save_loan(db, loan_fields(client_id, start_date="2026-06-10", check_frequency="每季"))
    with db.session() as session:
        [due] = risk.checks_due(session, TODAY)
    assert due.due == date(2026, 9, 10) and due.days_overdue == 84 and due.last_check is None
    with db.transaction(ACTOR) as session:
        risk.save_check(session, check_fields(client_id, check_date="2026-11-20"))
    with db.session() as session:
        assert risk.checks_due(session, TODAY) == []
        [later] = risk.checks_due(session, TODAY, until=date(2027, 2, 28))
        assert later.due == date(2027, 2, 20) and later.last_check == date(2026, 11, 20)


def test_today_lists_maturities_and_checks(db):
    client_id = make_client(db)
    save_loan(db, loan_fields(client_id, maturity_date="2026-12-20"))
    with db.session() as session:
        view = today_svc.today_view(session, TODAY)
    assert [line.loan_id for line in view.maturities] and view.maturities[0].mark == 30
    assert [line.client_id for line in view.loan_checks] == [client_id]


def test_the_week_plan_suggests_checks_and_maturities_once(db):
    client_id = make_client(db)
    save_loan(db, loan_fields(client_id, maturity_date="2026-12-20"))
    week = plans.week_of(TODAY)
    with db.session() as session:
        [suggestion] = risk.risk_suggestions(session, week)
    assert suggestion.client_id == client_id and suggestion.reason.startswith("贷后检查逾期")
    assert "到期" in suggestion.reason
    with db.transaction(ACTOR) as session:
        risk.add_risk_suggestion(session, week, suggestion, today=TODAY)
    with db.session() as session:
        assert risk.risk_suggestions(session, week) == []
        [line] = plans.week_view(session, week).items
        assert line.purpose == "post_loan" and line.priority == "high"


def test_the_client_file_shows_worst_class_balance_and_next_check(db):
    client_id = make_client(db)
    save_loan(db, loan_fields(client_id))
    save_loan(db, loan_fields(client_id, contract_no="C2", classification="次级",
                              balance="100万"))
    save_loan(db, loan_fields(client_id, contract_no="C3", classification="损失",
                              status="已结清", balance="0"))
    with db.session() as session:
        view = risk.client_risk(session, client_id, TODAY)
        [watched] = risk.watch_list(session)
    assert view.worst_class == "次级" and view.balance == Decimal("4000000.00")
    assert len(view.loans) == 3 and view.next_check.due == date(2026, 9, 10)
    assert watched.worst_class == "次级" and watched.open_signals == 0


def test_the_month_check_list_holds_due_and_done(db):
    client_id = make_client(db)
    other_id = make_client(db, "厦门航空有限公司")
    save_loan(db, loan_fields(client_id))
    save_loan(db, loan_fields(other_id, contract_no="C2", start_date="2026-10-15",
                              check_frequency="每季"))
    with db.transaction(ACTOR) as session:
        risk.save_check(session, check_fields(client_id, check_date="2026-12-02"))
    first, last = plans.month_bounds("2027-01")
    with db.session() as session:
        month = risk.month_checks(session, first, last, TODAY)
        december = risk.month_checks(session, *plans.month_bounds("2026-12"), TODAY)
    assert [line.client_id for line in month.due] == [other_id] and month.due[0].due == date(2027, 1, 15)
    assert [check.client_id for check in december.done] == [client_id]


def test_a_desk_of_schema_0004_upgrades_to_an_empty_ledger(tmp_path):
    # tests/data/schema-0004.sqlite3: the schema before risk watch, one client and one
    # 贷后检查 diary entry; it opens with its data and takes loans at once
    import shutil

    from cmdesk.storage import db as db_module
    from cmdesk.storage.db import open_database

    path = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "schema-0004.sqlite3", path)
    opened = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert opened.upgraded_from == "0004"
        with opened.session() as session:
            [client_id] = session.scalars(select(Client.id)).all()
            [entry_id] = session.scalars(select(DiaryEntry.id)).all()
            assert risk.list_loans(session) == []
        save_loan(opened, loan_fields(client_id))
        with opened.transaction(ACTOR) as session:
            check_id = risk.save_check(session, check_fields(client_id, entry_id=entry_id,
                                                             check_date="2026-11-20"))
        with opened.session() as session:
            assert risk.get_check(session, check_id).entry_id == entry_id
            assert session.get(DiaryEntry, entry_id).content == "贷后检查：经营正常"
    finally:
        opened.close()
    assert db_module.stored_revision(path) == db_module.SCHEMA_REVISION
