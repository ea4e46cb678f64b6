"""Relationship strategy plans (客户关系战略计划书): one per client per year, sections 1–7
read live from the client file until the year is closed, then frozen."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cmdesk.errors import ValidationError
from cmdesk.models import StrategyChallenge, StrategyPlan, StrategyPlanRow
from cmdesk.services import clients as clients_svc
from cmdesk.services import strategy as svc
from cmdesk.services.catalogue import list_products
from tests.helpers import stored_text

ACTOR = "测试经理"


@pytest.fixture
def client_id(db):
    with db.transaction(ACTOR) as session:
        product = list_products(session)[0]
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心",
                    "our_strengths": "结算效率高"},
            contacts=[{"name": "王五", "position": "财务总监", "phone": "13812345678"}],
            business_lines=[{"nature": "软件外包", "revenue_share": "60"}],
            other_banks=[{"institution": "工商银行", "estimated_spend": "50万"}],
            services=[{"product_id": product.id, "needed": True, "adopted": True, "our_share": "40"}],
            value_items=[{"year": "2026", "category": "fee", "amount": "12000"}]))


def _save(db, client_id, draft, plan_id=None):
    with db.transaction(ACTOR) as session:
        return svc.save_plan(session, client_id, draft, plan_id)


def test_plan_reads_the_client_file_and_keeps_its_own_rows(db, client_id):
    with db.session() as session:
        product = list_products(session)[1]
    plan_id = _save(db, client_id, svc.StrategyDraft(
        fields={"year": "2026", "summary": "巩固结算，切入授信"},
        rows=[{"need": "流动资金", "product_id": product.id, "department": "公司部", "person": "李明",
               "planned_time": "2026年二季度", "method": "联合拜访", "expected_income": "8万"}],
        challenges=[{"source": "他行竞争", "content": "工行降价", "prevention": "打包定价",
                     "timetable": "三季度前"}]))
    with db.session() as session:
        document = svc.read_plan(session, plan_id)
    assert document.year == 2026 and not document.closed
    assert document.client_name == "厦门鹭易科技有限公司"
    assert document.file["contacts"][0]["name"] == "王五"
    assert document.file["business_lines"][0]["revenue_share"] == "60.00"
    assert document.file["other_banks"][0]["estimated_spend"] == "500000.00"
    assert document.file["services"][0]["product_name"]
    assert document.file["client"]["our_strengths"] == "结算效率高"
    assert document.rows[0]["product_name"] == product.name
    assert document.rows[0]["expected_income"] == Decimal("80000.00")
    assert document.challenges[0]["source"] == "他行竞争"
    assert len(svc.SECTION_TITLES) == 9


def test_one_plan_per_client_per_year(db, client_id):
    first = _save(db, client_id, svc.StrategyDraft(fields={"year": "2026"}))
    with pytest.raises(ValidationError) as caught:
        _save(db, client_id, svc.StrategyDraft(fields={"year": "2026", "summary": "又一份"}))
    assert "计划年度：这个客户 2026 年度已有战略计划书，每个客户每年只能有一份" in str(caught.value)
    second = _save(db, client_id, svc.StrategyDraft(fields={"year": "2027"}))
    with pytest.raises(ValidationError):  # moving 2027 onto 2026 is refused too
        _save(db, client_id, svc.StrategyDraft(fields={"year": "2026"}), second)
    with db.session() as session:
        assert [p.year for p in svc.plans_of(session, client_id)] == [2027, 2026]
        assert svc.plan_for_year(session, client_id, 2026).id == first


def test_last_years_plan_reads_as_it_was_after_the_file_changed(db, client_id):
    # GIVEN a 2025 plan, closed when the 2026 plan is written
    old_id = _save(db, client_id, svc.StrategyDraft(fields={"year": "2025"},
                                                    rows=[{"need": "代发工资"}]))
    _save(db, client_id, svc.StrategyDraft(fields={"year": "2026"}))
    # WHEN the client file changes afterwards
    with db.transaction(ACTOR) as session:
        clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"name": "厦门鹭易集团有限公司", "our_strengths": "授信审批快"},
            contacts=[{"name": "赵六", "position": "总经理"}]), client_id)
    with db.session() as session:
        old = svc.read_plan(session, old_id)
        current = svc.read_plan(session, svc.plan_for_year(session, client_id, 2026).id)
    # THEN last year's plan still shows the file as it was; this year's reads it live
    assert old.closed and old.client_name == "厦门鹭易科技有限公司"
    assert [c["name"] for c in old.file["contacts"]] == ["王五"]
    assert old.file["client"]["our_strengths"] == "结算效率高"
    assert current.client_name == "厦门鹭易集团有限公司"
    assert [c["name"] for c in current.file["contacts"]] == ["赵六"]
    # AND a closed year is read-only
    with pytest.raises(ValidationError) as caught:
        _save(db, client_id, svc.StrategyDraft(fields={"summary": "改"}), old_id)
    assert "已结束并存档" in str(caught.value)
    with pytest.raises(ValidationError), db.transaction(ACTOR) as session:
        svc.delete_plan(session, old_id)


def test_close_plan_freezes_explicitly(db, client_id):
    plan_id = _save(db, client_id, svc.StrategyDraft(fields={"year": "2026"}))
    with db.transaction(ACTOR) as session:
        svc.close_plan(session, plan_id)
        clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"our_strengths": "新优势"}), client_id)
    with db.session() as session:
        assert svc.read_plan(session, plan_id).file["client"]["our_strengths"] == "结算效率高"


wild_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet="我行来年计划😀\x00\x1f\n ", max_size=40),
    st.just("长" * 100_000),
    st.sampled_from(["", "  ", "代发工资 ✓"]),
)
wild_money = st.one_of(st.integers(min_value=-10, max_value=10**20).map(str), wild_text,
                       st.sampled_from(["1.5万", "9999999999999999.99", "1e30", "NaN"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(need=wild_text, department=wild_text, planned_time=wild_text, method=wild_text,
       income=wild_money, source=wild_text, year=st.one_of(st.integers(1900, 2200).map(str), wild_text))
def test_any_row_saves_and_reads_back_or_names_the_field(db, client_id, need, department, planned_time,
                                                          method, income, source, year):
    def counts():
        with db.session() as session:
            return [session.scalar(select(func.count()).select_from(model))
                    for model in (StrategyPlan, StrategyPlanRow, StrategyChallenge)]

    before = counts()
    row = {"need": need, "department": department, "planned_time": planned_time, "method": method,
           "expected_income": income}
    try:
        plan_id = _save(db, client_id, svc.StrategyDraft(fields={"year": year}, rows=[row],
                                                         challenges=[{"source": source}]))
    except ValidationError as exc:
        labels = {spec.label for spec in (*svc.PLAN.fields, *svc.ROWS.fields, *svc.CHALLENGES.fields)}
        assert exc.problems and all(p.label in labels for p in exc.problems)
        assert counts() == before
        return
    with db.transaction(ACTOR) as session:
        document = svc.read_plan(session, plan_id)
        saved = document.rows[0]
        assert saved["need"] == stored_text(need, long=True)
        assert saved["department"] == stored_text(department)
        assert saved["method"] == stored_text(method, long=True)
        assert document.challenges[0]["source"] == stored_text(source)
        svc.delete_plan(session, plan_id)  # the next example may use the same year
