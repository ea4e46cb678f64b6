"""Client development plans (客户发展计划): saved whole with milestones, checked first."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cmdesk.errors import NotFoundError, ValidationError
from cmdesk.models import DevelopmentMilestone, DevelopmentPlan, FileHistory
from cmdesk.services import clients as clients_svc
from cmdesk.services import development as svc
from tests.helpers import stored_text

ACTOR = "测试经理"


@pytest.fixture
def client_id(db):
    with db.transaction(ACTOR) as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "重点",
                    "status": "prospect"}))


def _save(db, client_id, draft, plan_id=None):
    with db.transaction(ACTOR) as session:
        return svc.save_plan(session, client_id, draft, plan_id)


def test_plan_with_milestones_is_saved_whole_and_edited(db, client_id):
    plan_id = _save(db, client_id, svc.PlanDraft(
        fields={"target": "拿下代发工资和结算账户", "strategy": "以代发切入", "target_date": "2027-03-31",
                "resource_departments": "公司业务部、运营部", "pricing_approval": "代发手续费减免"},
        milestones=[{"title": "首次拜访财务总监", "due_date": "2026-12-05"},
                    {"title": "提交代发方案", "due_date": "2027-01-10", "status": "done",
                     "done_on": "2027-01-08"}]))
    with db.session() as session:
        plan = svc.get_plan(session, plan_id)
        data = svc.plan_dict(plan)
        assert plan.status == "active" and plan.target_date == date(2027, 3, 31)
        assert [m["title"] for m in data["milestones"]] == ["首次拜访财务总监", "提交代发方案"]
        first = data["milestones"][0]
    # WHEN one milestone is edited, one dropped and one added
    _save(db, client_id, svc.PlanDraft(fields={"status": "won"}, milestones=[
        {"id": first["id"], "title": "首次拜访财务总监", "status": "done", "done_on": "2026-12-04"},
        {"title": "签约", "due_date": "2027-02-01"}]), plan_id)
    with db.session() as session:
        plan = svc.get_plan(session, plan_id)
        assert plan.status == "won" and plan.target == "拿下代发工资和结算账户"
        assert [(m.title, m.status) for m in plan.milestones] == [("首次拜访财务总监", "done"), ("签约", "open")]
        dropped = session.scalar(select(func.count()).select_from(DevelopmentMilestone).where(
            DevelopmentMilestone.deleted_at.is_not(None)))
        assert dropped == 1
        history = session.scalars(select(FileHistory.entity).where(FileHistory.client_id == client_id)).all()
        assert "development_plans" in history
        assert [p.id for p in svc.plans_of(session, client_id)] == [plan_id]


def test_bad_input_names_every_field_and_writes_nothing(db, client_id):
    with pytest.raises(ValidationError) as caught:
        _save(db, client_id, svc.PlanDraft(
            fields={"target": "", "status": "maybe", "target_date": "2026-02-30"},
            milestones=[{"title": "ok"}, {"title": "", "due_date": "3000-01-01"}]))
    described = str(caught.value)
    for words in ("发展目标：必须填写", "状态：", "目标日期：", "第 2 行 里程碑：必须填写", "第 2 行 计划日期：日期应在"):
        assert words in described
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(DevelopmentPlan)) == 0
        assert session.scalar(select(func.count()).select_from(DevelopmentMilestone)) == 0


def test_delete_tombstones_plan_and_milestones(db, client_id):
    plan_id = _save(db, client_id, svc.PlanDraft(fields={"target": "做大存款"},
                                                 milestones=[{"title": "开户"}]))
    with db.transaction(ACTOR) as session:
        svc.delete_plan(session, plan_id)
    with db.session() as session:
        assert svc.plans_of(session, client_id) == []
        assert session.scalar(select(func.count()).select_from(DevelopmentMilestone).where(
            DevelopmentMilestone.deleted_at.is_(None))) == 0
        with pytest.raises(NotFoundError):
            svc.get_plan(session, plan_id)


wild_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="客户发展计划😀\x00\x07\n\t ", max_size=50),
    st.just("长" * 100_000),
    st.sampled_from(["", "   ", "\x1b[31m", "代发工资 ✓"]),
)
wild_date = st.one_of(st.dates(), st.text(max_size=20), st.sampled_from(["2026-13-01", "0001-01-01"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=wild_text, strategy=wild_text, departments=wild_text,
       status=st.one_of(st.sampled_from(["active", "won", "进行中", "已放弃"]), wild_text),
       target_date=wild_date, title=wild_text, due=wild_date)
def test_any_input_saves_and_reads_back_or_names_the_field(db, client_id, target, strategy, departments,
                                                          status, target_date, title, due):
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(DevelopmentPlan))
        milestones_before = session.scalar(select(func.count()).select_from(DevelopmentMilestone))
    fields = {"target": target, "strategy": strategy, "resource_departments": departments,
              "status": status, "target_date": target_date}
    try:
        plan_id = _save(db, client_id, svc.PlanDraft(fields=fields, milestones=[
            {"title": title, "due_date": due}]))
    except ValidationError as exc:
        labels = {spec.label for spec in (*svc.PLAN.fields, *svc.MILESTONES.fields)}
        assert exc.problems and all(p.label in labels for p in exc.problems)
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(DevelopmentPlan)) == before
            assert session.scalar(select(func.count()).select_from(DevelopmentMilestone)) == milestones_before
        return
    with db.session() as session:
        data = svc.plan_dict(svc.get_plan(session, plan_id))
    assert data["target"] == stored_text(target, long=True)
    assert data["strategy"] == stored_text(strategy, long=True)
    assert data["resource_departments"] == stored_text(departments)
    assert data["milestones"][0]["title"] == stored_text(title)
    if isinstance(due, date):
        assert data["milestones"][0]["due_date"] == due
