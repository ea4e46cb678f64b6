"""Proposals: create, save whole, risk-appetite rule, minimum-amount warning, statuses,
versions, approval threshold, accepted → 服务现况, list, and a property test of the form."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import make_id_number
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cmdesk.domain.proposal_income import line_income
from cmdesk.errors import ValidationError
from cmdesk.models import FileHistory, Product, ProposalEvent, ServiceStatus
from cmdesk.services import clients as client_svc
from cmdesk.services import proposals as svc
from tests.helpers import stored_text

ACTOR = "测试经理"
ROOT = Path(__file__).resolve().parents[2]


def _client(db, kind="company", name="厦门鹭易科技有限公司", **extra):
    fields = {"kind": kind, "name": name, "tier": "核心", **extra}
    with db.transaction(ACTOR) as session:
        return client_svc.save_client_file(session, client_svc.ClientDraft(fields=fields))


def _product(db, code):
    with db.session() as session:
        return session.scalars(select(Product).where(Product.code == code)).one().id


def _draft(db, lines, **fields):
    base = {"title": "综合金融服务方案", "proposal_date": "2026-11-20", "valid_until": "2026-12-31",
            "background": "客户扩大产能，需要流动资金", "benefits": "降低财务费用", "our_people": "张三、李四"}
    return svc.ProposalDraft({**base, **fields}, lines)


def _create(db, client_id, lines, **fields):
    with db.transaction(ACTOR) as session:
        return svc.create_proposal(session, client_id, _draft(db, lines, **fields))


def _move(db, proposal_id, to_status, note=""):
    with db.transaction(ACTOR) as session:
        return svc.change_status(session, proposal_id, to_status, note).to_status


def _problems(info):
    return {(p.section, p.row, p.field): p.message for p in info.value.problems}


def test_create_and_read_back_with_income(db):
    client_id = _client(db)
    loan, payroll = _product(db, "LN-WC"), _product(db, "ST-PAYROLL")
    result = _create(db, client_id, [
        {"product_id": loan, "amount": "500万", "term": "1年", "rate": "3.45"},
        {"product_id": payroll, "fee": "2.5", "quantity": "3,600", "notes": "每月代发"},
    ])
    assert result.version == 1 and result.warnings == []
    with db.session() as session:
        version = svc.get_version(session, result.proposal_id)
        assert version.proposal.status == "draft" and version.number == 1
        lines = [(line, line_income(line)) for line in version.lines]
        assert [line.product.code for line, _ in lines] == ["LN-WC", "ST-PAYROLL"]
        assert lines[0][0].amount == Decimal("5000000.00") and lines[0][0].rate == Decimal("3.4500")
        # 5,000,000 × 1.20% net margin; 2.50 × 3,600
        assert [income for _, income in lines] == [Decimal("60000.00"), Decimal("9000.00")]
        [summary] = svc.list_proposals(session, client_id=client_id)
        assert summary.total_income == Decimal("69000.00")
        assert summary.total_amount == Decimal("5000000.00")


def test_bad_input_names_every_field_and_writes_nothing(db):
    client_id = _client(db)
    with pytest.raises(ValidationError) as info:
        _create(db, client_id, [{"product_id": "nope", "amount": "-5", "rate": "120"},
                                {"amount": "abc", "quantity": "0"}],
                title="", proposal_date="2026-13-01")
    problems = _problems(info)
    assert ("proposal", None, "title") in problems
    assert ("proposal_version", None, "proposal_date") in problems
    assert problems[("proposal_lines", 0, "product_id")] == "产品不在产品目录中"
    assert ("proposal_lines", 0, "amount") in problems
    assert "0 到 100" in problems[("proposal_lines", 0, "rate")]
    assert ("proposal_lines", 1, "product_id") in problems
    assert ("proposal_lines", 1, "quantity") in problems
    assert "第 1 行 产品" in str(info.value)
    with db.session() as session:
        assert svc.list_proposals(session) == []


def test_valid_until_before_date_refused(db):
    client_id = _client(db)
    with pytest.raises(ValidationError) as info:
        _create(db, client_id, [], valid_until="2026-01-01")
    assert _problems(info)[("proposal_version", None, "valid_until")] == "不能早于方案日期"


def test_risk_appetite_rule_for_individuals(db):
    person = _client(db, "individual", "陈美玲", id_number=make_id_number("35020019800517123"),
                     risk_appetite="C2")
    equity, bond = _product(db, "WM-EQ"), _product(db, "WM-FUND")
    with pytest.raises(ValidationError) as info:
        _create(db, person, [{"product_id": bond, "amount": "20万"},
                             {"product_id": equity, "amount": "20万"}])
    message = _problems(info)[("proposal_lines", 1, "product_id")]
    assert "R4" in message and "C2" in message and "稳健型" in message
    assert ("proposal_lines", 0, "product_id") not in _problems(info)
    # R2 within C2 is fine
    assert _create(db, person, [{"product_id": bond, "amount": "20万"}]).version == 1
    # no assessment yet: nothing above R1
    unassessed = _client(db, "individual", "林志强")
    with pytest.raises(ValidationError) as info:
        _create(db, unassessed, [{"product_id": bond, "amount": "20万"}])
    assert "尚未评估风险承受能力" in str(info.value)
    # companies are not matched against an appetite
    company = _client(db)
    assert _create(db, company, [{"product_id": _product(db, "WM-MIX"), "amount": "100万"}]).version == 1


def test_amount_below_minimum_warns_but_saves(db):
    client_id = _client(db)
    result = _create(db, client_id, [{"product_id": _product(db, "LN-FA"), "amount": "100万"}])
    assert len(result.warnings) == 1
    assert "第 1 行" in result.warnings[0] and "低于起点金额 5,000,000.00 元" in result.warnings[0]
    with db.session() as session:
        assert len(svc.get_version(session, result.proposal_id).lines) == 1


def test_status_flow_with_events_and_illegal_moves(db):
    client_id = _client(db)
    proposal_id = _create(db, client_id, [{"product_id": _product(db, "LN-WC"),
                                           "amount": "800万"}]).proposal_id
    for illegal in ("approved", "accepted", "declined", "rejected", "bogus"):
        with pytest.raises(ValidationError) as info:
            _move(db, proposal_id, illegal)
        assert "不能从“草稿”改为" in str(info.value)
    # above the default threshold (5,000,000 元): approval first
    with pytest.raises(ValidationError) as info:
        _move(db, proposal_id, "presented")
    assert "超过审批额度" in str(info.value)
    assert _move(db, proposal_id, "submitted", "请审批") == "submitted"
    with pytest.raises(ValidationError) as info:
        _move(db, proposal_id, "rejected")
    assert "写明原因" in str(info.value)
    assert _move(db, proposal_id, "approved", "同意") == "approved"
    assert _move(db, proposal_id, "presented") == "presented"
    with pytest.raises(ValidationError):
        _move(db, proposal_id, "submitted")
    assert _move(db, proposal_id, "declined", "客户选择他行") == "declined"
    with pytest.raises(ValidationError) as info:
        _move(db, proposal_id, "accepted")
    assert "不能从“客户未采纳”改为“客户已采纳”" in str(info.value)
    with db.session() as session:
        events = list(session.scalars(select(ProposalEvent).where(
            ProposalEvent.proposal_id == proposal_id).order_by(ProposalEvent.at)))
        assert [(e.from_status, e.to_status) for e in events] == [
            ("draft", "submitted"), ("submitted", "approved"), ("approved", "presented"),
            ("presented", "declined")]
        assert all(e.actor == ACTOR and e.version == 1 for e in events)
        assert events[-1].note == "客户选择他行"


def test_threshold_setting_lets_small_drafts_go_straight_to_client(db):
    client_id = _client(db)
    proposal_id = _create(db, client_id, [{"product_id": _product(db, "LN-WC"),
                                           "amount": "800万"}]).proposal_id
    with db.transaction(ACTOR) as session:
        assert "presented" not in svc.allowed_moves(session, svc.get_proposal(session, proposal_id))
        svc.set_approval_threshold(session, "1000万")
    with db.session() as session:
        assert svc.approval_threshold(session) == Decimal("10000000.00")
        assert "presented" in svc.allowed_moves(session, svc.get_proposal(session, proposal_id))
    assert _move(db, proposal_id, "presented") == "presented"
    with db.transaction(ACTOR) as session, pytest.raises(ValidationError):
        svc.set_approval_threshold(session, "-1")


def test_versions_are_frozen_and_copied(db):
    client_id = _client(db)
    loan = _product(db, "LN-WC")
    proposal_id = _create(db, client_id, [{"product_id": loan, "amount": "800万"}]).proposal_id
    _move(db, proposal_id, "submitted")
    with db.transaction(ACTOR) as session, pytest.raises(ValidationError) as info:
        svc.save_draft(session, proposal_id, _draft(db, [{"product_id": loan, "amount": "1"}]))
    assert "已冻结" in str(info.value)
    with db.transaction(ACTOR) as session, pytest.raises(ValidationError):
        svc.new_version(session, proposal_id)  # waiting for approval
    _move(db, proposal_id, "rejected", "金额过大")
    _move(db, proposal_id, "draft")  # reopens as v2
    with db.transaction(ACTOR) as session:
        proposal = svc.get_proposal(session, proposal_id)
        assert (proposal.status, proposal.current_version) == ("draft", 2)
        v2 = svc.get_version(session, proposal_id)
        assert [(line.product_id, line.amount) for line in v2.lines] == [(loan, Decimal("8000000.00"))]
        assert v2.background == "客户扩大产能，需要流动资金"
        svc.save_draft(session, proposal_id, _draft(db, [{"product_id": loan, "amount": "300万"}],
                                                    title="调整后方案"))
    with db.session() as session:
        v1 = svc.get_version(session, proposal_id, 1)
        v2 = svc.get_version(session, proposal_id, 2)
        assert [line.amount for line in v1.lines] == [Decimal("8000000.00")]
        assert [line.amount for line in v2.lines] == [Decimal("3000000.00")]
        assert not svc.is_editable(v1.proposal, v1) and svc.is_editable(v2.proposal, v2)
        assert v2.proposal.title == "调整后方案"
        events = [(e.from_status, e.to_status, e.version) for e in v2.proposal.events]
        assert events[-1] == ("rejected", "draft", 2)
    with db.transaction(ACTOR) as session:
        assert svc.new_version(session, proposal_id) == 3  # a draft may be copied too
        assert svc.get_proposal(session, proposal_id).current_version == 3


def test_save_draft_replaces_lines_whole(db):
    client_id = _client(db)
    loan, deposit = _product(db, "LN-WC"), _product(db, "DEP-TIME")
    proposal_id = _create(db, client_id, [{"product_id": loan, "amount": "100万"},
                                          {"product_id": deposit, "amount": "50万"}]).proposal_id
    with db.transaction(ACTOR) as session:
        svc.save_draft(session, proposal_id, _draft(db, [{"product_id": deposit, "amount": "60万"}]))
    with db.session() as session:
        lines = svc.get_version(session, proposal_id).lines
        assert [(line.product_id, line.amount) for line in lines] == [(deposit, Decimal("600000.00"))]


def test_accepted_marks_services_adopted_in_client_history(db):
    loan, payroll = _product(db, "LN-WC"), _product(db, "ST-PAYROLL")
    with db.transaction(ACTOR) as session:
        client_id = client_svc.save_client_file(session, client_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"},
            services=[{"product_id": loan, "needed": True, "other_bank": True}]))
    proposal_id = _create(db, client_id, [{"product_id": loan, "amount": "300万"},
                                          {"product_id": payroll, "fee": "2", "quantity": "100"}]
                          ).proposal_id
    _move(db, proposal_id, "presented")
    with db.session() as session:
        rows = {r.product_id: r for r in session.scalars(select(ServiceStatus).where(
            ServiceStatus.client_id == client_id))}
        assert rows[loan].recommended and not rows[loan].adopted
        assert rows[payroll].recommended and rows[payroll].needed
    _move(db, proposal_id, "accepted", "客户签约")
    with db.session() as session:
        rows = {r.product_id: r for r in session.scalars(select(ServiceStatus).where(
            ServiceStatus.client_id == client_id, ServiceStatus.deleted_at.is_(None)))}
        assert set(rows) == {loan, payroll}
        assert rows[loan].adopted and rows[payroll].adopted
        adopted_lines = list(session.scalars(select(FileHistory).where(
            FileHistory.client_id == client_id, FileHistory.entity == "services",
            FileHistory.field == "adopted")))
        assert {line.entity_id for line in adopted_lines} == {rows[loan].id, rows[payroll].id}
        assert all(line.actor == ACTOR for line in adopted_lines)


def test_create_from_gaps_uses_needed_products(db):
    loan, fund, deposit = _product(db, "LN-WC"), _product(db, "WM-PE"), _product(db, "DEP-CUR")
    with db.transaction(ACTOR) as session:
        client_id = client_svc.save_client_file(session, client_svc.ClientDraft(
            fields={"kind": "individual", "name": "陈美玲", "tier": "核心", "risk_appetite": "C3"},
            business_lines=[{"nature": "贸易", "financing_needs": "旺季备货资金"}],
            services=[{"product_id": loan, "needed": True}, {"product_id": fund, "needed": True},
                      {"product_id": deposit, "adopted": True}]))
    with db.transaction(ACTOR) as session:
        result = svc.create_from_gaps(session, client_id, proposal_date=date(2026, 11, 20))
        version = svc.get_version(session, result.proposal_id)
        # the R5 product is above C3 and left out; the adopted deposit is no gap
        assert [line.product_id for line in version.lines] == [loan]
        assert "旺季备货资金" in version.background and "个人经营贷款" not in version.background
        assert version.proposal.title == "陈美玲综合金融服务方案"


def test_list_filters_and_json(db):
    first, second = _client(db), _client(db, name="福州闽江物流有限公司")
    loan = _product(db, "LN-WC")
    _create(db, first, [{"product_id": loan, "amount": "100万"}], title="流贷方案")
    p2 = _create(db, second, [{"product_id": loan, "amount": "100万"}], title="物流方案").proposal_id
    _move(db, p2, "presented")
    with db.session() as session:
        assert [s.title for s in svc.list_proposals(session, client_id=second)] == ["物流方案"]
        assert [s.title for s in svc.list_proposals(session, status="draft")] == ["流贷方案"]
        assert [s.title for s in svc.list_proposals(session, search="闽江")] == ["物流方案"]
        row = svc.list_proposals(session, client_id=second)[0].as_json()
        assert row["client"] == "福州闽江物流有限公司" and row["status"] == "presented"
        assert row["version"] == 1 and row["status_label"] == "已提交客户"


# --- property test over the form ---------------------------------------------------------
_text = st.text(max_size=220)
_money = st.one_of(st.none(), st.text(max_size=12),
                   st.decimals(min_value=-10, max_value=Decimal("1e17"), places=2, allow_nan=False))
_rate = st.one_of(st.none(), st.text(max_size=8),
                  st.decimals(min_value=-1, max_value=101, places=5, allow_nan=False))
_quantity = st.one_of(st.none(), st.integers(min_value=-5, max_value=10_000_005), st.text(max_size=6))
_day = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
                 st.text(max_size=12))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_text, our_people=st.text(max_size=520), proposal_date=_day, valid_until=_day,
       amount=_money, rate=_rate, fee=_money, quantity=_quantity, term=st.text(max_size=60))
def test_form_saves_and_reads_back_or_names_the_field(db, title, our_people, proposal_date,
                                                      valid_until, amount, rate, fee, quantity, term):
    client_id = _client(db)
    product_id = _product(db, "ST-PAYROLL")
    fields = {"title": title, "our_people": our_people, "proposal_date": proposal_date,
              "valid_until": valid_until}
    line = {"product_id": product_id, "amount": amount, "rate": rate, "fee": fee,
            "quantity": quantity, "term": term}
    try:
        with db.transaction(ACTOR) as session:
            result = svc.create_proposal(session, client_id, svc.ProposalDraft(fields, [line]))
    except ValidationError as exc:
        assert exc.problems and all(p.label for p in exc.problems)
        known = {"title", "our_people", "proposal_date", "valid_until", "amount", "rate", "fee",
                 "quantity", "term"}
        assert {p.field for p in exc.problems} <= known
        return
    with db.session() as session:
        version = svc.get_version(session, result.proposal_id)
        assert version.proposal.title == stored_text(title)
        assert version.our_people == stored_text(our_people)
        assert date(2000, 1, 1) <= version.proposal_date <= date(2100, 12, 31)
        [saved] = version.lines
        assert saved.term == stored_text(term)
        assert saved.amount is None or Decimal(0) <= saved.amount
        assert saved.rate is None or Decimal(0) <= saved.rate <= 100
        assert 1 <= saved.quantity <= 10_000_000
        if isinstance(amount, Decimal):
            assert saved.amount == amount
        if isinstance(quantity, int):
            assert saved.quantity == quantity



def _cli(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_proposals_list_command(db, data_dir):
    client_id = _client(db, name="福州闽江物流有限公司")
    loan = _product(db, "LN-WC")
    proposal_id = _create(db, client_id, [{"product_id": loan, "amount": "100万"}],
                          title="物流方案").proposal_id
    _move(db, proposal_id, "presented")
    _create(db, _client(db), [{"product_id": loan, "amount": "1"}], title="另一个")
    listed = _cli(data_dir, "proposals", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {row["title"] for row in rows} == {"物流方案", "另一个"}
    mine = _cli(data_dir, "proposals", "list", "--client", client_id, "--json")
    [row] = json.loads(mine.stdout)
    assert {"id", "client", "title", "status", "version"} <= set(row)
    assert (row["id"], row["client"], row["status"], row["version"]) == (
        proposal_id, "福州闽江物流有限公司", "presented", 1)
    assert row["expected_income"] == "12000.00"
    text = _cli(data_dir, "proposals", "list", "--status", "presented")
    assert "已提交客户" in text.stdout and "物流方案" in text.stdout and "另一个" not in text.stdout
    assert "5,000,000.00 元" in _cli(data_dir, "proposals", "threshold").stdout
    assert "3,000,000.00 元" in _cli(data_dir, "proposals", "threshold", "300万").stdout
    refused = _cli(data_dir, "proposals", "threshold", "很多")
    assert refused.returncode == 1 and "方案审批金额" in refused.stderr
    with db.session() as session:
        assert svc.approval_threshold(session) == Decimal("3000000.00")
