"""Large-client projects: saved whole with team and milestones, every problem named,
status moves (illegal ones refused), the log with who and when, the links to the
client's development plan and proposals, the list, and a property test over the form."""
from __future__ import annotations

import string
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cmdesk.domain import client_fields as cf
from cmdesk.domain import project_fields as pf
from cmdesk.errors import ValidationError
from cmdesk.models import (
    DevelopmentPlan,
    FileHistory,
    ProjectMember,
    Proposal,
    ProposalVersion,
)
from cmdesk.services import clients as clients_svc
from cmdesk.services import projects as svc
from cmdesk.services import settings as settings_svc
from tests.helpers import stored_text

ACTOR = "测试经理"
APPROVAL = {"decided_by": "陈立新", "approver_position": "分管副行长", "decided_on": "2026-11-05",
            "approval_no": "厦分行立项〔2026〕12号"}


def _client(db, name="厦门港务集团有限公司"):
    with db.transaction(ACTOR) as session:
        return clients_svc.save_client_file(session, clients_svc.ClientDraft(
            fields={"kind": "company", "name": name, "tier": "核心", "status": "prospect"}))


def _save(db, draft, project_id=None):
    with db.transaction(ACTOR) as session:
        return svc.save_project(session, draft, project_id)


def _draft(client_id, **fields):
    return svc.ProjectDraft(
        fields={"client_id": client_id, "title": "港口结算及供应链融资项目",
                "opportunity": "集团新建码头，年结算量约 80 亿元", "expected_scale": "5亿",
                "expected_income": "1,200,000", **fields},
        members=[{"name": "张立", "role": "组长", "department": "公司业务部"},
                 {"name": "李梅", "role": "relationship", "phone": "138 1234 5678"}],
        milestones=[{"title": "首次高层拜访", "due_date": "2026-12-01"}])


def _problems(exc_info):
    return {(p.section, p.field, p.row) for p in exc_info.value.problems}


def test_save_reads_back_whole(db):
    client_id = _client(db)
    project_id = _save(db, _draft(client_id))
    with db.session() as session:
        view = svc.get_project_view(session, project_id)
        assert view.project.title == "港口结算及供应链融资项目"
        assert view.project.expected_scale == Decimal("500000000.00")
        assert view.project.expected_income == Decimal("1200000.00")
        assert view.project.status == "draft"
        assert [(m.name, m.role) for m in view.members] == [("张立", "leader"),
                                                            ("李梅", "relationship")]
        assert view.members[1].phone == "13812345678"
        assert [(m.title, m.due_date, m.status) for m in view.milestones] == [
            ("首次高层拜访", date(2026, 12, 1), "open")]
        assert view.leader_names() == "张立"
        history = session.scalars(select(FileHistory).where(
            FileHistory.entity == "projects", FileHistory.entity_id == project_id)).all()
        assert history and history[0].client_id == client_id and history[0].actor == ACTOR


def test_every_problem_is_named_and_nothing_is_written(db):
    client_id = _client(db)
    draft = svc.ProjectDraft(
        fields={"client_id": client_id, "title": "", "expected_scale": "很多",
                "opportunity": "x" * 20_001},
        members=[{"name": "王五", "role": "队长"}, {"role": "leader"}],
        milestones=[{"title": "签约", "due_date": "3000-01-01"},
                    {"title": "上线", "due_date": "明天"}])
    with pytest.raises(ValidationError) as exc_info:
        _save(db, draft)
    assert _problems(exc_info) == {
        ("project", "title", None), ("project", "expected_scale", None),
        ("project", "opportunity", None), ("members", "role", 0), ("members", "name", 1),
        ("milestones", "due_date", 0), ("milestones", "due_date", 1)}
    message = str(exc_info.value)
    assert "项目名称：必须填写" in message and "第 1 行 角色" in message
    assert f"第 1 行 计划日期：日期应在 {cf.WORK_DATE_MIN} 至 {cf.WORK_DATE_MAX} 之间" in message
    with db.session() as session:
        assert svc.list_projects(session) == []
        assert session.scalars(select(ProjectMember)).all() == []


def test_rows_update_add_and_tombstone(db):
    project_id = _save(db, _draft(_client(db)))
    with db.session() as session:
        leader, helper = svc.get_project_view(session, project_id).members
        leader_id = leader.id
        helper_id = helper.id
    _save(db, svc.ProjectDraft(fields={}, members=[
        {"id": leader_id, "name": "张立", "role": "leader", "department": "投资银行部"},
        {"name": "赵六", "role": "support"}]), project_id)
    with db.session() as session:
        members = svc.get_project_view(session, project_id).members
        assert [(m.name, m.department) for m in members] == [("张立", "投资银行部"), ("赵六", "")]
        assert session.get(ProjectMember, helper_id).deleted_at is not None
    with pytest.raises(ValidationError) as exc_info:
        _save(db, svc.ProjectDraft(fields={}, members=[{"id": helper_id, "name": "李梅",
                                                        "role": "support"}]), project_id)
    assert _problems(exc_info) == {("members", "id", 0)}


def test_status_moves_log_who_and_when_and_illegal_moves_are_refused(db):
    client_id = _client(db)
    draft = _draft(client_id)
    draft.members = [{"name": "李梅", "role": "relationship"}]
    project_id = _save(db, draft)
    with pytest.raises(ValidationError, match="组长"):
        with db.transaction(ACTOR) as session:
            svc.change_status(session, project_id, "submitted")
    with pytest.raises(ValidationError, match="不能从“草稿”改为“已批准”"):
        with db.transaction(ACTOR) as session:
            svc.change_status(session, project_id, "approved")
    _save(db, svc.ProjectDraft(fields={}, members=[{"name": "张立", "role": "leader"}]),
          project_id)
    with db.transaction(ACTOR) as session:
        svc.change_status(session, project_id, "submitted", on=date(2026, 11, 2))
    with db.transaction(ACTOR) as session:
        svc.change_status(session, project_id, "approved", note="同意立项", on=date(2026, 11, 5),
                          approval=APPROVAL)
    with db.session() as session:
        view = svc.get_project_view(session, project_id)
        assert view.project.status == "approved"
        assert (view.project.decided_by, view.project.approver_position, view.project.decided_on,
                view.project.approval_no) == ("陈立新", "分管副行长", date(2026, 11, 5),
                                              "厦分行立项〔2026〕12号")
        assert view.project.decided_at is not None
        assert [(log.log_date, log.text, log.author) for log in view.logs] == [
            (date(2026, 11, 2), "状态：草稿 → 待审批", ACTOR),
            (date(2026, 11, 5), ("状态：待审批 → 已批准。审批人：陈立新（分管副行长），"
                                 "批复日期 2026-11-05，批复文号 厦分行立项〔2026〕12号。同意立项"),
             ACTOR)]
        decided = "审批人：陈立新（分管副行长），批复日期 2026-11-05，批复文号 厦分行立项〔2026〕12号"
        assert svc.project_editor_view(session, project_id).decision == decided
        assert [row.as_json()["decision"] for row in svc.list_projects(session)] == [decided]
    # the approved proposal's text is fixed; the team still changes
    with pytest.raises(ValidationError, match="立项建议书已批准，内容不能修改"):
        _save(db, svc.ProjectDraft(fields={"strategy": "改写策略"}), project_id)
    _save(db, svc.ProjectDraft(fields={"strategy": ""}, members=[
        {"name": "张立", "role": "leader"}, {"name": "钱七", "role": "product"}]), project_id)
    with db.transaction(ACTOR) as session:
        svc.change_status(session, project_id, "closed")
    for move in ("draft", "approved", "submitted"):
        with pytest.raises(ValidationError):
            with db.transaction(ACTOR) as session:
                svc.change_status(session, project_id, move)
    with pytest.raises(ValidationError, match="项目已结束"):
        with db.transaction(ACTOR) as session:
            svc.add_log(session, project_id, {"log_date": "2026-11-20", "text": "补记"})


def test_every_transition_follows_the_table(db):
    client_id = _client(db)
    for start in pf.ProjectStatus:
        targets = start.next_statuses
        for target, _label in pf.PROJECT_STATUSES:
            project_id = _save(db, _draft(client_id))
            with db.transaction(ACTOR) as session:
                svc.get_project(session, project_id).status = start
            approval = APPROVAL if pf.ProjectStatus(target).is_decision else None
            if target in targets:
                with db.transaction(ACTOR) as session:
                    assert svc.change_status(session, project_id, target,
                                             approval=approval).status == target
            else:
                with pytest.raises(ValidationError):
                    with db.transaction(ACTOR) as session:
                        svc.change_status(session, project_id, target, approval=approval)


def _submitted(db):
    project_id = _save(db, _draft(_client(db)))
    _save(db, svc.ProjectDraft(fields={}, members=[{"name": "张立", "role": "leader"}]),
          project_id)
    with db.transaction(ACTOR) as session:
        svc.change_status(session, project_id, "submitted", on=date(2026, 11, 2))
    return project_id


def _refused(db, project_id, target, approval, actor=ACTOR):
    with pytest.raises(ValidationError) as exc_info:
        with db.transaction(actor) as session:
            svc.change_status(session, project_id, target, approval=approval)
    with db.session() as session:
        project = svc.get_project(session, project_id)
        assert (project.status, project.decided_by, project.decided_on) == ("submitted", "", None)
    return {p.describe() for p in exc_info.value.problems}


@pytest.mark.parametrize("target", ["approved", "rejected"])
def test_a_decision_without_an_approval_record_is_refused(db, target):
    project_id = _submitted(db)
    assert _refused(db, project_id, target, None) == {
        "审批记录：批准或不予批准须录入审批记录：审批人、职务、批复日期和批复文号"}
    assert _refused(db, project_id, target, {"decided_by": "陈立新"}) == {
        "审批人职务：必须填写", "批复日期：必须填写", "批复文号：必须填写"}


def test_the_manager_cannot_approve_their_own_project(db):
    project_id = _submitted(db)
    # GIVEN the manager signs as themself, WHEN they record the approval, THEN it is refused
    assert _refused(db, project_id, "approved", dict(APPROVAL, decided_by=ACTOR)) == {
        f"审批人：审批人不能是客户经理本人（{ACTOR}），请填写实际批复的领导"}
    # … and so under the profile's name, whoever the session says is writing
    with db.transaction(ACTOR) as session:
        settings_svc.save_profile(session, settings_svc.Profile(name="林晓", employee_id="X001"))
    assert _refused(db, project_id, "approved", dict(APPROVAL, decided_by=" 林晓 "),
                    actor="") == {"审批人：审批人不能是客户经理本人（林晓），请填写实际批复的领导"}


def test_an_approval_dated_in_the_future_is_refused(db, time_machine):
    time_machine.move_to("2026-11-10 09:00")
    project_id = _submitted(db)
    assert _refused(db, project_id, "approved", dict(APPROVAL, decided_on="2026-11-11")) == {
        "批复日期：批复日期不能晚于今天"}


def test_log_entries(db):
    project_id = _save(db, _draft(_client(db)))
    with db.transaction(ACTOR) as session:
        svc.add_log(session, project_id, {"log_date": date(2026, 11, 10),
                                          "text": "与集团财务总监会谈\n确认结算需求"})
    with pytest.raises(ValidationError) as exc_info:
        with db.transaction(ACTOR) as session:
            svc.add_log(session, project_id, {"log_date": "1899-12-31", "text": ""})
    assert _problems(exc_info) == {("logs", "log_date", None), ("logs", "text", None)}
    with db.session() as session:
        logs = svc.get_project_view(session, project_id).logs
        assert [(log.text, log.author) for log in logs] == [("与集团财务总监会谈\n确认结算需求", ACTOR)]


def test_links_to_the_clients_plan_and_proposals(db):
    client_id = _client(db)
    other_id = _client(db, "厦门航空港物流有限公司")
    with db.transaction(ACTOR) as session:
        plan = DevelopmentPlan(client_id=client_id, target="成为集团主办行")
        foreign_plan = DevelopmentPlan(client_id=other_id, target="开户")
        mine = Proposal(client_id=client_id, title="结算综合服务方案")
        theirs = Proposal(client_id=other_id, title="代发工资方案")
        session.add_all([plan, foreign_plan, mine, theirs])
        session.flush()
        session.add(ProposalVersion(proposal_id=mine.id, number=1, proposal_date=date(2026, 11, 1)))
        ids = plan.id, foreign_plan.id, mine.id, theirs.id
    plan_id, foreign_plan_id, mine_id, theirs_id = ids
    with pytest.raises(ValidationError) as exc_info:
        _save(db, svc.ProjectDraft(
            fields={**_draft(client_id).fields, "development_plan_id": foreign_plan_id},
            proposal_ids=[mine_id, theirs_id]))
    assert _problems(exc_info) == {("project", "development_plan_id", None),
                                   ("project", "proposal_ids", 1)}
    project_id = _save(db, svc.ProjectDraft(
        fields={**_draft(client_id).fields, "development_plan_id": plan_id},
        proposal_ids=[mine_id]))
    with db.session() as session:
        view = svc.get_project_view(session, project_id)
        assert view.development_plan.id == plan_id
        assert [p.id for p in view.proposals] == [mine_id]
        assert [p.id for p in svc.linkable_proposals(session, client_id, None)] == []
        assert [p.id for p in svc.linkable_proposals(session, client_id, project_id)] == [mine_id]
    _save(db, svc.ProjectDraft(fields={"development_plan_id": ""}, proposal_ids=[]), project_id)
    with db.session() as session:
        view = svc.get_project_view(session, project_id)
        assert view.development_plan is None and view.proposals == []


def test_list_and_delete(db):
    client_id = _client(db)
    first = _save(db, _draft(client_id))
    second = _save(db, _draft(client_id, title="现金管理项目"))
    with db.session() as session:
        rows = svc.list_projects(session)
        assert [r.id for r in rows] == [second, first]
        assert rows[0].leader == "张立" and rows[0].members == 2 and rows[0].open_milestones == 1
        assert rows[0].as_json()["expected_scale"] == "500000000.00"
        assert rows[0].client == "厦门港务集团有限公司"
    with db.transaction(ACTOR) as session:
        svc.delete_project(session, first)
    with db.session() as session:
        assert [r.id for r in svc.list_projects(session, client_id)] == [second]


def test_the_list_reads_a_fixed_number_of_statements_however_many_projects(db):
    from sqlalchemy import event

    client_id = _client(db)

    def statements_for_list() -> int:
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731 (conn, cursor, statement, …)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            with db.session() as session:
                svc.list_projects(session)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    _save(db, _draft(client_id))
    one = statements_for_list()
    for number in range(4):
        _save(db, _draft(client_id, title=f"第 {number} 个项目"))
    assert statements_for_list() == one  # team and milestones in one query each, not per project


# --------------------------------------------------------------------------- property

TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="客户经理立项😀\n\t\x00\x07\u200b ", max_size=50),
    st.just("长" * 100_000),
    st.sampled_from(["", "  ", "\r\n"]),
)
MONEY = st.one_of(
    st.decimals(min_value=Decimal(-10) ** 20, max_value=Decimal(10) ** 20, places=2,
                allow_nan=False, allow_infinity=False).map(str),
    st.text(alphabet=string.digits + ",.万亿-", max_size=25),
)
DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXTS, opportunity=TEXTS, scale=MONEY, member=TEXTS, due=DATES)
def test_form_saves_and_reads_back_or_names_the_field(db, title, opportunity, scale, member, due):
    with db.session() as session:
        client_id = next(iter(svc.list_projects(session)), None)
    if client_id is None:
        client_id = _client(db)
        _save(db, _draft(client_id))
    else:
        client_id = client_id.client_id
    draft = svc.ProjectDraft(
        fields={"client_id": client_id, "title": title, "opportunity": opportunity,
                "expected_scale": scale},
        members=[{"name": member, "role": "leader"}],
        milestones=[{"title": "签约", "due_date": due}])
    try:
        project_id = _save(db, draft)
    except ValidationError as exc:
        labels = {(p.section, p.label) for p in exc.problems}
        assert labels and labels <= {("project", "项目名称"), ("project", "项目机会"),
                                     ("project", "预计业务规模（元）"), ("members", "姓名"),
                                     ("milestones", "计划日期")}
        return
    with db.session() as session:
        view = svc.get_project_view(session, project_id)
        assert view.project.title == stored_text(title, long=False)
        assert view.project.opportunity == stored_text(opportunity, long=True)
        assert view.members[0].name == stored_text(member, long=False)
        due_date = view.milestones[0].due_date
        typed = unicodedata.normalize("NFKC", due).strip().replace("/", "-").replace(".", "-")
        assert due_date is None or (due_date == date.fromisoformat(typed)
                                    and cf.WORK_DATE_MIN <= due_date <= cf.WORK_DATE_MAX)
        scale_value = view.project.expected_scale
        assert scale_value is None or Decimal(0) <= scale_value < Decimal(10) ** 16
